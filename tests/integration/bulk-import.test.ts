// Issue 17, item 3: `annals import --bulk DIR` loads an empty embedded database through Neo4j's own
// importer, and the graph is the one the transactional import makes: same nodes, relationships and
// properties (checksum), one recorded change with the same targets.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_DIR, importSeed } from '../../src/bootstrap.js';
import { createDriver, Executor } from '../../src/db/executor.js';
import { applyGraphSchema } from '../../src/db/schema.js';
import { prepareBulkImporter, readBufferSize, runBulkImporter } from '../../src/launcher/bulk-import.js';
import { ARRAY_DELIMITER, BulkCsvWriter } from '../../src/dataset/bulk-csv.js';
import { freePort } from '../../src/launcher/free-port.js';
import { startNeo4j } from '../../src/launcher/neo4j-launcher.js';
import { changeLog, graphLines, graphState } from '../helpers/graph.js';
import { disagreeingClaimsDataset, disagreeingClaimsMessage } from '../helpers/claims-fixture.js';
import { generateArchive } from '../../bench/generate.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CURATOR = 'bulk-tester';
const bulkDir = mkdtempSync(join(tmpdir(), 'annals-bulk-'));
const refDir = mkdtempSync(join(tmpdir(), 'annals-bulk-ref-'));
const MEMORY = { heapMb: 384, pageCacheMb: 32 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI on the bulk data directory (no NEO4J_URI: the embedded database). */
function annals(...args: string[]): Promise<Run> {
  return annalsOn(bulkDir, ...args);
}

function annalsOn(dataDir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANNALS_DATA_DIR: dataDir,
    ANNALS_NEO4J_HEAP_MB: String(MEMORY.heapMb),
    ANNALS_NEO4J_PAGECACHE_MB: String(MEMORY.pageCacheMb),
  };
  delete env['NEO4J_URI'];
  delete env['NEO4J_PASSWORD'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.once('exit', (code) => res({ code, stdout, stderr })));
}

/** Runs work on an embedded Neo4j started on a data directory (to read what an import made), then stops it. */
async function onDatabase<T>(dataDir: string, work: (executor: Executor) => Promise<T>): Promise<T> {
  const neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), ...MEMORY, progress: () => undefined });
  const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
  try {
    return await work(new Executor({ driver }));
  } finally {
    await driver.close();
    await neo4j.stop();
  }
}

let first: Run;
let reference: { state: Awaited<ReturnType<typeof graphState>>; lines: string[]; log: Awaited<ReturnType<typeof changeLog>> };

/** Every node and relationship, its labels, properties and their Neo4j types, without the change log. */
const dataLines = (executor: Executor) => graphLines(executor, { dataOnly: true, typed: true });

beforeAll(async () => {
  // The transactional path into its own empty database, while the CLI runs the bulk path.
  const transactional = onDatabase(refDir, async (executor) => {
    await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    await importSeed(executor, 'seed', CURATOR);
    return { state: await graphState(executor, true), lines: await dataLines(executor), log: await changeLog(executor) };
  });
  [first, reference] = await Promise.all([annals('import', '--bulk', 'seed', '--curator', CURATOR, '--json'), transactional]);
}, 900_000);

afterAll(() => {
  rmSync(bulkDir, { recursive: true, force: true });
  rmSync(refDir, { recursive: true, force: true });
});

