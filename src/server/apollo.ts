import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { resolvers, sdlSchema, typeDefsDocument } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import type { Context } from '../graphql/context.js';
import { makeFormatError } from './errors.js';
import { boundListResolvers } from '../graphql/bounds.js';
import { overloadStatusPlugin } from './fair-share.js';
import { CostLimit, costLimitPlugin } from './cost.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { parseOptions } from './parse-limits.js';
import { validationRules } from './validation-rules.js';
import { requestLogPlugin } from './request-log.js';
import { jitGateway } from './jit-executor.js';
import { stringifyWithin } from './response-json.js';
import type { HotOperations } from './hot-operations.js';

/** How the HTTP server in front of Apollo is drained when Apollo stops. */
export interface Drain {
  httpServer: Server;
  /** How long requests in flight may take to finish before their connections are cut (default 10 s). */
  gracePeriodMs?: number;
}

/**
 * The Apollo Server of Annals. With `drain`, its stop() first drains that HTTP server (Apollo's
 * drain plugin: no new connections, idle ones closed, requests in flight finish up to the grace
 * period); without it, there is no transport (tests and `annals query` call executeOperation).
 */
export function createApollo(
  logger: Logger,
  limits: Limits = DEFAULT_LIMITS,
  drain?: Drain,
  /** Called with the schema Apollo serves once it has loaded it (for /schema.graphql). */
  onSchema?: (schema: GraphQLSchema) => void,
  /** The hot path of repeated queries (http.ts asks it first); it needs graphql-jit. */
  hot?: HotOperations,
): ApolloServer<Context> {
  // The SDL parsed once (graphql/schema.ts), not its text; every list of objects returns at most its
  // `first` or cap, as the cost estimate assumes.
  const schema = makeExecutableSchema({ typeDefs: typeDefsDocument, resolvers: boundListResolvers(sdlSchema, resolvers) });
  return new ApolloServer<Context>({
    // The schema either way; with graphql-jit, Apollo's gateway hook hands it over with the executor.
    ...(limits.executor === 'jit' ? { gateway: jitGateway(schema, undefined, hot) } : { schema }),
    formatError: makeFormatError(logger),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    stringifyResult: hot?.stringify ?? stringifyWithin(limits.maxResponseBytes),
    introspection: limits.introspection,
    // Chosen, not defaulted: APQ on (Apollo's bounded in-memory LRU cache, Apollo's hash check) or off (PERSISTED_QUERY_NOT_SUPPORTED).
    persistedQueries: limits.persistedQueries ? {} : false,
    // Refused before execution: tokens at parse time, depth, aliases and directives at validation;
    // cost in its plugin, which sees the variables.
    parseOptions: parseOptions(limits),
    validationRules: validationRules(limits),
    // No CDN-loaded landing page: the explorer at / is the page, and it is bundled.
    // Cache-control hints are not used here, and the plugin would wrap every field resolution.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin<Context>(hot?.cost ?? new CostLimit(limits.maxCost)),
      requestLogPlugin(),
      overloadStatusPlugin(),
      ...(onSchema === undefined
        ? []
        : [
            {
              serverWillStart: async () => ({
                schemaDidLoadOrUpdate: ({ apiSchema }: { apiSchema: GraphQLSchema }) => onSchema(apiSchema),
              }),
            },
          ]),
      ...(hot === undefined ? [] : [{ serverWillStart: async () => ({ serverWillStop: async () => hot.close() }) }]),
      ...(drain === undefined
        ? []
        : [ApolloServerPluginDrainHttpServer({ httpServer: drain.httpServer, stopGracePeriodMillis: drain.gracePeriodMs ?? 10_000 })]),
    ],
    // server/run.ts owns shutdown on SIGINT/SIGTERM: HTTP and Apollo (stop()), the driver, then the JVM, in that order.
    stopOnTerminationSignals: false,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
}
