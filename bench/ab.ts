// A/B of two builds of the server on one loaded database, for a shared machine:
// `npx tsx bench/ab.ts --uri bolt://… --base <git rev> [--operations timeline,entity] [--concurrency 1,16]`
// (NEO4J_PASSWORD of that database in the environment). The revision is exported (git archive) to a
// temporary folder and compiled as `npm start` runs it; both servers (the base and this tree's
// dist/main.js) run against the same database and are loaded in alternation, `--rounds` slices each,
// so both see the same machine. Reports per operation and concurrency: the server's real CPU per
// request (/proc, robust to load), p50 and req/s. Prints markdown; `--out` also writes it.
import { execFileSync, execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectionEnv, connectedDatabase, ensureBuilt, ROOT } from './fixture.js';
import { alternatingList, httpLoad, type Load } from './load-drivers.js';
import { annalsOperations, pickIds } from './suite.js';
import type { OperationKey } from './operations.js';
import { freePort } from '../src/launcher/free-port.js';

const { values } = parseArgs({
  options: {
    uri: { type: 'string' },
    base: { type: 'string', default: 'main' },
    operations: { type: 'string', default: 'timeline,entity' },
    concurrency: { type: 'string', default: '1,16' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
if (values.uri === undefined) throw new Error('--uri bolt://… of a loaded bench database');
const OPS = values.operations.split(',') as OperationKey[];
const CONCURRENCY = values.concurrency.split(',').map(Number);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);

async function start(cwd: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

const baseDir = mkdtempSync(join(tmpdir(), 'annals-ab-'));
const rev = execFileSync('git', ['rev-parse', '--short', values.base], { cwd: ROOT }).toString().trim();
execSync(`git archive ${rev} | tar -x -C ${baseDir}`, { cwd: ROOT });
symlinkSync(join(ROOT, 'node_modules'), join(baseDir, 'node_modules'));
execFileSync(process.execPath, ['src/cli/build.js'], { cwd: baseDir, stdio: 'ignore' });
ensureBuilt();
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT }).toString().trim() !== '';

const db = connectedDatabase(values.uri);
const env = connectionEnv(db.connection);
const servers = [await start(baseDir, env), await start(ROOT, env)];
const lines = [
  `A/B on one database (${values.uri}), load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at start; ` +
    `base = ${rev}, new = ${head}${dirty ? ' + uncommitted changes' : ''}; ${ROUNDS} alternating slices of ${SECONDS / ROUNDS} s per cell.`,
  '',
  '| operation | conc. | base CPU ms/req | new CPU ms/req | base p50 ms | new p50 ms | base req/s | new req/s | errors |',
  '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
];
try {
  const ids = await pickIds(db.executor);
  const ops = annalsOperations(ids);
  for (const key of OPS) {
    for (const c of CONCURRENCY) {
      const [b, n] = (
        await alternatingList(
          servers.map(
            (s): Load =>
              (seconds, warmup) =>
                httpLoad(s.url, ops[key].graphql, c, seconds, warmup, { server: s.pid }),
          ),
          ROUNDS,
          SECONDS,
          1,
        )
      ).map(({ p50, rps, errors, cpuMsPerRequest }) => ({
        cpu: Math.round((cpuMsPerRequest?.server ?? 0) * 100) / 100,
        p50,
        rps: Math.round(rps),
        errors,
      }));
      lines.push(`| ${key} | ${c} | ${b!.cpu} | ${n!.cpu} | ${b!.p50} | ${n!.p50} | ${b!.rps} | ${n!.rps} | ${b!.errors + n!.errors} |`);
      process.stderr.write(`${lines.at(-1)}\n`);
    }
  }
} finally {
  for (const s of servers) s.stop();
  await db.close();
  rmSync(baseDir, { recursive: true, force: true });
}
const md = `${lines.join('\n')}\n`;
if (values.out !== undefined) writeFileSync(values.out, md);
process.stdout.write(md);
