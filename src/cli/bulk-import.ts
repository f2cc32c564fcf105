import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GRAPH_SCHEMA_DIR } from '../bootstrap.js';
import { importTimeoutMs, loadConfig } from '../config.js';
import { ARRAY_DELIMITER, BulkCsvError, laterStatements, writeBulkCsv } from '../dataset/bulk-csv.js';
import { formatIssue, type DatasetIssue } from '../dataset/issues.js';
import { readDatasetTexts, seedFiles } from '../dataset/load.js';
import { graphFacts, NO_FACTS, openDatasets, prepareDataset } from '../dataset/prepare.js';
import { createDriver, Executor } from '../db/executor.js';
import { applyGraphSchema } from '../db/schema.js';
import { keysOf, recordedWrite } from '../domain/curation/change.js';
import { IMPORT_SNAPSHOT_LIMIT } from '../domain/curation/import-dataset.js';
import { claimCheckRowsOfPlan, claimsDisagreement } from '../domain/claim-check.js';
import { countGraph } from '../domain/import.js';
import { prepareBulkImporter, runBulkImporter } from '../launcher/bulk-import.js';
import { freePort } from '../launcher/free-port.js';
import { csvScratchDir } from './bulk-scratch.js';
import { embeddedLaunchOptions, startNeo4j, type RunningNeo4j } from '../launcher/neo4j-launcher.js';

/** Exit codes of the CLI (main.ts): 0 ok, 1 invalid input or data, 2 usage, 3 database or launcher. */
const EXIT = { ok: 0, invalid: 1, usage: 2, database: 3 } as const;

export interface BulkImportFlags {
  curator: string;
  json: boolean;
}

/** What `annals import --bulk` reports (also as --json). */
export interface BulkImportReport {
  ok: true;
  nodes: number;
  relationships: number;
  /**
   * What the importer wrote besides the dataset: a large load's Change node, a ChangeKey node per
   * key and the AFFECTED links (not in nodes, relationships or relsPerS).
   */
  history: { nodes: number; relationships: number };
  files: number;
  /** Whether the CSV files were written to shared memory (/dev/shm) rather than the data directory (bulk-scratch.ts). */
  csvInMemory: boolean;
  change: { id: string; curator: string } | null;
  /**
   * Milliseconds of each phase: validation (with its JVM start), CSV, the importer's setup (the
   * launcher's build and the importer's class-data archive, once per build: else about 0), the
   * importer's run (its JVM's start to its exit), and `schema`: Neo4j's start, the constraints and
   * indexes (populated and awaited: `indexes`), the properties set after the importer (`later`) and
   * the recorded change (`record`).
   */
  ms: {
    validate: number;
    csv: number;
    importerSetup: number;
    importer: number;
    schema: number;
    indexes: number;
    later: number;
    record: number;
    total: number;
  };
  /** The dataset's relationships per second of the importer's run (ms.importer). */
  relsPerS: number;
  /** Every relationship the importer wrote (the dataset's and the change's links) per second of its run. */
  importerRelsPerS: number;
}

