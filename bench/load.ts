// Load: autocannon against a real server process on the seeded graph, a mix of documented
// queries, recording latency percentiles, throughput, errors and the server's memory over time;
// then how fast requests fail once Neo4j is stopped. `npm run bench:load` (BENCH_DURATION, BENCH_CONNECTIONS).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDatabase, ROOT, serverProcess } from './fixture.js';
import type { ArchiveSize } from './generate.js';
const DURATION = Number(process.env['BENCH_DURATION'] ?? 60);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
/** Unmeasured load first: V8 and the driver size their heaps and pools in the first seconds. */
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 10);
/** A generated archive to load next to the seed (bench/generate.ts), so queries run on a bigger graph. */
const SIZE = (process.env['BENCH_SIZE'] ?? '') as ArchiveSize | '';

const QUERIES = [
  '{ timeline(from: "2002", to: "2006", first: 50) { edges { node { id name ... on Event { date { label(lang: "zh") } place { name } participants { role entity { name } } } } } } }',
  '{ entity(id: "person-luo-fuhe") { name names { value lang } relations { type other { name } citations { quote start end } } citations { quote } } }',
  '{ search(text: "民进广东", first: 10) { score entity { id name } } }',
  '{ search(text: "luo fuhe", first: 10) { score entity { id name } } }',
  '{ organization(id: "org-capd-guangdong") { positions(at: "2003") { title person { name } } units { name } } }',
  '{ neighborhood(id: "org-capd-guangdong", depth: 2) { nodes { id label } edges { from to label } } }',
  '{ connections(from: "person-yao-bentang", to: "person-hu-xian") { length steps { relation { type } } } }',
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const db = await benchDatabase({ size: SIZE, heapMb: 1024, pageCacheMb: 256 });
let server: Awaited<ReturnType<typeof serverProcess>> | undefined;
try {
  server = await serverProcess(db.connection);
  const url = server.url;

  const requests = QUERIES.map((query) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  }));
  if (WARMUP > 0) await autocannon({ url: `${url}/graphql`, connections: CONNECTIONS, duration: WARMUP, requests });
  const rss: { t: number; mb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => rss.push({ t: (Date.now() - started) / 1000, mb: rssMb(server!.pid) }), 1000);
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests,
  });
  clearInterval(sampler);
  const first = rss.filter((s) => s.t <= 10).map((s) => s.mb);
  const last = rss.filter((s) => s.t > DURATION - 10).map((s) => s.mb);

  // Outage: how long a request takes to come back with DATABASE_UNAVAILABLE once Neo4j is gone.
  await db.close();
  const failTimes: number[] = [];
  let code = '';
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(id: "org-capd") { id } }' }),
    });
    failTimes.push(performance.now() - t0);
    code = ((await res.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code ?? 'none';
  }

  const out = {
    bench: 'load',
    command: `BENCH_DURATION=${DURATION} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_WARMUP=${WARMUP} BENCH_SIZE=${SIZE} npm run bench:load`,
    warmupS: WARMUP,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    data:
      SIZE === ''
        ? 'the seeded graph (the article and the curator note)'
        : `the seeded graph plus the generated archive of size ${SIZE} (seed 1)`,
    queries: QUERIES.length,
    connections: CONNECTIONS,
    durationS: DURATION,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    rssMb: {
      first10sMean: Math.round(mean(first)),
      last10sMean: Math.round(mean(last)),
      growthPct: Math.round(((mean(last) - mean(first)) / mean(first)) * 1000) / 10,
      every5s: rss.filter((_, n) => n % 5 === 4).map((s) => Math.round(s.mb)),
    },
    outage: { code, failFastMedianMs: Math.round(median(failTimes)) },
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/load${SIZE === '' ? '' : `-${SIZE}`}.json`), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
} finally {
  server?.stop();
  await db.close();
}
