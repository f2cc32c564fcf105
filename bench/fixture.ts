// What the load and side-by-side benches share: an embedded Neo4j with the seed (and optionally a
// generated archive), and the server as a separate process, as `npm start` runs it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GRAPH_SCHEMA_DIR, importSeed } from '../src/bootstrap.js';
import { planImport } from '../src/dataset/plan.js';
import { validateDataset } from '../src/dataset/validate.js';
import { createDriver, Executor, type Driver } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { freePort } from '../src/launcher/free-port.js';
import { startNeo4j, type RunningNeo4j } from '../src/launcher/neo4j-launcher.js';
import { importStatements } from '../src/queries/import.js';
import { generateArchive, KnownLabels, type ArchiveSize } from './generate.js';

export const ROOT = resolve(import.meta.dirname, '..');

/** Where a bench process connects: the embedded database's URI and its neo4j password. */
export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string | undefined;
}

/** Environment for a server process on that database: the password by environment, never in argv. */
export function connectionEnv(c: Neo4jConnection): Record<string, string> {
  return { NEO4J_URI: c.uri, NEO4J_USER: c.user, ...(c.password === undefined ? {} : { NEO4J_PASSWORD: c.password }) };
}

export interface BenchDatabase {
  neo4j: RunningNeo4j;
  connection: Neo4jConnection;
  driver: Driver;
  executor: Executor;
  close(): Promise<void>;
}

/**
 * A fresh embedded Neo4j in a temporary folder with the graph schema, the seed and, if asked, a
 * generated archive; pluginDir (from neo4j-graphql/apoc.ts) loads APOC for the @neo4j/graphql column.
 */
export async function benchDatabase(opts: {
  size: ArchiveSize | '';
  heapMb: number;
  pageCacheMb: number;
  pluginDir?: string;
  /** Only the first chunks of the archive. */ chunks?: number;
  /** How the archive is loaded: transactions (the import path) or Neo4j's bulk importer. */
  loader?: 'bulk' | 'transactional';
}): Promise<BenchDatabase> {
  if (opts.loader === 'bulk') throw new Error('bulk loader not available');
  const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-'));
  const neo4j = await startNeo4j({
    dataDir,
    boltPort: await freePort(),
    heapMb: opts.heapMb,
    pageCacheMb: opts.pageCacheMb,
    ...(opts.pluginDir === undefined ? {} : { pluginDir: opts.pluginDir }),
  });
  const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
  const executor = new Executor({ driver });
  const close = async (): Promise<void> => {
    await driver.close().catch(() => undefined);
    await neo4j.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    await importSeed(executor, 'seed');
    if (opts.size !== '') {
      const known = new KnownLabels();
      for (const { index, dataset } of generateArchive({ size: opts.size, seed: 1 })) {
        if (opts.chunks !== undefined && index >= opts.chunks) break;
        const { dataset: valid, issues } = validateDataset(
          [{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }],
          known,
        );
        if (!valid) throw new Error(`generated chunk ${index} is invalid: ${JSON.stringify(issues.slice(0, 3))}`);
        await executor.writeAll(importStatements(planImport(valid)));
        known.add(dataset);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { neo4j, connection: { uri: neo4j.uri, ...neo4j.credentials }, driver, executor, close };
}

/**
 * A database some earlier run started and loaded, for quick iterations (its password in
 * NEO4J_PASSWORD: the annals-neo4j.auth file of its data directory); close() leaves it running.
 */
export function connectedDatabase(uri: string): Pick<BenchDatabase, 'driver' | 'executor' | 'close' | 'connection'> {
  const connection = { uri, user: process.env['NEO4J_USER'] ?? 'neo4j', password: process.env['NEO4J_PASSWORD'] };
  const driver = createDriver(connection);
  return { connection, driver, executor: new Executor({ driver }), close: () => driver.close() };
}

/**
 * How the server's entry point is run: BENCH_SERVER=tsx runs src/main.ts through tsx (as npm start
 * did before the build); the default, dist, is the compiled server as `npm start` runs it.
 */
export type ServerKind = 'dist' | 'tsx';
export const defaultServerKind = (): ServerKind => (process.env['BENCH_SERVER'] === 'tsx' ? 'tsx' : 'dist');
export function serverCommand(nodeFlags: readonly string[] = [], kind: ServerKind = defaultServerKind()): string[] {
  if (kind === 'tsx') return [...nodeFlags, '--import', 'tsx', 'src/main.ts'];
  return [...nodeFlags, 'dist/main.js'];
}

/**
 * The server in its own process (the compiled dist/main.js, as `npm start` runs it; built here when
 * missing or stale), so its memory and CPU are its own; resolves once ready. `nodeFlags` go to node
 * (e.g. --cpu-prof); `exited` resolves when the process has ended (after stop()).
 */
export async function serverProcess(
  neo4j: Neo4jConnection,
  env: Record<string, string> = {},
  nodeFlags: readonly string[] = [],
  kind: ServerKind = defaultServerKind(),
): Promise<{ url: string; pid: number; stop(): void; kill(): void; exited: Promise<number | null> }> {
  if (kind === 'dist') ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, serverCommand(nodeFlags, kind), {
    cwd: ROOT,
    env: { ...process.env, ...connectionEnv(neo4j), PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    i < 300 &&
    !(await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false));
    i += 1
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM'), kill: () => child.kill('SIGKILL'), exited };
}

/** Builds dist/ (as npm start's prestart: skipped when up to date) once per bench process. */
let built = false;
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['src/cli/build.js', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}
