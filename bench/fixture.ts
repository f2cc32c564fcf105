// What the load and side-by-side benches share: an embedded Neo4j with the seed (and optionally a
// generated archive), and the server as a separate process, as `npm start` runs it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GRAPH_SCHEMA_DIR, importSeed } from '../src/bootstrap.js';
import { ARRAY_DELIMITER, BulkCsvWriter, laterStatements, type BulkCsv } from '../src/dataset/bulk-csv.js';
import { planImport } from '../src/dataset/plan.js';
import { validateDataset } from '../src/dataset/validate.js';
import { createDriver, Executor, type Driver } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { prepareBulkImporter, runBulkImporter } from '../src/launcher/bulk-import.js';
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

/** How benchDatabase loads the generated archive. */
export type BenchLoader = 'transactional' | 'bulk';

/**
 * A fresh embedded Neo4j in a temporary folder with the graph schema, the seed and, if asked, a
 * generated archive; pluginDir (from neo4j-graphql/apoc.ts) loads APOC for the @neo4j/graphql column.
 *
 * `loader: 'transactional'` (the default) imports the archive chunk by chunk through the import
 * statements into the running database. `loader: 'bulk'` is for large sizes (L): each chunk is
 * validated and planned as for the transactional path (KnownLabels), its plan appended to the
 * importer's CSV files (src/dataset/bulk-csv.ts, one chunk in memory at a time), then
 * `neo4j-admin database import full` loads them into the empty database; Neo4j starts on it, the
 * graph schema is applied (its indexes built), the empty lists set, and the seed imported on top
 * transactionally, as the transactional fixture has it. Phase times go to stderr.
 */
export async function benchDatabase(opts: {
  size: ArchiveSize | '';
  heapMb: number;
  pageCacheMb: number;
  pluginDir?: string;
  /** Only the first chunks of the archive. */ chunks?: number;
  loader?: BenchLoader;
}): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-'));
  const bulk = opts.loader === 'bulk' && opts.size !== '';
  let csv: BulkCsv | undefined;
  const started = performance.now();
  const phase = (what: string, since: number) =>
    process.stderr.write(`bench: ${what} in ${Math.round((performance.now() - since) / 100) / 10} s\n`);
  try {
    if (bulk) csv = await bulkLoad(dataDir, opts.size as ArchiveSize, opts.chunks, opts.heapMb);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const neo4j = await startNeo4j({
    dataDir,
    boltPort: await freePort(),
    heapMb: opts.heapMb,
    pageCacheMb: opts.pageCacheMb,
    // A temporary data directory: an archive recorded at its stop would be deleted with it.
    classDataSharing: false,
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
    const schema = performance.now();
    if (csv !== undefined) {
      // A freshly imported store may take a while to come online on a busy machine: wait for it
      // (each try fails within the driver's 5 s acquisition timeout).
      for (let tries = 0; ; tries += 1) {
        const up = await executor.read({ cypher: 'RETURN 1 AS one', params: {} }).then(
          () => true,
          (err: unknown) => {
            if (tries >= 120) throw err;
            return false;
          },
        );
        if (up) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    // After a bulk load the indexes are populated here, awaited: the bench measures a graph whose indexes are online.
    await applyGraphSchema(executor, GRAPH_SCHEMA_DIR, csv === undefined ? {} : { awaitIndexesS: 86_400 });
    if (csv !== undefined) {
      for await (const fix of laterStatements(csv.later)) await executor.write(fix);
      rmSync(join(dataDir, 'bulk-import'), { recursive: true, force: true });
      phase('graph schema, indexes online, empty lists and text spanning lines set', schema);
    }
    await importSeed(executor, 'seed');
    if (opts.size !== '' && !bulk) {
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
    if (bulk) phase(`size ${opts.size} loaded by the bulk importer, end to end`, started);
  } catch (err) {
    await close();
    throw err;
  }
  return { neo4j, connection: { uri: neo4j.uri, ...neo4j.credentials }, driver, executor, close };
}

/**
 * The generated archive into the empty database of dataDir through Neo4j's importer: chunks
 * generated, validated, planned and written to the CSV files one at a time, then the importer.
 */
async function bulkLoad(dataDir: string, size: ArchiveSize, chunks: number | undefined, heapMb: number): Promise<BulkCsv> {
  const csvDir = join(dataDir, 'bulk-import');
  const phase = (what: string, since: number) =>
    process.stderr.write(`bench: ${what} in ${Math.round((performance.now() - since) / 100) / 10} s\n`);
  const writer = new BulkCsvWriter(csvDir);
  let csv: BulkCsv;
  try {
    const generating = performance.now();
    const known = new KnownLabels();
    for (const { index, dataset } of generateArchive({ size, seed: 1 })) {
      if (chunks !== undefined && index >= chunks) break;
      const { dataset: valid, issues } = validateDataset(
        [{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }],
        known,
      );
      if (!valid) throw new Error(`generated chunk ${index} is invalid: ${JSON.stringify(issues.slice(0, 3))}`);
      writer.add(planImport(valid));
      known.add(dataset);
      if (index % 20 === 19) {
        const { relationships } = writer.written;
        process.stderr.write(
          `bench: ${index + 1} chunks, ${relationships} relationships of CSV (${Math.round(relationships / ((performance.now() - generating) / 1000))}/s)\n`,
        );
      }
    }
    csv = writer.close();
    phase(`size ${size} generated, validated and written as ${csv.nodes} nodes and ${csv.relationships} relationships of CSV`, generating);
    // The launcher's build and the importer's class-data archive (once per build), apart from the importer's run.
    const jvmArgs = await prepareBulkImporter(Math.max(1024, heapMb), () => undefined);
    const importing = performance.now();
    await runBulkImporter({
      dataDir,
      nodes: csv.files.filter((f) => f.kind === 'nodes').map((f) => f.path),
      relationships: csv.files.filter((f) => f.kind === 'relationships').map((f) => f.path),
      arrayDelimiter: ARRAY_DELIMITER,
      longestLine: csv.longestLine,
      heapMb: Math.max(1024, heapMb),
      jvmArgs,
      progress: () => undefined,
    });
    const s = (performance.now() - importing) / 1000;
    phase(`neo4j-admin database import full (${Math.round(csv.relationships / s)} relationships/s)`, importing);
  } finally {
    writer.close();
    // The CSV files; the later file goes once its properties are set (or with dataDir on a failure).
    for (const f of readdirSync(csvDir)) if (f.endsWith('.csv')) rmSync(join(csvDir, f), { force: true });
  }
  return csv;
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
 * did before the build); the default, dist, is the compiled server as `npm start` runs it;
 * `{ dist: 'dist-base' }` (BENCH_DIST=dist-base) runs another build kept beside dist/ (e.g. a copy
 * of main's, for an A/B).
 */
export type ServerKind = 'dist' | 'tsx' | { dist: string };
export const defaultServerKind = (): ServerKind =>
  process.env['BENCH_SERVER'] === 'tsx' ? 'tsx' : process.env['BENCH_DIST'] ? { dist: process.env['BENCH_DIST'] } : 'dist';
export function serverCommand(nodeFlags: readonly string[] = [], kind: ServerKind = defaultServerKind()): string[] {
  if (kind === 'tsx') return [...nodeFlags, '--import', 'tsx', 'src/main.ts'];
  if (typeof kind === 'object') return [...nodeFlags, `${kind.dist}/main.js`];
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
