// Import: a generated archive (bench/generate.ts) into an embedded Neo4j, chunk by chunk, each chunk
// one dataset written in one transaction, as `annals import` writes it (validated, planned, the same
// statements through Executor.writeAll). A worker thread generates, validates and plans the next
// chunk while the database writes the current one (--serial: one after the other, in this thread).
// Records where the time goes (prepare phases, write, waiting for the worker), throughput, the
// graph's counts, peak RSS of this process and of the JVM, the JVM's CPU time and the store's size.
// `npx tsx bench/import.ts --size S` (XS, S, M, L; L takes a quarter of an hour or more).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GRAPH_SCHEMA_DIR, importSeed } from '../src/bootstrap.js';
import { createDriver, Executor } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { startNeo4j } from '../src/launcher/neo4j-launcher.js';
import { freePort } from '../src/launcher/free-port.js';
import { median } from './load-drivers.js';
import { startModuleWorker } from '../src/workers/start.js';
import { generateArchive, KnownLabels, SIZES, type ArchiveSize } from './generate.js';
import { prepareChunk, type ChunkCounts, type PreparedMessage, type PrepareOptions, type PreparePhases } from './import-prepare.js';

const ROOT = resolve(import.meta.dirname, '..');
// JVM heap and page cache per size: the page cache holds the store of M whole and a good part of
// L's (about 10 GB on disk); together they stay well within a 24 GiB machine that others share.
const MEMORY: Record<ArchiveSize, { heapMb: number; pageCacheMb: number }> = {
  XS: { heapMb: 1024, pageCacheMb: 512 },
  S: { heapMb: 2048, pageCacheMb: 1024 },
  M: { heapMb: 3072, pageCacheMb: 2048 },
  L: { heapMb: 4096, pageCacheMb: 8192 },
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '5000' },
    chunk: { type: 'string' },
    'heap-mb': { type: 'string' },
    'page-cache-mb': { type: 'string' },
    serial: { type: 'boolean', default: false },
    'on-seed': { type: 'boolean', default: false },
  },
});
const size = values.size as ArchiveSize;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const seed = Number(values.seed);
const batchSize = Number(values.batch);
const chunkEntities = values.chunk === undefined ? SIZES[size].chunkEntities : Number(values.chunk);
const heapMb = values['heap-mb'] === undefined ? MEMORY[size].heapMb : Number(values['heap-mb']);
const pageCacheMb = values['page-cache-mb'] === undefined ? MEMORY[size].pageCacheMb : Number(values['page-cache-mb']);
const serial = values.serial === true;
const onSeed = values['on-seed'] === true;

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const round = (ms: number): number => Math.round(ms);

