// Date bounds (CIDOC-CRM outer bounds) for window queries, and the timeline's sort key.
CREATE RANGE INDEX event_earliest IF NOT EXISTS FOR (n:Event) ON (n.earliest);
CREATE RANGE INDEX event_latest IF NOT EXISTS FOR (n:Event) ON (n.latest);
CREATE RANGE INDEX event_timeline_key IF NOT EXISTS FOR (n:Event) ON (n.timelineKey);
CREATE RANGE INDEX held_position_earliest IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() ON (r.earliest);
CREATE RANGE INDEX held_position_latest IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() ON (r.latest);
// Citations are looked up by the id of what they attest (an entity, a relationship or a finding).
CREATE RANGE INDEX citation_about IF NOT EXISTS FOR (n:Citation) ON (n.about);
// Names, aliases, English names and toneless pinyin; the cjk analyzer indexes Han text as bigrams.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Person|Organization|Event|Initiative|Place|Source) ON EACH [n.name, n.aliasText, n.pinyinText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
// Competing claims are looked up by the id of the fact they are about.
CREATE RANGE INDEX claim_about IF NOT EXISTS FOR (n:Claim) ON (n.about);
