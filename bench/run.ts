// Side by side: each operation as hand-written Cypher through the driver (the limit) and as Annals
// over HTTP, at several concurrencies, on the seed plus a generated archive. Writes
// bench/results/run-<size>.json and .md. `npm run bench:run -- --size S` (--seconds, --concurrency 1,16,64).
// Not yet here: @neo4j/graphql as a third column, PROFILE checks (see the performance issue).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Executor } from '../src/db/executor.js';
import { benchDatabase, ROOT, serverProcess } from './fixture.js';
import type { ArchiveSize } from './generate.js';
const { values } = parseArgs({
  options: { size: { type: 'string', default: 'S' }, seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '1,16,64' } },
});
const SIZE = values.size as ArchiveSize;
const SECONDS = Number(values.seconds);
const LEVELS = values.concurrency.split(',').map(Number);

interface Operation {
  name: string;
  cypher: string;
  params: Record<string, unknown>;
  graphql: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** c workers sending the query back to back for SECONDS through the driver; latencies in ms. */
async function rawLoad(executor: Executor, op: Operation, c: number): Promise<{ p50: number; p95: number; p99: number; rps: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await executor.read({ cypher: op.cypher, params: op.params });
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), rps: latencies.length / SECONDS, errors };
}

async function annalsLoad(url: string, op: Operation, c: number) {
  const r = await autocannon({
    url,
    connections: c,
    duration: SECONDS,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: op.graphql }) }],
  });
  return { p50: r.latency.p50, p95: r.latency.p97_5, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx };
}

