import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { z } from 'zod';

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
};

const int = (min: number) => z.coerce.number().int().min(min);

/** Limits from ANNALS_MAX_DEPTH, ANNALS_MAX_ALIASES, ANNALS_MAX_TOKENS, ANNALS_MAX_COST, ANNALS_QUERY_TIMEOUT_MS, … */
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
  };
}

const DEFAULT_FAN_OUT = 5;

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const defs = context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return new Map(defs.map((d) => [d.name.value, d]));
}

/**
 * Estimates what a query costs before it runs: each field costs 1, and a list field multiplies
 * what is below it by its `first` (a literal, else the argument's default, else 10).
 */
export function estimateCost(schema: GraphQLSchema, selection: SelectionSetNode, parent: GraphQLNamedType, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string> = new Set()): number {
  let total = 0;
  for (const node of selection.selections) {
    if (node.kind === Kind.INLINE_FRAGMENT) {
      const type = node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent;
      total += estimateCost(schema, node.selectionSet, type ?? parent, fragments, seen);
    } else if (node.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(node.name.value);
      if (!fragment || seen.has(node.name.value)) continue;
      const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
      total += estimateCost(schema, fragment.selectionSet, type, fragments, new Set([...seen, node.name.value]));
    } else {
      const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
      if (def === undefined || node.selectionSet === undefined) {
        total += 1;
        continue;
      }
      // Lists and connections (timeline) take `first`: a literal, else its default, else 5 (a typical entity has a handful of each link).
      const arg = node.arguments?.find((a) => a.name.value === 'first');
      const declared = def.args.find((a) => a.name === 'first')?.defaultValue;
      const first = arg?.value.kind === Kind.INT ? Number(arg.value.value) : typeof declared === 'number' ? declared : undefined;
      const fanOut = first ?? (isListType(getNullableType(def.type)) ? DEFAULT_FAN_OUT : 1);
      total += 1 + Math.max(1, fanOut) * estimateCost(schema, node.selectionSet, getNamedType(def.type), fragments, seen);
    }
  }
  return total;
}

/** Refuses queries whose estimated cost is over the limit, naming the limit and the estimate. */
export function costLimitRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const schema = context.getSchema();
        const root = node.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
        if (!root) return;
        const cost = estimateCost(schema, node.selectionSet, root, fragments);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query cost limit of ${maxCost} exceeded: this query is estimated at ${cost}. Ask for smaller pages or fewer nested lists.`, {
              nodes: node,
              extensions: { limit: 'cost', max: maxCost, estimated: cost },
            }),
          );
        }
      },
    };
  };
}

interface Shape {
  depth: number;
  aliases: number;
  directives: number;
}

/** Depth, aliases and directives of a selection set, following fragments once each. */
export function measureSelection(selection: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string> = new Set()): Shape {
  let out: Shape = { depth: 0, aliases: 0, directives: 0 };
  for (const node of selection.selections) {
    let inner: Shape = { depth: 0, aliases: 0, directives: 0 };
    let own = node.directives?.length ?? 0;
    if (node.kind === Kind.FIELD) {
      inner = node.selectionSet ? measureSelection(node.selectionSet, fragments, seen) : inner;
      inner = { ...inner, depth: inner.depth + 1, aliases: inner.aliases + (node.alias ? 1 : 0) };
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      inner = measureSelection(node.selectionSet, fragments, seen);
    } else {
      const fragment = fragments.get(node.name.value);
      if (fragment && !seen.has(node.name.value)) {
        inner = measureSelection(fragment.selectionSet, fragments, new Set([...seen, node.name.value]));
        own += fragment.directives?.length ?? 0;
      }
    }
    out = { depth: Math.max(out.depth, inner.depth), aliases: out.aliases + inner.aliases, directives: out.directives + inner.directives + own };
  }
  return out;
}

/** Refuses an operation deeper, with more aliases or more directives than allowed, naming the limit. */
export function shapeLimitRule(limits: Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const shape = measureSelection(node.selectionSet, fragments);
        const over: [string, number, number][] = [
          ['depth', shape.depth, limits.maxDepth],
          ['aliases', shape.aliases, limits.maxAliases],
          ['directives', shape.directives + (node.directives?.length ?? 0), limits.maxDirectives],
        ];
        for (const [limit, found, max] of over) {
          if (found > max) {
            context.reportError(new GraphQLError(`Query ${limit} limit of ${max} exceeded: found ${found}.`, { nodes: node, extensions: { limit, max, found } }));
          }
        }
      },
    };
  };
}
