// The two ways the side-by-side bench puts load on a column: workers calling the driver back to back
// (raw Cypher) and autocannon over HTTP (the GraphQL servers). Both measure the same way: every
// response time after the warm-up, percentiles over all of them, requests per second over the run.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { CypherQuery } from '../src/db/query.js';
import type { Executor } from '../src/db/executor.js';

export interface LoadResult {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  /** How long the timed run really took (s): req/s is over it. */
  seconds: number;
  requests: number;
  errors: number;
  /**
   * Requests refused at once with 503 + Retry-After: the server's fair share of expensive work
   * (src/server/fair-share.ts) shedding what is over its limit, by design, not a failure.
   */
  shed: number;
  /**
   * CPU time (user + system, from /proc) per request served during the timed run, in ms: of the
   * server process (null for column a, whose driver runs in the bench process that also drives the
   * load) and of Neo4j's JVM (null when the bench did not start it: --uri). Real CPU, robust to
   * load, unlike latencies: where a request's cost lies.
   */
  cpuMsPerRequest?: { server: number | null; neo4j: number | null };
}

/** The processes whose CPU a timed run reads: the server answering it, Neo4j's JVM. */
export interface CpuWatch {
  server?: number | undefined;
  neo4j?: number | undefined;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc: real CPU, unlike wall-clock samples or latencies. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The same, or null when there is no such process (or none was given). */
const cpuOrNull = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    return processCpuMs(pid);
  } catch {
    return null;
  }
};

/** Starts reading CPU of the watched processes; the function it returns gives ms per request for `requests`. */
function cpuMeter(watch: CpuWatch): (requests: number) => LoadResult['cpuMsPerRequest'] {
  const before = { server: cpuOrNull(watch.server), neo4j: cpuOrNull(watch.neo4j) };
  return (requests) => {
    const per = (start: number | null, now: number | null): number | null =>
      start === null || now === null || requests === 0 ? null : Math.round(((now - start) / requests) * 1000) / 1000;
    return { server: per(before.server, cpuOrNull(watch.server)), neo4j: per(before.neo4j, cpuOrNull(watch.neo4j)) };
  };
}

function summarize(latencies: number[], seconds: number, errors: number, shed = 0): LoadResult {
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number): number =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;
  return {
    p50: at(50),
    p95: at(95),
    p99: at(99),
    rps: Math.round((sorted.length / seconds) * 10) / 10,
    seconds,
    requests: sorted.length,
    errors,
    shed,
  };
}

/** c workers sending the query back to back through the driver for `seconds`, after `warmup` seconds untimed. */
export async function rawLoad(
  executor: Executor,
  query: CypherQuery,
  c: number,
  seconds: number,
  warmup: number,
  watch: CpuWatch = {},
): Promise<LoadResult> {
  const run = async (forSeconds: number): Promise<{ latencies: number[]; errors: number; took: number }> => {
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const until = started + forSeconds * 1000;
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            await executor.read(query);
            latencies.push(performance.now() - t);
          } catch {
            errors += 1;
          }
        }
      }),
    );
    // The last queries end after `until`: req/s is over the time the run really took.
    return { latencies, errors, took: (performance.now() - started) / 1000 };
  };
  if (warmup > 0) await run(warmup);
  const cpu = cpuMeter({ neo4j: watch.neo4j });
  const { latencies, errors, took } = await run(seconds);
  return { ...summarize(latencies, took, errors), cpuMsPerRequest: cpu(latencies.length) };
}

/** autocannon with c connections POSTing the GraphQL query to `${url}/graphql` (see postLoad). */
export async function httpLoad(
  url: string,
  query: string,
  c: number,
  seconds: number,
  warmup: number,
  watch: CpuWatch = {},
): Promise<LoadResult> {
  return postLoad(`${url}/graphql`, JSON.stringify({ query }), c, seconds, warmup, watch);
}

/**
 * autocannon with c connections POSTing `body` (JSON) to `endpoint` for `seconds`, after `warmup`
 * seconds untimed. Latencies and req/s count 2xx answers only; a 503 is shed load (counted apart),
 * any other status an error. Every HTTP column (Annals, @neo4j/graphql, bare) runs through it.
 */
