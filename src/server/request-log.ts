import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';

/** One log line per GraphQL operation, on the request's own logger (it carries the request id): request id, operation name and type, duration, round trips, error codes. */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      // Below info (LOG_LEVEL=warn), no listener: nothing to measure or build per request.
      if (!contextValue.logger.isLevelEnabled('info')) return;
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, errors, contextValue: ctx }) {
          (ctx ?? contextValue).logger.info(
            {
              operationName: operationName ?? null,
              operation: operation?.operation ?? null,
              ms: Math.round(performance.now() - started),
              roundTrips: (ctx ?? contextValue).executor.counter.count,
              errors: errors?.map((e) => e.extensions['code'] ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
