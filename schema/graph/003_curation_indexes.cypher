// Relationships are found by id (removal, revert, citations) through one index per type.
CREATE RANGE INDEX rel_held_position_id IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() ON (r.id);
CREATE RANGE INDEX rel_part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.id);
CREATE RANGE INDEX rel_participated_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() ON (r.id);
CREATE RANGE INDEX rel_organized_id IF NOT EXISTS FOR ()-[r:ORGANIZED]-() ON (r.id);
CREATE RANGE INDEX rel_took_place_in_id IF NOT EXISTS FOR ()-[r:TOOK_PLACE_IN]-() ON (r.id);
CREATE RANGE INDEX rel_launched_id IF NOT EXISTS FOR ()-[r:LAUNCHED]-() ON (r.id);
CREATE RANGE INDEX rel_advanced_id IF NOT EXISTS FOR ()-[r:ADVANCED]-() ON (r.id);
CREATE RANGE INDEX rel_component_of_id IF NOT EXISTS FOR ()-[r:COMPONENT_OF]-() ON (r.id);
CREATE RANGE INDEX rel_reviewed_id IF NOT EXISTS FOR ()-[r:REVIEWED]-() ON (r.id);
CREATE RANGE INDEX rel_followed_id IF NOT EXISTS FOR ()-[r:FOLLOWED]-() ON (r.id);
CREATE RANGE INDEX rel_mentions_id IF NOT EXISTS FOR ()-[r:MENTIONS]-() ON (r.id);
CREATE RANGE INDEX change_seq IF NOT EXISTS FOR (n:Change) ON (n.seq);
CREATE RANGE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
