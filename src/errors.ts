import { GraphQLError } from 'graphql';
import { ArgumentError } from './model/arguments.js';

/** The public error codes, sent in `extensions.code`; clients may switch on them. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The HTTP request itself is wrong (a malformed URL or body, a method or content type the route does not take). */
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** The connection was lost while a write committed: it may have taken effect. Retry with the same idempotencyKey. */
  WRITE_OUTCOME_UNKNOWN: 'WRITE_OUTCOME_UNKNOWN',
  /** The answer would be over ANNALS_MAX_RESPONSE_BYTES (or the request's object budget): ask for less. */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** Too much expensive work at once (or the database out of memory or connections): retry after `retryAfterSeconds`. */
  OVERLOADED: 'OVERLOADED',
  /** An import ran out of its time budget (ANNALS_IMPORT_TIMEOUT_MS); nothing was written. */
  IMPORT_TIMEOUT: 'IMPORT_TIMEOUT',
  /** Trusted documents are on (ANNALS_TRUSTED_DOCUMENTS): only registered operations run, sent by hash. */
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base of every error Annals raises on purpose: its message is safe to show to clients. */
export class AnnalsError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
  get code(): ErrorCode {
    return this.extensions['code'] as ErrorCode;
  }
}

/** Bad input: `field` names the argument or input path that is wrong. */
export function badInput(message: string, field?: string): AnnalsError {
  return new AnnalsError(ErrorCode.BAD_USER_INPUT, message, field === undefined ? {} : { field });
}

/**
 * Runs argument checks of model/arguments.ts: a bad argument comes out as BAD_USER_INPUT, naming
 * it (`field`, and `limit` and `max` when the check gives them). Anything else passes through.
 */
export function checkArguments<T>(checks: () => T): T {
  try {
    return checks();
  } catch (e) {
    if (e instanceof ArgumentError) throw new AnnalsError(ErrorCode.BAD_USER_INPUT, e.message, { field: e.field, ...e.details });
    throw e;
  }
}

/** Seconds a client should wait before retrying an OVERLOADED request (sent as Retry-After too). */
export const RETRY_AFTER_SECONDS = 1;

/** Overload: the work was refused (or stopped) to keep the server responsive; the same request may succeed shortly. */
export function overloaded(message: string): AnnalsError {
  // Made by the thousand under attack, and never logged: without a stack trace. Capturing one and
  // formatting it through source maps (graphql-js reads it) cost more than the rest of the refusal.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AnnalsError(ErrorCode.OVERLOADED, message, { retryAfterSeconds: RETRY_AFTER_SECONDS, http: { status: 503 } });
  } finally {
    Error.stackTraceLimit = limit;
  }
}
