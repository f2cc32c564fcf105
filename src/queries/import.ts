import type { CypherQuery } from '../db/query.js';
import { STORED_DATE_PROPERTIES, type Props } from '../model/props.js';
import type { CitationRecord } from '../model/records.js';
import type { CitationRow, ImportPlan, NodeRow, RelationshipRow } from '../model/rows.js';
import { isEntityLabel, isRelationshipType, RELATIONSHIP_TYPES, type EntityLabel, type RelationshipType } from '../model/vocabulary.js';

/**
 * No plan of these statements depends on statistics: nodes are found by seeks of unique indexes,
 * relationships merged by id by locking seeks of their type's unique index (constraints in
 * schema/graph), IN_SOURCE, RECORDED and MENTIONS by expanding from nodes in hand. So the plan
 * made once is kept: during a bulk import the statistics change all the time, and Neo4j would
 * otherwise plan the same statements again and again. tests/integration/import.test.ts checks
 * the plans on the seeded graph, where small counts once made the planner scan.
 */
const IMPORT_HINT = 'CYPHER replan=skip\n';

/** `x.earliest = date(row.props.earliest), …`: the stored date properties as DATE values (the bulk CSV types the same columns `:date`). */
const setDates = (x: string): string => STORED_DATE_PROPERTIES.map((k) => `${x}.${k} = date(row.props.${k})`).join(', ');

/** Upserts entities of one label by id; `SET n = props` makes a re-import replace, not accumulate. */
export function upsertNodes(label: EntityLabel, rows: NodeRow[]): CypherQuery<never> {
  if (!isEntityLabel(label)) throw new Error(`not an entity label: ${String(label)}`);
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
WITH row, n, coalesce(n.revision, 0) AS revision
SET n = row.props, n:${label}
SET ${setDates('n')}, n.revision = revision + 1`,
    params: { rows },
  };
}

/** Upserts relationships of one type by id between existing entities. */
export function upsertRelationships(type: RelationshipType, rows: RelationshipRow[]): CypherQuery<never> {
  if (!isRelationshipType(type)) throw new Error(`not a relationship type: ${String(type)}`);
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:${type} {id: row.id}]->(b)
SET r = row.props
SET ${setDates('r')}`,
    params: { rows },
  };
}

export function upsertFindings(rows: { id: string; event: string; props: Props }[]): CypherQuery<never> {
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MATCH (e:Event {id: row.event})
MERGE (f:Finding {id: row.id})
SET f = row.props
MERGE (e)-[:RECORDED]->(f)
WITH e, f
// A finding restated about another event leaves the one it was recorded by.
OPTIONAL MATCH (other:Event)-[stale:RECORDED]->(f) WHERE other <> e
DELETE stale`,
    params: { rows },
  };
}

/** Competing claims: a value some source gives for a fact (date, title), cited like any fact. */
export function upsertClaims(rows: NodeRow[]): CypherQuery<never> {
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
SET c = row.props`,
    params: { rows },
  };
}

export function upsertCitations(rows: CitationRow[]): CypherQuery<never> {
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MATCH (s:Source {id: row.sourceId})
MERGE (c:Citation {id: row.id})
SET c = row.props
MERGE (c)-[:IN_SOURCE]->(s)`,
    params: { rows },
  };
}

export function upsertMentions(rows: { sourceId: string; entityId: string }[]): CypherQuery<never> {
  return {
    cypher: `${IMPORT_HINT}UNWIND $rows AS row
MATCH (s:Source {id: row.sourceId})
MATCH (e:Entity {id: row.entityId})
MERGE (s)-[m:MENTIONS]->(e)
SET m.id = s.id + '--mentions--' + e.id`,
    params: { rows },
  };
}

/** Row batches keep each statement's parameter list bounded for very large imports. */
function batches<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** All statements of an import, in dependency order (nodes before what links them). */
export function importStatements(plan: ImportPlan, batchSize = 5000): CypherQuery<never>[] {
  const out: CypherQuery<never>[] = [];
  for (const [label, rows] of plan.nodes) for (const b of batches(rows, batchSize)) out.push(upsertNodes(label, b));
  for (const [type, rows] of plan.relationships) for (const b of batches(rows, batchSize)) out.push(upsertRelationships(type, b));
  for (const b of batches(plan.findings, batchSize)) out.push(upsertFindings(b));
  for (const b of batches(plan.claims, batchSize)) out.push(upsertClaims(b));
  for (const b of batches(plan.citations, batchSize)) out.push(upsertCitations(b));
  for (const b of batches(plan.mentions, batchSize)) out.push(upsertMentions(b));
  return out;
}

/** Labels of existing entities among ids, so a dataset may link to what the graph already holds. */
export function labelsOfIds(ids: string[]): CypherQuery<{ id: string; label: EntityLabel }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label`,
    params: { ids },
  };
}

