// What each bench operation reads from Neo4j, Annals against the hand-written Cypher:
// `npx tsx bench/reads.ts --uri bolt://… [--operations timeline,entity] [--out file.md]` (NEO4J_PASSWORD
// of that database in the environment). For each operation, the Cypher Annals sends for the bench's
// GraphQL document (recorded as profile.ts does) and the raw Cypher of suite.ts: round trips, rows,
// values in the answer (every map entry and list item the driver unpacks), bytes of the answer as
// JSON (the driver's plain rows, as `--sizes` counts them) and db hits (PROFILE).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectedDatabase } from './fixture.js';
import { OPERATION_KEYS, type OperationKey } from './operations.js';
import { createLogger } from '../src/logger.js';
import { createApollo } from '../src/server/apollo.js';
import { createContext } from '../src/graphql/context.js';
import { DEFAULT_LIMITS } from '../src/server/limits.js';
import { Executor as RecordingExecutor } from '../src/db/executor.js';
import { annalsOperations, pickIds, rawOperations } from './suite.js';
import type { CypherQuery } from '../src/db/query.js';
import type { Executor } from '../src/db/executor.js';

const { values } = parseArgs({
  options: { uri: { type: 'string' }, operations: { type: 'string' }, out: { type: 'string' } },
});
if (values.uri === undefined) throw new Error('--uri bolt://… of a loaded bench database');
const ops = (values.operations?.split(',') ?? OPERATION_KEYS) as OperationKey[];

/** Leaf values and containers in a plain answer: what the driver unpacks. */
function count(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + count(x), 1);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((s: number, x) => s + count(x), 1);
  return 1;
}

interface Read {
  roundTrips: number;
  rows: number;
  values: number;
  bytes: number;
  dbHits: number;
}

async function measure(executor: Executor, queries: CypherQuery<unknown>[], dbHits: number): Promise<Read> {
  const out: Read = { roundTrips: queries.length, rows: 0, values: 0, bytes: 0, dbHits };
  for (const q of queries) {
    const rows = await executor.read(q);
    out.rows += rows.length;
    out.values += count(rows);
    out.bytes += Buffer.byteLength(JSON.stringify(rows));
  }
  return out;
}

const db = connectedDatabase(values.uri);
const logger = createLogger('silent');
const apollo = createApollo(logger);
await apollo.start();

/** The Cypher queries Annals sends for one GraphQL document. */
async function recorded(graphql: string): Promise<CypherQuery<unknown>[]> {
  const seen: CypherQuery<unknown>[] = [];
  const executor = new RecordingExecutor({ driver: db.driver, onQuery: (q) => seen.push(q) });
  const res = await apollo.executeOperation({ query: graphql }, { contextValue: createContext(executor, logger, DEFAULT_LIMITS) });
  if (res.body.kind !== 'single' || res.body.singleResult.errors) throw new Error(JSON.stringify(res.body));
  return seen;
}

try {
  const ids = await pickIds(db.executor);
  const raw = rawOperations(ids);
  const annals = annalsOperations(ids);
  const lines = [
    '| operation | Annals round trips | raw | Annals rows | raw | Annals values | raw | Annals bytes | raw | Annals db hits | raw |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  const cypher: string[] = [];
  for (const key of ops) {
    const sent = await recorded(annals[key].graphql);
    let hits = 0;
    for (const q of sent) hits += (await db.executor.profile(q)).dbHits;
    const a = await measure(db.executor, sent, hits);
    const rawProfile = await db.executor.profile(raw[key]);
    const r = await measure(db.executor, [raw[key]], rawProfile.dbHits);
    lines.push(
      `| ${key} | ${a.roundTrips} | ${r.roundTrips} | ${a.rows} | ${r.rows} | ${a.values} | ${r.values} | ${a.bytes} | ${r.bytes} | ${a.dbHits} | ${r.dbHits} |`,
    );
    cypher.push(`### ${key}\n\n${sent.map((q) => '```cypher\n' + q.cypher + '\n```').join('\n\n')}`);
  }
  const md = `${lines.join('\n')}\n\n${cypher.join('\n\n')}\n`;
  if (values.out !== undefined) writeFileSync(values.out, md);
  process.stdout.write(md);
} finally {
  await apollo.stop();
  await db.close();
}
