import { resolve } from 'node:path';
import { createDriver, Executor, verifyConnectivity, type Driver } from './db/executor.js';
import { applyGraphSchema } from './db/schema.js';
import { readDatasetTexts, seedFiles } from './dataset/load.js';
import { importRecorded } from './domain/curation/import-dataset.js';
import type { ChangeRecord } from './domain/curation/change.js';
import { DatasetInvalidError, type ImportSummary } from './domain/import.js';
import { readAuthFile } from './launcher/auth-file.js';
import { embeddedLaunchOptions, LauncherError, startNeo4j, type RunningNeo4j, type StartingNeo4j } from './launcher/neo4j-launcher.js';
import { readRunningFile } from './launcher/running-file.js';
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
  /** How the graph was reached: NEO4J_URI, an embedded Neo4j started here, or one already running on the data directory. */
  how: 'remote' | 'started' | 'attached';
  uri: string;
  close(): Promise<void>;
}

/** The steps of a start, each announced once: a person watching a terminal sees where the time goes. */
export type StartPhase = 'jars' | 'neo4j' | 'schema' | 'seed' | 'graphql' | 'ready';

export interface OpenOptions {
  /**
   * Use the embedded Neo4j already running on the data directory (`npm start`, or another command)
   * when there is one, and start one only when none runs: the commands of the CLI. The server
   * starts its own (it outlives any command).
   */
  attach?: boolean;
  /** Progress of each phase (default: info lines of the logger with a `phase` field). */
  onPhase?: (phase: StartPhase, message: string) => void;
  /**
   * An embedded Neo4j already being started on config's data directory and port (`npm start` starts
   * it before loading the server's modules): used as the first start; restarts start their own.
   */
  firstStart?: StartingNeo4j;
}

/** How long a command waits for a Neo4j that another process is starting on the same data directory. */
const STARTING_ELSEWHERE_MS = 180_000;

/**
 * The embedded Neo4j that runs on config's data directory, if one does and answers to the data
 * directory's password: its port from the running file (see launcher/running-file.ts), else
 * ANNALS_BOLT_PORT (a server started before that file existed). Nothing is started here.
 */
export async function connectRunning(
  config: Config,
): Promise<{ driver: Driver; uri: string } | { driver: null; why: string; starting: boolean }> {
  const credentials = readAuthFile(config.ANNALS_DATA_DIR);
  if (credentials === undefined) return { driver: null, why: `no embedded Neo4j has run in ${config.ANNALS_DATA_DIR}`, starting: false };
  const running = readRunningFile(config.ANNALS_DATA_DIR);
  const uri = `bolt://127.0.0.1:${running?.boltPort ?? config.ANNALS_BOLT_PORT}`;
  const driver = createDriver({ uri, user: credentials.user, password: credentials.password });
  try {
    await verifyConnectivity(driver);
    return { driver, uri };
  } catch (err) {
    await driver.close().catch(() => undefined);
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    return {
      driver: null,
      why: `no embedded Neo4j answers for ${config.ANNALS_DATA_DIR} (${uri}: ${first})`,
      starting: running !== undefined,
    };
  }
}

/**
 * Connects to NEO4J_URI, or to the embedded Neo4j: started here, or (with `attach`) the one already
 * running on the data directory; applies the graph schema unless attached (its starter did).
 */