/** The dataset files of DIR: DIR/data/*.yaml|json when DIR is laid out like the seed, else DIR/*.yaml|json. */
export function bulkFiles(dir: string): string[] {
  if (existsSync(join(dir, 'data')) && statSync(join(dir, 'data')).isDirectory()) return seedFiles(dir);
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * `annals import --bulk DIR`: the first load of an empty embedded database at the speed of Neo4j's
 * own importer. In order, with the data directory's database never served meanwhile:
 *
 * 1. unless the data directory holds no store yet (a new one: empty), start the embedded Neo4j on a
 *    free loopback port (a server already running on the data directory holds its store lock, so
 *    this fails), check the graph is empty, and stop it;
 * 2. validate and plan exactly as `annals import` does (the same prepareDataset, against the facts
 *    of an empty graph: none); an invalid dataset writes nothing (exit 1);
 * 3. write the plan as importer CSVs (dataset/bulk-csv.ts) and run
 *    `neo4j-admin database import full` over the empty database;
 * 4. start it again, apply the constraints and indexes of schema/graph (checking them), and record
 *    the import as one change through the recorded path (curator, targets, citations), as the
 *    transactional import would have; then stop.
 */
/** Where the embedded Neo4j keeps the graph (neo4j/…/Launcher.java: home = the data directory); the importer replaces it. */
const storeDir = (dataDir: string): string => join(resolve(dataDir), 'data', 'databases', 'neo4j');

const DAY_MS = 86_400_000;
const bulkTimeoutMs = (): number => (process.env['ANNALS_IMPORT_TIMEOUT_MS'] === undefined ? DAY_MS : importTimeoutMs());

export async function bulkImport(dir: string | undefined, flags: BulkImportFlags): Promise<{ code: number; report?: BulkImportReport }> {
  const say = (line: string) => {
    if (!flags.json) process.stderr.write(`${line}\n`);
  };
  const fail = (code: number, message: string, issues?: DatasetIssue[]) => {
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ ok: false, error: message, ...(issues ? { issues } : {}) })}\n`
        : `${message}${issues ? `\n${issues.map(formatIssue).join('\n')}` : ''}\n`,
    );
    return { code };
  };
  if (dir === undefined || !existsSync(dir) || !statSync(dir).isDirectory())
    return fail(EXIT.usage, 'import --bulk takes one folder of dataset files (annals import --bulk DIR)');
  const config = loadConfig();
  if (config.NEO4J_URI !== undefined)
    return fail(
      EXIT.usage,
      'import --bulk loads the embedded database only (NEO4J_URI is set): for a server of your own, run neo4j-admin database import there, or use annals import',
    );
  const started = performance.now();
  const { texts, issues } = readDatasetTexts(bulkFiles(resolve(dir)));
  if (issues.length > 0) return fail(EXIT.invalid, `${issues.length} issue(s); nothing was written:`, issues);
  if (texts.length === 0) return fail(EXIT.invalid, `no dataset files (.yaml, .yml, .json) in ${dir}`);

  const launch = async () => startNeo4j({ ...embeddedLaunchOptions(config, say), boltPort: await freePort() });
  const withNeo4j = async <T>(work: (executor: Executor) => Promise<T>): Promise<T> => {
    const neo4j: RunningNeo4j = await launch();
    const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
    try {
      // A first load into an empty database that nobody else uses: its transactions take as long as
      // the archive needs (recording the change checks the claims of every entity and relationship
      // loaded: minutes at 1M relationships), as its indexes are awaited; a timeout here would leave
      // a loaded graph without its change. ANNALS_IMPORT_TIMEOUT_MS, when set, still bounds them.
      return await work(new Executor({ driver, queryTimeoutMs: bulkTimeoutMs() }));
    } finally {
      await driver.close();
      await neo4j.stop();
    }
  };

  say(`annals: checking that the database of ${config.ANNALS_DATA_DIR} is empty, then validating ${texts.length} file(s)…`);
  const checked = await (async () => {
    // No store yet (a new data directory): empty without starting Neo4j only to count nothing (~10 s).
    if (existsSync(storeDir(config.ANNALS_DATA_DIR))) {
      const counts = await withNeo4j(countGraph);
      if (counts.nodes > 0) return { notEmpty: counts } as const;
    }
    const { docs, issues: parsed } = openDatasets(texts);
    if (parsed.length > 0) return { issues: parsed } as const;
    // What annals import would look up (labels, texts, stored states…) is nothing in a graph without
    // a node: validated against no facts, as those look-ups would answer, with Neo4j stopped meanwhile.
    const { prepared, plan, issues: invalid } = prepareDataset(docs, graphFacts(NO_FACTS));
    if (prepared === undefined || plan === undefined) return { issues: invalid } as const;
    // Checked when the change is recorded too, but by then the importer has written the graph.
    const refusal = claimsDisagreement(claimCheckRowsOfPlan(plan));
    if (refusal !== null) return { refused: refusal.message } as const;
    return { prepared, plan } as const;
  })();
  if (checked.notEmpty !== undefined)
    return fail(
      EXIT.invalid,
      `import --bulk is for the first load of an empty database; ${config.ANNALS_DATA_DIR} holds ${checked.notEmpty.nodes} nodes (use annals import, or a new ANNALS_DATA_DIR)`,
    );
  if (checked.issues !== undefined) return fail(EXIT.invalid, `${checked.issues.length} issue(s); nothing was written:`, checked.issues);
  if (checked.refused !== undefined) return fail(EXIT.invalid, `${checked.refused} Nothing was written.`);
  const { prepared, plan } = checked;
  const validated = performance.now();

  const targets = { entities: prepared.entityIds, relations: prepared.relationIds, claims: prepared.claimIds };
  // As the transactional import: a small one keeps its before-state (nothing was there), so it can be reverted.
  const small = targets.entities.length + targets.relations.length <= IMPORT_SNAPSHOT_LIMIT;
  const keepsBefore = small && !prepared.changesFindings;
  // A large load's change keeps no state, so its keys are its targets: the importer links them
  // (1.67M on M), where recording would create them in one transaction (30 s on M).
  const preLinked = prepared.changesAnything && !keepsBefore ? `chg-${randomUUID()}` : undefined;

  const onDisk = join(config.ANNALS_DATA_DIR, 'bulk-import');
  rmSync(onDisk, { recursive: true, force: true });
  // The importer's home; a new one is first made here (as writing the CSV files there did).
  mkdirSync(config.ANNALS_DATA_DIR, { recursive: true, mode: 0o700 });
  const datasetBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t.text), 0);
  const history = preLinked === undefined ? undefined : { id: preLinked, keys: keysOf(targets, []) };
  let { dir: csvDir, inMemory } = csvScratchDir(datasetBytes, onDisk);
  let csv;
  try {
    try {
      csv = writeBulkCsv(plan, csvDir, history);
    } catch (err) {
      // Shared memory filled up meanwhile (another process took it): the data directory then.
      if (!(inMemory && (err as NodeJS.ErrnoException).code === 'ENOSPC')) throw err;
      rmSync(csvDir, { recursive: true, force: true });
      [csvDir, inMemory] = [onDisk, false];
      csv = writeBulkCsv(plan, csvDir, history);
    }
  } catch (err) {
    rmSync(csvDir, { recursive: true, force: true });
    if (err instanceof BulkCsvError)
      return fail(EXIT.invalid, `the bulk importer cannot store this dataset exactly: ${err.message}; use annals import`);
    throw err;
  }
  const written = performance.now();
  say(
    `annals: ${csv.nodes} nodes and ${csv.relationships} relationships (and the change's ${csv.history.relationships} links to what it touched) in ${csv.files.length} CSV file(s)${inMemory ? ' in shared memory' : ''}; running neo4j-admin database import full…`,
  );
  let ready = written;
  let imported: number;
  let change: BulkImportReport['change'];
  const after = { indexes: 0, later: 0, record: 0 };
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  try {
    const heapMb = Math.max(512, config.ANNALS_NEO4J_HEAP_MB);
    const jvmArgs = await prepareBulkImporter(heapMb, say);
    ready = performance.now();
    try {
      await runBulkImporter({
        dataDir: config.ANNALS_DATA_DIR,
        nodes: csv.files.filter((f) => f.kind === 'nodes').map((f) => f.path),
        relationships: csv.files.filter((f) => f.kind === 'relationships').map((f) => f.path),
        arrayDelimiter: ARRAY_DELIMITER,
        longestLine: csv.longestLine,
        heapMb,
        jvmArgs,
        progress: say,
      });
    } finally {
      // The CSV files go now; the later file (csv.later) once its properties are set.
      for (const f of csv.files) rmSync(f.path, { force: true });
    }
    imported = performance.now();

    say('annals: applying constraints and indexes, recording the change…');
    change = await withNeo4j(async (executor) => {
      // A large load's indexes are populated here: waited for as long as it takes.
      let t = performance.now();
      await applyGraphSchema(executor, GRAPH_SCHEMA_DIR, { awaitIndexesS: 86_400 });
      after.indexes = performance.now() - t;
      say(
        `annals: constraints and indexes online in ${seconds(after.indexes)}; setting ${csv.later.rows} rows' empty lists and text spanning lines…`,
      );
      t = performance.now();
      // What the importer was not given: empty lists and text spanning lines, set by id (index seeks) in batches.
      for await (const fix of laterStatements(csv.later)) await executor.write(fix);
      after.later = performance.now() - t;
      say(`annals: set in ${seconds(after.later)}; recording the change…`);
      t = performance.now();
      if (!prepared.changesAnything) return null;
      const before = keepsBefore
        ? Object.fromEntries([...targets.entities, ...targets.relations, ...targets.claims].map((id) => [id, null]))
        : null;
      const { change: recorded } = await recordedWrite(
        executor,
        flags.curator,
        'IMPORT_DATASET',
        // The graph held nothing: its only claims are the dataset's, about prepared.claimAbouts.
        async () => ({
          targets,
          before,
          citations: prepared.citations,
          claimAbouts: prepared.claimAbouts,
          claimFacts: prepared.claimAbouts,
          result: prepared.counts,
        }),
        { idempotencyKey: null, request: texts.map((t) => [t.file, t.text]), ...(preLinked === undefined ? {} : { preLinked }) },
      );
      after.record = performance.now() - t;
      return recorded === null ? null : { id: recorded.id, curator: recorded.curator };
    });
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
  }
  const done = performance.now();
  const importerS = (imported - ready) / 1000;
  const report: BulkImportReport = {
    ok: true,
    nodes: csv.nodes,
    relationships: csv.relationships,
    history: csv.history,
    files: texts.length,
    csvInMemory: inMemory,
    change,
    ms: {
      validate: Math.round(validated - started),
      csv: Math.round(written - validated),
      importerSetup: Math.round(ready - written),
      importer: Math.round(imported - ready),
      schema: Math.round(done - imported),
      indexes: Math.round(after.indexes),
      later: Math.round(after.later),
      record: Math.round(after.record),
      total: Math.round(done - started),
    },
    relsPerS: Math.round(csv.relationships / Math.max(importerS, 0.001)),
    importerRelsPerS: Math.round((csv.relationships + csv.history.relationships) / Math.max(importerS, 0.001)),
  };
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `bulk imported: ${report.nodes} nodes, ${report.relationships} relationships in ${report.ms.total} ms (importer ${report.ms.importer} ms, ${report.relsPerS} relationships/s), ${change === null ? 'nothing recorded' : `change ${change.id} by ${change.curator}`}\n`,
  );
  return { code: EXIT.ok, report };
}
