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
import type { GraphEdgeProp, GraphNodeProp, GraphProjection } from '../../queries/explore.js';
import type { QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { selectedFields } from '../selection.js';

function englishName(e: EntitySummary): string | null {
  const n = e.nameLangs?.indexOf('en') ?? -1;
  return n >= 0 ? (e.nameValues?.[n] ?? null) : null;
}

// Which stored properties each GraphNode / GraphEdge field reads; `entity` and `relation` are
// loaded whole on demand, so a graph of ids stays a graph of ids all the way from Neo4j.
const NODE_NEEDS: Record<string, readonly GraphNodeProp[]> = {
  label: ['name'],
  type: ['type'],
  group: ['type'],
  title: ['nameValues', 'nameLangs', 'descriptionEn'],
};
const EDGE_NEEDS: Record<string, readonly GraphEdgeProp[]> = { label: ['title', 'role'] };

function graphProjection(info: GraphQLResolveInfo): GraphProjection {
  const nodeFields = [...selectedFields(info, ['nodes']), ...selectedFields(info, ['elements', 'nodes', 'data'])];
  const edgeFields = [...selectedFields(info, ['edges']), ...selectedFields(info, ['elements', 'edges', 'data'])];
  return {
    node: [...new Set(nodeFields.flatMap((f) => NODE_NEEDS[f] ?? []))],
    edge: edgeFields.includes('relation') ? 'ALL' : [...new Set(edgeFields.flatMap((f) => EDGE_NEEDS[f] ?? []))],
  };
}

const nodesOf = (n: NeighborhoodRecord): GraphNodeRecord[] => [{ entity: n.center, depth: 0 }, ...n.reached];

export const exploreQueryResolvers: QueryResolvers = {
  // Both can keep a core busy for seconds: they take a fair-share slot (server/fair-share.ts).
  connections: (_p, args, ctx) => ctx.expensive('connections', () => connections(ctx.executor, ctx.loaders, args)),
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
    type: (r) => r.type as never,
    label: (r) => r.title ?? r.role ?? r.type,
    // Every property of the relationship was fetched (see graphProjection); its ends are loaded whole.
    relation: async (r, _a, ctx) => {
      const [from, to] = await Promise.all([getEntity(ctx.loaders, r.from.id), getEntity(ctx.loaders, r.to.id)]);
      return { ...r, from, to, direction: 'OUT' as const };
    },
  },
};
