import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, getVariableValues, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { takePrecomputed, type HotOperations } from './hot-operations.js';

type Gateway = ApolloServerOptionsWithGateway<object>['gateway'];
type GatewayExecutor = Awaited<ReturnType<Gateway['load']>>['executor'];

/** How many compiled operations are kept (the least recently used goes first). */
export const COMPILED_CACHE_SIZE = 500;

/** Counts, for tests: documents compiled, and executions that fell back to graphql-js. */
export const jitStats = { compiled: 0, fallbacks: 0 };

/**
 * graphql-jit's answer as graphql-js would give it: `errors` before `data` (the JSON's key order),
 * and each error a graphql-js GraphQLError with its path, locations, extensions and original error.
 * graphql-jit's own error class inherits GraphQLError's prototype but not its constructor: it may
 * have no `extensions` object, on which Apollo's error formatting fails (it then answers a bare
 * "Internal server error" without path, and our formatError never sees the error to log it).
 */
function asGraphqlJsResult(result: ExecutionResult): ExecutionResult {
  if (result.errors === undefined || result.errors.length === 0) return { data: result.data };
  const errors = result.errors.map((e) => {
    if (e.constructor === GraphQLError) return e;
    const error = new GraphQLError(e.message, {
      path: e.path,
      originalError: e.originalError ?? new Error(e.message),
      extensions: e.extensions,
    });
    // The locations graphql-jit computed (graphql-js derives them from field nodes, not given here).
    if (e.locations !== undefined) Object.defineProperty(error, 'locations', { value: e.locations, enumerable: true });
    return error;
  });
  return { errors, data: result.data };
}

/**
 * Executes with graphql-jit: each operation (by Apollo's hash of the document text and the
 * operation name) is compiled once into a JavaScript function, kept in a bounded LRU, and run on
 * every later request (with `hot`, a query is also remembered by its text for the hot path of
 * hot-operations.ts); an operation graphql-jit cannot compile runs on graphql-js's execute.
 * Apollo Server 5 has no executor option: its `gateway` interface (load() returning the executor,
 * onSchemaLoadOrUpdate handing over the schema) is the hook. Parsing, validation and every plugin
 * hook run as before: Apollo calls the gateway's executor where it would call execute().
 */
export function jitGateway(schema: GraphQLSchema, cacheSize = COMPILED_CACHE_SIZE, hot?: HotOperations): Gateway {
  // false: graphql-jit could not compile it (remembered too, so it is not tried on every request).
  const compiled = new LRUCache<string, CompiledQuery | false>({ max: cacheSize });
  const executor: GatewayExecutor = async (request) => {
    const { document, operation, queryHash } = request;
    // What the client asked for (request.operationName is the name of the operation Apollo found, if any).
    const operationName = request.request.operationName ?? undefined;
    const variables = request.request.variables ?? {};
    const fallback = (): ExecutionResult => {
      jitStats.fallbacks += 1;
      return execute({ schema, document, contextValue: request.context, variableValues: variables, operationName }) as ExecutionResult;
    };
    // graphql-js words the refusals (no such operation, variables that do not coerce) and Apollo
    // codes them by their wording and nodes (BAD_USER_INPUT, OPERATION_RESOLUTION_FAILURE): those
    // requests run on graphql-js, so their errors stay exactly as they were.
    if (operation === undefined) return fallback();
    // The hot path already ran this operation for this request and got errors: Apollo words them.
    const precomputed = takePrecomputed(request.context, queryHash, operationName);
    if (precomputed !== undefined) return asGraphqlJsResult(precomputed);
    if ((operation.variableDefinitions?.length ?? 0) > 0 && getVariableValues(schema, operation.variableDefinitions!, variables).errors)
      return fallback();
    const key = `${queryHash}\0${operationName ?? ''}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName);
      query = isCompiledQuery(result) ? result : false;
      if (query !== false) jitStats.compiled += 1;
      compiled.set(key, query);
    }
    if (query === false) return fallback();
    if (hot !== undefined && request.source !== undefined)
      hot.remember(request.source, operationName, { schema, document, operation, queryHash, compiled: query });
    return asGraphqlJsResult((await query.query(undefined, request.context, variables)) as ExecutionResult);
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
