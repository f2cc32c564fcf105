import type { CypherQuery } from '../db/query.js';
import type { Props } from '../model/props.js';
import type { CitationRecord } from '../model/records.js';
import {
  isEntityLabel,
  isRelationshipType,
  RELATIONSHIP_TYPES,
  type ChangeOperation,
  type EntityLabel,
  type RelationshipType,
} from '../model/vocabulary.js';

/** An entity's id, revision (0 before the first) and label. */
export interface LockedEntityRow {
  id: string;
  revision: number;
  label: EntityLabel;
}

/**
 * Locks entities for the rest of the transaction (the SET takes the write lock; reading after it
 * sees the latest committed state), returning their revisions. Missing ids return no row.
 */
export function lockEntities(ids: readonly string[]): CypherQuery<LockedEntityRow> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n._lock = true
REMOVE n._lock
RETURN n.id AS id, coalesce(n.revision, 0) AS revision, [l IN labels(n) WHERE l <> 'Entity'][0] AS label`,
    params: { ids },
  };
}

/** A relationship as snapshots hold it: its ends' ids, its stored properties and its citations. */
export interface SnapshotRelation<Type extends string = RelationshipType> {
  id: string;
  type: Type;
  from: string;
  to: string;
  props: Props;
  citations: CitationRecord[];
}

/** The citations of the node `n` with their source ids, as snapshots of entities and of claims hold them. */
const CITATIONS_OF_N = `CALL (n) {
  OPTIONAL MATCH (c:Citation {about: n.id})-[:IN_SOURCE]->(s:Source)
  RETURN collect(c {.*, sourceId: s.id}) AS citations
}`;

/** An entity as snapshots hold it; its relationships are its curated ones (MENTIONS are derived). */
export interface SnapshotEntityRow {
  id: string;
  label: EntityLabel;
  props: Props;
  citations: CitationRecord[];
  relations: SnapshotRelation[];
}

/** Everything that makes up an entity: its node, its citations, and its relationships with theirs. */
export function snapshotEntities(ids: readonly string[]): CypherQuery<SnapshotEntityRow> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
${CITATIONS_OF_N}
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(:Entity)
  WHERE type(r) <> 'MENTIONS'
  CALL (r) {
    OPTIONAL MATCH (rc:Citation {about: r.id})-[:IN_SOURCE]->(rs:Source)
    RETURN collect(rc {.*, sourceId: rs.id}) AS relCitations
  }
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {id: r.id, type: type(r), from: startNode(r).id, to: endNode(r).id, props: properties(r), citations: relCitations} END) AS relations
}
RETURN id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props, citations, relations`,
    params: { ids },
  };
}

// One branch per relationship type, so each lookup by id uses that type's index.
const BY_ID_BRANCHES = [...RELATIONSHIP_TYPES, 'MENTIONS']
  .map((t) => `  MATCH (a)-[r:${t} {id: id}]->(b) RETURN r, a, b`)
  .join('\n  UNION\n');

/** A relationship found by its id (curated, or a source's MENTIONS). */
export interface SnapshotRelationRow {
  id: string;
  relation: SnapshotRelation<RelationshipType | 'MENTIONS'>;
}

/** Relationships by id, with their citations. */
export function snapshotRelations(ids: readonly string[]): CypherQuery<SnapshotRelationRow> {
  return {
    cypher: `UNWIND $ids AS id
CALL (id) {
${BY_ID_BRANCHES}
}
CALL (r) {
  OPTIONAL MATCH (rc:Citation {about: r.id})-[:IN_SOURCE]->(rs:Source)
  RETURN collect(rc {.*, sourceId: rs.id}) AS citations
}
RETURN id, {id: r.id, type: type(r), from: a.id, to: b.id, props: properties(r), citations: citations} AS relation`,
    params: { ids },
  };
}

/** Removes entities with their relationships and the citations of both (each found through the citation_about index). */
export function removeEntities(ids: readonly string[]): CypherQuery<never> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[r]-()
WITH n, [x IN collect(r.id) WHERE x IS NOT NULL] + [n.id] AS abouts
CALL (abouts) {
  UNWIND abouts AS about
  MATCH (c:Citation {about: about})
  DETACH DELETE c
}
DETACH DELETE n`,
    params: { ids },
  };
}

export function removeRelations(ids: readonly string[]): CypherQuery<never> {
  return {
    cypher: `UNWIND $ids AS id
CALL (id) {
${BY_ID_BRANCHES}
}
WITH r, r.id AS rid
OPTIONAL MATCH (c:Citation {about: rid})
DETACH DELETE c
WITH DISTINCT r
DELETE r`,
    params: { ids },
  };
}

/**
 * Makes an entity node hold exactly these stored properties (dates re-typed from ISO text),
 * creating it if needed; an event takes back the findings that name it (they outlive a deletion
 * of their event, and a revert brings the event back).
 */
export function upsertEntityNode(label: EntityLabel, props: Record<string, unknown>): CypherQuery<never> {
  if (!isEntityLabel(label)) throw new Error(`not an entity label: ${String(label)}`);
  return {
    cypher: `MERGE (n:Entity {id: $props.id})
