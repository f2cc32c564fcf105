// Bulk import: a generated archive (bench/generate.ts) written as dataset files, then loaded into a
// fresh embedded database by `annals import --bulk` (validation as annals import, the importer's
// CSVs, neo4j-admin database import full, constraints and indexes, one recorded change). Writes
// bench/results/import-bulk-<size>.json with the phases and relsPerS (relationships per second of
// the importer's run). `npx tsx bench/import-bulk.ts --size S` (npm run bench:import-bulk -- --size M).
// `--runs N` loads it N times, each into a new data directory: the report is the run of the median
// importer time, with every run's phases beside it (this machine's speed varies by 20% or more
// from one minute to the next).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateArchive, SIZES, type ArchiveSize } from './generate.js';

const ROOT = resolve(import.meta.dirname, '..');
const MEMORY: Record<ArchiveSize, { heapMb: number; pageCacheMb: number }> = {
  XS: { heapMb: 1024, pageCacheMb: 512 },
  S: { heapMb: 2048, pageCacheMb: 1024 },
  M: { heapMb: 3072, pageCacheMb: 2048 },
  L: { heapMb: 4096, pageCacheMb: 8192 },
};

const { values } = parseArgs({
  options: { size: { type: 'string', default: 'S' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '1' } },
});
const size = values.size as ArchiveSize;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number, 1 or more');

const work = mkdtempSync(join(tmpdir(), `annals-bulk-${size}-`));
const datasetDir = join(work, 'dataset');
mkdirSync(datasetDir);
try {
  let files = 0;
  const generated = performance.now();
  for (const chunk of generateArchive({ size, seed: Number(values.seed), chunkEntities: SIZES[size].chunkEntities })) {
    writeFileSync(join(datasetDir, `chunk-${String(chunk.index).padStart(5, '0')}.json`), JSON.stringify(chunk.dataset));
    files += 1;
  }
  const generateMs = Math.round(performance.now() - generated);
  process.stderr.write(`bench: ${files} dataset file(s) of size ${size} in ${generateMs} ms; annals import --bulk…\n`);
  /** One `annals import --bulk` into a new data directory: its JSON report and the command's wall time. */
  const load = async (dataDir: string): Promise<{ report: Record<string, unknown>; commandMs: number }> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ANNALS_DATA_DIR: dataDir,
      ANNALS_NEO4J_HEAP_MB: String(MEMORY[size].heapMb),
      ANNALS_NEO4J_PAGECACHE_MB: String(MEMORY[size].pageCacheMb),
      // The whole archive is one import: its validation reads in one go.
      ANNALS_IMPORT_TIMEOUT_MS: String(3_600_000),
    };
    delete env['NEO4J_URI'];
    const commandStarted = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'import', '--bulk', datasetDir, '--json', '--curator', 'bench'],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    if (code !== 0) throw new Error(`annals import --bulk failed (exit ${code}): ${stdout}`);
    const commandMs = Math.round(performance.now() - commandStarted);
    rmSync(dataDir, { recursive: true, force: true });
    return { report: JSON.parse(stdout) as Record<string, unknown>, commandMs };
  };
  const done: Awaited<ReturnType<typeof load>>[] = [];
  for (let run = 1; run <= runs; run++) {
    done.push(await load(join(work, `data-${run}`)));
    const last = done.at(-1)!.report;
    if (runs > 1) process.stderr.write(`bench: run ${run} of ${runs}: ${String(last['relsPerS'])} relationships/s\n`);
  }
  const importerMs = (r: Record<string, unknown>) => (r['ms'] as { importer: number }).importer;
  const byImporter = [...done].sort((x, y) => importerMs(x.report) - importerMs(y.report));
  const { report, commandMs } = byImporter[Math.floor((byImporter.length - 1) / 2)]!;
  const result = {
    size,
    command: `npm run bench:import-bulk -- --size ${size}${runs > 1 ? ` --runs ${runs}` : ''}`,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), loadavg: loadavg() },
    files,
    generateMs,
    ...report,
    // The whole `annals import --bulk` command, Node start to exit (ms.total starts after the dataset files are read).
    commandMs,
    ...(runs > 1
      ? {
          runsNote: `the run of the median importer time of ${runs} (each into a new data directory), every run below`,
          runs: done.map((d) => ({
            ms: d.report['ms'],
            relsPerS: d.report['relsPerS'],
            importerRelsPerS: d.report['importerRelsPerS'],
            commandMs: d.commandMs,
          })),
        }
      : {}),
    relsPerSMeasures:
      "relationships / ms.importer: the wall time of neo4j-admin database import full, from its JVM's start to its exit (CSV writing, validation, ms.importerSetup (the launcher's build and the importer's class-data archive, recorded once per build), schema and the record are not in it)",
    // Not re-checked here (it takes a second database): the bulk path's graph equals the
    // transactional one on the seed, line by line with property types, in this test.
    sameGraphAsTransactional:
      'tests/integration/bulk-import.test.ts (seed: every node and relationship, labels, properties and their types, checksum, recorded change)',
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const out = join(ROOT, `bench/results/import-bulk-${size}.json`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`bench: ${String(report['relationships'])} relationships, ${String(report['relsPerS'])} relationships/s → ${out}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
