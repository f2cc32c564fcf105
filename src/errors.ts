import { GraphQLError } from 'graphql';

/** The public error codes, sent in `extensions.code`; clients may switch on them. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** An import ran out of its time budget (ANNALS_IMPORT_TIMEOUT_MS); nothing was written. */
  IMPORT_TIMEOUT: 'IMPORT_TIMEOUT',
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
