import { userInfo } from 'node:os';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const ConfigSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().default('127.0.0.1'),
  NEO4J_URI: optional,
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: optional,
  NEO4J_DATABASE: optional,
  ANNALS_DATA_DIR: z.string().default('.annals'),
  ANNALS_BOLT_PORT: port.default(7687),
  ANNALS_NEO4J_HEAP_MB: z.coerce.number().int().min(128).default(512),
  ANNALS_NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).default(256),
  /** Restarts of a crashed embedded Neo4j allowed within 10 minutes before giving up (0: never restart). */
  ANNALS_NEO4J_RESTARTS: z.coerce.number().int().min(0).default(5),
  ANNALS_SEED_DIR: z.string().default('seed'),
  ANNALS_TOKENS: optional,
  ANNALS_READ_TOKEN: optional,
  ANNALS_CURATOR: optional,
  /** A persisted-documents manifest (hash → document): only its operations run, except for write tokens. */
  ANNALS_TRUSTED_DOCUMENTS: optional,
  ANNALS_IMPORT_TIMEOUT_MS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(1).optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: human lines on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Reads configuration from the environment; throws one readable message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

export const DEFAULT_IMPORT_TIMEOUT_MS = 120_000;

/**
 * The time budget of one import (ANNALS_IMPORT_TIMEOUT_MS, default 120 s): the server-side limit
 * of its transaction, apart from the query timeout because a large import is no runaway query.
 * Read at each import, so the budget follows the environment of the process that runs it.
 */
export function importTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = ConfigSchema.shape.ANNALS_IMPORT_TIMEOUT_MS.safeParse(env['ANNALS_IMPORT_TIMEOUT_MS']);
  if (!parsed.success)
    throw new Error('Invalid configuration: ANNALS_IMPORT_TIMEOUT_MS must be a whole number of milliseconds, at least 1');
  return parsed.data ?? DEFAULT_IMPORT_TIMEOUT_MS;
}

/** Who the history names for writes made outside the API (CLI, seed): ANNALS_CURATOR, else the OS user. */
export function defaultCurator(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['ANNALS_CURATOR']?.trim();
  if (configured) return configured;
  try {
    return userInfo().username || 'unknown';
  } catch {
    // No passwd entry (some containers run under a bare uid).
    return 'unknown';
  }
}
