import type { GraphQLResolveInfo } from 'graphql';
import {
  connections,
  eventsByDate,
  neighborhood,
  stats,
  type EntitySummary,
  type GraphNodeRecord,
  type NeighborhoodRecord,
} from '../../domain/explore.js';
import { getEntity } from '../../domain/lookup.js';
import type { GraphNodeProp, GraphProjection } from '../../queries/explore.js';
import type { QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { selectedFields } from '../selection.js';
import { entityProjection, propsByField, relationProjection } from '../projection.js';

function englishName(e: EntitySummary): string | null {
  const n = e.nameLangs?.indexOf('en') ?? -1;
  return n >= 0 ? (e.nameValues?.[n] ?? null) : null;
}

// Which stored properties each GraphNode / GraphEdge field reads, from the field table; `entity`
// and `relation` are loaded whole on demand, so a graph of ids stays a graph of ids from Neo4j.
const NODE_NEEDS = propsByField(['GraphNode']);
const EDGE_NEEDS = propsByField(['GraphEdge']);
const needed = (fields: readonly string[], needs: typeof NODE_NEEDS): string[] | 'ALL' => {
  // What a field reads with any arguments: a neighbourhood node's few properties come along whole.
  const props = fields.map((f) => needs[f]?.props ?? []);
  return props.includes('ALL') ? 'ALL' : [...new Set(props.flat() as string[])];
};

function graphProjection(info: GraphQLResolveInfo): GraphProjection {
  const nodeFields = [...selectedFields(info, ['nodes']), ...selectedFields(info, ['elements', 'nodes', 'data'])];
  const edgeFields = [...selectedFields(info, ['edges']), ...selectedFields(info, ['elements', 'edges', 'data'])];
  const node = needed(nodeFields, NODE_NEEDS);
  // A node is read through its entity's summary, never whole: `entity` loads the whole entity itself.
  if (node === 'ALL') throw new Error('a GraphNode field reads ALL: the neighbourhood query has no such projection');
  return { node: node as GraphNodeProp[], edge: needed(edgeFields, EDGE_NEEDS) as GraphProjection['edge'] };
}

const nodesOf = (n: NeighborhoodRecord): GraphNodeRecord[] => [{ entity: n.center, depth: 0 }, ...n.reached];

export const exploreQueryResolvers: QueryResolvers = {
  // Both can keep a core busy for seconds: they take a fair-share slot (server/fair-share.ts).
  // Path entities as the selection reads them, wherever it meets them; relation ends met again are completed (projection.ts).
  connections: (_p, args, ctx, info) =>
    ctx.expensive('connections', () =>
      connections(ctx.executor, ctx.loaders, args, {
        node: entityProjection(info, ['entities'], ['steps', 'from'], ['steps', 'to']),
        rel: relationProjection(info, ['steps', 'relation']),
      }),
    ),
  neighborhood: (_p, args, ctx, info) =>
    ctx.expensive('neighborhood', () => neighborhood(ctx.executor, ctx.loaders, args, graphProjection(info))),
  events: (_p, args, ctx) => eventsByDate(ctx.executor, ctx.loaders, args),
  stats: (_p, _a, ctx) => stats(ctx.executor),
};

export const exploreTypeResolvers: Resolvers = {
  Path: {
    length: (p) => p.steps.length,
  },
  Neighborhood: {
    // The neighbourhood's query brings the center's id and the properties its nodes show; the whole entity on demand.
    center: (n, _a, ctx) => getEntity(ctx.loaders, n.center.id),
    nodes: nodesOf,
    edges: (n) => n.relations,
    elements: (n) => n,
  },
  CytoscapeElements: {
    nodes: nodesOf,
    edges: (n) => n.relations,
  },
  CytoscapeNode: { data: (node) => node },
  CytoscapeEdge: { data: (edge) => edge },
  GraphNode: {
    id: (n) => n.entity.id,
    label: (n) => n.entity.name ?? '',
    type: (n) => n.entity.type!,
    group: (n) => n.entity.type!.toLowerCase(),
    title: (n) => englishName(n.entity) ?? n.entity.descriptionEn ?? null,
    entity: (n, _a, ctx) => getEntity(ctx.loaders, n.entity.id),
  },
  GraphEdge: {
    from: (r) => r.from.id,
    to: (r) => r.to.id,
    source: (r) => r.from.id,
    target: (r) => r.to.id,
    label: (r) => r.title ?? r.role ?? r.type,
    // Every property of the relationship was fetched (see graphProjection); its ends are loaded whole.
    relation: async (r, _a, ctx) => {
      const [from, to] = await Promise.all([getEntity(ctx.loaders, r.from.id), getEntity(ctx.loaders, r.to.id)]);
      return { ...r, from, to, direction: 'OUT' as const };
    },
  },
};
