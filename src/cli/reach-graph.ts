// For `annals validate`: the graph if one is reachable without starting anything, and, when none
// is, where ids the given files refer to are defined among the other dataset files at hand.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Config } from '../config.js';
import { createDriver, Executor, verifyConnectivity } from '../db/executor.js';
import { readDatasetFiles } from '../dataset/load.js';
import { connectRunning } from '../bootstrap.js';

export type ReachedGraph = { reached: true; uri: string; executor: Executor; close(): Promise<void> } | { reached: false; why: string };

const reason = (err: unknown): string => (err instanceof Error ? err.message.split('\n')[0]! : String(err));

/**
 * NEO4J_URI if set, else the embedded Neo4j of ANNALS_DATA_DIR if it is running (its running file
 * gives the port, its password file the login; see bootstrap's connectRunning). Nothing is started,
 * no schema applied.
 */
export async function reachGraph(config: Config): Promise<ReachedGraph> {
  if (config.NEO4J_URI === undefined) {
    const found = await connectRunning(config);
    if (found.driver === null) return { reached: false, why: `NEO4J_URI is unset and ${found.why}` };
    const driver = found.driver;
    return { reached: true, uri: found.uri, executor: new Executor({ driver }), close: () => driver.close() };
  }
  const settings = {
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    ...(config.NEO4J_PASSWORD === undefined ? {} : { password: config.NEO4J_PASSWORD }),
  };
  const driver = createDriver({ ...settings, ...(config.NEO4J_DATABASE === undefined ? {} : { database: config.NEO4J_DATABASE }) });
  try {
    await verifyConnectivity(driver, config.NEO4J_DATABASE);
  } catch (err) {
    await driver.close().catch(() => undefined);
    return { reached: false, why: `${settings.uri} did not answer: ${reason(err)}` };
  }
  return {
    reached: true,
    uri: settings.uri,
    executor: new Executor({ driver, ...(config.NEO4J_DATABASE === undefined ? {} : { database: config.NEO4J_DATABASE }) }),
    close: () => driver.close(),
  };
}

/** Dataset files looked through for definitions: at most this many, each at most this large. */
const MAX_FILES = 200;
const MAX_BYTES = 5_000_000;

function datasetFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Where an id that the given files do not define is defined: looked up, on first need, in the other
 * dataset files beside them and in the seed's data folder. Answers the hint that validation adds
 * to "unknown id".
 */
export function definitionsElsewhere(files: string[], seedDir: string, cwd: string = process.cwd()): (id: string) => string {
  let index: Map<string, string> | undefined;
  const build = (): Map<string, string> => {
    const given = new Set(files.map((f) => resolve(cwd, f)));
    const folders = [...new Set([...given].map((f) => dirname(f))), join(seedDir, 'data')];
    const candidates = [...new Set(folders.flatMap(datasetFilesIn))]
      .filter((f) => !given.has(f))
      .filter((f) => {
        try {
          return statSync(f).size <= MAX_BYTES;
        } catch {
          return false;
        }
      })
      .slice(0, MAX_FILES);
    const found = new Map<string, string>();
    const { docs } = readDatasetFiles(candidates, cwd);
    for (const doc of docs) {
      const data = doc.data as Record<string, unknown> | null;
      for (const section of ['sources', 'entities', 'findings', 'claims']) {
        const list = data?.[section];
        if (!Array.isArray(list)) continue;
        for (const entry of list as unknown[]) {
          const id = (entry as { id?: unknown } | null)?.id;
          if (typeof id === 'string' && !found.has(id)) found.set(id, relative(cwd, resolve(cwd, doc.file)) || doc.file);
        }
      }
    }
    return found;
  };
  return (id) => {
    index ??= build();
    const file = index.get(id);
    return file === undefined
      ? 'these files do not define it and no graph was reachable to look it up; it may be defined in another file: pass that file too'
      : `these files do not define it and no graph was reachable to look it up; ${file} defines it: pass that file too`;
  };
}
