import type { CypherQuery } from '../db/query.js';
import type { EntityRecord, RelationFields } from '../model/records.js';
import type { RelationshipType } from '../model/vocabulary.js';

/**
 * Export queries read the graph in chunks, each an index seek, so an export costs what it returns
 * (linear in the graph) and no transaction holds the whole graph in memory. Type lists are
 * parameters, never Cypher text: the set of statement texts is fixed, whatever a client sends.
 */
export interface ExportFilter {
  /** Entity types kept (null: all). */
  types: readonly string[] | null;
  /** ISO dates: events outside [from, to] (POSSIBLY reading) are left out. */
  from: string | null;
  to: string | null;
}

const KEEP = `NOT n:Source AND ($types IS NULL OR n.type IN $types)
  AND (NOT n:Event OR (($from IS NULL OR n.latest IS NULL OR n.latest >= date($from)) AND ($to IS NULL OR n.earliest IS NULL OR n.earliest <= date($to))))`;

/** An exported entity's id, and (unless only ids were asked for) the entity without a source's text. */
export interface ExportEntityRow {
  id: string;
  entity?: EntityRecord;
}

const ENTITY = (idsOnly: boolean) => (idsOnly ? 'n.id AS id' : 'n.id AS id, n {.*, text: null} AS entity');

/** The next `limit` exported entities after the id `after` (null: from the start), in id order, by the id index. */
export function exportEntityPage(
  filter: ExportFilter,
  after: string | null,
  limit: number,
  idsOnly: boolean,
): CypherQuery<ExportEntityRow> {
  return {
    // A seek from $after: planned as a scan of the id index, every page would read it from the start.
    cypher: `MATCH (n:Entity)
USING INDEX SEEK n:Entity(id)
WHERE n.id > $after AND ${KEEP}
RETURN ${ENTITY(idsOnly)}
ORDER BY n.id
LIMIT $limit`,
    // '' sorts before every id, so the first page needs no second statement text.
    params: { after: after ?? '', limit, types: filter.types, from: filter.from, to: filter.to },
  };
}

/** The exported entities among the given ids (one chunk of a neighbourhood), in id order. */
export function exportEntitiesByIds(filter: ExportFilter, ids: readonly string[], idsOnly: boolean): CypherQuery<ExportEntityRow> {
  return {
    // The hint: with the filter beside it, the planner once chose to scan the whole id index for
    // every wanted id (an export around one entity then cost the size of the graph).
    cypher: `UNWIND $ids AS wanted
MATCH (n:Entity {id: wanted})
USING INDEX SEEK n:Entity(id)
WHERE ${KEEP}
RETURN ${ENTITY(idsOnly)}
ORDER BY n.id`,
    params: { ids, types: filter.types, from: filter.from, to: filter.to },
  };
}

/** The ids one hop from the given ids over the chosen relationship types (one step of a breadth-first search). */
export function exportNeighbours(ids: readonly string[], relTypes: readonly RelationshipType[]): CypherQuery<{ id: string }> {
  return {
    cypher: `UNWIND $ids AS here
MATCH (a:Entity {id: here})-[r]-(b:Entity)
USING INDEX SEEK a:Entity(id)
WHERE type(r) IN $relTypes
RETURN DISTINCT b.id AS id`,
    params: { ids, relTypes },
  };
}

/** What an export reads of a relationship's end: enough to name it and say its type. */
export type ExportEnd = Pick<EntityRecord, 'id' | 'type' | 'name' | 'nameValues' | 'nameLangs'>;

/** An exported relationship with its ends. */
export interface ExportRelation extends RelationFields {
  from: ExportEnd;
  to: ExportEnd;
}

/** A relationship leaving a chunk's entities, with the source and quote of each of its citations. */
export interface ExportRelationRow {
  relation: ExportRelation;
  citations: { sourceId: string; quote: string }[];
}

/**
 * The relationships leaving the given entities over the chosen types, each with both ends (what
 * formats read of an end: id, type and names; the entities themselves come in their own chunks) and its
 * citations (found by an index seek on Citation.about per relationship, not a join over lists).
 * The caller keeps those whose other end is exported too.
 */
export function exportRelationsFrom(ids: readonly string[], relTypes: readonly RelationshipType[]): CypherQuery<ExportRelationRow> {
  return {
    cypher: `UNWIND $ids AS here
MATCH (a:Entity {id: here})-[r]->(b:Entity)
WHERE type(r) IN $relTypes
// The id as a variable of its own: a property of r inside the subquery made the planner scan the
// whole citation_about index for every relationship (a quadratic export) instead of seeking it.
WITH a, r, b, r.id AS rid
RETURN r {.*, type: type(r), from: a {.id, .type, .name, .nameValues, .nameLangs}, to: b {.id, .type, .name, .nameValues, .nameLangs}} AS relation,
  COLLECT {
    MATCH (c:Citation {about: rid})-[:IN_SOURCE]->(s:Source)
    USING INDEX SEEK c:Citation(about)
    WITH c, s ORDER BY s.id, c.start
    RETURN {sourceId: s.id, quote: c.quote}
  } AS citations
ORDER BY a.id, r.id`,
    params: { ids, relTypes },
  };
}
