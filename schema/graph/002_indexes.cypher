// Date bounds (CIDOC-CRM outer bounds) for window queries, and the timeline's sort key.
CREATE RANGE INDEX event_earliest IF NOT EXISTS FOR (n:Event) ON (n.earliest);
CREATE RANGE INDEX event_latest IF NOT EXISTS FOR (n:Event) ON (n.latest);
CREATE RANGE INDEX event_timeline_key IF NOT EXISTS FOR (n:Event) ON (n.timelineKey);
CREATE RANGE INDEX held_position_earliest IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() ON (r.earliest);
CREATE RANGE INDEX held_position_latest IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() ON (r.latest);
// Citations are looked up by the id of what they attest (an entity, a relationship or a finding).
CREATE RANGE INDEX citation_about IF NOT EXISTS FOR (n:Citation) ON (n.about);
// Names, aliases, English names, toneless pinyin and searchText (both scripts, lone characters,
// pinyin initials); the cjk analyzer indexes Han runs as bigrams and a lone Han character as itself.
// It replaces entity_names (no searchText); entities stored before it get searchText when an
// import restates them (npm run seed re-imports the seed), as pinyin cannot be computed in Cypher.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|Organization|Event|Initiative|Place|Source) ON EACH [n.name, n.aliasText, n.pinyinText, n.searchText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
DROP INDEX entity_names IF EXISTS;
// Titles of positions and roles in events, so searching 副秘书长 finds who held it.
CREATE FULLTEXT INDEX position_search IF NOT EXISTS
FOR ()-[r:HELD_POSITION|PARTICIPATED_IN]-() ON EACH [r.title, r.titleEn, r.role, r.roleEn]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
// Competing claims are looked up by the id of the fact they are about.
CREATE RANGE INDEX claim_about IF NOT EXISTS FOR (n:Claim) ON (n.about);
