import { connections, eventsByDate, neighborhood, stats, type GraphNodeRecord, type NeighborhoodRecord } from '../../domain/explore.js';
import type { EntityRecord, RelationRecord } from '../../domain/records.js';
import type { QueryResolvers, Resolvers } from '../../generated/graphql.js';

function englishName(e: EntityRecord): string | null {
  const n = e.nameLangs.indexOf('en');
  return n >= 0 ? (e.nameValues[n] ?? null) : null;
}

const nodesOf = (n: NeighborhoodRecord): GraphNodeRecord[] => [{ entity: n.center, depth: 0 }, ...n.reached];

export const exploreQueryResolvers: QueryResolvers = {
  connections: (_p, args, ctx) => connections(ctx.executor, ctx.loaders, args),
  neighborhood: (_p, args, ctx) => neighborhood(ctx.executor, ctx.loaders, args),
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
    label: (n) => n.entity.name,
    type: (n) => n.entity.type,
    group: (n) => n.entity.type.toLowerCase(),
    title: (n) => englishName(n.entity) ?? n.entity.descriptionEn ?? null,
  },
  GraphEdge: {
    from: (r: RelationRecord) => r.from.id,
    to: (r) => r.to.id,
    source: (r) => r.from.id,
    target: (r) => r.to.id,
    type: (r) => r.type as never,
    label: (r) => r.title ?? r.role ?? r.type,
    relation: (r) => ({ ...r, direction: 'OUT' as const }),
  },
};
