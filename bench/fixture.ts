// What the load and side-by-side benches share: an embedded Neo4j with the seed (and optionally a
// generated archive), and the server as a separate process, as `npm start` runs it.
import { spawn } from 'node:child_process';
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

export interface BenchDatabase {
  neo4j: RunningNeo4j;
  driver: Driver;
  executor: Executor;
  close(): Promise<void>;
}

/**
 * A fresh embedded Neo4j in a temporary folder with the graph schema, the seed and, if asked, a
 * generated archive; pluginDir (from neo4j-graphql/apoc.ts) loads APOC for the @neo4j/graphql column.
 */
export async function benchDatabase(opts: { size: ArchiveSize | ''; heapMb: number; pageCacheMb: number; pluginDir?: string; /** Only the first chunks of the archive. */ chunks?: number }): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-'));
  const neo4j = await startNeo4j({
    dataDir,
    boltPort: await freePort(),
    heapMb: opts.heapMb,
    pageCacheMb: opts.pageCacheMb,
    ...(opts.pluginDir === undefined ? {} : { pluginDir: opts.pluginDir }),
  });
  const driver = createDriver({ uri: neo4j.uri });
  const executor = new Executor(driver, undefined);
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
        const { dataset: valid, issues } = validateDataset([{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }], known);
        if (!valid) throw new Error(`generated chunk ${index} is invalid: ${JSON.stringify(issues.slice(0, 3))}`);
        await executor.writeAll(importStatements(planImport(valid)));
        known.add(dataset);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { neo4j, driver, executor, close };
}

/** A database some earlier run started and loaded, for quick iterations; close() leaves it running. */
export function connectedDatabase(uri: string): Pick<BenchDatabase, 'driver' | 'executor' | 'close'> & { neo4j: { uri: string } } {
  const driver = createDriver({ uri });
  return { neo4j: { uri }, driver, executor: new Executor(driver, undefined), close: () => driver.close() };
}

/** The server in its own process (tsx src/main.ts), so its memory and CPU are its own; resolves once ready. */
export async function serverProcess(neo4jUri: string, env: Record<string, string> = {}): Promise<{ url: string; pid: number; stop(): void; kill(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NEO4J_URI: neo4jUri, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && !(await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false)); i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM'), kill: () => child.kill('SIGKILL') };
}
