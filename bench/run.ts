// The side-by-side bench: each operation as (a) hand-written Cypher through the driver (the limit),
// (b) Annals over HTTP, (c) @neo4j/graphql 7 over HTTP and (d) the Cypher of (a) behind a bare
// node:http server, against one warm Neo4j holding the seed and a generated archive, at several
// concurrencies; then PROFILE of every query Annals sends.
// `npm run bench -- --size M` writes bench/results/<date>-<size>.json and .md; `--sizes S,M,L` runs
// the operations on a fresh database of each size and writes bench/results/<date>-sizes.json and .md
// (see bench/README.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bareRequest, startBareServer } from './bare.js';
import { benchDatabase, connectedDatabase, ROOT, serverProcess, type BenchDatabase } from './fixture.js';
import { SIZES, type ArchiveSize } from './generate.js';
import { ensureApoc, neo4jGraphqlOperations, startNeo4jGraphqlServer } from './neo4j-graphql/index.js';
import { OPERATION_KEYS, type OperationKey } from './operations.js';
import { profileOperations, recordQueries } from './profile.js';
import { annalsOperations, pickIds, rawOperations, type BenchIds } from './suite.js';
import { alternating, httpLoad, postLoad, processCpuMs, rawLoad, type LoadResult } from './load-drivers.js';
import { markdownReport, poolRuns, sizesMarkdownReport, type Row, type SizeData } from './report.js';

const { values } = parseArgs({
  options: {
    /** One size: the side-by-side table (the default, S). */
    size: { type: 'string' },
    /** Several sizes, each in a fresh database: the S→L table. */
    sizes: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    /** Each cell's seconds in this many slices, the columns loaded in turn (see alternating in load-drivers.ts). */
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    /** The whole measurement this many times on the one loaded database (one size only): cells pooled, each run's b/d reported. */
    runs: { type: 'string', default: '1' },
    /** Default 1,16,64 for one size, 16 for several. */
    concurrency: { type: 'string' },
    /** Default raw,annals,neo4j-graphql,bare,bare-annals for one size, annals for several. */
    columns: { type: 'string' },
    /** Default all for one size; timeline, entity, both searches and roster for several. */
    operations: { type: 'string' },
    /** auto: Neo4j's bulk importer for M and L, transactions for XS and S. Default transactional for one size (as before), auto for several. */
    loader: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
    /** A database already loaded by an earlier run (for quick iterations, one size only); the default starts and loads one. */
    uri: { type: 'string' },
  },
});

const ALL_SIZES = Object.keys(SIZES) as ArchiveSize[];
const ALL_COLUMNS = ['raw', 'annals', 'neo4j-graphql', 'bare', 'bare-annals'];
const fail = (message: string): never => {
  console.error(`bench: ${message}`);
  process.exit(2);
};
const list = (text: string, known: readonly string[], what: string): string[] => {
  const items = text.split(',').filter((x) => x !== '');
  const unknown = items.filter((x) => !known.includes(x));
  if (unknown.length > 0 || items.length === 0)
    fail(`unknown ${what} ${unknown.join(', ') || '(none)'}: one or more of ${known.join(', ')}`);
  return items;
};

if (values.size !== undefined && values.sizes !== undefined) fail('--size (one) or --sizes (several), not both');
const MULTI = values.sizes !== undefined;
if (MULTI && values.uri !== undefined) fail('--uri reuses one loaded database: it goes with --size, not --sizes');
const SIZE_LIST = (MULTI ? list(values.sizes!, ALL_SIZES, 'size') : list(values.size ?? 'S', ALL_SIZES, 'size')) as ArchiveSize[];
SIZE_LIST.sort((x, y) => ALL_SIZES.indexOf(x) - ALL_SIZES.indexOf(y));
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) fail(`--rounds takes a whole number ≥ 1, not ${values.rounds}`);
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) fail(`--runs takes a whole number ≥ 1, not ${values.runs}`);
if (MULTI && RUNS > 1) fail('--runs repeats the measurement of one size: it goes with --size, not --sizes');
const LEVELS = (values.concurrency ?? (MULTI ? '16' : '1,16,64')).split(',').map(Number);
if (LEVELS.some((c) => !Number.isInteger(c) || c < 1)) fail(`--concurrency takes whole numbers ≥ 1, not ${values.concurrency}`);
const COLUMNS = new Set(list(values.columns ?? (MULTI ? 'annals' : ALL_COLUMNS.join(',')), ALL_COLUMNS, 'column'));
const OPS = list(
  values.operations ?? (MULTI ? 'timeline,entity,searchZh,searchPinyin,roster' : OPERATION_KEYS.join(',')),
  OPERATION_KEYS,
  'operation',
) as OperationKey[];
const LOADER = list(values.loader ?? (MULTI ? 'auto' : 'transactional'), ['auto', 'bulk', 'transactional'], 'loader')[0]!;
const loaderFor = (size: ArchiveSize): 'bulk' | 'transactional' =>
  LOADER === 'auto' ? (size === 'L' || size === 'M' ? 'bulk' : 'transactional') : (LOADER as 'bulk' | 'transactional');