SET n = $props, n:${label}
SET n.earliest = date($props.earliest), n.latest = date($props.latest)
WITH n
OPTIONAL MATCH (f:Finding {event: n.id})
WITH n, collect(f) AS findings
FOREACH (f IN findings | MERGE (n)-[:RECORDED]->(f))`,
    params: { props },
  };
}

/** Ids of the curated relationships (not MENTIONS) of these entities, either direction. */
export function curatedRelationIdsOf(ids: readonly string[]): CypherQuery<{ id: string }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(:Entity)
WHERE type(r) IN $types
RETURN DISTINCT r.id AS id`,
    params: { ids, types: RELATIONSHIP_TYPES },
  };
}

/** Removes the citations about these ids (each found through the citation_about index). */
export function removeCitationsAbout(ids: readonly string[]): CypherQuery<never> {
  return { cypher: 'UNWIND $ids AS about MATCH (c:Citation {about: about}) DETACH DELETE c', params: { ids } };
}

/** Findings recorded by, and claims about, these ids (entities or relationships): what a merge would leave behind. */
export function findingsAndClaimsAbout(ids: readonly string[]): CypherQuery<{ id: string; dependent: string }> {
  return {
    cypher: `UNWIND $ids AS id
CALL (id) {
  MATCH (f:Finding {event: id}) RETURN f.id AS dependent
  UNION
  MATCH (c:Claim {about: id}) RETURN c.id AS dependent
}
RETURN id, dependent`,
    params: { ids },
  };
}

/** A competing claim as snapshots hold it: its stored properties and its citations. */
export interface SnapshotClaimRow {
  id: string;
  props: Props;
  citations: CitationRecord[];
}

/** Claims by id with their citations (what an import that wrote them restores on revert). */
export function snapshotClaims(ids: readonly string[]): CypherQuery<SnapshotClaimRow> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Claim {id: id})
${CITATIONS_OF_N}
RETURN id, properties(n) AS props, citations`,
    params: { ids },
  };
}

/** Removes claims with their citations. */
export function removeClaims(ids: readonly string[]): CypherQuery<never> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Claim {id: id})
CALL (n) {
  MATCH (c:Citation {about: n.id})
  DETACH DELETE c
}
DETACH DELETE n`,
    params: { ids },
  };
}

/** Makes claims exactly these properties (created when absent). */
export function upsertClaimNodes(rows: readonly Props[]): CypherQuery<never> {
  return {
    cypher: `UNWIND $rows AS row
MERGE (n:Claim {id: row.id})
SET n = row`,
    params: { rows },
  };
}

/** Which of these ids are sources. */
export function sourcesAmong(ids: readonly string[]): CypherQuery<{ id: string }> {
  return { cypher: 'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id', params: { ids } };
}

/** Creates one relationship between existing entities; returns nothing when an end is missing. */
export function createRelation(
  type: RelationshipType,
  from: string,
  to: string,
  props: Record<string, unknown>,
): CypherQuery<{ id: string }> {
  if (!isRelationshipType(type)) throw new Error(`not a relationship type: ${String(type)}`);
  return {
    cypher: `MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
CREATE (a)-[r:${type}]->(b)
SET r = $props
SET r.earliest = date($props.earliest), r.latest = date($props.latest)
RETURN r.id AS id`,
    params: { from, to, props },
  };
}

/** Creates citation nodes in their sources; returns the ids created (a missing source creates none). */
export function createCitations(rows: { sourceId: string; props: Record<string, unknown> }[]): CypherQuery<{ id: string }> {
  return {
    cypher: `UNWIND $rows AS row
MATCH (s:Source {id: row.sourceId})
MERGE (c:Citation {id: row.props.id})
SET c = row.props
MERGE (c)-[:IN_SOURCE]->(s)
RETURN c.id AS id`,
    params: { rows },
  };
}

/** Rebuilds the MENTIONS links of entities from their citations. */
export function refreshMentions(ids: readonly string[]): CypherQuery<never> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (e:Entity {id: id})
OPTIONAL MATCH (:Source)-[m:MENTIONS]->(e)
DELETE m
WITH DISTINCT e
MATCH (:Citation {about: e.id})-[:IN_SOURCE]->(s:Source)
WITH DISTINCT e, s
MERGE (s)-[m:MENTIONS]->(e)
SET m.id = s.id + '--mentions--' + e.id`,
    params: { ids },
  };
}

/**
 * Points an id at the entity it was merged into, and re-points redirects that led to it; each of
 * those remembers (via) whom it led to, so that undoing this merge can point it back.
 */
export function redirect(from: string, to: string): CypherQuery<never> {
  return {
    cypher: `MERGE (r:Redirect {id: $from})