describe('annals import --bulk', () => {
  it('makes the graph the transactional import makes, recorded as one change, then refuses a second load', async () => {
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as {
      ok: boolean;
      nodes: number;
      relationships: number;
      relsPerS: number;
      change: { curator: string };
    };
    expect(report).toMatchObject({ ok: true, change: { curator: CURATOR } });
    expect(report.relationships).toBeGreaterThan(0);
    expect(report.relsPerS).toBeGreaterThan(0);

    await onDatabase(bulkDir, async (executor) => {
      const state = await graphState(executor, true);
      expect(state.nodes).toBe(report.nodes);
      expect(state.relationships).toBe(report.relationships);
      // Line by line first (a failure names the node or relationship that differs), with types.
      expect(await dataLines(executor)).toEqual(reference.lines);
      // The seed has text spanning lines (set after the importer) and empty lists (which it cannot store).
      expect(reference.lines.filter((l) => /\\[rn]/.test(l)).length).toBeGreaterThan(0);
      expect(reference.lines.filter((l) => l.includes('[]')).length).toBeGreaterThan(0);
      expect(state).toEqual(reference.state);
      // The comparison sees one value changed, even to the same text under another type, and one label.
      const event = { cypher: "MATCH (n:Event {id: 'event-2002-term-change'}) ", params: {} };
      for (const [change, undo] of [
        ['SET n.earliest = toString(n.earliest)', 'SET n.earliest = date(n.earliest)'],
        ['SET n.revision = n.revision + 1', 'SET n.revision = n.revision - 1'],
        ['SET n.descriptionZh = n.descriptionZh + " "', 'SET n.descriptionZh = substring(n.descriptionZh, 0, size(n.descriptionZh) - 1)'],
        ['SET n:Extra', 'REMOVE n:Extra'],
      ] as const) {
        await executor.write({ ...event, cypher: event.cypher + change });
        expect(await dataLines(executor), change).not.toEqual(reference.lines);
        await executor.write({ ...event, cypher: event.cypher + undo });
      }
      expect(await dataLines(executor)).toEqual(reference.lines);
      // One change, as the transactional import records it (curator, operation, targets, citations, keys).
      expect(await changeLog(executor)).toEqual(reference.log);
      // Constraints and indexes are on, as at any start.
      const [{ n } = { n: 0 }] = await executor.read<{ n: number }>({
        cypher: "SHOW CONSTRAINTS YIELD name WHERE name = 'entity_id' RETURN count(*) AS n",
        params: {},
      });
      expect(n).toBe(1);
      // The importer ran with its class-data archive, recorded once for this build and kept for the next imports.
      const jvm = await prepareBulkImporter(256, () => undefined);
      const archive = jvm.find((a) => a.startsWith('-XX:SharedArchiveFile='))?.slice('-XX:SharedArchiveFile='.length);
      expect(archive !== undefined && existsSync(archive), jvm.join(' ')).toBe(true);
    });

    // A second bulk load is refused: the database is no longer empty, and stays as it was.
    const again = await annals('import', '--bulk', 'seed', '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/first load of an empty database/) });
    await onDatabase(bulkDir, async (executor) => {
      expect(await graphState(executor, true)).toEqual(reference.state);
      expect(await dataLines(executor)).toEqual(reference.lines);
      expect(await changeLog(executor)).toEqual(reference.log);
    });
  }, 900_000);
});

describe('annals import --bulk of more than 500 entities and relationships', () => {
  // Such a load keeps no before-state, so its change's keys are its targets, and the importer
  // writes the Change node, a ChangeKey per key and the AFFECTED links (record only sets properties).
  const archive = mkdtempSync(join(tmpdir(), 'annals-bulk-xs-'));
  const [bulk, ref] = [join(archive, 'bulk'), join(archive, 'ref')];
  afterAll(() => rmSync(archive, { recursive: true, force: true }));

  it('writes the graph and the change the transactional import writes', async () => {
    mkdirSync(join(archive, 'data'));
    for (const chunk of generateArchive({ size: 'XS', seed: 3 }))
      writeFileSync(join(archive, 'data', `chunk-${String(chunk.index).padStart(3, '0')}.json`), JSON.stringify(chunk.dataset));
    const transactional = (async () => {
      return onDatabase(ref, async (executor) => {
        await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
        const { change } = await importSeed(executor, archive, CURATOR);
        return { lines: await dataLines(executor), log: await changeLog(executor), before: change?.before };
      });
    })();
    const [run, expected] = await Promise.all([annalsOn(bulk, 'import', '--bulk', archive, '--curator', CURATOR, '--json'), transactional]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { change: { id: string }; history: { nodes: number; relationships: number } };
    // The large path indeed: no before-state, and the importer wrote the keys.
    expect(expected.before).toBeNull();
    const keys = (expected.log[0]?.['keys'] as string[] | undefined)?.length ?? 0;
    expect(keys).toBeGreaterThan(500);
    expect(report.history).toEqual({ nodes: keys + 1, relationships: keys });
    await onDatabase(bulk, async (executor) => {
      expect(await dataLines(executor)).toEqual(expected.lines);
      expect(await changeLog(executor)).toEqual(expected.log);
      // The change the importer wrote is whole: its id, time and result as recorded, one node of it.
      const rows = await executor.read<{ id: string; at: string | null; result: string | null }>({
        cypher: 'MATCH (c:Change) RETURN c.id AS id, c.at AS at, c.result AS result',
        params: {},
      });
      expect(rows).toHaveLength(1);
      // The importer's pending change became that Change: none is left pending.
      const [pending] = await executor.read<{ n: number }>({ cypher: 'MATCH (c:PendingChange) RETURN count(c) AS n', params: {} });
      expect(pending?.n).toBe(0);
      expect(rows[0]!.id).toBe(report.change.id);
      expect(rows[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(JSON.parse(rows[0]!.result ?? 'null')).toMatchObject({ entities: expect.any(Number) });
    });
  }, 900_000);
});

describe('annals import --bulk of claims that prefer another value than the fact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'annals-bulk-claims-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused before the importer writes anything, as the transactional import refuses it', async () => {
    const P = 'bulk-claims';
    const doc = disagreeingClaimsDataset(P);
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'claims.json'), JSON.stringify(doc));
    const data = join(dir, 'data');
    const run = await annalsOn(data, 'import', '--bulk', join(dir, 'in'), '--json');
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: `${disagreeingClaimsMessage(P)} Nothing was written.`,
    });
    await onDatabase(data, async (executor) => {
      expect(await graphState(executor)).toMatchObject({ nodes: 0, relationships: 0 });
    });
  }, 900_000);
});

