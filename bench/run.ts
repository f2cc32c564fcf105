// The side-by-side bench: each operation as (a) hand-written Cypher through the driver (the limit),
// (b) Annals over HTTP and (c) @neo4j/graphql 7 over HTTP, against one warm Neo4j holding the seed
// and a generated archive, at several concurrencies; then PROFILE of every query Annals sends.
// `npm run bench -- --size M` writes bench/results/<date>-<size>.json and .md (see bench/README.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDatabase, connectedDatabase, ROOT, serverProcess } from './fixture.js';
import type { ArchiveSize } from './generate.js';
import { ensureApoc, neo4jGraphqlOperations, startNeo4jGraphqlServer } from './neo4j-graphql/index.js';
import { OPERATION_KEYS, type OperationKey } from './operations.js';
import { profileOperations } from './profile.js';
import { annalsOperations, pickIds, rawOperations } from './suite.js';
import { httpLoad, rawLoad, type LoadResult } from './load-drivers.js';
import { markdownReport, type Row } from './report.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '1,16,64' },
    columns: { type: 'string', default: 'raw,annals,neo4j-graphql' },
    operations: { type: 'string', default: OPERATION_KEYS.join(',') },
    out: { type: 'string', default: 'bench/results' },
    /** A database already loaded by an earlier run (for quick iterations); the default starts and loads one. */
    uri: { type: 'string' },
  },
});
const SIZE = values.size as ArchiveSize;
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const LEVELS = values.concurrency.split(',').map(Number);
const COLUMNS = new Set(values.columns.split(','));
const OPS = values.operations.split(',') as OperationKey[];
const command = `npm run bench -- --size ${SIZE} --seconds ${SECONDS} --concurrency ${LEVELS.join(',')}`;

const withNeo4jGraphql = COLUMNS.has('neo4j-graphql');
const started = performance.now();
const db =
  values.uri === undefined
    ? await benchDatabase({ size: SIZE, heapMb: 2048, pageCacheMb: 2048, ...(withNeo4jGraphql ? { pluginDir: ensureApoc() } : {}) })
    : connectedDatabase(values.uri);
const loadedSeconds = (performance.now() - started) / 1000;
const servers: { stop(): void }[] = [];
try {
  const ids = await pickIds(db.executor);
  const raw = rawOperations(ids);
  const annals = annalsOperations(ids);
  const generic = neo4jGraphqlOperations(ids);

  const annalsServer = await serverProcess(db.connection);
  servers.push(annalsServer);
  const genericServer = withNeo4jGraphql ? await startNeo4jGraphqlServer(db.connection) : null;
  if (genericServer) servers.push(genericServer);

  // Every request is checked once before it is timed: a column that answers with errors is no answer.
  const post = async (url: string, query: string): Promise<void> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (!res.ok || body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors ?? res.status).slice(0, 500)}`);
  };

  const rows: Row[] = [];
  for (const key of OPS) {
    const name = annals[key].name;
    await post(annalsServer.url, annals[key].graphql);
    const genericQuery = genericServer ? generic[key] : null;
    if (genericServer && genericQuery !== null) await post(genericServer.url, genericQuery);
    for (const c of LEVELS) {
      const row: Row = { key, operation: name, concurrency: c, raw: null, annals: null, neo4jGraphql: null };
      if (COLUMNS.has('raw')) row.raw = await rawLoad(db.executor, raw[key], c, SECONDS, WARMUP);
      if (COLUMNS.has('annals')) row.annals = await httpLoad(annalsServer.url, annals[key].graphql, c, SECONDS, WARMUP);
      if (genericServer && genericQuery !== null) row.neo4jGraphql = await httpLoad(genericServer.url, genericQuery, c, SECONDS, WARMUP);
      rows.push(row);
      const fmt = (r: LoadResult | null): string => (r === null ? '—' : `p50 ${r.p50.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s`);
      console.error(`${key} @${c}: raw ${fmt(row.raw)} | annals ${fmt(row.annals)} | @neo4j/graphql ${fmt(row.neo4jGraphql)}`);
    }
  }

  const profiles = await profileOperations(
    db.driver,
    OPS.map((key) => ({ name: key, graphql: annals[key].graphql })),
  );

  const date = new Date().toISOString();
  const out = {
    bench: 'run',
    command,
    date,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    data: {
      generated: SIZE,
      seed: 1,
      stats: await db.executor
        .read({ cypher: 'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships', params: {} })
        .then((r) => r[0]),
      loadSeconds: Math.round(loadedSeconds),
    },
    method:
      'raw: the Cypher in bench/suite.ts through neo4j-driver from the bench process, c workers back to back; annals and @neo4j/graphql: autocannon POST /graphql with c connections, each server in its own process; ' +
      `${WARMUP} s warm-up then ${SECONDS} s per cell; latencies in ms`,
    rows,
    profiles: profiles.map((p) => ({
      ...p,
      queries: p.queries.map((q) => ({ dbHits: q.dbHits, rows: q.rows, scans: q.scans, operators: q.operators, cypher: q.cypher })),
    })),
    ids,
  };
  const dir = resolve(ROOT, values.out);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${date.slice(0, 10)}-${SIZE}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(out, null, 2)}\n`);
  const md = markdownReport(out);
  writeFileSync(`${base}.md`, md);
  console.log(md);
  console.error(`wrote ${base}.json and ${base}.md`);
  // A request that failed is a broken column, whatever the timings: the CI smoke run must see it.
  const failed = rows.filter((r) => [r.raw, r.annals, r.neo4jGraphql].some((x) => (x?.errors ?? 0) > 0));
  if (failed.length > 0) {
    console.error(`bench: requests failed in ${failed.map((r) => `${r.key}@${r.concurrency}`).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  for (const s of servers) s.stop();
  await db.close();
}
