// Import: a generated archive (bench/generate.ts) into an embedded Neo4j, chunk by chunk, each chunk
// validated, planned and written in one transaction, as `annals import` would. Records where the
// time goes (generate+validate+plan vs write), throughput, the graph's counts and this process's
// peak RSS. `npx tsx bench/import.ts --size S` (XS, S, M; L is possible but long).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GRAPH_SCHEMA_DIR } from '../src/bootstrap.js';
import { planImport } from '../src/dataset/plan.js';
import { validateDataset } from '../src/dataset/validate.js';
import { createDriver, Executor } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { startNeo4j } from '../src/launcher/neo4j-launcher.js';
import { freePort } from '../src/launcher/free-port.js';
import { importStatements } from '../src/queries/import.js';
import { generateArchive, KnownLabels, SIZES, type ArchiveSize } from './generate.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { size: { type: 'string', default: 'S' }, seed: { type: 'string', default: '1' }, batch: { type: 'string', default: '5000' } },
});
const size = values.size as ArchiveSize;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const seed = Number(values.seed);
const batchSize = Number(values.batch);
const HEAP_MB = 2048;
const PAGE_CACHE_MB = 1024;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-import-'));
const neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb: HEAP_MB, pageCacheMb: PAGE_CACHE_MB });
const driver = createDriver({ uri: neo4j.uri });
try {
  const executor = new Executor(driver, undefined);
  await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);

  const known = new KnownLabels();
  const totals = { chunks: 0, entities: 0, sources: 0, relationships: 0, findings: 0, claims: 0, citations: 0, mentions: 0, statements: 0 };
  const ms = { generate: 0, validate: 0, plan: 0, statements: 0, write: 0 };
  const chunkWrites: { index: number; entities: number; writeMs: number }[] = [];
  const started = performance.now();
  const archive = generateArchive({ size, seed });
  for (;;) {
    let t = performance.now();
    const next = archive.next();
    ms.generate += performance.now() - t;
    if (next.done === true) break;
    const { index, dataset } = next.value;

    t = performance.now();
    const { dataset: valid, issues } = validateDataset([{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }], known);
    ms.validate += performance.now() - t;
    if (!valid) throw new Error(`chunk ${index} is invalid: ${JSON.stringify(issues.slice(0, 3))}`);

    t = performance.now();
    const plan = planImport(valid);
    ms.plan += performance.now() - t;
    t = performance.now();
    const statements = importStatements(plan, batchSize);
    ms.statements += performance.now() - t;

    t = performance.now();
    await executor.writeAll(statements);
    const writeMs = performance.now() - t;
    ms.write += writeMs;

    known.add(dataset);
    totals.chunks += 1;
    totals.entities += valid.entities.length;
    totals.sources += valid.sources.length;
    totals.relationships += valid.relationships.length;
    totals.findings += valid.findings.length;
    totals.claims += valid.claims.length;
    totals.citations += plan.citations.length;
    totals.mentions += plan.mentions.length;
    totals.statements += statements.length;
    chunkWrites.push({ index, entities: valid.entities.length, writeMs: Math.round(writeMs) });
    process.stderr.write(`chunk ${index}: ${valid.entities.length} entities, ${valid.relationships.length} relationships, write ${Math.round(writeMs)} ms\n`);
  }
  const totalMs = performance.now() - started;

  const count = async (cypher: string): Promise<number> => Number((await executor.read({ cypher, params: {} }))[0]?.['n'] ?? 0);
  const graphRelationships = await count('MATCH ()-[r]->() RETURN count(r) AS n');
  const graphNodes = await count('MATCH (n) RETURN count(n) AS n');
  const graphEntities = await count('MATCH (n:Entity) WHERE NOT n:Source RETURN count(n) AS n');
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const prepareMs = ms.generate + ms.validate + ms.plan + ms.statements;
  // Per-entity write cost of full chunks, first and last: does writing slow down as the graph grows?
  const writes = chunkWrites.filter((c) => c.index > 0 && c.entities >= SIZES[size].chunkEntities / 2).map((c) => c.writeMs / c.entities);
  const out = {
    bench: 'import',
    command: `npx tsx bench/import.ts --size ${size}${seed === 1 ? '' : ` --seed ${seed}`}${batchSize === 5000 ? '' : ` --batch ${batchSize}`}`,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    neo4j: { heapMb: HEAP_MB, pageCacheMb: PAGE_CACHE_MB, embedded: true },
    size,
    seed,
    batchSize,
    generated: totals,
    graph: { nodes: graphNodes, entities: graphEntities, relationships: graphRelationships },
    timeMs: {
      total: Math.round(totalMs),
      generateValidatePlan: Math.round(prepareMs),
      generate: Math.round(ms.generate),
      validate: Math.round(ms.validate),
      plan: Math.round(ms.plan),
      statements: Math.round(ms.statements),
      write: Math.round(ms.write),
    },
    throughput: {
      entitiesPerSecond: Math.round(totals.entities / (totalMs / 1000)),
      relationshipsPerSecond: Math.round(graphRelationships / (totalMs / 1000)),
      entitiesPerSecondWriteOnly: Math.round(totals.entities / (ms.write / 1000)),
      relationshipsPerSecondWriteOnly: Math.round(graphRelationships / (ms.write / 1000)),
    },
    writeMsPerEntityOfFullChunks: {
      firstChunk: Math.round((writes[0] ?? 0) * 1000) / 1000,
      lastChunk: Math.round((writes[writes.length - 1] ?? 0) * 1000) / 1000,
    },
    peakRssMb: mb(peakRss),
    counting:
      'entities = generated non-source entities; relationships = MATCH ()-[r]->() count after import: curated relationships + IN_SOURCE (one per citation) + MENTIONS (one per source and entity) + RECORDED (one per finding)',
    chunkWrites: chunkWrites.length <= 40 ? chunkWrites : undefined,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/import-${size}.json`), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `import ${size}: ${totals.entities} entities, ${graphRelationships} relationships, ${graphNodes} nodes in ${(totalMs / 1000).toFixed(1)} s ` +
      `(generate+validate+plan ${(prepareMs / 1000).toFixed(1)} s, write ${(ms.write / 1000).toFixed(1)} s): ` +
      `${out.throughput.entitiesPerSecond} entities/s, ${out.throughput.relationshipsPerSecond} relationships/s, peak RSS ${out.peakRssMb} MB`,
  );
} finally {
  clearInterval(sampler);
  await driver.close().catch(() => undefined);
  await neo4j.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
