import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context.js';

/** Set on a request's context by whoever began running it before Apollo did (hot-operations.ts); a symbol survives Apollo's shallow copy. */
const STARTED = Symbol('annals.operation.started');

/** Records when a request's operation began, for its log line. */
export function markStarted(context: object, started: number): void {
  (context as Record<symbol, number | undefined>)[STARTED] = started;
}

const startedAt = (context: object): number | undefined => (context as Record<symbol, number | undefined>)[STARTED];

/** What one log line says of a GraphQL operation. */
export interface OperationLine {
  operationName: string | null;
  operation: string | null;
  started: number;
  errors: readonly GraphQLError[] | undefined;
}

/** The line of one GraphQL operation, on the request's own logger (it carries the request id): operation name and type, duration, round trips, error codes. */
export function logOperation(context: Context, { operationName, operation, started, errors }: OperationLine): void {
  context.logger.info(
    {
      operationName,
      operation,
      ms: Math.round(performance.now() - started),
      roundTrips: context.executor.counter.count,
      errors: errors?.map((e) => e.extensions['code'] ?? 'INTERNAL_SERVER_ERROR'),
    },
    'graphql operation',
  );
}

/** One log line per GraphQL operation Apollo runs (the hot path of hot-operations.ts writes the same line). */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      // Below info (LOG_LEVEL=warn), no listener: nothing to measure or build per request.
      if (!contextValue.logger.isLevelEnabled('info')) return;
      // A repeat the hot path ran first (and handed over with its errors) counts from the hot path's start.
      const started = startedAt(contextValue) ?? performance.now();
      return {
        async willSendResponse({ operationName, operation, errors, contextValue: ctx }) {
          logOperation(ctx ?? contextValue, {
            operationName: operationName ?? null,
            operation: operation?.operation ?? null,
            started,
            errors,
          });
        },
      };
    },
  };
}
