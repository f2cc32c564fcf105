// The GraphQL layer's own CPU per operation, with the database taken out: `npm run bench:layer --
// --size S`. Each operation of suite.ts runs once through Apollo against a bench database, and the
// rows of each query it sends are kept, in the order it sends them; then it runs again and again in
// this process with those rows replayed (fresh copies, so decoders may take them over), timed by
// process.cpuUsage over many runs in alternating slices (so all see the same heap and GC), three
// ways: the hot path (server/hot-operations.ts: compiled operation, resolvers, domain, JSON),
// Apollo's whole request pipeline (executeHTTPGraphQLRequest, document cached) and, for scale, what
// the bare server does with the same rows (JSON.stringify). The copying of replayed rows is
// measured apart and taken off. No HTTP, no driver, no Neo4j: what is left is the layer. Writes
// bench/results/layer-<size>.json and .md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HeaderMap } from '@apollo/server';
import { benchDatabase, ROOT } from './fixture.js';
import type { ArchiveSize } from './generate.js';
import { OPERATION_KEYS, type OperationKey } from './operations.js';
import { annalsOperations, pickIds } from './suite.js';
import { createLogger } from '../src/logger.js';
import { createApollo } from '../src/server/apollo.js';
import { createContext } from '../src/graphql/context.js';
import { DEFAULT_LIMITS } from '../src/server/limits.js';
import { HotOperations } from '../src/server/hot-operations.js';
import type { CypherQuery } from '../src/db/query.js';
import type { Executor } from '../src/db/executor.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    runs: { type: 'string', default: '10000' },
    operations: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
});
const SIZE = values.size as ArchiveSize;
const RUNS = Number(values.runs);
const OPS = (values.operations?.split(',') ?? OPERATION_KEYS) as OperationKey[];

/** An executor of reads only, as a request's context uses it (forRequest gives itself back). */
function readsOnly(read: (q: CypherQuery<unknown>, options?: { timeoutMs?: number }) => Promise<unknown[]>): Executor {
  const executor = { counter: { count: 0 }, bookmarks: { made: undefined, given: [], current: [] }, forRequest: () => executor, read };
  return executor as unknown as Executor;
}

/** The query's rows as it returns them: its decoder applied to raw rows. */
const decoded = (q: CypherQuery<unknown>, rows: Record<string, unknown>[]) =>
  q.decode === undefined ? rows : rows.map((r) => q.decode!(r));

/** Answers the queries of one execution from rows kept earlier, by their order (copies: decoders may take rows over). */
function replaying(kept: readonly Record<string, unknown>[][]): Executor {
  let next = 0;
  return readsOnly(async (q) => decoded(q, structuredClone(kept[next++]!)));
}

/** Runs each read on `real` and keeps its raw rows (before the query's decoder). */
function keeping(real: Executor, kept: Record<string, unknown>[][]): Executor {
  return readsOnly(async (q, options) => {
    const rows = (await real.read({ ...q, decode: undefined }, options)) as Record<string, unknown>[];
    kept.push(structuredClone(rows));
    return decoded(q, rows);
  });
}

/** Slices each measure is taken in, alternating between them, so that all see the same heap and GC. */
const SLICES = 5;

/**
 * CPU µs per call of each of `works`, over RUNS calls each (after a tenth as many to warm up), taken
 * in SLICES rounds that alternate between them.
 */
async function cpuMicros(works: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const work of works) for (let i = 0; i < Math.ceil(RUNS / 10); i++) await work();
  const used = works.map(() => 0);
  const perSlice = Math.ceil(RUNS / SLICES);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [n, work] of works.entries()) {
      const start = process.cpuUsage();
      for (let i = 0; i < perSlice; i++) await work();
      const { user, system } = process.cpuUsage(start);
      used[n]! += user + system;
    }
  }
  return used.map((us) => us / (perSlice * SLICES));
}