/** Ids among these that were merged into another entity (a Redirect), with the entity each now names. */
export function mergedIds(ids: string[]): CypherQuery<{ id: string; to: string }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (r:Redirect {id: id})
RETURN r.id AS id, r.to AS to`,
    params: { ids },
  };
}

/**
 * Ids among these that are taken for a new entity: an entity's, or one merged into another entity
 * (every read of it leads to the survivor).
 */
export function takenIds(ids: string[]): CypherQuery<{ id: string }> {
  return {
    cypher: `UNWIND $ids AS id
WITH id WHERE EXISTS { (:Entity {id: id}) } OR EXISTS { (:Redirect {id: id}) }
RETURN id`,
    params: { ids },
  };
}

/** A relationship under an id a dataset names: its type, ends and stored properties. */
export interface RelationshipEndsRow {
  type: RelationshipType;
  id: string;
  from: string;
  to: string;
  props: Props;
}

/** Relationships among ids (by type, one unique index each) that the graph already holds, with ends and properties; null without ids. */
export function relationshipEnds(idsByType: ReadonlyMap<RelationshipType, string[]>): CypherQuery<RelationshipEndsRow> | null {
  const types = [...idsByType.keys()].filter((t) => (idsByType.get(t) ?? []).length > 0);
  if (types.length === 0) return null;
  for (const t of types) if (!isRelationshipType(t)) throw new Error(`not a relationship type: ${String(t)}`);
  return {
    cypher: types
      .map(
        (t, n) => `UNWIND $ids${n} AS id
MATCH (a)-[r:${t} {id: id}]->(b)
RETURN '${t}' AS type, id, a.id AS from, b.id AS to, properties(r) AS props`,
      )
      .join('\nUNION ALL\n'),
    params: Object.fromEntries(types.map((t, n) => [`ids${n}`, idsByType.get(t)])),
  };
}

/** Texts of sources in the graph, so new citations can be checked against them. */
export function sourceTexts(ids: string[]): CypherQuery<{ id: string; text: string }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.text AS text`,
    params: { ids },
  };
}

/** An entity or source as stored: its label and properties. */
export interface StoredEntityRow {
  id: string;
  label: EntityLabel;
  props: Props;
}

/** Entities (sources included) the graph holds among ids, with their stored properties. */
export function storedEntities(ids: string[]): CypherQuery<StoredEntityRow> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props`,
    params: { ids },
  };
}

export interface StoredFindingOrClaimRow {
  kind: 'finding' | 'claim';
  id: string;
  props: Props;
}

/** Findings and claims the graph holds among ids, with their stored properties. */
export function storedFindingsAndClaims(findingIds: string[], claimIds: string[]): CypherQuery<StoredFindingOrClaimRow> {
  return {
    cypher: `UNWIND $findingIds AS id
MATCH (f:Finding {id: id})
RETURN 'finding' AS kind, id, properties(f) AS props
UNION ALL
UNWIND $claimIds AS id
MATCH (c:Claim {id: id})
RETURN 'claim' AS kind, id, properties(c) AS props`,
    params: { findingIds, claimIds },
  };
}

/** Citations about ids (entities, relationships, findings, claims), each with its source's id. */
export function citationsAbout(ids: string[]): CypherQuery<{ id: string; citation: CitationRecord }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (c:Citation {about: id})-[:IN_SOURCE]->(s:Source)
USING INDEX c:Citation(about)
RETURN id, c {.*, sourceId: s.id} AS citation`,
    params: { ids },
  };
}

/** How many citations quote each of these sources (a quoted source's text must not change). */
export function citationCountsInSources(ids: string[]): CypherQuery<{ id: string; count: number }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN id, COUNT { (:Citation)-[:IN_SOURCE]->(s) } AS count`,
    params: { ids },
  };
}

/** A curated relationship between a pair: its type, id, ends, and what tells two such apart. */
export interface RelationshipBetweenRow {
  type: RelationshipType;
  id: string;
  from: string;
  to: string;
  title: string | null;
  role: string | null;
  periodEdtf: string | null;
  attestedEdtf: string | null;
}

/**
 * The curated relationships from one entity to another, for each pair: what a dataset's new
 * relationships are compared with to flag likely duplicates. Both ends are unique-index seeks.
 */
export function relationshipsBetween(pairs: { from: string; to: string }[]): CypherQuery<RelationshipBetweenRow> {
  return {
    cypher: `UNWIND $pairs AS p
MATCH (a:Entity {id: p.from})-[r]->(b:Entity {id: p.to})
WHERE type(r) IN $types
RETURN type(r) AS type, r.id AS id, a.id AS from, b.id AS to, r.title AS title, r.role AS role, r.periodEdtf AS periodEdtf, r.attestedEdtf AS attestedEdtf`,
    params: { pairs, types: RELATIONSHIP_TYPES },
  };
}
