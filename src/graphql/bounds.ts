import {
  buildASTSchema,
  getNamedType,
  isCompositeType,
  isListType,
  getNullableType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { checkArguments } from '../errors.js';
import { intArgument } from '../model/arguments.js';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES, MAX_HOPS } from '../domain/explore.js';
import { ENTITIES_DEFAULT_FIRST } from '../domain/browse.js';
import { ENTITY_LABELS, KINDS } from '../model/vocabulary.js';
import { NODES_MAX } from '../domain/nodes.js';
import { DRAFT_MAX_ITEMS } from '../domain/curation/review.js';
import { nowOrLater } from '../model/now-or-later.js';

/**
 * Every list of objects in the API is bounded, so the cost estimate (objects a query may touch)
 * holds: either it takes `first` (default in the SDL, maximum here) or it has a cap below.
 * The wrapper in boundListResolvers enforces both, whatever the resolver returns.
 */
export const FIRST_MAX_DEFAULT = 500;
/** Root fields check their own `first` in the domain (search 100, timeline and events 200, …). */
const FIRST_MAX: Record<string, number> = { 'Source.mentions': 1000 };

/** Lists without `first`, by `Type.field` (`*.field`: on every type): the most they return. */
export const LIST_CAPS: Record<string, number> = {
  '*.names': 50,
  '*.identifiers': 20,
  'Event.quantities': 50,
  'Path.entities': MAX_HOPS + 1,
  'Path.steps': MAX_HOPS,
  'Neighborhood.nodes': MAX_GRAPH_NODES,
  'Neighborhood.edges': MAX_GRAPH_EDGES,
  'CytoscapeElements.nodes': MAX_GRAPH_NODES,
  'CytoscapeElements.edges': MAX_GRAPH_EDGES,
  'Stats.entities': 20,
  'Stats.relationships': 20,
  // Claims about one fact: one per source that states it, a handful in practice.
  'ClaimSet.claims': 10,
  'Claim.sources': 10,
  'Claim.citations': 20,
  // The evidence one write relied on; an import records at most this many (the rest stay in its data).
  'Change.citations': 1_000,
  // A spreadsheet row's best candidates (the matching module's limit), and its issues (one per cell at most, a few per link).
  'SpreadsheetRow.candidates': 5,
  'SpreadsheetRow.issues': 100,
  // Facets of the entities connection: one entry per entity type, per kind of the vocabulary, per decade of 2,000 years
  // (the earliest 200); small, as a connection's cost multiplies them by its page size.
  'EntityFacets.types': ENTITY_LABELS.length,
  'EntityFacets.kinds': new Set(Object.values(KINDS).flat()).size,
  'EntityFacets.decades': 200,
  // node(id) for each id: the domain refuses more ids (domain/nodes.ts).
  'Query.nodes': NODES_MAX,
  // Review: a draft's proposals (its cap), what one accept returns, and the spans one proposal highlights.
  'ProposalDraft.proposals': DRAFT_MAX_ITEMS,
  'AcceptResult.accepted': DRAFT_MAX_ITEMS,
  'AcceptResult.alreadyAccepted': DRAFT_MAX_ITEMS,
  'Proposal.highlights': 20,
};

/**
 * Connections paged by first or last without a default in the SDL (a default first would clash
 * with last): the page size when neither is given, for the cost estimate.
 */
export const CONNECTION_DEFAULT_SIZE: Record<string, number> = { 'Query.entities': ENTITIES_DEFAULT_FIRST };

/** A list whose length its parent's `first` already counts (a connection's edges): cost 1 each. */
export const COUNTED_BY_PARENT = new Set(['EventConnection.edges', 'EntityConnection.edges']);

export const listCap = (type: string, field: string): number | undefined => LIST_CAPS[`${type}.${field}`] ?? LIST_CAPS[`*.${field}`];

/** Whether a field returns a list of objects (lists of scalars are one stored value, bounded by their node). */
export function isObjectList(def: GraphQLField<unknown, unknown>): boolean {
  return isListType(getNullableType(def.type)) && isCompositeType(getNamedType(def.type));
}

/** Objects a list field's resolver returns at most: its `first`, else its cap (undefined: unbounded, a bug). */
export function listBound(
  type: string,
  def: GraphQLField<unknown, unknown>,
): { first: true; max: number } | { first: false; cap: number } | undefined {
  if (def.args.some((a) => a.name === 'first')) return { first: true, max: FIRST_MAX[`${type}.${def.name}`] ?? FIRST_MAX_DEFAULT };
  const cap = COUNTED_BY_PARENT.has(`${type}.${def.name}`) ? Infinity : listCap(type, def.name);
  return cap === undefined ? undefined : { first: false, cap };
}

/** What a list resolver charges: objects returned so far in this request. */
export interface ListBudget {
  charge(objects: number): void;
}

type Resolve = (parent: unknown, args: Record<string, unknown>, ctx: { budget?: ListBudget }, info: GraphQLResolveInfo) => unknown;
type ResolverMap = Record<string, Record<string, unknown>>;

function bounded(resolve: Resolve | undefined, fieldName: string, limit: number, firstMax: number | null, where: string): Resolve {
  return (parent, args, ctx, info) => {
    const first =
      firstMax === null
        ? undefined
        : checkArguments(() =>
            intArgument(args['first'], { field: 'first', label: `first of ${where}`, min: 0, max: firstMax, limit: true }),
          );
    const most = Math.min(limit, first ?? Infinity);
    const cut = (list: unknown): unknown => {
      if (!Array.isArray(list)) return list;
      const page = list.length > most ? list.slice(0, most) : list;
      ctx.budget?.charge(page.length);
      return page;
    };
    const result = resolve ? resolve(parent, args, ctx, info) : (parent as Record<string, unknown>)[fieldName];
    return nowOrLater(result, cut);
  };
}

/**
 * Wraps the resolver of every object list outside Query and Mutation (whose domain functions
 * bound their own pages) so it never returns more than its `first` or cap. A slice after the
 * loader, not a Cypher LIMIT: loaders batch many entities (and fields with different `first`)
 * into one UNWIND query, where a per-entity LIMIT would need a subquery per key.
 */
export function boundListResolvers(typeDefs: string | GraphQLSchema, resolvers: ResolverMap): ResolverMap {
  const schema: GraphQLSchema = typeof typeDefs === 'string' ? buildASTSchema(parse(typeDefs)) : typeDefs;
  const out: ResolverMap = { ...resolvers };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Query' || type.name === 'Mutation') continue;
    for (const def of Object.values(type.getFields())) {
      if (!isObjectList(def)) continue;
      const bound = listBound(type.name, def);
      if (bound === undefined) throw new Error(`${type.name}.${def.name} is a list without first or a cap (src/graphql/bounds.ts)`);
      const own = { ...(out[type.name] ?? {}) };
      const where = `${type.name}.${def.name}`;
      own[def.name] = bound.first
        ? bounded(own[def.name] as Resolve | undefined, def.name, Infinity, bound.max, where)
        : bounded(own[def.name] as Resolve | undefined, def.name, bound.cap, null, where);
      out[type.name] = own;
    }
  }
  return out;
}
