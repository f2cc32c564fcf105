// How long /healthz and a small read wait while the server imports a 0.75 MB dataset through the
// importDataset mutation (issue 11 item 12: imports used to stall the event loop for seconds).
// The server runs in this process, as `npm start` runs it (default limits), on an embedded Neo4j
// with the seed; /healthz and a read are polled every 20 ms during the import, and the event loop's
// delay is sampled by perf_hooks. Writes bench/results/import-latency.json.
// `npm run bench:import-latency [-- --kb 750 --runs 3]`
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { newToken, parseTokens } from '../src/auth/tokens.js';
import { createLogger } from '../src/logger.js';
import { startApp } from '../src/server/app.js';
import { benchDatabase, ROOT } from './fixture.js';
import { largeDataset } from './large-dataset.js';

const { values } = parseArgs({ options: { kb: { type: 'string', default: '750' }, runs: { type: 'string', default: '3' } } });
const bytes = Number(values.kb) * 1000;
const runs = Number(values.runs);

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (ms: number): number => Math.round(ms * 10) / 10;

const db = await benchDatabase({ size: '', heapMb: 1024, pageCacheMb: 256 });
const writer = newToken('bench', 'write');
const app = await startApp({
  driver: db.driver,
  logger: createLogger('silent'),
  host: '127.0.0.1',
  port: 0,
  tokens: parseTokens(writer.entry, undefined),
});
const base = app.url.replace('/graphql', '');
try {
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const prefix = `bench-latency-${run}`;
    const document = largeDataset(prefix, bytes);
    const health: number[] = [];
    const reads: number[] = [];
    let importing = true;
    const poll = async (samples: number[], request: () => Promise<Response>): Promise<void> => {
      while (importing) {
        const t = performance.now();
        await (await request()).arrayBuffer();
        samples.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const pollers = [
      poll(health, () => fetch(`${base}/healthz`)),
      poll(reads, () =>
        fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ entity(id: "person-luo-fuhe") { name } }' }),
        }),
      ),
    ];
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
      body: JSON.stringify({
        query: 'mutation($d: String!) { importDataset(document: $d) { entities relationships citations } }',
        variables: { d: document },
      }),
    });
    const body = (await res.json()) as { data?: { importDataset: Record<string, number> }; errors?: unknown[] };
    const importMs = performance.now() - started;
    importing = false;
    await Promise.all(pollers);
    loop.disable();
    if (body.errors !== undefined) throw new Error(`the import failed: ${JSON.stringify(body.errors)}`);
    const summarize = (xs: number[]) => ({
      samples: xs.length,
      p50: round(percentile(xs, 50)),
      p99: round(percentile(xs, 99)),
      max: round(Math.max(...xs)),
    });
    results.push({
      run,
      documentBytes: Buffer.byteLength(document),
      imported: body.data!.importDataset,
      importMs: Math.round(importMs),
      healthzMs: summarize(health),
      readMs: summarize(reads),
      eventLoopDelayMs: { p50: round(loop.percentile(50) / 1e6), p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
    });
    process.stderr.write(
      `run ${run}: import ${Math.round(importMs)} ms, /healthz max ${round(Math.max(...health))} ms, event loop max delay ${round(loop.max / 1e6)} ms\n`,
    );
    await db.executor.write({
      cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n',
      params: { p: prefix },
    });
  }
  const out = {
    bench: 'import-latency',
    command: `npm run bench:import-latency -- --kb ${values.kb} --runs ${runs}`,
    date: new Date().toISOString(),
    // Other processes share the machine: with a load average above the core count, waits include time this process was not scheduled.
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    },
    setup:
      'server in this process with default limits, embedded Neo4j with the seed; /healthz and a one-entity read polled every 20 ms during each import',
    results,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/import-latency.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    JSON.stringify(results.map((r) => ({ importMs: r.importMs, healthzMaxMs: r.healthzMs.max, loopMaxMs: r.eventLoopDelayMs.max }))),
  );
} finally {
  await app.stop();
  await db.close();
}
