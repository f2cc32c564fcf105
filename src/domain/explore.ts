import type { Executor } from '../db/executor.js';
import { AnnalsError, badInput, checkArguments, ErrorCode } from '../errors.js';
import { eventsByAlgebra, graphStats, GRAPH_NODE_PROPS, neighborhoodOf, shortestPaths, type GraphProjection } from '../queries/explore.js';
import type { WindowReading } from '../queries/timeline.js';
import type { Projection } from '../queries/projection.js';
import { dateBounds, intArgument, type DateBounds, type IntRange } from '../model/arguments.js';
import type { Loaders } from './loaders.js';
import { checkEntityId, noEntities, noEntity, requireEntities } from './lookup.js';
import type { EntityRecord, RelationRecord, RelationView } from '../model/records.js';
import { isRelationshipType, RELATIONSHIP_TYPES, type EntityLinkType, type RelationshipType } from '../model/vocabulary.js';

export const MAX_HOPS = 6;
export const MAX_PATHS = 20;
export const MAX_DEPTH = 3;
export const EVENTS_MAX_FIRST = 200;
/** Path and neighbourhood searches grow fast with hops; the server stops them past this. */
export const EXPLORE_TIMEOUT_MS = 10_000;
/** A neighbourhood larger than this is refused (narrow it), so its lists have a known bound. */
export const MAX_GRAPH_NODES = 2_000;
export const MAX_GRAPH_EDGES = 3_000;

/**
 * Relationship types from a request, deduplicated: a list longer than the vocabulary can only
 * repeat itself (1,800 repeats were seen), so it is refused, naming the limit.
 */
export function typesArg<T extends string>(types: readonly T[] | null | undefined, field = 'types'): T[] | null {
  if (types == null || types.length === 0) return null;
  const max = RELATIONSHIP_TYPES.length + 1; // the GraphQL enum also holds MENTIONS
  if (types.length > max)
    throw new AnnalsError(ErrorCode.BAD_USER_INPUT, `${field} holds at most ${max} relationship types (found ${types.length})`, {
      field,
      limit: field,
      max,
      found: types.length,
    });
  return [...new Set(types)];
}

/** Whether every type is a curated one (MENTIONS is not). */
const allCurated = (types: readonly EntityLinkType[]): types is RelationshipType[] => types.every(isRelationshipType);

/**
 * An EDTF date argument as the bounds a relationship or event must meet, a bad one as
 * BAD_USER_INPUT: model/arguments.ts dateBounds through checkArguments, for the resolvers.
 */
export function boundsOf(value: string | null | undefined, field: string): DateBounds | null {
  return checkArguments(() => dateBounds(value, field));
}

export interface PathStepRecord {
  from: EntityRecord;
  to: EntityRecord;
  relation: RelationView;
}

export interface PathRecord {
  entities: EntityRecord[];
  steps: PathStepRecord[];
}

/** What a neighbourhood holds of an entity: its id and the properties the request asked for. */
export type EntitySummary = Pick<EntityRecord, 'id'> & Partial<EntityRecord>;

/** A node of a neighbourhood: the entity and how many hops it lies from the center. */
export interface GraphNodeRecord {
  entity: EntitySummary;
  depth: number;
}

/** A relationship of a neighbourhood: its id, type, ends and the properties the request asked for. */
export type GraphEdgeRecord = Pick<RelationRecord, 'id' | 'type'> &
  Partial<Omit<RelationRecord, 'from' | 'to'>> & { from: EntitySummary; to: EntitySummary };

const HOPS: IntRange = {
  field: 'maxHops',
  min: 1,
  max: MAX_HOPS,
  overMax: `maxHops is capped at ${MAX_HOPS} (paths longer than that say little and cost much)`,
};

/** Shortest paths between two existing entities; bounded in hops, count and (by the server) time. */
export async function connections(
  executor: Executor,
  loaders: Loaders,
  args: { from: string; to: string; maxHops?: number | null; first?: number | null; at?: string | null },
  projection: { node: Projection; rel: Projection } = { node: 'ALL', rel: 'ALL' },
): Promise<PathRecord[]> {
  const { maxHops, first, at } = checkArguments(() => ({
    maxHops: intArgument(args.maxHops, HOPS, 4),
    first: intArgument(args.first, { field: 'first', min: 1, max: MAX_PATHS }, 5),
    at: dateBounds(args.at, 'at'),
  }));
  // One round trip: merged-away ids resolve to their survivors, whose ids the paths are searched between.
  checkEntityId(args.from, 'from');
  checkEntityId(args.to, 'from');
  const [row] = await executor.read(shortestPaths(args.from, args.to, maxHops, first, at, null, projection), {
    timeoutMs: EXPLORE_TIMEOUT_MS,
  });
  const missing = [row?.fromFound === true ? null : args.from, row?.toFound === true ? null : args.to].filter((id) => id !== null);
  if (missing.length > 0) throw noEntities(missing, 'from');
  return row!.paths.map(({ nodes, rels }) => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const steps = rels.map((r, n) => {
      const here = nodes[n]!;
      const there = nodes[n + 1]!;
      const relation: RelationView = {
        ...r,
        from: byId.get(r.fromId)!,
        to: byId.get(r.toId)!,
        direction: r.fromId === here.id ? 'OUT' : 'IN',
      };
      return { from: here, to: there, relation };
    });
    return { entities: nodes, steps };
  });
}