const withNeo4jGraphql = COLUMNS.has('neo4j-graphql');

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const method = (): string =>
  'raw: the Cypher in bench/suite.ts through neo4j-driver from the bench process, c workers back to back; annals and @neo4j/graphql: autocannon POST /graphql with c connections; ' +
  'bare: the same autocannon settings POSTing {"operation": key} to bench/bare-server.ts, which runs the raw Cypher through the Executor and answers its rows as JSON; each server in its own process; ' +
  `${WARMUP} s warm-up then ${SECONDS} s per cell, in ${ROUNDS} rounds of ${(SECONDS / ROUNDS).toFixed(2)} s with the columns loaded in turn (each percentile the median of the rounds'); latencies in ms, of 2xx answers only; shed = 503 answers of Annals' fair share ` +
  "(at most half the cores' worth of connections/neighbourhoods run at once, 4 wait, the rest are refused at once by design), counted apart from errors; " +
  "bare with Annals' Cypher (e): the bare server running, per operation, the one query Annals sends for it (recorded in process), so b/e is what the GraphQL layer adds over the same Cypher and e/d what Annals' Cypher costs over the hand-written one; " +
  "CPU ms per request from /proc of the server process and of Neo4j's JVM over each timed run; before the first cell the bench waits until Neo4j is idle (a fresh load leaves it busy for a while)";

type Database = Pick<BenchDatabase, 'driver' | 'executor' | 'close' | 'connection'> & { neo4jPid?: number | undefined };

/**
 * Waits (up to two minutes) until Neo4j's JVM uses under a tenth of a core for two seconds running:
 * after a load it is still busy for a while (index sampling, flushing pages, compiling), and that
 * work would land in whichever cells run first.
 */
async function settle(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const started = performance.now();
  let quiet = 0;
  while (quiet < 2 && performance.now() - started < 120_000) {
    const before = processCpuMs(pid);
    await new Promise((r) => setTimeout(r, 1000));
    const after = processCpuMs(pid);
    quiet = after - before < 100 ? quiet + 1 : 0;
  }
  console.error(`bench: Neo4j settled in ${Math.round((performance.now() - started) / 1000)} s`);
}

