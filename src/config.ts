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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