SET r.to = $to
WITH r
MATCH (older:Redirect {to: $from})
SET older.to = $to, older.via = coalesce(older.via, []) + $from`,
    params: { from, to },
  };
}

/** Undoing the merge of `duplicate` into `survivor`: the redirects it re-pointed lead to the duplicate again. */
export function restoreRedirects(duplicate: string, survivor: string): CypherQuery<never> {
  return {
    cypher: `MATCH (older:Redirect {to: $survivor}) WHERE older.via[-1] = $duplicate
SET older.to = $duplicate, older.via = CASE WHEN size(older.via) > 1 THEN older.via[..-1] END`,
    params: { duplicate, survivor },
  };
}

export function removeRedirects(ids: readonly string[]): CypherQuery<never> {
  return { cypher: 'UNWIND $ids AS id MATCH (r:Redirect {id: id}) DELETE r', params: { ids } };
}

/** Takes the next change number; its lock serializes writers, so numbers follow commit order. */
export function nextChangeSeq(): CypherQuery<{ seq: number }> {
  return {
    cypher: `MERGE (k:ChangeSeq {id: 'changes'})
SET k.value = coalesce(k.value, 0) + 1
RETURN k.value AS seq`,
    params: {},
  };
}

export interface ChangeRow {
  id: string;
  seq: number;
  at: string;
  curator: string;
  operation: ChangeOperation;
  targets: string[];
  before: string | null;
  after: string | null;
  citations: string;
  revertOf: string | null;
  /** JSON of what the write answered, so a retry under the same idempotency key gets it again. */
  result?: string | null;
  /** Curator and idempotency key (unique), and a hash of the request it was used for. */
  idempotencyScope?: string | null;
  fingerprint?: string | null;
  /** Who proposed what a reviewer accepted (the reviewer is the curator); null for direct writes. */
  proposedBy?: string | null;
}

/** A change as the graph holds it: as recorded, and by whom it was reverted, once it was. */
export interface StoredChange extends ChangeRow {
  revertedBy?: string | null;
}

export interface StoredChangeRow {
  change: StoredChange;
}

export function recordChange(change: ChangeRow): CypherQuery<{ id: string }> {
  return {
    cypher: `CREATE (c:Change)
SET c = $change
WITH c
UNWIND $change.targets AS target
MERGE (k:ChangeKey {id: target})
CREATE (c)-[:AFFECTED]->(k)
RETURN DISTINCT c.id AS id`,
    params: { change },
  };
}

/**
 * A change whose node and AFFECTED keys exist already, written by the bulk importer as a
 * PendingChange (invisible to history): its properties, and it becomes a Change.
 */
export function completeChange(change: ChangeRow): CypherQuery<{ id: string }> {
  return {
    cypher: `MATCH (c:PendingChange {id: $change.id})
REMOVE c:PendingChange
SET c:Change, c = $change
RETURN c.id AS id`,
    params: { change },
  };
}

/** The change recorded under an idempotency key (curator and key), if any. */
export function changeByIdempotencyScope(scope: string): CypherQuery<StoredChangeRow> {
  return { cypher: 'MATCH (c:Change {idempotencyScope: $scope}) RETURN c {.*} AS change', params: { scope } };
}

export function markReverted(changeId: string, by: string): CypherQuery<never> {
  return { cypher: 'MATCH (c:Change {id: $changeId}) SET c.revertedBy = $by', params: { changeId, by } };
}

export function changeById(id: string): CypherQuery<StoredChangeRow> {
  return { cypher: 'MATCH (c:Change {id: $id}) RETURN c {.*} AS change', params: { id } };
}

/** Later changes that touched any key of the given change: what a revert would trample. */
export function laterChangesOnSameKeys(
  id: string,
): CypherQuery<{ change: Pick<StoredChange, 'id' | 'operation' | 'curator' | 'at' | 'seq'> }> {
  return {
    cypher: `MATCH (c:Change {id: $id})-[:AFFECTED]->(k:ChangeKey)<-[:AFFECTED]-(later:Change)
WHERE later.seq > c.seq
RETURN DISTINCT later {.id, .operation, .curator, .at, .seq} AS change
ORDER BY change.seq`,
    params: { id },
  };
}

export function historyOf(id: string, first: number): CypherQuery<StoredChangeRow> {
  return {
    cypher: `MATCH (:ChangeKey {id: $id})<-[:AFFECTED]-(c:Change)
RETURN c {.*} AS change
ORDER BY c.seq DESC
LIMIT $first`,
    params: { id, first },
  };
}

export function changesSince(since: string | null, curator: string | null, first: number): CypherQuery<StoredChangeRow> {
  return {
    cypher: `MATCH (c:Change)
WHERE ($since IS NULL OR c.at >= $since) AND ($curator IS NULL OR c.curator = $curator)
RETURN c {.*} AS change
ORDER BY c.seq DESC
LIMIT $first`,
    params: { since, curator, first },
  };
}
