import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { z } from 'zod';
import { COUNTED_BY_PARENT, listCap } from '../graphql/bounds.js';
import { DocumentMeasure, fragmentsOf, isListField, type FanOut } from './query-shape.js';

/** Limits on what one request may ask; the defaults let every documented query through. */
export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Estimated objects a query may touch: list fields count as many as their `first` (or 5). */
  maxCost: number;
  /** Server-side time limit of each database transaction. */
  queryTimeoutMs: number;
  /** Queries slower than this are logged with their Cypher and the shape of their parameters. */
  slowQueryMs: number;
  introspection: boolean;
  maxBodyBytes: number;
  /** A JSON response longer than this is replaced by a RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
  /** Wall-clock budget of one request: each transaction gets what is left, and none starts after it. */
  requestBudgetMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 20,
  maxCost: 250_000,
  queryTimeoutMs: 15_000,
  slowQueryMs: 500,
  introspection: true,
  maxBodyBytes: 1_000_000,
  maxResponseBytes: 10_000_000,
  requestBudgetMs: 30_000,
};

const int = (min: number) => z.coerce.number().int().min(min);

/** Limits from ANNALS_MAX_DEPTH, ANNALS_MAX_ALIASES, ANNALS_MAX_TOKENS, ANNALS_MAX_COST, ANNALS_QUERY_TIMEOUT_MS, ANNALS_REQUEST_BUDGET_MS, … */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const schema = z.object({
    ANNALS_MAX_DEPTH: int(2).default(DEFAULT_LIMITS.maxDepth),
    ANNALS_MAX_ALIASES: int(1).default(DEFAULT_LIMITS.maxAliases),
    ANNALS_MAX_TOKENS: int(50).default(DEFAULT_LIMITS.maxTokens),
    ANNALS_MAX_DIRECTIVES: int(1).default(DEFAULT_LIMITS.maxDirectives),
    ANNALS_MAX_COST: int(100).default(DEFAULT_LIMITS.maxCost),
    ANNALS_QUERY_TIMEOUT_MS: int(100).default(DEFAULT_LIMITS.queryTimeoutMs),
    ANNALS_SLOW_QUERY_MS: int(1).default(DEFAULT_LIMITS.slowQueryMs),
    ANNALS_INTROSPECTION: z.enum(['true', 'false']).default('true'),
    ANNALS_MAX_BODY_BYTES: int(1000).default(DEFAULT_LIMITS.maxBodyBytes),
    ANNALS_MAX_RESPONSE_BYTES: int(1000).default(DEFAULT_LIMITS.maxResponseBytes),
    ANNALS_REQUEST_BUDGET_MS: int(100).default(DEFAULT_LIMITS.requestBudgetMs),
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid limits: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    maxDepth: e.ANNALS_MAX_DEPTH,
    maxAliases: e.ANNALS_MAX_ALIASES,
    maxTokens: e.ANNALS_MAX_TOKENS,
    maxDirectives: e.ANNALS_MAX_DIRECTIVES,
    maxCost: e.ANNALS_MAX_COST,
    queryTimeoutMs: e.ANNALS_QUERY_TIMEOUT_MS,
    slowQueryMs: e.ANNALS_SLOW_QUERY_MS,
    introspection: e.ANNALS_INTROSPECTION === 'true',
    maxBodyBytes: e.ANNALS_MAX_BODY_BYTES,
    maxResponseBytes: e.ANNALS_MAX_RESPONSE_BYTES,
    requestBudgetMs: e.ANNALS_REQUEST_BUDGET_MS,
  };
}

// A list with neither `first` nor a cap (none should exist: tests/unit/bounds.test.ts) counts as this many.
const DEFAULT_FAN_OUT = 5;

/** The value of an Int argument: a literal, else the variable's value or default, else undefined. */
function intArgument(
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
 * How many objects each field may return: `first` as given (literal or variable) or its
 * default, else the list's cap (graphql/bounds.ts, enforced by the resolvers), else 1.
 */
export function fanOutOf(variables: Record<string, unknown>, operation: OperationDefinitionNode): FanOut {
  return (node: FieldNode, def: GraphQLField<unknown, unknown>, parent: GraphQLNamedType) => {
    const declared = def.args.find((a) => a.name === 'first')?.defaultValue;
    const first = intArgument(node, 'first', variables, operation) ?? (typeof declared === 'number' ? declared : undefined);
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

/** Refuses an operation deeper, with more aliases or more directives than allowed, naming the limit. */
export function shapeLimitRule(limits: Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>) {
  return (context: ValidationContext): ASTVisitor => {
    // One measure per document: fragments are measured once for all its operations.
    const measure = new DocumentMeasure(context.getSchema(), fragmentsOf(context.getDocument()), () => 1);
    return {
      OperationDefinition(node) {
        const schema = context.getSchema();
        const root =
          node.operation === 'mutation'
            ? schema.getMutationType()
            : node.operation === 'subscription'
              ? schema.getSubscriptionType()
              : schema.getQueryType();
        if (!root) return;
        const shape = measure.selection(node.selectionSet, root);
        const over: [string, number, number][] = [
          ['depth', shape.depth, limits.maxDepth],
          ['aliases', shape.aliases, limits.maxAliases],
          ['directives', shape.directives + (node.directives?.length ?? 0), limits.maxDirectives],
        ];
        for (const [limit, found, max] of over) {
          if (found > max) {
            context.reportError(
              new GraphQLError(`Query ${limit} limit of ${max} exceeded: found ${found}.`, {
                nodes: node,
                extensions: { limit, max, found },
              }),
            );
          }
        }
      },
    };
  };
}
