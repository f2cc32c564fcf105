// The cost analysis: how many objects a query may touch, estimated before it runs, and the plugin
// that refuses a query over ANNALS_MAX_COST.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FieldNode, type GraphQLField, type GraphQLNamedType, type OperationDefinitionNode } from 'graphql';
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

/**
 * Refuses an operation whose estimated cost (objects it may return) is over the limit. A plugin,
 * not a validation rule: `first: $n` is only known with the request's variables.
 */
export function costLimitPlugin<C extends object>(maxCost: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (operation === undefined) return;
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const measure = new DocumentMeasure(schema, fragmentsOf(document), fanOutOf(request.variables ?? {}, operation));
          const cost = measure.selection(operation.selectionSet, root).cost;
          if (cost > maxCost) {
            throw refusal(
              `Query cost limit of ${maxCost} exceeded: this query is estimated at ${cost}. Ask for smaller pages (first) or fewer nested lists.`,
              operation,
              { limit: 'cost', max: maxCost, estimated: cost },
            );
          }
        },
      };
    },
  };
}