export interface NeighborhoodRecord {
  /** Its id and the properties the request asked for (Neighborhood.center loads the whole entity). */
  center: EntitySummary;
  reached: GraphNodeRecord[];
  relations: GraphEdgeRecord[];
}

/** Entities within depth hops and the relationships among them, optionally as of a date. */
export async function neighborhood(
  executor: Executor,
  loaders: Loaders,
  args: { id: string; depth?: number | null; types?: readonly EntityLinkType[] | null; at?: string | null; asOf?: string | null },
  projection: GraphProjection = { node: GRAPH_NODE_PROPS, edge: 'ALL' },
): Promise<NeighborhoodRecord> {
  if (args.at != null && args.asOf != null && args.at !== args.asOf) throw badInput('give at or asOf, not two different dates', 'asOf');
  const { depth, at } = checkArguments(() => ({
    depth: intArgument(args.depth, { field: 'depth', min: 1, max: MAX_DEPTH }, 1),
    at: dateBounds(args.at ?? args.asOf, args.at != null ? 'at' : 'asOf'),
  }));
  const types = typesArg(args.types);
  if (types !== null && !allCurated(types))
    throw badInput('a neighbourhood follows curated relationships; MENTIONS links a source to what it attests', 'types');
  // One round trip: the center (by id, following a merge) comes with its neighbourhood.
  checkEntityId(args.id);
  const [row] = await executor.read(neighborhoodOf(args.id, depth, types, at, projection), { timeoutMs: EXPLORE_TIMEOUT_MS });
  if (row === undefined) throw noEntity(args.id);
  const center: EntitySummary = { ...row.center[1], id: row.center[0] };
  const reached = new Map<string, GraphNodeRecord>();
  for (const [id, hops, props] of row.reached) {
    if (id === center.id) continue;
    const seen = reached.get(id);
    if (seen === undefined || hops < seen.depth) reached.set(id, { entity: { ...props, id }, depth: hops });
  }
  const byId = new Map<string, EntitySummary>([[center.id, center], ...[...reached.values()].map((r) => [r.entity.id, r.entity] as const)]);
  const relations: GraphEdgeRecord[] = [];
  for (const [id, type, fromId, toId, props] of row.rels) {
    const from = byId.get(fromId);
    const to = byId.get(toId);
    if (from !== undefined && to !== undefined) relations.push({ ...props, id, type, from, to });
  }
  for (const [limit, found, max] of [
    ['nodes', reached.size + 1, MAX_GRAPH_NODES],
    ['edges', relations.length, MAX_GRAPH_EDGES],
  ] as const) {
    if (found > max)
      throw new AnnalsError(
        ErrorCode.BAD_USER_INPUT,
        `This neighbourhood holds ${found} ${limit}, over the limit of ${max}: narrow it (smaller depth, types, at).`,
        { limit: `neighborhood.${limit}`, max, found },
      );
  }
  return {
    center,
    reached: [...reached.values()].sort((a, b) => a.depth - b.depth || a.entity.id.localeCompare(b.entity.id)),
    relations: relations.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Events by before / after / during, POSSIBLY or CERTAINLY. */
export async function eventsByDate(
  executor: Executor,
  loaders: Loaders,
  args: {
    before?: string | null;
    after?: string | null;
    during?: string | null;
    reading?: WindowReading | null;
    involving?: readonly string[] | null;
    first?: number | null;
  },
): Promise<EntityRecord[]> {
  const { first, before, after, during } = checkArguments(() => ({
    first: intArgument(args.first, { field: 'first', min: 0, max: EVENTS_MAX_FIRST }, 50),
    before: dateBounds(args.before, 'before'),
    after: dateBounds(args.after, 'after'),
    during: dateBounds(args.during, 'during'),
  }));
  const involving = args.involving && args.involving.length > 0 ? [...args.involving] : null;
  if (involving !== null) await requireEntities(loaders, involving, 'involving');
  const rows = await executor.read(
    eventsByAlgebra(
      {
        before,
        after,
        during,
        reading: args.reading ?? 'POSSIBLY',
        involving,
      },
      first,
    ),
  );
  return rows.map((r) => r.node);
}

export interface StatsRecord {
  entities: { label: string; count: number }[];
  relationships: { label: string; count: number }[];
  sources: number;
  citations: number;
  earliest: string | null;
  latest: string | null;
}

export async function stats(executor: Executor): Promise<StatsRecord> {
  const [row] = await executor.read(graphStats());
  const entities = row?.entities ?? [];
  return {
    entities,
    relationships: row?.relationships ?? [],
    sources: entities.find((e) => e.label === 'Source')?.count ?? 0,
    citations: row?.citations ?? 0,
    earliest: row?.earliest ?? null,
    latest: row?.latest ?? null,
  };
}
