// Issue 15, items 1–3: `annals export|import|query|validate` while `annals serve` (= npm start) runs on
// the same data directory use its embedded Neo4j (found through the data directory, with the
// password only its owner can read) instead of failing on the store's lock; the server keeps
// serving. The server announces each phase of its start and its URLs, as JSON lines when its
// output is no terminal. Everything runs as a user runs it: the real `annals` binary, real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FILE } from '../../src/launcher/auth-file.js';
import { freePort } from '../../src/launcher/free-port.js';
import { RUNNING_FILE } from '../../src/launcher/running-file.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'annals-cli-server-'));
const scratch = mkdtempSync(join(tmpdir(), 'annals-cli-files-'));
const startedAt = Date.now();
let server: ChildProcess;
let base: string;
let boltPort: number;
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of the server and of the commands: the same data directory, no NEO4J_URI. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ANNALS_DATA_DIR: dataDir,
    ANNALS_NEO4J_HEAP_MB: '384',
    ANNALS_NEO4J_PAGECACHE_MB: '32',
    ANNALS_CURATOR: 'test-cli-server',
    ...extra,
  };
  for (const k of ['NEO4J_URI', 'NEO4J_PASSWORD', 'NEO4J_USER', 'LOG_FORMAT']) if (!(k in extra)) delete e[k];
  return e;
}

/** `annals …` through the real binary, without blocking the test's event loop. */
function annals(args: string[], extra: Record<string, string> = {}): Promise<Ran> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['src/cli/bin.js', ...args], { cwd: ROOT, env: env(extra) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const serverGone = () => server.exitCode !== null || server.signalCode !== null;

async function logLine(match: (l: Record<string, unknown>) => boolean, limitMs = 300_000): Promise<Record<string, unknown>> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const found = lines.find(match);
    if (found !== undefined) return found;
    if (serverGone()) break;
  }
  throw new Error(`no such log line; the server printed:\n${raw.slice(-30).join('\n')}`);
}

async function gql<T>(query: string): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

