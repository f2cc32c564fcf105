import { resolve } from 'node:path';
import { createDriver, Executor, type Driver } from './db/executor.js';
import { applyGraphSchema } from './db/schema.js';
import { readDatasetTexts, seedFiles } from './dataset/load.js';
import { importRecorded } from './domain/curation/import-dataset.js';
import type { ChangeRecord } from './domain/curation/change.js';
import { DatasetInvalidError, type ImportSummary } from './domain/import.js';
import { startNeo4j } from './launcher/neo4j-launcher.js';
import { DEFAULT_RESTART_POLICY, superviseNeo4j, type SupervisedNeo4j } from './launcher/supervisor.js';
import { defaultCurator, type Config } from './config.js';
import type { Logger } from './logger.js';
import { entityCount } from './queries/stats.js';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const GRAPH_SCHEMA_DIR = resolve(ROOT, 'schema/graph');

export interface Database {
  driver: Driver;
  executor: Executor;
  database: string | undefined;
  /** The embedded Neo4j we started and keep restarting, if any. */
  embedded: SupervisedNeo4j | null;
  close(): Promise<void>;
}

/** Connects to NEO4J_URI, or starts the embedded launcher when it is unset; applies the graph schema. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: SupervisedNeo4j | null = null;
  let connection = { uri: config.NEO4J_URI ?? '', user: config.NEO4J_USER, password: config.NEO4J_PASSWORD };
  if (config.NEO4J_URI === undefined) {
    const started = Date.now();
    const launch = () =>
      startNeo4j({
        dataDir: config.ANNALS_DATA_DIR,
        boltPort: config.ANNALS_BOLT_PORT,
        heapMb: config.ANNALS_NEO4J_HEAP_MB,
        pageCacheMb: config.ANNALS_NEO4J_PAGECACHE_MB,
        progress: (line) => logger.info(line),
      });
    embedded = await superviseNeo4j(launch, logger, { ...DEFAULT_RESTART_POLICY, maxRestarts: config.ANNALS_NEO4J_RESTARTS });
    // The password comes from the data directory's auth file, read by the launcher.
    connection = { uri: embedded.uri, user: embedded.credentials.user, password: embedded.credentials.password };
    logger.info(
      { uri: embedded.uri, jvmPid: embedded.pid, dataDir: config.ANNALS_DATA_DIR, ms: Date.now() - started },
      'embedded Neo4j is ready',
    );
  } else {
    logger.info({ uri: connection.uri }, 'using the Neo4j server of NEO4J_URI');
  }
  const driver = createDriver({ ...connection, database: config.NEO4J_DATABASE });
  const executor = new Executor({ driver, database: config.NEO4J_DATABASE });
  const close = async (): Promise<void> => {
    await driver.close();
    await embedded?.stop();
  };
  try {
    const statements = await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    logger.debug({ statements }, 'graph schema applied');
  } catch (err) {
    await close();
    throw err;
  }
  return { driver, executor, database: config.NEO4J_DATABASE, embedded, close };
}

/**
 * Imports the seed folder (all or nothing) as any import is: recorded as one change by `curator`
 * (ANNALS_CURATOR, else the OS user), the first seed of an empty graph included.
 */
export async function importSeed(
  executor: Executor,
  seedDir: string,
  curator: string = defaultCurator(),
): Promise<ImportSummary & { change: ChangeRecord | null }> {
  const { texts, issues } = readDatasetTexts(seedFiles(resolve(ROOT, seedDir)));
  if (issues.length > 0) throw new DatasetInvalidError(issues);
  return importRecorded(executor, curator, texts);
}

/** Imports the seed only when the graph holds no entity yet. */
export async function seedIfEmpty(executor: Executor, seedDir: string, logger: Logger): Promise<void> {
  const [row] = await executor.read(entityCount());
  if ((row?.count ?? 0) > 0) return;
  const { change, ...summary } = await importSeed(executor, seedDir);
  logger.info({ ...summary, change: change?.id, curator: change?.curator }, 'seeded the empty graph');
}
