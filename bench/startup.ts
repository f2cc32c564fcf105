// Times `npm start` until the API answers, on a fresh clone of HEAD: first run (empty Maven
// repository, so the Neo4j jars are fetched), cold (jars present, empty graph: seeded) and warm.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
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

/** Starts `npm start` in dir, returns ms until a GraphQL query answers, then stops it like Ctrl-C. */
async function timeStart(dir: string, env: NodeJS.ProcessEnv): Promise<{ readyMs: number; stopMs: number }> {
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, ...env }, detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const deadline = started + 10 * 60_000;
  while (!(await answers())) {
    if (performance.now() > deadline || child.exitCode !== null) throw new Error('npm start did not answer');
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
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
  return { readyMs, stopMs: performance.now() - stopping };
}

const work = mkdtempSync(join(tmpdir(), 'annals-bench-startup-'));
try {
  const clone = join(work, 'annals');
  execFileSync('git', ['clone', '-q', ROOT, clone]);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  const env = {
    PORT: String(PORT),
    ANNALS_BOLT_PORT: String(BOLT),
    LOG_LEVEL: 'warn',
    MAVEN_OPTS: `-Dmaven.repo.local=${join(work, 'm2')}`,
  };
  const first = await timeStart(clone, env);
  rmSync(join(clone, '.annals'), { recursive: true, force: true });
  const cold = await timeStart(clone, env);
  const warm: { readyMs: number; stopMs: number }[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) warm.push(await timeStart(clone, env));

  const result = {
    bench: 'startup',
    command: 'npm run bench:startup',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    firstStartMs: Math.round(first.readyMs),
    coldStartMs: Math.round(cold.readyMs),
    warmStartMedianMs: Math.round(median(warm.map((w) => w.readyMs))),
    warmStartRunsMs: warm.map((w) => Math.round(w.readyMs)),
    stopMedianMs: Math.round(median([first, cold, ...warm].map((w) => w.stopMs))),
    notes: 'first = empty Maven repository and empty graph; cold = jars present, empty graph (seed imported); warm = existing graph',
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
