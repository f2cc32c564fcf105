// The cost analysis: how many objects a query may touch, estimated before it runs, and the plugin
// that refuses a query over ANNALS_MAX_COST.
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CONNECTION_DEFAULT_SIZE, COUNTED_BY_PARENT, listCap } from '../graphql/bounds.js';
import { DocumentMeasure, fragmentsOf, isListField, type FanOut } from './query-shape.js';

// A list with neither `first` nor a cap (none should exist: tests/unit/limits.test.ts) counts as this many.
const DEFAULT_FAN_OUT = 5;

/** The value of an Int argument: a literal, else the variable's value or default, else undefined. */
function intValue(
  node: FieldNode,
  name: string,
  variables: Record<string, unknown>,
  operation: OperationDefinitionNode,
): number | undefined {
  const value = node.arguments?.find((a) => a.name.value === name)?.value;
  if (value === undefined) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind !== Kind.VARIABLE) return undefined;
  const given = variables[value.name.value];
  // A value that is no Int (1e300, 2^31) is left to variable coercion, which refuses it as bad input.
  if (typeof given === 'number') return Number.isSafeInteger(given) && Math.abs(given) < 2 ** 31 ? given : undefined;
  const declared = operation.variableDefinitions?.find((d) => d.variable.name.value === value.name.value)?.defaultValue;
  return given === undefined && declared?.kind === Kind.INT ? Number(declared.value) : undefined;
}

/**
 * How many objects each field may return: `first` (or a connection's `last`) as given (literal or
 * variable) or its default, else the list's cap (graphql/bounds.ts, enforced by the resolvers), else 1.
 */
export function fanOutOf(variables: Record<string, unknown>, operation: OperationDefinitionNode): FanOut {
  return (node: FieldNode, def: GraphQLField<unknown, unknown>, parent: GraphQLNamedType) => {
    const declared = def.args.find((a) => a.name === 'first')?.defaultValue;
    // A connection paged backward (last/before) returns at most last; with neither, its page size.
    const first =
      intValue(node, 'first', variables, operation) ??
      intValue(node, 'last', variables, operation) ??
      (typeof declared === 'number' ? declared : CONNECTION_DEFAULT_SIZE[`${parent.name}.${def.name}`]);
    if (first !== undefined) return first;
    if (!isListField(def)) return 1;
    if (COUNTED_BY_PARENT.has(`${parent.name}.${def.name}`)) return 1;
    return listCap(parent.name, def.name) ?? DEFAULT_FAN_OUT;
  };
}

/** A request refused before it runs, naming its limit; 400 like the validation errors it sits with. */
function refusal(message: string, node: OperationDefinitionNode, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...details, http: { status: 400 } } });
}

/** Operations whose costs are remembered (each for up to COST_VARIANTS sets of its Int variables). */
export const COST_CACHE_SIZE = 1000;
const COST_VARIANTS = 16;

/** How often a cost was measured rather than remembered: tests read it; nothing else does. */
export const costMeasurements = { count: 0 };

/**
 * The part of the variables a cost can depend on: the values of the operation's Int variables (a
 * `first: $n` or `last: $n` takes an Int; every other argument leaves the estimate unchanged),
 * with an absent variable apart from null (absent takes the declared default, null does not).
 */
function costVariablesKey(operation: OperationDefinitionNode, variables: Record<string, unknown>): string {
  const ints: unknown[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const type = def.type.kind === Kind.NON_NULL_TYPE ? def.type.type : def.type;
    if (type.kind !== Kind.NAMED_TYPE || type.name.value !== 'Int') continue;
    const value = variables[def.variable.name.value];
    ints.push(value === undefined ? { absent: true } : value);
  }
  return JSON.stringify(ints);
}

/**
 * The estimated cost of an operation against the limit. The estimate of a document (by Apollo's
 * hash of its text) and operation is remembered per value of its Int variables, in a bounded LRU:
 * a repeated query is not measured again, and other page sizes are. One instance serves Apollo's
 * plugin and the hot path of repeated queries (hot-operations.ts).
 */
export class CostLimit {
  // Per document and operation (least recently used evicted first), its costs by variables (oldest first).
  private readonly remembered = new LRUCache<string, Map<string, number>>({ max: COST_CACHE_SIZE });

  constructor(readonly maxCost: number) {}

  /** The refusal of an operation over the limit, or undefined when it may run. */
  refusal(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    queryHash: string,
  ): GraphQLError | undefined {
    const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (!root) return undefined;
    const key = `${queryHash}\0${operation.name?.value ?? ''}`;
    const variant = costVariablesKey(operation, variables);
    let costs = this.remembered.get(key);
    let cost = costs?.get(variant);
    if (cost === undefined) {
      costMeasurements.count += 1;
      const measure = new DocumentMeasure(schema, fragmentsOf(document), fanOutOf(variables, operation));
      cost = measure.selection(operation.selectionSet, root).cost;
      if (costs === undefined) {
        costs = new Map();
        this.remembered.set(key, costs);
      }
      if (costs.size >= COST_VARIANTS) costs.delete(costs.keys().next().value!);
      costs.set(variant, cost);
    }
    if (cost <= this.maxCost) return undefined;
    return refusal(
      `Query cost limit of ${this.maxCost} exceeded: this query is estimated at ${cost}. Ask for smaller pages (first) or fewer nested lists.`,
      operation,
      { limit: 'cost', max: this.maxCost, estimated: cost },
    );
  }
}

/**
 * Refuses an operation whose estimated cost (objects it may return) is over the limit. A plugin,
 * not a validation rule: `first: $n` is only known with the request's variables.
 */
export function costLimitPlugin<C extends object>(limit: CostLimit): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, queryHash }) {
          if (operation === undefined) return;
          const refused = limit.refusal(schema, document, operation, request.variables ?? {}, queryHash);
          if (refused !== undefined) throw refused;
        },
      };
    },
  };
}