const round = (n: number) => Math.round(n * 10) / 10;
const db = await benchDatabase({ size: SIZE, heapMb: 2048, pageCacheMb: 1024 });
const logger = createLogger('silent');
const hot = new HotOperations(DEFAULT_LIMITS);
const apollo = createApollo(logger, DEFAULT_LIMITS, undefined, undefined, hot);
await apollo.start();
const rows: Record<string, unknown>[] = [];
try {
  const operations = annalsOperations(await pickIds(db.executor));
  for (const key of OPS) {
    const { name, graphql } = operations[key];
    const kept: Record<string, unknown>[][] = [];
    const first = await apollo.executeOperation(
      { query: graphql },
      { contextValue: createContext(keeping(db.executor, kept), logger, DEFAULT_LIMITS) },
    );
    if (first.body.kind !== 'single' || first.body.singleResult.errors !== undefined)
      throw new Error(`${key}: ${JSON.stringify(first.body)}`);
    const body = { query: graphql };
    const context = () => createContext(replaying(kept), logger, DEFAULT_LIMITS);
    const answer = await hot.answer(body, undefined, context());
    if (answer === undefined) throw new Error(`${key}: the hot path did not answer`);
    const headers = new HeaderMap([['content-type', 'application/json']]);
    const [copyUs, hotUs, apolloUs, bareUs] = (await cpuMicros([
      async () => kept.map((r) => structuredClone(r)),
      () => hot.answer(body, undefined, context()),
      () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: 'POST', headers, search: '', body },
          context: async () => context(),
        }),
      // JSON.stringify does not change the rows: no copy to take off.
      async () => kept.map((r) => JSON.stringify(r)),
    ])) as [number, number, number, number];
    const row = {
      operation: key,
      name,
      queries: kept.length,
      rows: kept.reduce((s, r) => s + r.length, 0),
      answerBytes: Buffer.byteLength(answer),
      hotPathUs: round(hotUs - copyUs),
      apolloUs: round(apolloUs - copyUs),
      apolloPipelineUs: round(apolloUs - hotUs),
      rowsAsJsonUs: round(bareUs),
      replayCopyUs: round(copyUs),
    };
    process.stderr.write(`bench: ${JSON.stringify(row)}\n`);
    rows.push(row);
  }
} finally {
  await apollo.stop();
  await db.close();
}

const command = `npm run bench:layer -- --size ${SIZE} --runs ${RUNS}${values.operations === undefined ? '' : ` --operations ${values.operations}`}`;
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}`;
const at = new Date().toISOString();
writeFileSync(
  join(values.out, `layer-${SIZE}.json`),
  `${JSON.stringify({ command, at, machine, runs: RUNS, operations: rows }, null, 2)}\n`,
);
const md = [
  `# The GraphQL layer's CPU per operation, database rows replayed (size ${SIZE})`,
  '',
  `\`${command}\` · ${at} · ${machine}`,
  '',
  "Each operation's queries answered from rows kept from one real run, in the order it sends them; CPU µs per operation (process.cpuUsage over the runs, the copying of the replayed rows taken off). Hot path: what `server/hot-operations.ts` runs for a repeated query (compiled operation, resolvers, domain code, the answer's JSON). Apollo: `executeHTTPGraphQLRequest` with the document cached, what a request costs without the hot path; Apollo's pipeline is the difference. Rows as JSON: what the bare server (column e of `npm run bench`) does with the same rows.",
  '',
  '| operation | queries | rows | answer bytes | hot path µs | Apollo µs | Apollo pipeline µs | rows as JSON µs |',
  '| --- | --: | --: | --: | --: | --: | --: | --: |',
  ...rows.map(
    (r) =>
      `| ${String(r['name'])} | ${String(r['queries'])} | ${String(r['rows'])} | ${String(r['answerBytes'])} | ${String(r['hotPathUs'])} | ${String(r['apolloUs'])} | ${String(r['apolloPipelineUs'])} | ${String(r['rowsAsJsonUs'])} |`,
  ),
  '',
].join('\n');
writeFileSync(join(values.out, `layer-${SIZE}.md`), md);
process.stderr.write(`bench: → ${join(values.out, `layer-${SIZE}.md`)}\n`);
