// The hot path of repeated queries. A query Apollo has parsed, validated and compiled (graphql-jit)
// runs again, by its text, without Apollo's request pipeline: its cost is checked (the same CostLimit
// as Apollo's plugin), the compiled function runs, and an answer without errors is written as Apollo
// would write it. Anything else (a new text, a mutation, APQ, other media types, variables that do
// not coerce, an answer with errors) goes through Apollo as before; an answer with errors (or a throw
// of the compiled code) is handed to Apollo's executor with the request, so it does not run twice.
import { getVariableValues, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Context } from '../graphql/context.js';
import { stringifyWithin } from './response-json.js';
import { CostLimit } from './cost.js';
import type { Limits } from './limits.js';
import { logOperation, markStarted } from './request-log.js';

/** A query Apollo has parsed, validated and compiled, as its executor saw it. */
export interface HotOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Apollo's hash of the text (the key of the cost estimate and of the compiled cache). */
  queryHash: string;
  compiled: CompiledQuery;
}

/**
 * Queries remembered (least recently used evicted first), and the characters of their texts
 * together: each also holds its parsed document (tokens included), many times its text in memory.
 */
export const HOT_OPERATIONS = { maxEntries: 500, maxChars: 1_000_000 } as const;

/** The Accept headers for which Apollo answers `application/json; charset=utf-8`, as the hot path does. */
const ACCEPTS_JSON = new Set(['*/*', 'application/json', 'application/json, */*', 'application/json; charset=utf-8']);

/** Where the hot path leaves an answer with errors for Apollo's executor (a symbol survives Apollo's shallow copy of the context). */
const PRECOMPUTED = Symbol('annals.hot.precomputed');

/** What the hot path did with a request it handed to Apollo: the result with errors, or what the compiled code threw. */
type Precomputed = { key: string } & ({ result: ExecutionResult } | { thrown: unknown });

/** Answers the hot path wrote, and results it handed to Apollo: tests read them; nothing else does. */
export const hotStats = { answered: 0, precomputed: 0 };

/**
 * The key of an operation name and a document (its text, or Apollo's hash of it). The name's length
 * first: no name and text can read as another name and text (a text may hold \0 in a comment).
 */
const keyOf = (operationName: string | undefined, document: string): string =>
  `${operationName?.length ?? -1}:${operationName ?? ''}\0${document}`;

const holderOf = (context: object) => context as Record<symbol, Precomputed | undefined>;

/** Leaves what the hot path did for Apollo's executor, and when it began for Apollo's log line. */
function handOver(context: object, started: number, precomputed: Precomputed): void {
  holderOf(context)[PRECOMPUTED] = precomputed;
  markStarted(context, started);
}

/** Whether a Content-Type is JSON (its media type, parameters aside), which Apollo's CSRF check lets through. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === 'application/json';
}

export class HotOperations {
  private readonly byText = new LRUCache<string, HotOperation>({
    max: HOT_OPERATIONS.maxEntries,
    maxSize: HOT_OPERATIONS.maxChars,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });
  private open = true;

  /** The cost limit Apollo's plugin applies too (one cache of estimates). */
  readonly cost: CostLimit;
  /** Apollo's stringifyResult too (apollo.ts): the same JSON and response-size limit. */
  readonly stringify: (value: unknown) => string;

  constructor(limits: Pick<Limits, 'maxCost' | 'maxResponseBytes'>) {
    this.cost = new CostLimit(limits.maxCost);
    this.stringify = stringifyWithin(limits.maxResponseBytes);
  }

  /** Called by the executor for each query Apollo runs: its text and operation name now take the hot path. */
  remember(text: string, operationName: string | undefined, hot: HotOperation): void {
    if (!this.open || hot.operation.operation !== 'query') return;
    const key = keyOf(operationName, text);
    if (!this.byText.has(key)) this.byText.set(key, hot);
  }

  /** Apollo is stopping: every request goes through it again (it refuses them once stopped). */
  close(): void {
    this.open = false;
    this.byText.clear();
  }

  /**
   * The JSON answer of a POST body (parsed) if the hot path may give it, else undefined: Apollo runs
   * the request, and if the hot path ran it with errors, Apollo's executor takes that result.
   */
  async answer(body: unknown, accept: string | undefined, context: Context): Promise<string | undefined> {
    const started = performance.now();
    if (!this.open || (accept !== undefined && !ACCEPTS_JSON.has(accept))) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    const name = operationName ?? undefined;
    const hot = this.byText.get(keyOf(name, query));
    // The name must be the operation's (Apollo refuses `operationName: ""` as an unknown operation).
    if (hot === undefined || (name !== undefined && name !== hot.operation.name?.value)) return undefined;
    const values = (variables ?? {}) as Record<string, unknown>;
    const definitions = hot.operation.variableDefinitions ?? [];
    try {
      // Refusals are Apollo's to word (graphql-js's coercion errors, the cost limit's).
      if (definitions.length > 0 && getVariableValues(hot.schema, definitions, values).errors !== undefined) return undefined;
      if (this.cost.refusal(hot.schema, hot.document, hot.operation, values, hot.queryHash) !== undefined) return undefined;
    } catch {
      return undefined;
    }
    const key = keyOf(name, hot.queryHash);
    let result: ExecutionResult;
    try {
      result = (await hot.compiled.query(undefined, context, values)) as ExecutionResult;
    } catch (thrown) {
      // A fault of the compiled code: Apollo's executor throws it again, and Apollo answers as it would have.
      handOver(context, started, { key, thrown });
      return undefined;
    }
    if (result.errors !== undefined && result.errors.length > 0) {
      handOver(context, started, { key, result });
      return undefined;
    }
    let text: string;
    try {
      text = this.stringify({ data: result.data });
    } catch {
      // Apollo stringifies it again and fails as it would have.
      handOver(context, started, { key, result });
      return undefined;
    }
    if (context.logger.isLevelEnabled('info'))
      logOperation(context, { operationName: hot.operation.name?.value ?? null, operation: 'query', started, errors: undefined });
    hotStats.answered += 1;
    return text;
  }
}

/**
 * The result the hot path computed for this request and operation (Apollo's hash and the operation
 * name it was asked for), taken once, or what its compiled code threw, thrown again; undefined when
 * the hot path did not run it.
 */
export function takePrecomputed(context: object, queryHash: string, operationName: string | undefined): ExecutionResult | undefined {
  const holder = holderOf(context);
  const precomputed = holder[PRECOMPUTED];
  if (precomputed === undefined || precomputed.key !== keyOf(operationName, queryHash)) return undefined;
  holder[PRECOMPUTED] = undefined;
  hotStats.precomputed += 1;
  if ('thrown' in precomputed) throw precomputed.thrown;
  return precomputed.result;
}