beforeAll(async () => {
  const port = await freePort();
  boltPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  // `annals serve`, as a user runs it: it builds the explorer first, as `npm start` does.
  server = spawn(process.execPath, ['src/cli/bin.js', 'serve'], {
    cwd: ROOT,
    env: env({ PORT: String(port), ANNALS_BOLT_PORT: String(boltPort) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [server.stdout!, server.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      raw.push(line);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // the commands' own progress lines are plain text
      }
    });
  }
  await logLine((l) => l['phase'] === 'ready');
}, 600_000);

afterAll(async () => {
  if (server !== undefined && !serverGone()) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('annals serve', () => {
  it('built the explorer first, says each phase of its start, and ends with the URLs', async () => {
    // The bundle was written by this start (as npm start's prestart does), and it is what / serves.
    expect(statSync(join(ROOT, 'dist/web/index.html')).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script');
    const phases = lines.map((l) => l['phase']).filter((p): p is string => typeof p === 'string');
    // jars only on a first start (or when the launcher's sources changed): not asserted here.
    // A phase may say more than one line (the start of a long one, then its end), in this order:
    const order = phases.filter((p) => p !== 'jars').filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(order).toEqual(['neo4j', 'schema', 'seed', 'graphql', 'ready']);
    // and each says how long it took.
    for (const phase of order) expect(lines.some((l) => l['phase'] === phase && typeof l['ms'] === 'number')).toBe(true);
    const ready = lines.find((l) => l['phase'] === 'ready')!;
    expect(ready).toMatchObject({ explorer: `${base}/`, url: `${base}/graphql` });
    expect(ready['msg']).toBe(`Annals is ready at ${base}/ (the explorer); GraphQL at ${base}/graphql; Ctrl-C stops it`);
    // The data directory says where its Neo4j listens (no secret in it); the password file stays the owner's.
    expect(JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8'))).toMatchObject({ boltPort, ownerPid: server.pid });
    expect(statSync(join(dataDir, RUNNING_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, AUTH_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('the commands while the server runs on the same data directory', { timeout: 300_000 }, () => {
  // ANNALS_BOLT_PORT is left at its default for the commands: they find the server's port in the data directory.
  it('export uses the running Neo4j (no second one, no lock error) and takes Person or PERSON', async () => {
    const [graphml, persons] = await Promise.all([
      annals(['export', 'graphml', '--around', 'person-luo-fuhe', '--depth', '1']),
      annals(['export', 'nodes.csv', '--types', 'Person']),
    ]);
    expect(graphml.code, graphml.stderr).toBe(0);
    expect(graphml.stdout).toMatch(/^<\?xml/);
    expect(graphml.stdout).toContain('罗富和');
    expect(graphml.stderr).toContain(`annals: using the embedded Neo4j already running on ${dataDir} (bolt://127.0.0.1:${boltPort})`);
    expect(graphml.stderr).not.toContain('starting the embedded Neo4j');
    expect(persons.code, persons.stderr).toBe(0);
    const rows = persons.stdout.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(3); // 罗富和, 姚本棠, 胡献 in the seed
    for (const row of rows) expect(row).toMatch(/^person-/);
  });

  it('query runs each example query file, and the README examples’ variables', async () => {
    const vars: Record<string, string[]> = {
      'entity.graphql': ['--var', 'id=person-hu-xian'],
      'timeline.graphql': ['--var', 'from=2002-06', '--var', 'to=2003'],
      'connections.graphql': ['--var', 'from=person-luo-fuhe', '--var', 'to=person-hu-xian'],
    };
    const files = readdirSync(join(ROOT, 'examples/queries')).filter((f) => f.endsWith('.graphql'));
    for (const file of files) {
      const res = await annals(['query', `examples/queries/${file}`, ...(vars[file] ?? [])]);
      expect(res.code, `${file}: ${res.stderr}`).toBe(0);
      const body = JSON.parse(res.stdout) as { data: Record<string, unknown>; errors?: unknown };
      expect(body.errors, file).toBeUndefined();
      for (const value of Object.values(body.data)) expect(value, file).not.toBeNull();
    }
    const led = await annals(['query', 'examples/queries/work-style-year.graphql']);
    expect(led.stdout).toContain('罗富和主委亲任领导小组组长');
    const timeline = JSON.parse((await annals(['query', 'examples/queries/timeline.graphql', ...vars['timeline.graphql']!])).stdout) as {
      data: { timeline: { totalCount: number } };
    };
    expect(timeline.data.timeline.totalCount).toBe(4);
  });

  it('import writes into the graph the server serves, and validate reads it', async () => {
    const file = join(scratch, 'place.yaml');
    writeFileSync(
      file,
      `sources:
  - id: test-cli-server-src
    title: CLI and server test source
    text: "一份命令行与服务器的测试资料,提到清远。"
entities:
  - id: test-cli-server-place
    type: PLACE
    name: 测试地点
    citations: [{ source: test-cli-server-src, quote: "提到清远" }]
`,
    );
    const checked = await annals(['validate', '--json', file]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, references: { graph: `bolt://127.0.0.1:${boltPort}` } });
    const imported = await annals(['import', '--json', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ ok: true, change: { curator: 'test-cli-server' } });
    // The server sees it at once: one graph.
    const seen = await gql<{ entity: { name: string; type: string } }>('{ entity(id: "test-cli-server-place") { name type } }');
    expect(seen).toEqual({ data: { entity: { name: '测试地点', type: 'PLACE' } } });
  });

  it('the server still serves, and its Neo4j is the only one on the data directory', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await gql('{ entity(id: "person-hu-xian") { name } }')).toEqual({ data: { entity: { name: '胡献' } } });
    // Still the server's JVM: no command started (and then stopped) a Neo4j of its own.
    const running = JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8')) as { ownerPid: number };
    expect(running.ownerPid).toBe(server.pid);
  });
});

// Each command starts Node (and here a JVM) on a machine that may be busy: wide bounds, never a measurement.
describe('a Neo4j that cannot start', { timeout: 300_000 }, () => {
  it('is one line with a code, never a Java stack trace (the JVM output goes to a log file)', async () => {
    // A fresh data directory whose Bolt port the server's Neo4j holds.
    const other = mkdtempSync(join(tmpdir(), 'annals-cli-port-'));
    try {
      const res = await annals(['export', 'nodes.csv'], { ANNALS_DATA_DIR: other, ANNALS_BOLT_PORT: String(boltPort) });
      expect(res.code).toBe(3);
      expect(res.stdout).toBe('');
      const problems = res.stderr.split('\n').filter((l) => l !== '' && !/^annals: (starting|using)/.test(l));
      expect(problems).toEqual([
        `annals: The Bolt port ${boltPort} is taken by another program: set ANNALS_BOLT_PORT to a free port (Neo4j's output is in ${join(other, 'annals-neo4j.log')}) [BOLT_PORT_IN_USE]`,
      ]);
      expect(res.stderr).not.toMatch(/^\s+at |Exception|ANNALS_DATA_DIR/m);
      expect(readFileSync(join(other, 'annals-neo4j.log'), 'utf8')).toMatch(/BindException|Address already in use/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
