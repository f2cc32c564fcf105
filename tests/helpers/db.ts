import { inject } from 'vitest';
import { createDriver, type Driver } from '../../src/db/executor.js';

/** A driver on the test database (the one global-setup started); the only way tests connect. */
export function testDriver(): Driver {
  return createDriver({ uri: inject('neo4jUri') });
}

/** Environment for a child process (CLI, server) that must use the test database. */
export function neo4jEnv(): Record<string, string> {
  return { NEO4J_URI: inject('neo4jUri') };
}