export async function openDatabase(config: Config, logger: Logger, options: OpenOptions = {}): Promise<Database> {
  const onPhase = options.onPhase ?? ((phase: StartPhase, message: string) => logger.info({ phase }, message));
  let embedded: SupervisedNeo4j | null = null;
  let connection = { uri: config.NEO4J_URI ?? '', user: config.NEO4J_USER, password: config.NEO4J_PASSWORD };
  if (config.NEO4J_URI === undefined && options.attach === true) {
    const attached = await attachOrNull(config, onPhase);
    if (attached !== null) return attached;
  }
  if (config.NEO4J_URI === undefined) {
    let first = options.firstStart;
    const started = first?.startedAt ?? Date.now();
    const progress = (line: string): void => onPhase(/^annals: (fetch|still|launcher built)/.test(line) ? 'jars' : 'neo4j', line);
    const launch = (): Promise<RunningNeo4j> => {
      if (first !== undefined) {
        const early = first.neo4j;
        first = undefined;
        return early;
      }
      return startNeo4j(embeddedLaunchOptions(config, progress));
    };
    onPhase(
      'neo4j',
      `starting the embedded Neo4j (data in ${config.ANNALS_DATA_DIR}, Bolt on 127.0.0.1:${config.ANNALS_BOLT_PORT}; 10–30 s)…`,
    );
    first?.progress(progress);
    try {
      embedded = await superviseNeo4j(launch, logger, { ...DEFAULT_RESTART_POLICY, maxRestarts: config.ANNALS_NEO4J_RESTARTS });
    } catch (err) {
      // Another command or server was starting it at the same moment: use it once it answers.
      if (options.attach === true && err instanceof LauncherError && err.code === 'DATA_DIR_IN_USE') {
        const attached = await waitForRunning(config, onPhase);
        if (attached !== null) return attached;
      }
      throw err;
    }
    // The password comes from the data directory's auth file, read by the launcher.
    connection = { uri: embedded.uri, user: embedded.credentials.user, password: embedded.credentials.password };
    const ms = Date.now() - started;
    const classData = {
      used: 'class-data archive used',
      recording: 'class-data archive recorded when it stops',
      off: 'no class-data archive',
    }[embedded.classData];
    logger.info(
      { phase: 'neo4j', uri: embedded.uri, jvmPid: embedded.pid, dataDir: config.ANNALS_DATA_DIR, ms, classData: embedded.classData },
      `embedded Neo4j is ready in ${ms} ms (${classData})`,
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
    const schemaStarted = Date.now();
    onPhase('schema', 'applying the graph schema (constraints and indexes)…');
    const { statements, applied } = await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    const ms = Date.now() - schemaStarted;
    logger.info(
      { phase: 'schema', ms, statements, applied },
      `graph schema ready in ${ms} ms (${applied} of ${statements} statements needed: the rest were in place)`,
    );
  } catch (err) {
    await close();
    throw err;
  }
  return {
    driver,
    executor,
    database: config.NEO4J_DATABASE,
    embedded,
    how: embedded === null ? 'remote' : 'started',
    uri: connection.uri,
    close,
  };
}

async function attachOrNull(config: Config, onPhase: (phase: StartPhase, message: string) => void): Promise<Database | null> {
  const found = await connectRunning(config);
  if (found.driver === null) return found.starting ? waitForRunning(config, onPhase) : null;
  onPhase('neo4j', `using the embedded Neo4j already running on ${config.ANNALS_DATA_DIR} (${found.uri})`);
  const executor = new Executor({ driver: found.driver });
  const driver = found.driver;
  return { driver, executor, database: undefined, embedded: null, how: 'attached', uri: found.uri, close: () => driver.close() };
}

/** Waits (bounded) for the Neo4j another process is starting on the data directory to answer. */
async function waitForRunning(config: Config, onPhase: (phase: StartPhase, message: string) => void): Promise<Database | null> {
  onPhase('neo4j', `another process is starting the embedded Neo4j of ${config.ANNALS_DATA_DIR}: waiting for it…`);
  for (const deadline = Date.now() + STARTING_ELSEWHERE_MS; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const found = await connectRunning(config);
    if (found.driver !== null) {
      onPhase('neo4j', `using the embedded Neo4j already running on ${config.ANNALS_DATA_DIR} (${found.uri})`);
      const driver = found.driver;
      return {
        driver,
        executor: new Executor({ driver }),
        database: undefined,
        embedded: null,
        how: 'attached',
        uri: found.uri,
        close: () => driver.close(),
      };
    }
  }
  return null;
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
  const started = Date.now();
  const [row] = await executor.read(entityCount());
  const entities = row?.count ?? 0;
  if (entities > 0) {
    const ms = Date.now() - started;
    logger.info({ phase: 'seed', ms, seeded: false }, `the graph holds ${entities} entities: no seed needed (checked in ${ms} ms)`);
    return;
  }
  logger.info({ phase: 'seed' }, `seeding the empty graph from ${seedDir}…`);
  const { change, ...summary } = await importSeed(executor, seedDir);
  const ms = Date.now() - started;
  logger.info(
    { phase: 'seed', ms, seeded: true, ...summary, change: change?.id, curator: change?.curator },
    `seeded the empty graph in ${ms} ms`,
  );
}