/** CPU time (user + system, ms) and resident set (current and peak, bytes) of a process, from /proc. */
function procStats(pid: number): { cpuMs: number; rss: number; hwm: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuMs: ticks * 10, rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Collections and their time so far (jstat, when the JDK has it): how much of the JVM's CPU went to GC. */
function gcStats(pid: number): { youngCount: number; youngMs: number; fullCount: number; fullMs: number } | null {
  try {
    const [head, row] = execFileSync('jstat', ['-gcutil', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const cols = (head ?? '').trim().split(/\s+/);
    const vals = (row ?? '').trim().split(/\s+/);
    const v = (name: string): number => Number(vals[cols.indexOf(name)]);
    return { youngCount: v('YGC'), youngMs: Math.round(v('YGCT') * 1000), fullCount: v('FGC'), fullMs: Math.round(v('FGCT') * 1000) };
  } catch {
    return null;
  }
}

function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(path) : statSync(path).size;
  }
  return total;
}

type Chunk = Extract<PreparedMessage, { type: 'chunk' }>;

/** The chunks in order, prepared by a worker one ahead of the writer, or here when serial. */
function chunkSource(): { next(): Promise<Chunk | undefined>; close(): Promise<void> } {
  if (serial) {
    const known = new KnownLabels();
    const archive = generateArchive({ size, seed, chunkEntities });
    return {
      async next() {
        const ms: PreparePhases = { generate: 0, validate: 0, plan: 0, statements: 0 };
        const t = performance.now();
        const item = archive.next();
        ms.generate = performance.now() - t;
        if (item.done === true) return undefined;
        const { statements, counts } = prepareChunk(item.value.index, item.value.dataset, known, batchSize, ms);
        return { type: 'chunk', index: item.value.index, statements, counts, ms };
      },
      async close() {},
    };
  }
  // Started as the server starts its import worker (tsx registered in the thread).
  const worker = startModuleWorker(new URL('./import-prepare.ts', import.meta.url), {
    workerData: { size, seed, chunkEntities, batchSize } satisfies PrepareOptions,
  });
  const pending: ((m: PreparedMessage) => void)[] = [];
  const ready: PreparedMessage[] = [];
  let failure: Error | undefined;
  worker.on('message', (m: PreparedMessage) => (pending.shift() ?? ((x) => ready.push(x)))(m));
  worker.on('error', (e) => {
    failure = e;
    for (const p of pending.splice(0)) p({ type: 'error', message: e.message });
  });
  const request = (): void => worker.postMessage('next');
  request();
  return {
    async next() {
      if (failure !== undefined) throw failure;
      const message = ready.shift() ?? (await new Promise<PreparedMessage>((res) => pending.push(res)));
      if (message.type === 'error') throw new Error(`preparing a chunk failed: ${message.message}`);
      if (message.type === 'done') return undefined;
      request(); // the next chunk is prepared while this one is written
      return message;
    },
    async close() {
      await worker.terminate();
    },
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-import-'));
const neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb, pageCacheMb });
const jvmPid = neo4j.pid;
if (jvmPid === undefined) throw new Error('the Neo4j process has no pid');
const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
let peakRss = process.memoryUsage().rss;
let jvmPeakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  jvmPeakRss = Math.max(jvmPeakRss, procStats(jvmPid).rss);
}, 200);
const source = chunkSource();
try {
  const executor = new Executor({ driver });
  await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
  // --on-seed: into the seeded graph, as the load and side-by-side benches build theirs.
  if (onSeed) await importSeed(executor, 'seed');

  const totals: ChunkCounts & { chunks: number } = {
    chunks: 0,
    entities: 0,
    sources: 0,
    relationships: 0,
    findings: 0,
    claims: 0,
    citations: 0,
    mentions: 0,
    statements: 0,
    graphRelationships: 0,
  };
  const prepare: PreparePhases = { generate: 0, validate: 0, plan: 0, statements: 0 };
  let writeMs = 0;
  let waitMs = 0;
  const chunkWrites: { index: number; entities: number; relationships: number; writeMs: number; jvmCpuMs: number }[] = [];
  const jvmBefore = procStats(jvmPid).cpuMs;
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  for (;;) {
    let t = performance.now();
    const chunk = await source.next();
    waitMs += performance.now() - t;
    if (chunk === undefined) break;
    for (const k of Object.keys(prepare) as (keyof PreparePhases)[]) prepare[k] += chunk.ms[k];

    const jvm0 = procStats(jvmPid).cpuMs;
    t = performance.now();
    await executor.writeAll(chunk.statements);
    const ms = performance.now() - t;
    writeMs += ms;
    const jvmCpuMs = procStats(jvmPid).cpuMs - jvm0;

    totals.chunks += 1;
    for (const k of Object.keys(chunk.counts) as (keyof ChunkCounts)[]) totals[k] += chunk.counts[k];
    chunkWrites.push({
      index: chunk.index,
      entities: chunk.counts.entities,
      relationships: chunk.counts.graphRelationships,
      writeMs: round(ms),
      jvmCpuMs,
    });
    process.stderr.write(
      `chunk ${chunk.index}: ${chunk.counts.entities} entities, ${chunk.counts.graphRelationships} graph relationships, write ${round(ms)} ms ` +
        `(${Math.round(chunk.counts.graphRelationships / (ms / 1000))}/s, JVM CPU ${jvmCpuMs} ms)\n`,
    );
  }
  const totalMs = performance.now() - started;
  const nodeCpu = process.cpuUsage(nodeBefore);
  const jvmCpuMs = procStats(jvmPid).cpuMs - jvmBefore;

  const count = async (cypher: string): Promise<number> => Number((await executor.read({ cypher, params: {} }))[0]?.['n'] ?? 0);
  const graphRelationships = await count('MATCH ()-[r]->() RETURN count(r) AS n');
  const graphNodes = await count('MATCH (n) RETURN count(n) AS n');
  const graphEntities = await count('MATCH (n:Entity) WHERE NOT n:Source RETURN count(n) AS n');
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const jvm = procStats(jvmPid);
  const gc = gcStats(jvmPid);
  jvmPeakRss = Math.max(jvmPeakRss, jvm.hwm);

  // Full chunks after the first three (JIT and query plans warm): write throughput as the graph grows.
  const steady = chunkWrites.filter((c) => c.index >= 3 && c.entities >= chunkEntities / 2);
  const rate = (cs: typeof steady): number =>
    Math.round(cs.reduce((n, c) => n + c.relationships, 0) / (cs.reduce((n, c) => n + c.writeMs, 0) / 1000));
  const tenth = Math.max(1, Math.floor(steady.length / 10));
  const preparedMs = prepare.generate + prepare.validate + prepare.plan + prepare.statements;
  const out = {
    bench: 'import',
    command:
      `npm run bench:import -- --size ${size}` +
      (seed === 1 ? '' : ` --seed ${seed}`) +
      (batchSize === 5000 ? '' : ` --batch ${batchSize}`) +
      (values.chunk === undefined ? '' : ` --chunk ${chunkEntities}`) +
      (values['heap-mb'] === undefined ? '' : ` --heap-mb ${heapMb}`) +
      (values['page-cache-mb'] === undefined ? '' : ` --page-cache-mb ${pageCacheMb}`) +
      (serial ? ' --serial' : '') +
      (onSeed ? ' --on-seed' : ''),
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    neo4j: { heapMb, pageCacheMb, embedded: true, storeMb: mb(diskBytes(dataDir)) },
    size,
    seed,
    batchSize,
    chunkEntities,
    intoSeededGraph: onSeed,
    pipeline: serial
      ? 'serial: prepare, then write, in one thread'
      : 'worker thread prepares the next chunk while the current one is written',
    generated: totals,
    graph: { nodes: graphNodes, entities: graphEntities, relationships: graphRelationships },
    timeMs: {
      total: round(totalMs),
      write: round(writeMs),
      waitingForPrepare: round(waitMs),
      prepare: round(preparedMs),
      generate: round(prepare.generate),
      validate: round(prepare.validate),
      plan: round(prepare.plan),
      statements: round(prepare.statements),
    },
    cpuMs: { jvm: jvmCpuMs, node: round((nodeCpu.user + nodeCpu.system) / 1000) },
    jvmGc: gc,
    throughput: {
      entitiesPerSecond: Math.round(totals.entities / (totalMs / 1000)),
      relationshipsPerSecond: Math.round(graphRelationships / (totalMs / 1000)),
      relationshipsPerSecondWriteOnly: Math.round(graphRelationships / (writeMs / 1000)),
      relationshipsPerJvmCpuSecond: Math.round(graphRelationships / (jvmCpuMs / 1000)),
      steadyChunkMedianRelationshipsPerSecond:
        steady.length === 0 ? null : Math.round(median(steady.map((c) => c.relationships / (c.writeMs / 1000)))),
      steadyFirstTenthRelationshipsPerSecond: steady.length === 0 ? null : rate(steady.slice(0, tenth)),
      steadyLastTenthRelationshipsPerSecond: steady.length === 0 ? null : rate(steady.slice(-tenth)),
    },
    peakRssMb: { node: mb(peakRss), jvm: mb(jvmPeakRss) },
    counting:
      'entities = generated non-source entities; relationships = MATCH ()-[r]->() count after import: curated relationships + IN_SOURCE (one per citation) + MENTIONS (one per source and entity) + RECORDED (one per finding). Node RSS and CPU include the worker thread.',
    chunkWrites: chunkWrites.length <= 60 ? chunkWrites : chunkWrites.filter((c) => c.index % Math.ceil(chunkWrites.length / 50) === 0),
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/import-${size}.json`), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `import ${size}: ${totals.entities} entities, ${graphRelationships} relationships, ${graphNodes} nodes in ${(totalMs / 1000).toFixed(1)} s ` +
      `(write ${(writeMs / 1000).toFixed(1)} s, waiting for prepare ${(waitMs / 1000).toFixed(1)} s, prepare ${(preparedMs / 1000).toFixed(1)} s ${serial ? 'in line' : 'alongside'}): ` +
      `${out.throughput.entitiesPerSecond} entities/s, ${out.throughput.relationshipsPerSecond} relationships/s ` +
      `(steady chunks median ${out.throughput.steadyChunkMedianRelationshipsPerSecond}/s; ${out.throughput.relationshipsPerJvmCpuSecond} per JVM CPU second), ` +
      `peak RSS node ${out.peakRssMb.node} MB, JVM ${out.peakRssMb.jvm} MB`,
  );
} finally {
  clearInterval(sampler);
  await source.close().catch(() => undefined);
  await driver.close().catch(() => undefined);
  await neo4j.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
