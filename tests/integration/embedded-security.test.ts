// Issue 11, item 13: loopback is shared by every local account, so the embedded Neo4j must not
// trust whoever connects to its Bolt port. Each attack of the report is replayed here.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/db/executor.js';
import { AUTH_FILE } from '../../src/launcher/auth-file.js';
import { freePort } from '../../src/launcher/free-port.js';
import { startNeo4j, type RunningNeo4j } from '../../src/launcher/neo4j-launcher.js';

const dataDir = mkdtempSync(join(tmpdir(), 'annals-security-'));
let neo4j: RunningNeo4j;
let password: string;

beforeAll(async () => {
  // A directory left readable by everyone: the launcher must close it.
  chmodSync(dataDir, 0o755);
  neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb: 384, pageCacheMb: 32 });
  // Read the way the server and the CLI read it: from the data directory.
  const file = join(dataDir, AUTH_FILE);
  password = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}, 180_000);

afterAll(async () => {
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The error code of running one query as neo4j with that password (undefined when it succeeded). */
async function attempt(password: string | undefined, cypher = 'RETURN 1 AS one'): Promise<string | undefined> {
  const driver = createDriver({ uri: neo4j.uri, user: 'neo4j', ...(password === undefined ? {} : { password }) });
  try {
    await driver.executeQuery(cypher);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await driver.close();
  }
}

/** What the Bolt port answers to a browser's WebSocket handshake from a foreign page. */
function websocketHandshake(port: number): Promise<string> {
  return new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      res(answer);
    };
    socket.setTimeout(10_000, done);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(
      [
        'GET / HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        'Origin: http://attacker.example',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

describe('the embedded Neo4j', () => {
  it('refuses Bolt without credentials and with a wrong password, and accepts the password of its data directory', async () => {
    expect(await attempt(undefined)).toBe('Neo.ClientError.Security.Unauthorized');
    expect(await attempt('not-the-password')).toBe('Neo.ClientError.Security.Unauthorized');
    expect(password).toMatch(/^[\w-]{43}$/);
    expect(await attempt(password)).toBeUndefined();
    // Wrong passwords from another local user do not lock the server's own logins out.
    for (let i = 0; i < 4; i += 1) expect(await attempt(`wrong-${i}-password`)).toBe('Neo.ClientError.Security.Unauthorized');
    expect(await attempt(password)).toBeUndefined();
    expect(neo4j.credentials.password).toBe(password);
  });

  it('refuses LOAD CSV from file URLs, even to the right password', async () => {
    // Refused for the file URL, not for the login.
    const code = await attempt(password, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1");
    expect(code).toBe('Neo.ClientError.Statement.ExternalResourceFailed');
  });

  it('answers no WebSocket upgrade on the Bolt port, whatever the Origin', async () => {
    const port = Number(new URL(neo4j.uri).port);
    const answer = await websocketHandshake(port);
    expect(answer).not.toMatch(/^HTTP\/1\.1 101/);
    // Bolt itself still works on that port.
    expect(await attempt(password)).toBeUndefined();
  });

  it('keeps the data directory 0700 and the password file 0600, unreadable to another local user', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const file = join(dataDir, AUTH_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (process.getuid?.() !== 0) {
      console.warn('skipped the second-user check: switching to user nobody needs root');
      return;
    }
    const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', file], { encoding: 'utf8' });
    expect(asNobody.error).toBeUndefined();
    expect(asNobody.status).not.toBe(0);
    expect(asNobody.stdout).not.toContain(password);
    // The same user can read it: the check above is about permissions, not a missing file.
    const asRoot = spawnSync('cat', [file], { encoding: 'utf8' });
    expect(asRoot.stdout.trim()).toBe(password);
  });

  it('never puts the password in the JVM command line, its environment or its logs', () => {
    const pid = neo4j.pid!;
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(password);
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(password);
    const logs = readdirSync(join(dataDir, 'logs'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(password);
    // The hashed initial password Neo4j reads at start is gone once it has been applied.
    expect(readdirSync(join(dataDir, 'data/dbms'))).not.toContain('auth.ini');
  });
});
