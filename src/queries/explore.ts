import type { CypherQuery } from '../db/query.js';
import type { EntityRecord, RelationFields } from '../model/records.js';
import type { DateBounds } from '../model/arguments.js';
import { ENTITY_CORE, projectMap, type Projection } from './projection.js';
import { isRelationshipType, RELATIONSHIP_TYPES, type EntityLabel, type RelationshipType } from '../model/vocabulary.js';
import { WINDOW_CONDITIONS, type WindowReading } from './timeline.js';

/**
 * The relationship types a path may use, deduplicated and in vocabulary order (null or empty:
 * every curated type). They travel as the parameter $types, never as Cypher text: each distinct
 * text costs the database a fresh plan, and a request could otherwise choose the text.
 */
function canonicalTypes(types: readonly RelationshipType[] | null): RelationshipType[] {
  if (types === null || types.length === 0) return [...RELATIONSHIP_TYPES];
  for (const t of types) if (!isRelationshipType(t)) throw new Error(`not a relationship type: ${String(t)}`);
  const asked = new Set<string>(types);
  return RELATIONSHIP_TYPES.filter((t) => asked.has(t));
}

// PROFILE on the seed: a type filter inside the variable-length expand is pruned as it walks
// (706 db hits for a depth-3 neighbourhood against 585 with the types as text); the dynamic
// form [:$any($types)*] was not (8,109).
const TYPES_OK = 'all(r IN relationships(p) WHERE type(r) IN $types)';

const overlaps = (x: string) =>
  `(${x}.earliest IS NULL OR ${x}.earliest <= date($atLatest)) AND (${x}.latest IS NULL OR ${x}.latest >= date($atEarliest))`;

/**
 * Whether relationship r is valid at the date: its own period or attestation when it has one,
 * else the date of the event at either end, else always (PART_OF without dates).
 */
export const VALID_AT = `CASE
    WHEN r.earliest IS NOT NULL OR r.latest IS NOT NULL THEN ${overlaps('r')}
    WHEN startNode(r):Event THEN ${overlaps('startNode(r)')}
    WHEN endNode(r):Event THEN ${overlaps('endNode(r)')}
    ELSE true END`;

/** One path: its entities in order, and the relationships between them with the ids of their ends. */
export interface PathRow {
  nodes: EntityRecord[];
  rels: (RelationFields & { fromId: string; toId: string })[];
}

/** The one row of shortestPaths: whether each end exists, and the paths (none between an entity and itself). */
export interface PathsRow {
  fromFound: boolean;
  toFound: boolean;
  paths: PathRow[];
}

/**
 * Shortest paths between two entities over curated relationships, optionally valid at a date. The
 * ends are found by id as the entity look-ups find them (a merged-away id finds its survivor), in
 * the same round trip: the row says which exist.
 */
export function shortestPaths(
  from: string,
  to: string,
  maxHops: number,
  first: number,
  at: DateBounds | null,
  types: readonly RelationshipType[] | null = null,
  projection: { node: Projection; rel: Projection } = { node: 'ALL', rel: 'ALL' },
): CypherQuery<PathsRow> {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 10) throw new Error('maxHops out of range');
  const ends = 'type: type(r), fromId: startNode(r).id, toId: endNode(r).id';
  const node = projectMap('n', projection.node, ENTITY_CORE, 'n {.*, text: null}');
  // A relationship's id always comes along: its citations and claims are found by it.
  const rel = projectMap('r', projection.rel, ['id'], `r {.*, ${ends}}`, ends);
  return {
    cypher: `OPTIONAL MATCH (ra:Redirect {id: $from})
OPTIONAL MATCH (rb:Redirect {id: $to})
WITH coalesce(ra.to, $from) AS fromId, coalesce(rb.to, $to) AS toId
OPTIONAL MATCH (a:Entity {id: fromId})
OPTIONAL MATCH (b:Entity {id: toId})
CALL (a, b) {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  MATCH p = allShortestPaths((a)-[*..${maxHops}]-(b))
  WHERE ${TYPES_OK}${at === null ? '' : `\n    AND all(r IN relationships(p) WHERE ${VALID_AT.replaceAll('\n', '\n  ')})`}
  WITH p LIMIT $first
  RETURN collect({
    nodes: [n IN nodes(p) | ${node}],
    rels: [r IN relationships(p) | ${rel}]
  }) AS paths
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths`,
    params: { from, to, first, types: canonicalTypes(types), atEarliest: at?.earliest ?? null, atLatest: at?.latest ?? null },
  };
}

