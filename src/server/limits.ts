// The limits of one request, in one place: what they are, their defaults, and how the environment
// sets them. Enforced by parse-limits.ts (tokens, depth, aliases, directives), cost.ts (estimated
// objects), the executor (time), http.ts (body) and apollo.ts (response size).
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
  /**
   * Automatic persisted queries (Apollo's APQ: a client sends a query's SHA-256 instead of its text
   * once the server has seen it; the server keeps them in a bounded in-memory LRU cache).
   */
  persistedQueries: boolean;
  maxBodyBytes: number;
  /** A JSON response longer than this is replaced by a RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
  /** Wall-clock budget of one request: each transaction gets what is left, and none starts after it. */
  requestBudgetMs: number;
  /**
   * What executes a validated operation: `jit` (graphql-jit: each operation compiled once into a
   * function, kept in a bounded cache) or `graphql-js` (graphql's own execute). ANNALS_EXECUTOR.
   */
  executor: 'jit' | 'graphql-js';
  /**
   * Whether a query Apollo has already run (same text and operation name) runs again without
   * Apollo's request pipeline when it answers without errors (hot-operations.ts); needs the jit
   * executor. ANNALS_HOT_PATH.
   */
  hotPath: boolean;
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
  persistedQueries: true,
  maxBodyBytes: 1_000_000,
  maxResponseBytes: 10_000_000,
  requestBudgetMs: 30_000,
  executor: 'jit',
  hotPath: true,
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
    ANNALS_PERSISTED_QUERIES: z.enum(['true', 'false']).default('true'),
    ANNALS_MAX_BODY_BYTES: int(1000).default(DEFAULT_LIMITS.maxBodyBytes),
    ANNALS_MAX_RESPONSE_BYTES: int(1000).default(DEFAULT_LIMITS.maxResponseBytes),
    ANNALS_REQUEST_BUDGET_MS: int(100).default(DEFAULT_LIMITS.requestBudgetMs),
    ANNALS_EXECUTOR: z.enum(['jit', 'graphql-js']).default(DEFAULT_LIMITS.executor),
    ANNALS_HOT_PATH: z.enum(['true', 'false']).default('true'),
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
    persistedQueries: e.ANNALS_PERSISTED_QUERIES === 'true',
    maxBodyBytes: e.ANNALS_MAX_BODY_BYTES,
    maxResponseBytes: e.ANNALS_MAX_RESPONSE_BYTES,
    requestBudgetMs: e.ANNALS_REQUEST_BUDGET_MS,
    executor: e.ANNALS_EXECUTOR,
    hotPath: e.ANNALS_HOT_PATH === 'true',
  };
}
