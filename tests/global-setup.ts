import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { GRAPH_SCHEMA_DIR, importSeed } from '../src/bootstrap.js';
import { createDriver, Executor } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { startNeo4j, type RunningNeo4j } from '../src/launcher/neo4j-launcher.js';
import { freePort } from '../src/launcher/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    /** The password of user neo4j on the test database (auth is on, as in production). */
    neo4jPassword: string;
  }
}

let neo4j: RunningNeo4j | undefined;
let dataDir: string | undefined;

/** One embedded Neo4j for the whole run, on a free port, in a temporary folder, with the seed. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'annals-test-'));
  // No class-data archive: this data directory lives for one run, so recording one at its stop would be wasted.
  neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb: 768, pageCacheMb: 128, classDataSharing: false });
  const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
  try {
    const executor = new Executor({ driver });
    await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    await importSeed(executor, 'seed');
  } finally {
    await driver.close();
  }
  project.provide('neo4jUri', neo4j.uri);
  project.provide('neo4jPassword', neo4j.credentials.password);
}

export async function teardown(): Promise<void> {
  await neo4j?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
}
