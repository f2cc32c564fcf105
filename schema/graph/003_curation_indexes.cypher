// Relationships are found by id (removal, revert, citations, the import's MERGE) through one index per
// type. A curated relationship's id is unique within its type: MERGE by id is then a locking seek of
// that unique index whatever the statistics say (a plain index let the planner scan it for every row
// while a type had few relationships), and two imports cannot create one relationship twice. Graphs
// made before the constraints had plain indexes of these names: they give way to the constraints.
DROP INDEX rel_held_position_id IF EXISTS;
CREATE CONSTRAINT rel_held_position_id_unique IF NOT EXISTS FOR ()-[r:HELD_POSITION]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_part_of_id IF EXISTS;
CREATE CONSTRAINT rel_part_of_id_unique IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_participated_in_id IF EXISTS;
CREATE CONSTRAINT rel_participated_in_id_unique IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_organized_id IF EXISTS;
CREATE CONSTRAINT rel_organized_id_unique IF NOT EXISTS FOR ()-[r:ORGANIZED]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_took_place_in_id IF EXISTS;
CREATE CONSTRAINT rel_took_place_in_id_unique IF NOT EXISTS FOR ()-[r:TOOK_PLACE_IN]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_launched_id IF EXISTS;
CREATE CONSTRAINT rel_launched_id_unique IF NOT EXISTS FOR ()-[r:LAUNCHED]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_advanced_id IF EXISTS;
CREATE CONSTRAINT rel_advanced_id_unique IF NOT EXISTS FOR ()-[r:ADVANCED]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_component_of_id IF EXISTS;
CREATE CONSTRAINT rel_component_of_id_unique IF NOT EXISTS FOR ()-[r:COMPONENT_OF]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_reviewed_id IF EXISTS;
CREATE CONSTRAINT rel_reviewed_id_unique IF NOT EXISTS FOR ()-[r:REVIEWED]-() REQUIRE r.id IS UNIQUE;
DROP INDEX rel_followed_id IF EXISTS;
CREATE CONSTRAINT rel_followed_id_unique IF NOT EXISTS FOR ()-[r:FOLLOWED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_located_in_id_unique IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE RANGE INDEX rel_mentions_id IF NOT EXISTS FOR ()-[r:MENTIONS]-() ON (r.id);
CREATE RANGE INDEX change_seq IF NOT EXISTS FOR (n:Change) ON (n.seq);
CREATE RANGE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
// A write retried with the same idempotency key (per curator) finds the change it made, and no two
// changes can share one.
CREATE CONSTRAINT change_idempotency IF NOT EXISTS FOR (n:Change) REQUIRE n.idempotencyScope IS UNIQUE;