/** Every column of every operation at every concurrency on one loaded database. */
async function measure(db: Database): Promise<{ ids: BenchIds; rows: Row[]; annals: ReturnType<typeof annalsOperations> }> {
  const servers: { stop(): void }[] = [];
  try {
    const ids = await pickIds(db.executor);
    const raw = rawOperations(ids);
    const annals = annalsOperations(ids);
    const generic = neo4jGraphqlOperations(ids);

    // Column e runs, per operation, the query Annals sends for it: an operation of several round trips has no such column.
    const recorded = COLUMNS.has('bare-annals')
      ? await recordQueries(
          db.driver,
          OPS.map((key) => annals[key]),
        )
      : [];
    const annalsCypher = Object.fromEntries(OPS.flatMap((key, i) => (recorded[i]?.length === 1 ? [[key, recorded[i][0]!]] : [])));
    const annalsServer = COLUMNS.has('annals') ? await serverProcess(db.connection) : null;
    if (annalsServer) servers.push(annalsServer);
    const genericServer = withNeo4jGraphql ? await startNeo4jGraphqlServer(db.connection) : null;
    if (genericServer) servers.push(genericServer);
    const bareServer = COLUMNS.has('bare') ? await startBareServer(db.connection, ids) : null;
    if (bareServer) servers.push(bareServer);
    const bareAnnalsServer = COLUMNS.has('bare-annals') ? await startBareServer(db.connection, ids, annalsCypher) : null;
    if (bareAnnalsServer) servers.push(bareAnnalsServer);
    await settle(db.neo4jPid);

    // Every request is checked once before it is timed: a column that answers with errors is no answer.
    const check = async (endpoint: string, body: string): Promise<void> => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await res.json()) as { errors?: unknown; error?: unknown };
      if (!res.ok || answer.errors || answer.error) {
        throw new Error(`${endpoint}: ${JSON.stringify(answer.errors ?? answer.error ?? res.status).slice(0, 500)}`);
      }
    };

    const rows: Row[] = [];
    for (const key of OPS) {
      const name = annals[key].name;
      if (annalsServer) await check(`${annalsServer.url}/graphql`, JSON.stringify({ query: annals[key].graphql }));
      const genericQuery = genericServer ? generic[key] : null;
      if (genericServer && genericQuery !== null) await check(`${genericServer.url}/graphql`, JSON.stringify({ query: genericQuery }));
      const bare = bareServer ? bareRequest(bareServer.url, key) : null;
      if (bare) await check(bare.endpoint, bare.body);
      const bareAnnals = bareAnnalsServer && annalsCypher[key] !== undefined ? bareRequest(bareAnnalsServer.url, key) : null;
      if (bareAnnals) await check(bareAnnals.endpoint, bareAnnals.body);
      const watch = (server: { pid: number } | null) => ({ server: server?.pid, neo4j: db.neo4jPid });
      for (const c of LEVELS) {
        const row: Row = {
          key,
          operation: name,
          concurrency: c,
          raw: null,
          annals: null,
          neo4jGraphql: null,
          bare: null,
          bareAnnals: null,
        };
        const measured = await alternating(
          {
            raw: COLUMNS.has('raw') ? (s: number, w: number) => rawLoad(db.executor, raw[key], c, s, w, watch(null)) : undefined,
            annals: annalsServer
              ? (s: number, w: number) => httpLoad(annalsServer.url, annals[key].graphql, c, s, w, watch(annalsServer))
              : undefined,
            neo4jGraphql:
              genericServer && genericQuery !== null
                ? (s: number, w: number) => httpLoad(genericServer.url, genericQuery, c, s, w, watch(genericServer))
                : undefined,
            bare: bare ? (s: number, w: number) => postLoad(bare.endpoint, bare.body, c, s, w, watch(bareServer)) : undefined,
            bareAnnals: bareAnnals
              ? (s: number, w: number) => postLoad(bareAnnals.endpoint, bareAnnals.body, c, s, w, watch(bareAnnalsServer))
              : undefined,
          },
          ROUNDS,
          SECONDS,
          WARMUP,
        );
        Object.assign(row, measured);
        rows.push(row);
        const fmt = (r: LoadResult | null): string => (r === null ? '—' : `p50 ${r.p50.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s`);
        console.error(
          `${key} @${c}: raw ${fmt(row.raw)} | annals ${fmt(row.annals)} | @neo4j/graphql ${fmt(row.neo4jGraphql)} | bare ${fmt(row.bare)} | bare, Annals' Cypher ${fmt(row.bareAnnals ?? null)}`,
        );
      }
    }
    return { ids, rows, annals };
  } finally {
    for (const s of servers) s.stop();
  }
}

const stats = async (db: Database): Promise<{ nodes: number; relationships: number }> =>
  (
    await db.executor.read({
      cypher: 'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships',
      params: {},
    })
  )[0] as { nodes: number; relationships: number };

const loadDatabase = async (size: ArchiveSize): Promise<{ db: Database; loadedSeconds: number; loader: string }> => {
  const started = performance.now();
  const loader = loaderFor(size);
  const db =
    values.uri === undefined
      ? await benchDatabase({
          size,
          heapMb: 2048,
          pageCacheMb: 2048,
          loader,
          ...(withNeo4jGraphql ? { pluginDir: ensureApoc() } : {}),
        }).then((loaded) => Object.assign(loaded, { neo4jPid: loaded.neo4j.pid }))
      : connectedDatabase(values.uri);
  return { db, loadedSeconds: (performance.now() - started) / 1000, loader: values.uri === undefined ? loader : `--uri ${values.uri}` };
};

/** A request that failed is a broken column, whatever the timings: the CI smoke run must see it. */
const reportFailures = (rows: (Row & { size?: string })[]): void => {
  const failed = rows.filter((r) => [r.raw, r.annals, r.neo4jGraphql, r.bare, r.bareAnnals].some((x) => (x?.errors ?? 0) > 0));
  if (failed.length > 0) {
    console.error(`bench: requests failed in ${failed.map((r) => `${r.size ? `${r.size} ` : ''}${r.key}@${r.concurrency}`).join(', ')}`);
    process.exitCode = 1;
  }
};

