// Where the server spends CPU per request: `npm run bench:cpu-profile -- --label before|after`.
// Starts a bench database (size S), the server as its own process under `node --cpu-prof`, drives
// autocannon on the timeline-page and entity operations of suite.ts, stops the server with SIGTERM
// (its shutdown ends in process.exit, where Node writes the .cpuprofile), then sums self time by
// category (graphql parse, validate with our limit rules, execute and resolvers, Apollo, the
// driver, JSON, our domain and query code, module loading, GC, idle) and lists the top functions.
// Writes bench/results/cpu-profile-<label>.json and .md; with a cpu-profile-before.json beside it,
// the .md puts both side by side.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDatabase, defaultServerKind, ROOT, serverCommand, serverProcess, type ServerKind } from './fixture.js';
import { alternatingList, httpLoad, type Load } from './load-drivers.js';
import { annalsOperations, pickIds } from './suite.js';
import type { OperationKey } from './operations.js';

const { values } = parseArgs({
  options: {
    label: { type: 'string', default: 'before' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    operations: { type: 'string', default: 'timeline,entity' },
    out: { type: 'string', default: 'bench/results' },
    /** Keep the raw .cpuprofile here (for Chrome DevTools or speedscope); by default it is deleted. */
    keep: { type: 'string' },
    /**
     * A second server of this kind (`tsx`: src/main.ts through tsx; `dist`) on the same database,
     * loaded in alternation with the profiled one (slices of seconds/rounds each), so both see the
     * same machine: on a shared box that is the only fair comparison. Reported as CPU per request.
     */
    compare: { type: 'string' },
    /**
     * Compare with another build of the server: a directory beside dist/ holding a `npm run build`
     * output (e.g. `cp -a dist dist-base` on main, then build the branch), so two builds are
     * loaded in alternation on the same machine.
     */
    'compare-dist': { type: 'string' },
    /** Compare with the same build under other environment variables (KEY=VALUE,KEY=VALUE), e.g. ANNALS_EXECUTOR=graphql-js. */
    'compare-env': { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const LABEL = values.label;
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CONCURRENCY = Number(values.concurrency);
const OPS = values.operations.split(',') as OperationKey[];
const ROUNDS = Number(values.rounds);
const COMPARE_ENV: Record<string, string> = Object.fromEntries(
  (values['compare-env'] ?? '')
    .split(',')
    .filter((kv) => kv.includes('='))
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const COMPARE: ServerKind | undefined =
  values['compare-dist'] !== undefined
    ? { dist: values['compare-dist'] }
    : ((values.compare as ServerKind | undefined) ?? (values['compare-env'] !== undefined ? defaultServerKind() : undefined));
/** How the compared server is named in the command line and the report. */
const COMPARE_FLAGS =
  (values.compare !== undefined ? ` --compare ${values.compare}` : '') +
  (values['compare-dist'] !== undefined ? ` --compare-dist ${values['compare-dist']}` : '') +
  (values['compare-env'] !== undefined ? ` --compare-env ${values['compare-env']}` : '');

interface Served {
  p50: number;
  rps: number;
  requests: number;
  errors: number;
  /** CPU of the server process per request (ms), from /proc. */
  cpuMsPerRequest: number;
}

/** Load in `rounds` slices, the server's CPU read around each; with two servers, alternating (see alternating). */
async function drive(servers: { url: string; pid: number }[], query: string): Promise<Served[]> {
  const measured = await alternatingList(
    servers.map(
      (server): Load =>
        (seconds, warmup) =>
          httpLoad(server.url, query, CONCURRENCY, seconds, warmup, { server: server.pid }),
    ),
    ROUNDS,
    SECONDS,
    WARMUP,
  );
  return measured.map(({ p50, rps, requests, errors, cpuMsPerRequest }) => ({
    p50,
    rps,
    requests,
    errors,
    cpuMsPerRequest: Math.round((cpuMsPerRequest?.server ?? 0) * 100) / 100,
  }));
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The categories, in the order the report lists them. */
export const CATEGORIES = [
  'graphql parse',
  'graphql validate (incl. limit rules, cost)',
  'graphql execute / resolvers',
  'Apollo Server plumbing',
  'neo4j-driver / bolt',
  'JSON serialise / parse',
  'our domain / query code',
  'logging (pino)',
  'node http / net / streams',
  'tsx / module loading',
  'GC',
  'idle / program',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

const LIMIT_RULES = /\/(src|dist)\/(server\/(cost|query-shape|parse-limits|validation-rules|validation-cache)|graphql\/bounds)\.[jt]s$/;

/** The category of one profile node, by its script URL and function name. */
export function categorize({ url, functionName }: CallFrame): Category {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return 'idle / program';
  if (url === '' && /^(stringify|parse|JSONSerialize|JsonStringify)$/.test(functionName)) return 'JSON serialise / parse';
  if (/node_modules\/graphql\/language\//.test(url)) return 'graphql parse';
  if (/node_modules\/graphql\/validation\//.test(url) || LIMIT_RULES.test(url)) return 'graphql validate (incl. limit rules, cost)';
  if (/node_modules\/(graphql|graphql-jit|dataloader)\//.test(url) || /\/(src|dist)\/graphql\//.test(url))
    return 'graphql execute / resolvers';
  if (
    /node_modules\/(@apollo|@graphql-tools|lru-cache|negotiator|@whatwg-node|whatwg-mimetype|loglevel)\//.test(url) ||
    /\/(src|dist)\/server\//.test(url)
  )
    return 'Apollo Server plumbing';
  if (/node_modules\/neo4j-driver/.test(url)) return 'neo4j-driver / bolt';
  if (/\/(src|dist)\/(domain|queries|db|model|dataset|auth|export|workers|launcher)\//.test(url) || /\/(src|dist)\/[^/]+\.[jt]s$/.test(url))
    return 'our domain / query code';
  if (/node_modules\/(pino|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free)/.test(url))
    return 'logging (pino)';
  if (/node_modules\/(tsx|esbuild|get-tsconfig)\//.test(url) || /^node:internal\/modules\//.test(url)) return 'tsx / module loading';
  if (
    /^node:(internal\/)?(http|_http|net|stream|streams|internal\/streams|buffer|events|timers|async_hooks|internal\/async_hooks)/.test(url)
  )
    return 'node http / net / streams';
  return 'other';
}

export interface ProfileSummary {
  sampledMs: number;
  /** Milliseconds of self time by category. */
  byCategory: Record<Category, number>;
  /** CPU (everything but idle) per request, microseconds, by category. */
  perRequestUs: Record<Category, number>;
  busyMs: number;
  top: { functionName: string; where: string; category: Category; selfMs: number }[];
}

/** Self time of each node from the samples and their time deltas, summed by category and by function. */
export function summarize(profile: CpuProfile, requests: number): ProfileSummary {
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i]!;
    // The delta before sample i is the time since the previous sample: it belongs to sample i.
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const byFunction = new Map<string, { functionName: string; where: string; category: Category; us: number }>();
  // A native function (no URL: a socket write, a string slice, microtasks) counts for the script
  // that called it: its nearest ancestor with a URL.
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const categoryOf = (node: ProfileNode): Category => {
    const own = categorize(node.callFrame);
    if (own !== 'other' || node.callFrame.url !== '') return own;
    for (let up = parent.get(node.id); up !== undefined; up = parent.get(up.id)) {
      if (up.callFrame.url !== '') return categorize(up.callFrame);
      if (up.callFrame.functionName === '(root)') break;
    }
    return own;
  };
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0 || !byId.has(node.id)) continue;
    const category = categoryOf(node);
    byCategory[category] += us;
    const where = `${node.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|src|dist)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
    const key = `${node.callFrame.functionName}@${where}`;
    const entry = byFunction.get(key) ?? { functionName: node.callFrame.functionName || '(anonymous)', where, category, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const busyUs = CATEGORIES.filter((c) => c !== 'idle / program').reduce((s, c) => s + byCategory[c], 0);
  return {
    sampledMs: ms(profile.endTime - profile.startTime),
    busyMs: ms(busyUs),
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, ms(byCategory[c])])) as Record<Category, number>,
    perRequestUs: Object.fromEntries(
      CATEGORIES.map((c) => [c, c === 'idle / program' || requests === 0 ? 0 : Math.round(byCategory[c] / requests)]),
    ) as Record<Category, number>,
    top: [...byFunction.values()]
      .filter((f) => f.category !== 'idle / program')
      .sort((a, b) => b.us - a.us)
      .slice(0, 25)
      .map((f) => ({ functionName: f.functionName, where: f.where, category: f.category, selfMs: ms(f.us) })),
  };
}

interface Result {
  bench: 'cpu-profile';
  label: string;
  command: string;
  date: string;
  machine: { cpus: number; memGiB: number; node: string; loadAverage?: number };
  server: string;
  concurrency: number;
  seconds: number;
  load: Record<string, Served>;
  /** The same operations on the compared server, loaded in alternation (with --compare). */
  compared?: { server: string; load: Record<string, Served> };
  requests: number;
  summary: ProfileSummary;
}

function markdown(result: Result, before: Result | undefined): string {
  const lines: string[] = [];
  const pair = before !== undefined && before.label !== result.label;
  lines.push(`# CPU profile of the server under load: ${result.label}`, '');
  lines.push(
    `\`${result.command}\` on ${result.date.slice(0, 10)} (${result.machine.cpus} cores, Node ${result.machine.node}); server: \`${result.server}\`; ` +
      `autocannon at concurrency ${result.concurrency}, ${result.seconds} s per operation on size S. The profile covers the whole server process ` +
      `(start-up included); per-request figures divide the busy (non-idle) self time by the requests served.`,
    '',
  );
  const cols = (l: Served | undefined): string => (l === undefined ? '– | – | – |' : `${l.p50} | ${l.rps} | ${l.cpuMsPerRequest ?? '–'} |`);
  const labels = [...(pair ? [before.label] : []), result.label, ...(result.compared ? [`${result.label}, compared server`] : [])];
  lines.push(`| operation | ${labels.map((l) => `${l} p50 ms | ${l} req/s | ${l} CPU ms/request |`).join(' ')}`);
  lines.push(`| --- | ${labels.map(() => '---: | ---: | ---: |').join(' ')}`);
  for (const [op, l] of Object.entries(result.load)) {
    lines.push(
      `| ${op} | ${pair ? cols(before.load[op]) : ''} ${cols(l)} ${result.compared ? cols(result.compared.load[op]) : ''}`.replace(
        / +/g,
        ' ',
      ),
    );
  }
  if (result.compared)
    lines.push('', `Compared server: \`${result.compared.server}\`, loaded in alternation with the profiled one (${ROUNDS} rounds).`);
  lines.push(
    '',
    "CPU ms/request is the server process's user + system time (/proc) over the requests it served: real CPU. The profile below samples " +
      'wall-clock time, so on a busy machine its milliseconds include time the process waited for a core; compare runs by their ' +
      'shares and by CPU ms/request, and closely only servers loaded in alternation in the same run (--compare).',
    '',
  );
  const head = pair
    ? `| category | ${before.label} ms | ${before.label} µs/request | ${result.label} ms | ${result.label} µs/request |`
    : '| category | self ms | share of busy | µs/request |';
  lines.push(head, pair ? '| --- | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: | ---: |');
  for (const c of CATEGORIES) {
    const s = result.summary;
    if (pair)
      lines.push(
        `| ${c} | ${before.summary.byCategory[c]} | ${before.summary.perRequestUs[c]} | ${s.byCategory[c]} | ${s.perRequestUs[c]} |`,
      );
    else
      lines.push(
        `| ${c} | ${s.byCategory[c]} | ${c === 'idle / program' ? '' : `${Math.round((s.byCategory[c] / s.busyMs) * 1000) / 10} %`} | ${s.perRequestUs[c]} |`,
      );
  }
  const total = (r: Result): number => Math.round((r.summary.busyMs * 1000) / Math.max(1, r.requests));
  if (pair)
    lines.push(
      `| **busy total** | ${before.summary.busyMs} | ${total(before)} | ${result.summary.busyMs} | ${total(result)} |`,
      `| sampled (wall) | ${before.summary.sampledMs} | | ${result.summary.sampledMs} | |`,
      `| requests | ${before.requests} | | ${result.requests} | |`,
    );
  else
    lines.push(
      `| **busy total** | ${result.summary.busyMs} | 100 % | ${total(result)} |`,
      `| sampled (wall) | ${result.summary.sampledMs} | | |`,
      `| requests | ${result.requests} | | |`,
    );
  lines.push(
    '',
    `## Top 25 functions by self time (${result.label})`,
    '',
    '| function | where | category | self ms |',
    '| --- | --- | --- | ---: |',
  );
  for (const f of result.summary.top) lines.push(`| \`${f.functionName}\` | ${f.where} | ${f.category} | ${f.selfMs} |`);
  if (pair) {
    lines.push(
      '',
      `## Top 25 functions by self time (${before.label})`,
      '',
      '| function | where | category | self ms |',
      '| --- | --- | --- | ---: |',
    );
    for (const f of before.summary.top) lines.push(`| \`${f.functionName}\` | ${f.where} | ${f.category} | ${f.selfMs} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const profileDir = mkdtempSync(join(tmpdir(), 'annals-cpu-profile-'));
  const db = await benchDatabase({ size: 'S', heapMb: 1024, pageCacheMb: 1024 });
  try {
    const ids = await pickIds(db.executor);
    const operations = annalsOperations(ids);
    const flags = ['--cpu-prof', '--cpu-prof-dir', profileDir];
    const server = await serverProcess(db.connection, {}, flags);
    // Profiled too (its profile is not read), so both pay the profiler's overhead alike.
    const other =
      COMPARE === undefined
        ? undefined
        : await serverProcess(db.connection, COMPARE_ENV, ['--cpu-prof', '--cpu-prof-dir', join(profileDir, 'compared')], COMPARE);
    const load: Record<string, Served> = {};
    const compared: Record<string, Served> = {};
    try {
      for (const op of OPS) {
        const { graphql } = operations[op];
        for (const s of [server, ...(other ? [other] : [])]) {
          const check = (await (
            await fetch(`${s.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: graphql }),
            })
          ).json()) as { errors?: unknown };
          if (check.errors !== undefined) throw new Error(`${op} answers with errors: ${JSON.stringify(check.errors)}`);
        }
        const [mine, theirs] = await drive([server, ...(other ? [other] : [])], graphql);
        load[op] = mine!;
        if (theirs !== undefined) compared[op] = theirs;
        console.log(`${op}: ${JSON.stringify(mine)}${theirs ? ` / compared: ${JSON.stringify(theirs)}` : ''}`);
      }
    } finally {
      server.stop();
      other?.stop();
    }
    const code = await server.exited;
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) throw new Error(`the server (exit ${code}) wrote no .cpuprofile: does its shutdown end in process.exit?`);
    const raw = readFileSync(join(profileDir, files[0]!), 'utf8');
    if (values.keep !== undefined) writeFileSync(values.keep, raw);
    const profile = JSON.parse(raw) as CpuProfile;
    // Requests include the warm-ups (the profile covers them too): autocannon's count of the timed part, scaled.
    const requests = Object.values(load).reduce((s, l) => s + Math.round(l.requests * ((SECONDS + WARMUP) / SECONDS)), 0);
    if (other !== undefined) await other.exited;
    const result: Result = {
      bench: 'cpu-profile',
      label: LABEL,
      command: `npm run bench:cpu-profile -- --label ${LABEL} --seconds ${SECONDS} --concurrency ${CONCURRENCY} --operations ${OPS.join(',')}${COMPARE_FLAGS}`,
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      },
      server: `node ${serverCommand(['--cpu-prof'], defaultServerKind()).join(' ')}`,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      load,
      ...(COMPARE === undefined
        ? {}
        : {
            compared: {
              server: `${Object.entries(COMPARE_ENV)
                .map(([k, v]) => `${k}=${v} `)
                .join('')}node ${serverCommand([], COMPARE).join(' ')}`,
              load: compared,
            },
          }),
      requests,
      summary: summarize(profile, requests),
    };
    const out = resolve(ROOT, values.out);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `cpu-profile-${LABEL}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const beforePath = join(out, 'cpu-profile-before.json');
    const before = LABEL !== 'before' && existsSync(beforePath) ? (JSON.parse(readFileSync(beforePath, 'utf8')) as Result) : undefined;
    const md = markdown(result, before);
    writeFileSync(join(out, `cpu-profile-${LABEL}.md`), md);
    console.log(md);
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    await db.close();
  }
}

await main();
