// Times `npm start` until the API answers, on a fresh clone of HEAD: first run (empty Maven
// repository, so the Neo4j jars are fetched, and no dist/: the server is built), cold (jars present,
// empty graph: seeded) and warm. Each start's phases come from its own progress lines (JSON lines
// with `phase` and `ms`): how long the embedded Neo4j, the graph schema, the seed check and GraphQL
// took, and `beforeNodeMs`, what passed before the server process began (npm and its prestart: the
// server's build when stale, the explorer's and GraphiQL's bundles). The first and cold stops record
// the embedded Neo4j's class-data archive (a new data directory each), which the warm starts map.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const WARM_RUNS = Number(process.env['BENCH_WARM_RUNS'] ?? 3);
const PORT = 4400;
const BOLT = 7790;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(id: "org-capd") { id } }' }),
    });
    return res.ok && ((await res.json()) as { data?: { entity?: { id: string } } }).data?.entity?.id === 'org-capd';
  } catch {
    return false;
  }
}

interface Start {
  readyMs: number;
  stopMs: number;
  /** ms of each phase, from the server's own lines (the last line of a phase that carries ms). */
  phases: Record<string, number>;
  /** From `npm start` to the server process's first moment (npm, prestart). */
  beforeNodeMs: number | null;
  /** What the embedded Neo4j did with its class-data archive: used, recording (written at its stop), off. */
  classData: string | null;
  /** The 1-minute load average when this start began. */
  load: number;
}

/** Starts `npm start` in dir, returns ms until a GraphQL query answers and its phases, then stops it like Ctrl-C. */
async function timeStart(dir: string, env: NodeJS.ProcessEnv): Promise<Start> {
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const phases: Record<string, number> = {};
  let processMs: number | null = null;
  let classData: string | null = null;
  const load = Math.round(loadavg()[0]! * 10) / 10;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as { phase?: string; ms?: number; processMs?: number; classData?: string };
      if (typeof entry.classData === 'string') classData = entry.classData;
      if (typeof entry.phase === 'string' && typeof entry.ms === 'number') phases[entry.phase] = entry.ms;
      if (typeof entry.processMs === 'number') processMs = entry.processMs;
    } catch {
      // npm's and the build's own lines
    }
  });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const deadline = started + 10 * 60_000;
  while (!(await answers())) {
    if (performance.now() > deadline || child.exitCode !== null) throw new Error('npm start did not answer');
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
  // The ready line comes before the API answers (a poll later at most): wait for it briefly.
  for (let i = 0; i < 20 && processMs === null; i += 1) await new Promise((r) => setTimeout(r, 50));
  const stopping = performance.now();
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  // The JVM is a grandchild: wait until the Bolt port is free again.
  while (
    execFileSync('sh', ['-c', `ss -ltn | grep -c :${BOLT} || true`])
      .toString()
      .trim() !== '0'
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const total = phases['ready'];
  const beforeNodeMs = processMs === null || total === undefined ? null : Math.round(readyMs - (processMs as number));
  return { readyMs, stopMs: performance.now() - stopping, phases, beforeNodeMs, classData, load };
}

const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
const work = mkdtempSync(join(tmpdir(), 'annals-bench-startup-'));
try {
  const clone = join(work, 'annals');
  execFileSync('git', ['clone', '-q', ROOT, clone]);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  const env = {
    PORT: String(PORT),
    ANNALS_BOLT_PORT: String(BOLT),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    MAVEN_OPTS: `-Dmaven.repo.local=${join(work, 'm2')}`,
  };
  const first = await timeStart(clone, env);
  rmSync(join(clone, '.annals'), { recursive: true, force: true });
  const cold = await timeStart(clone, env);
  const warm: Start[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) warm.push(await timeStart(clone, env));

  const result = {
    bench: 'startup',
    command: 'npm run bench:startup',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    // The 1-minute load average when the run began and ended: on a shared machine, how busy it was.
    loadAverage: { start: loadAtStart, end: Math.round(loadavg()[0]! * 10) / 10 },
    firstStartMs: Math.round(first.readyMs),
    coldStartMs: Math.round(cold.readyMs),
    warmStartMedianMs: Math.round(median(warm.map((w) => w.readyMs))),
    warmStartRunsMs: warm.map((w) => Math.round(w.readyMs)),
    // A stop that records the class-data archive (first and cold: a new data directory) takes seconds more.
    stopMedianMs: Math.round(median([first, cold, ...warm].map((w) => w.stopMs))),
    stopMs: { first: Math.round(first.stopMs), cold: Math.round(cold.stopMs), warm: warm.map((w) => Math.round(w.stopMs)) },
    // Each phase's ms as the server reports it; beforeNodeMs: npm and prestart before the server process began.
    phases: {
      first: { ...first.phases, beforeNodeMs: first.beforeNodeMs, classData: first.classData, load: first.load },
      cold: { ...cold.phases, beforeNodeMs: cold.beforeNodeMs, classData: cold.classData, load: cold.load },
      warm: warm.map((w) => ({ ...w.phases, beforeNodeMs: w.beforeNodeMs, classData: w.classData, load: w.load })),
    },
    warmTargetMs: 8000,
    warmTargetMet: median(warm.map((w) => w.readyMs)) <= 8000,
    notes:
      'first = empty Maven repository, no dist/ and empty graph; cold = jars present, empty graph (seed imported); warm = existing graph. ' +
      'npm start = prestart (server build when stale, explorer and GraphiQL bundles) then node dist/main.js, which starts the JVM before loading the server modules ' +
      '(so the neo4j phase overlaps module loading, counted from the JVM spawn). first and cold stops record the class-data archive; warm starts map it.',
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