const db = await benchDatabase({ size: SIZE, heapMb: 1536, pageCacheMb: 512 });
const { executor } = db;
let server: Awaited<ReturnType<typeof serverProcess>> | undefined;
try {
  // Real ids from the generated data: the busiest committee and two people who served there.
  const [pick] = await executor.read({
    cypher: `MATCH (o:Organization)<-[:HELD_POSITION]-(p:Person) WITH o, collect(DISTINCT p.id) AS people ORDER BY size(people) DESC LIMIT 1
MATCH (x:Person {id: people[0]})-[:PARTICIPATED_IN]->(:Event)
RETURN o.id AS org, people[0] AS a, people[size(people) - 1] AS b, [(x)-[:PARTICIPATED_IN]->(e) | e.id][0] AS event`,
    params: {},
  });
  const org = pick!['org'] as string;
  const [a, b] = [pick!['a'] as string, pick!['b'] as string];
  const [nameRow] = await executor.read({ cypher: 'MATCH (p:Person {id: $a}) RETURN p.name AS name', params: { a } });
  const name = nameRow!['name'] as string;

  const operations: Operation[] = [
    {
      name: 'timeline page (50 events in a window, place, participants)',
      cypher: `MATCH (e:Event) WHERE (e.latest IS NULL OR e.latest >= date('1990-01-01')) AND (e.earliest IS NULL OR e.earliest <= date('2010-12-31'))
WITH e ORDER BY e.timelineKey LIMIT 50
OPTIONAL MATCH (e)-[:TOOK_PLACE_IN]->(p:Place)
CALL (e) { OPTIONAL MATCH (x)-[r:PARTICIPATED_IN]->(e) RETURN collect({role: r.role, name: x.name}) AS participants }
RETURN e.id AS id, e.name AS name, e.edtf AS date, p.name AS place, participants`,
      params: {},
      graphql: '{ timeline(from: "1990", to: "2010", first: 50) { edges { node { id name ... on Event { date { edtf } place { name } participants { role entity { name } } } } } } }',
    },
    {
      name: 'entity with its relationships and citations',
      cypher: `MATCH (n:Entity {id: $a})
CALL (n) { OPTIONAL MATCH (n)-[r]-(o:Entity) WHERE type(r) <> 'MENTIONS' OPTIONAL MATCH (c:Citation {about: r.id}) RETURN collect({type: type(r), other: o.name, quote: c.quote}) AS rels }
CALL (n) { OPTIONAL MATCH (c:Citation {about: n.id}) RETURN collect(c.quote) AS quotes }
RETURN n.name AS name, rels, quotes`,
      params: { a },
      graphql: `{ entity(id: "${a}") { name citations { quote } relations { type other { name } citations { quote } } } }`,
    },
    {
      name: 'search (Chinese)',
      cypher: "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score RETURN node.id AS id, node.name AS name, score ORDER BY score DESC LIMIT 10",
      params: { q: name },
      graphql: `{ search(text: "${name}", first: 10) { score entity { id name } } }`,
    },
    {
      name: 'search (pinyin)',
      cypher: "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score RETURN node.id AS id, node.name AS name, score ORDER BY score DESC LIMIT 10",
      params: { q: 'zhang wei zhangwei' },
      graphql: '{ search(text: "zhang wei", first: 10) { score entity { id name } } }',
    },
    {
      name: 'organization roster at a date',
      cypher: `MATCH (o:Organization {id: $org})<-[r:HELD_POSITION]-(p:Person)
WHERE (r.earliest IS NULL OR r.earliest <= date('2005-12-31')) AND (r.latest IS NULL OR r.latest >= date('2005-01-01'))
RETURN p.name AS name, r.title AS title`,
      params: { org },
      graphql: `{ organization(id: "${org}") { positions(at: "2005") { title person { name } } } }`,
    },
    {
      name: 'connections between two people (≤ 4 hops)',
      cypher: `MATCH (x:Entity {id: $a}) MATCH (y:Entity {id: $b})
MATCH p = allShortestPaths((x)-[:HELD_POSITION|PART_OF|PARTICIPATED_IN|ORGANIZED|TOOK_PLACE_IN|LAUNCHED|ADVANCED|COMPONENT_OF|REVIEWED|FOLLOWED*..4]-(y))
WITH p LIMIT 5 RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types`,
      params: { a, b },
      graphql: `{ connections(from: "${a}", to: "${b}", maxHops: 4, first: 5) { entities { id } steps { relation { type } } } }`,
    },
    {
      name: 'neighborhood depth 2',
      cypher: `MATCH (c:Entity {id: $a}) MATCH p = (c)-[:HELD_POSITION|PART_OF|PARTICIPATED_IN|ORGANIZED|TOOK_PLACE_IN|LAUNCHED|ADVANCED|COMPONENT_OF|REVIEWED|FOLLOWED*1..2]-(n:Entity)
UNWIND relationships(p) AS r WITH collect(DISTINCT n.id) AS nodes, collect(DISTINCT r.id) AS rels RETURN nodes, rels`,
      params: { a },
      graphql: `{ neighborhood(id: "${a}", depth: 2) { nodes { id } edges { id } } }`,
    },
  ];

  server = await serverProcess(db.neo4j.uri);
  const base = server.url;

  const rows: Record<string, unknown>[] = [];
  for (const op of operations) {
    const check = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: op.graphql }) });
    const body = (await check.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`${op.name}: ${JSON.stringify(body.errors)}`);
    for (const c of LEVELS) {
      const raw = await rawLoad(executor, op, c);
      const annals = await annalsLoad(`${base}/graphql`, op, c);
      rows.push({ operation: op.name, concurrency: c, raw, annals, p50Ratio: Math.round((annals.p50 / Math.max(raw.p50, 0.01)) * 100) / 100 });
      console.error(`${op.name} @${c}: raw p50 ${raw.p50.toFixed(1)} ms, annals p50 ${annals.p50} ms`);
    }
  }
  const out = {
    bench: 'run',
    command: `npm run bench:run -- --size ${SIZE} --seconds ${SECONDS} --concurrency ${LEVELS.join(',')}`,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    data: `seed + generated ${SIZE} (seed 1)`,
    notes: 'raw = hand-written Cypher through the driver (the limit); annals = GraphQL over HTTP; p95 for annals is autocannon p97.5',
    rows,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/run-${SIZE}.json`), `${JSON.stringify(out, null, 2)}\n`);
  const table = [
    `# ${out.command}`,
    '',
    `${out.date}, ${out.machine.cpus} cores, Node ${out.machine.node}, ${out.data}. ${out.notes}.`,
    '',
    '| operation | conc. | raw p50 ms | Annals p50 ms | Annals/raw p50 | raw req/s | Annals req/s | Annals p99 ms | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const raw = r['raw'] as { p50: number; rps: number; errors: number };
      const an = r['annals'] as { p50: number; p99: number; rps: number; errors: number };
      return `| ${String(r['operation'])} | ${String(r['concurrency'])} | ${raw.p50.toFixed(1)} | ${an.p50} | ${String(r['p50Ratio'])} | ${raw.rps.toFixed(0)} | ${an.rps.toFixed(0)} | ${an.p99} | ${raw.errors + an.errors} |`;
    }),
  ].join('\n');
  writeFileSync(join(ROOT, `bench/results/run-${SIZE}.md`), `${table}\n`);
  console.log(table);
} finally {
  server?.stop();
  await db.close();
}
