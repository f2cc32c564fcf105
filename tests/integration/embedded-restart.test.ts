// Issue 11, item 14: when the embedded JVM dies, the server says so, starts it again (bounded
// backoff) and the driver reconnects by itself; once it gives up, liveness fails too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FILE } from '../../src/launcher/auth-file.js';
import { freePort } from '../../src/launcher/free-port.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'annals-restart-'));
let server: ChildProcess;
let base: string;
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];

/** The first log line (after `from`) that satisfies `match`; polls with a generous bound. */
async function logLine(
  match: (l: Record<string, unknown>) => boolean,
  from = 0,
  limitMs = 180_000,
): Promise<{ line: Record<string, unknown>; index: number }> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const index = lines.findIndex((l, i) => i >= from && match(l));
    if (index >= 0) return { line: lines[index]!, index };
    if (serverGone()) break;
  }
  throw new Error(`no such log line; the server logged:\n${raw.slice(-30).join('\n')}`);
}

const serverGone = () => server.exitCode !== null || server.signalCode !== null;
const msg = (text: string | RegExp) => (l: Record<string, unknown>) =>
  typeof text === 'string' ? l['msg'] === text : text.test(String(l['msg']));
const status = async (path: string) => (await fetch(`${base}${path}`).catch(() => null))?.status;

/** The launcher JVM among the server's children, found by the kernel rather than by our logs. */
function jvmOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  const jvm = children.find((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('annals.neo4j.Launcher'));
  if (jvm === undefined) throw new Error(`no launcher JVM among the children ${children.join(', ')} of ${pid}`);
  return jvm;
}

async function until(check: () => Promise<boolean>, limitMs = 180_000): Promise<void> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return;
  }
  throw new Error('condition not reached');
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ANNALS_DATA_DIR: dataDir,
    ANNALS_BOLT_PORT: String(await freePort()),
    ANNALS_NEO4J_HEAP_MB: '384',
    ANNALS_NEO4J_PAGECACHE_MB: '32',
    // One restart within the window: the second crash makes it give up.
    ANNALS_NEO4J_RESTARTS: '1',
  };
  delete env['NEO4J_URI'];
  delete env['NEO4J_PASSWORD'];
  server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [server.stdout!, server.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      raw.push(line);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // progress lines of the launcher build are plain text
      }
    });
  }
  await logLine(msg(/^Annals is ready at/));
}, 300_000);

afterAll(async () => {
  if (server !== undefined && !serverGone()) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a dead embedded Neo4j', () => {
  it('is logged and restarted, the server recovers by itself, and once it gives up /healthz answers 503', async () => {
    const first = await logLine(msg(/^embedded Neo4j is ready/));
    const firstPid = jvmOf(server.pid!);
    expect(await status('/readyz')).toBe(200);

    process.kill(firstPid, 'SIGKILL');
    const exited = await logLine(msg('embedded Neo4j exited (code SIGKILL)'), first.index);
    expect(exited.line).toMatchObject({ jvmPid: firstPid, signal: 'SIGKILL' });
    expect(await status('/healthz')).toBe(200); // still restarting: the process is alive

    const again = await logLine(msg('embedded Neo4j is ready again'), exited.index);
    const secondPid = jvmOf(server.pid!);
    expect(secondPid).not.toBe(firstPid);
    // The logs name the JVM, so an operator (or a test) can find it.
    expect([first.line['jvmPid'], again.line['jvmPid']]).toEqual([firstPid, secondPid]);
    await until(async () => (await status('/readyz')) === 200);
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(id: "org-capd") { id } }' }),
    });
    expect(await res.json()).toEqual({ data: { entity: { id: 'org-capd' } } });

    process.kill(secondPid, 'SIGKILL');
    const gaveUp = await logLine(msg(/^embedded Neo4j gave up restarting/), again.index);
    expect(lines.slice(again.index, gaveUp.index).some(msg('embedded Neo4j exited (code SIGKILL)'))).toBe(true);
    expect(await status('/healthz')).toBe(503);
    expect(await status('/readyz')).toBe(503);

    // Nothing of this ever logs the password of the data directory.
    const password = readFileSync(join(dataDir, AUTH_FILE), 'utf8').trim();
    expect(raw.join('\n')).not.toContain(password);
  }, 600_000);
});