const dir = resolve(ROOT, values.out);

if (!MULTI) {
  const SIZE = SIZE_LIST[0]!;
  const chosen = (given: string | undefined, flag: string): string => (given === undefined ? '' : ` --${flag} ${given}`);
  const command =
    `npm run bench -- --size ${SIZE} --seconds ${SECONDS} --concurrency ${LEVELS.join(',')}` +
    `${chosen(values.operations, 'operations')}${chosen(values.columns, 'columns')}${RUNS > 1 ? ` --runs ${RUNS}` : ''}` +
    `${ROUNDS !== 3 ? ` --rounds ${ROUNDS}` : ''}${WARMUP !== 1 ? ` --warmup ${WARMUP}` : ''}${chosen(values.loader, 'loader')}${chosen(values.uri, 'uri')}`;
  const { db, loadedSeconds } = await loadDatabase(SIZE);
  try {
    const runs: Row[][] = [];
    let measured: Awaited<ReturnType<typeof measure>> | undefined;
    for (let run = 1; run <= RUNS; run += 1) {
      if (RUNS > 1) console.error(`bench: run ${run} of ${RUNS}`);
      measured = await measure(db);
      runs.push(measured.rows);
    }
    const { ids, annals } = measured!;
    const rows = RUNS > 1 ? poolRuns(runs) : runs[0]!;
    const profiles = await profileOperations(
      db.driver,
      OPS.map((key) => ({ name: key, graphql: annals[key].graphql })),
    );
    const date = new Date().toISOString();
    const out = {
      bench: 'run',
      command,
      date,
      machine,
      data: { generated: SIZE, seed: 1, stats: await stats(db), loadSeconds: Math.round(loadedSeconds) },
      method: method(),
      rows,
      ...(RUNS > 1 ? { runs } : {}),
      profiles: profiles.map((p) => ({
        ...p,
        queries: p.queries.map((q) => ({ dbHits: q.dbHits, rows: q.rows, scans: q.scans, operators: q.operators, cypher: q.cypher })),
      })),
      ids,
    };
    mkdirSync(dir, { recursive: true });
    const base = join(dir, `${date.slice(0, 10)}-${SIZE}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(out, null, 2)}\n`);
    const md = markdownReport(out);
    writeFileSync(`${base}.md`, md);
    console.log(md);
    console.error(`wrote ${base}.json and ${base}.md`);
    reportFailures(runs.flat());
  } finally {
    await db.close();
  }
} else {
  const command =
    `npm run bench -- --sizes ${SIZE_LIST.join(',')} --operations ${OPS.join(',')} --columns ${[...COLUMNS].join(',')} ` +
    `--concurrency ${LEVELS.join(',')} --seconds ${SECONDS} --warmup ${WARMUP} --loader ${LOADER}`;
  const sizes: SizeData[] = [];
  const rows: (Row & { size: string })[] = [];
  for (const size of SIZE_LIST) {
    console.error(`bench: loading ${size} (${loaderFor(size)})`);
    const { db, loadedSeconds, loader } = await loadDatabase(size);
    try {
      const measured = await measure(db);
      // What the hand-written Cypher answers at this size: the same read at every size is the point.
      const raw = rawOperations(measured.ids);
      const reads: SizeData['reads'] = {};
      for (const key of OPS) {
        const answer = await db.executor.read(raw[key]);
        reads[key] = { rows: answer.length, bytes: Buffer.byteLength(JSON.stringify(answer)) };
      }
      sizes.push({ size, loader, stats: await stats(db), loadSeconds: Math.round(loadedSeconds), ids: measured.ids, reads });
      rows.push(...measured.rows.map((r) => ({ ...r, size })));
    } finally {
      await db.close();
    }
  }
  const date = new Date().toISOString();
  const out = { bench: 'sizes', command, date, machine, method: `${method()}; each size a fresh database`, sizes, rows };
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${date.slice(0, 10)}-sizes`);
  writeFileSync(`${base}.json`, `${JSON.stringify(out, null, 2)}\n`);
  const md = sizesMarkdownReport(out);
  writeFileSync(`${base}.md`, md);
  console.log(md);
  console.error(`wrote ${base}.json and ${base}.md`);
  reportFailures(rows);
}