/** Stored properties a neighbourhood can return; projections are built from these names only. */
export const GRAPH_NODE_PROPS = ['id', 'type', 'name', 'nameValues', 'nameLangs', 'descriptionEn'] as const;
export const GRAPH_EDGE_PROPS = ['id', 'title', 'role'] as const;
export type GraphNodeProp = (typeof GRAPH_NODE_PROPS)[number];
export type GraphEdgeProp = (typeof GRAPH_EDGE_PROPS)[number];

/** What to fetch of each node and relationship: only what the answer shows (ALL: every property). */
export interface GraphProjection {
  node: readonly GraphNodeProp[];
  edge: readonly GraphEdgeProp[] | 'ALL';
}

/** The properties beyond the id, as a map, or null when none are asked for (ids travel as plain values). */
function extraProps(variable: string, props: readonly string[], allowed: readonly string[]): string {
  for (const p of props) if (!allowed.includes(p)) throw new Error(`not a projectable property: ${p}`);
  const extra = props.filter((p) => p !== 'id');
  return extra.length === 0 ? 'null' : projectMap(variable, extra, [], undefined, '');
}

/** The row of neighborhoodOf (none when the center does not exist). */
export interface NeighborhoodRow {
  /** The center (a merged-away id finds its survivor): its id and the properties asked for beyond the id (null: none). */
  center: [id: string, props: Partial<Pick<EntityRecord, GraphNodeProp>> | null];
  /** Each entity reached: its id, its fewest hops, and the properties asked for beyond the id (null: none). */
  reached: [id: string, hops: number, props: Partial<Pick<EntityRecord, GraphNodeProp>> | null][];
  /** Each relationship on the way, with its ends' ids and the properties asked for (null: none). */
  rels: [id: string, type: RelationshipType, fromId: string, toId: string, props: Partial<RelationFields> | null][];
}

/**
 * Entities within depth hops of one entity (each with its fewest hops) and the relationships on
 * the paths that reach them. Each node is projected once, with only the properties asked for (a
 * depth-2 neighbourhood can hold thousands), as [id, hops, props]; relationships as
 * [id, type, from id, to id, props]: flat lists cost far less to send and read than maps. The
 * center is found by id as the entity look-ups find it (following a merge), in the same round trip.
 */
export function neighborhoodOf(
  id: string,
  depth: number,
  types: readonly RelationshipType[] | null,
  at: DateBounds | null,
  projection: GraphProjection,
): CypherQuery<NeighborhoodRow> {
  if (!Number.isInteger(depth) || depth < 1 || depth > 5) throw new Error('depth out of range');
  const node = extraProps('n', projection.node, GRAPH_NODE_PROPS);
  const center = extraProps('c', projection.node, GRAPH_NODE_PROPS);
  const rel = projection.edge === 'ALL' ? 'r {.*}' : extraProps('r', projection.edge, GRAPH_EDGE_PROPS);
  return {
    cypher: `OPTIONAL MATCH (redirect:Redirect {id: $id})
WITH coalesce(redirect.to, $id) AS target
MATCH (c:Entity {id: target})
OPTIONAL MATCH p = (c)-[*1..${depth}]-(n:Entity)
WHERE ${TYPES_OK}${at === null ? '' : `\n  AND all(r IN relationships(p) WHERE ${VALID_AT})`}
UNWIND CASE WHEN p IS NULL THEN [null] ELSE relationships(p) END AS r
WITH c, n, length(p) AS hops, r
WITH c, collect(DISTINCT r) AS rels, collect({n: n, hops: hops}) AS pairs
UNWIND CASE WHEN size(pairs) = 0 THEN [null] ELSE pairs END AS pair
WITH c, rels, pair.n AS n, min(pair.hops) AS hops
WITH c, rels, collect(CASE WHEN n IS NULL OR n = c THEN null ELSE [n.id, hops, ${node}] END) AS reached
RETURN [c.id, ${center}] AS center, reached,
  [r IN rels | [r.id, type(r), startNode(r).id, endNode(r).id, ${rel}]] AS rels`,
    params: { id, types: canonicalTypes(types), atEarliest: at?.earliest ?? null, atLatest: at?.latest ?? null },
  };
}