export async function postLoad(
  endpoint: string,
  body: string,
  c: number,
  seconds: number,
  warmup: number,
  watch: CpuWatch = {},
): Promise<LoadResult> {
  const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
  // autocannon checks for the end of a run at each sample: every 100 ms, not every second, so a
  // run of 1.67 s lasts that long rather than 2 s; req/s is over the time the run really took.
  const settings = { url: endpoint, connections: c, requests: [request], sampleInt: 100 };
  if (warmup > 0) await autocannon({ ...settings, duration: warmup });
  const cpu = cpuMeter(watch);
  const latencies: number[] = [];
  let errors = 0;
  let shed = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ ...settings, duration: seconds }, (err, res) => (err ? reject(err as Error) : resolve(res)));
    run.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      else if (status === 503) shed += 1;
      else errors += 1;
    });
  });
  // Shed requests cost the server too: CPU is per request answered, 2xx or 503.
  return { ...summarize(latencies, result.duration, errors + result.errors, shed), cpuMsPerRequest: cpu(latencies.length + shed) };
}

/** One column of a cell, bound to its target: rawLoad or postLoad for `seconds` after `warmup` seconds untimed. */
export type Load = (seconds: number, warmup: number) => Promise<LoadResult>;

/** The median: of an even count, the mean of the two middle values (0 for none). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Loads the columns in turn, `rounds` times, `seconds / rounds` each (the warm-up before each
 * column's first round only), so that a passing disturbance of the machine (a collection, a
 * checkpoint, another process) falls on every column alike, not on whichever ran then. Per
 * column: each percentile the median of the rounds', requests, errors and shed summed, req/s over
 * all rounds, CPU per request over all requests served.
 */
export async function alternating<K extends string>(
  loads: Partial<Record<K, Load>>,
  rounds: number,
  seconds: number,
  warmup: number,
): Promise<Partial<Record<K, LoadResult>>> {
  const entries = (Object.entries(loads) as [K, Load | undefined][]).filter((e): e is [K, Load] => e[1] !== undefined);
  const done = new Map<K, LoadResult[]>(entries.map(([key]) => [key, []]));
  for (let round = 0; round < rounds; round += 1)
    for (const [key, load] of entries) done.get(key)!.push(await load(seconds / rounds, round === 0 ? warmup : 0));
  return Object.fromEntries(entries.map(([key]) => [key, pooled(done.get(key)!)])) as Partial<Record<K, LoadResult>>;
}

/** The same for columns in a list (servers compared in alternation): their results in that order. */
export async function alternatingList(loads: readonly Load[], rounds: number, seconds: number, warmup: number): Promise<LoadResult[]> {
  const measured = await alternating(Object.fromEntries(loads.map((load, i) => [String(i), load])), rounds, seconds, warmup);
  return loads.map((_, i) => measured[String(i)]!);
}

/**
 * Several measurements of one column as one: each percentile the median of theirs, requests,
 * errors and shed summed, req/s over their summed duration, CPU per request over all requests served.
 */
export function pooled(results: readonly LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number): number => results.reduce((s, r) => s + f(r), 0);
  const requests = sum((r) => r.requests);
  const served = sum((r) => r.requests + r.shed);
  const cpu = (side: 'server' | 'neo4j'): number | null =>
    results.some((r) => r.cpuMsPerRequest?.[side] == null) || served === 0
      ? null
      : Math.round((sum((r) => r.cpuMsPerRequest![side]! * (r.requests + r.shed)) / served) * 1000) / 1000;
  return {
    p50: median(results.map((r) => r.p50)),
    p95: median(results.map((r) => r.p95)),
    p99: median(results.map((r) => r.p99)),
    rps: Math.round((requests / sum((r) => r.seconds)) * 10) / 10,
    seconds: sum((r) => r.seconds),
    requests,
    errors: sum((r) => r.errors),
    shed: sum((r) => r.shed),
    cpuMsPerRequest: { server: cpu('server'), neo4j: cpu('neo4j') },
  };
}
