import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AnnalsError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

// Codes graphql-js and Apollo assign to problems with the request itself; safe to pass through.
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Codes clients act on as they are; the others become BAD_USER_INPUT. */
const KEPT_CODES = new Set([
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Keeps errors raised on purpose (AnnalsError) and request errors; masks anything else as
 * INTERNAL_SERVER_ERROR after logging it, so no stack trace or driver message reaches a client.
 */
export function makeFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AnnalsError) {
      // `http` is for the transport (status), not for clients.
      const { http: _http, ...extensions } = original.extensions;
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && REQUEST_CODES.has(code)) {
      // graphql-js coercion errors (e.g. an Int above 2^31) are input errors with their own code.
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      // APQ clients (Apollo's persisted-queries link) resend the query text on PERSISTED_QUERY_NOT_FOUND: keep those codes.
      const kept = KEPT_CODES.has(code);
      return { ...formatted, extensions: { ...extensions, code: kept ? code : ErrorCode.BAD_USER_INPUT } };
    }
    // Apollo's own refusals of a request without a code ("provided sha does not match query", an
    // APQ hash sent with another text; Apollo codes them INTERNAL_SERVER_ERROR) carry a 4xx status:
    // the client's mistake, not ours.
    const status = original instanceof GraphQLError ? (original.extensions['http'] as { status?: number } | undefined)?.status : undefined;
    if ((code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) && status !== undefined && status >= 400 && status < 500)
      return { message: formatted.message, extensions: { code: ErrorCode.BAD_REQUEST } };
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a request');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