export interface EventAlgebra {
  before: DateBounds | null;
  after: DateBounds | null;
  during: DateBounds | null;
  reading: WindowReading;
  involving: string[] | null;
}

// CIDOC-CRM outer bounds: an open bound reaches forever, so it can only ever POSSIBLY qualify.
const BEFORE: Record<WindowReading, string> = {
  CERTAINLY: 'e.latest < date($beforeEarliest)',
  POSSIBLY: '(e.earliest IS NULL OR e.earliest < date($beforeEarliest))',
};
const AFTER: Record<WindowReading, string> = {
  CERTAINLY: 'e.earliest > date($afterLatest)',
  POSSIBLY: '(e.latest IS NULL OR e.latest > date($afterLatest))',
};

/** Events by before/after/during, in timeline order. */
export function eventsByAlgebra(f: EventAlgebra, first: number): CypherQuery<{ node: EntityRecord }> {
  const parts: string[] = [];
  if (f.before !== null) parts.push(BEFORE[f.reading]);
  if (f.after !== null) parts.push(AFTER[f.reading]);
  if (f.during !== null) parts.push(WINDOW_CONDITIONS[f.reading].from, WINDOW_CONDITIONS[f.reading].to);
  if (f.involving !== null) parts.push('EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }');
  return {
    cypher: `MATCH (e:Event)${parts.length === 0 ? '' : `\nWHERE ${parts.join('\n  AND ')}`}
RETURN e {.*} AS node
ORDER BY e.timelineKey
LIMIT $first`,
    params: {
      beforeEarliest: f.before?.earliest ?? null,
      afterLatest: f.after?.latest ?? null,
      from: f.during?.earliest ?? null,
      to: f.during?.latest ?? null,
      involving: f.involving,
      first,
    },
  };
}

export interface GraphStatsRow {
  entities: { label: EntityLabel; count: number }[];
  relationships: { label: RelationshipType | 'MENTIONS'; count: number }[];
  citations: number;
  /** ISO dates: the earliest and latest bound of any event (null without events). */
  earliest: string | null;
  latest: string | null;
}

/** Counts by label and type, sources, citations and the covered date range; label scans use count stores. */
export function graphStats(): CypherQuery<GraphStatsRow> {
  const labels = ['Person', 'Organization', 'Event', 'Initiative', 'Place', 'Source'];
  const types = [...RELATIONSHIP_TYPES, 'MENTIONS'];
  return {
    cypher: `CALL { ${labels.map((l) => `MATCH (n:${l}) RETURN '${l}' AS label, count(n) AS count`).join(' UNION ALL ')} }
WITH collect({label: label, count: count}) AS entities
CALL { ${types.map((t) => `MATCH ()-[r:${t}]->() RETURN '${t}' AS label, count(r) AS count`).join(' UNION ALL ')} }
WITH entities, collect({label: label, count: count}) AS relationships
CALL { MATCH (c:Citation) RETURN count(c) AS citations }
CALL { MATCH (e:Event) RETURN min(e.earliest) AS earliest, max(e.latest) AS latest }
RETURN entities, relationships, citations, earliest, latest`,
    params: {},
  };
}