describe("Neo4j's importer on a line longer than the smallest read buffer it is given (1M)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'annals-bulk-long-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads it whole: the buffer is sized to the longest line the CSV writer saw', async () => {
    // No dataset field is this long today (texts stop at a few thousand characters); the buffer
    // (readBufferSize) must not become the limit should one be, and 1M is below this line.
    const long = '民进'.repeat(800_000);
    const writer = new BulkCsvWriter(join(dir, 'csv'));
    writer.add({
      nodes: new Map([['Person', [{ id: 'long', props: { id: 'long', name: 'n', descriptionZh: long } }]]]),
      relationships: new Map(),
      findings: [],
      claims: [],
      citations: [],
      mentions: [],
    });
    const csv = writer.close();
    expect(csv.longestLine).toBeGreaterThan(1 << 20);
    expect(readBufferSize(csv.longestLine)).toBeGreaterThan(csv.longestLine);
    const data = join(dir, 'data');
    mkdirSync(data);
    await runBulkImporter({
      dataDir: data,
      nodes: csv.files.filter((f) => f.kind === 'nodes').map((f) => f.path),
      relationships: [],
      arrayDelimiter: ARRAY_DELIMITER,
      longestLine: csv.longestLine,
      heapMb: 512,
      progress: () => undefined,
    });
    await onDatabase(data, async (executor) => {
      const rows = await executor.read<{ length: number; id: string }>({
        cypher: 'MATCH (n:Entity:Person) RETURN n.id AS id, size(n.descriptionZh) AS length',
        params: {},
      });
      expect(rows).toEqual([{ id: 'long', length: long.length }]);
    });
  }, 900_000);
});
