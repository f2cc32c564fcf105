import { inject } from 'vitest';
import { createDriver, type Driver } from '../../src/db/executor.js';

/** A driver on the test database (the one global-setup started); the only way tests connect. `uri` reaches it another way (a proxy). */
export function testDriver(uri: string = inject('neo4jUri')): Driver {
  return createDriver({ uri, user: 'neo4j', password: inject('neo4jPassword') });
}

/**
 * Environment for a child process (CLI, server) that must use the test database. The password
 * goes by environment, readable only by this user (and root) in /proc/<pid>/environ, never in argv.
 */
export function neo4jEnv(): Record<string, string> {
  return { NEO4J_URI: inject('neo4jUri'), NEO4J_USER: 'neo4j', NEO4J_PASSWORD: inject('neo4jPassword') };
}
