// The API over real HTTP, as a browser or curl reaches it.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';

const { driver, logger } = connectApi();
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
});
afterAll(async () => app.stop());

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('HTTP', () => {
  it('answers a POSTed query at /graphql', async () => {
    const res = await post(JSON.stringify({ query: '{ entity(id: "person-hu-xian") { name } }' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { entity: { name: '胡献' } } });
  });

  it('answers a GET query (for links and caches)', async () => {
    const url = `${app.url}?query=${encodeURIComponent('{ place(id: "place-qingyuan") { name } }')}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { place: { name: '清远市' } } });
  });

  it('turns malformed GraphQL and malformed JSON into 400s with a code, not 500s', async () => {
    const parse = await post(JSON.stringify({ query: '{ entity(id: ' }));
    expect(parse.status).toBe(400);
    expect((parse.json['errors'] as { extensions: { code: string } }[])[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const json = await post('{"query": ');
    expect(json.status).toBe(400);
    expect(JSON.stringify(json.json)).toContain('BAD_REQUEST');
  });

  it('reports health and 404s unknown paths', async () => {
    const base = app.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/nowhere`, { method: 'POST' })).status).toBe(404);
  });

  it('serves exports by GET with filters, and refuses unknown formats with a 400', async () => {
    const base = app.url.replace('/graphql', '');
    const res = await fetch(`${base}/export/timelinejs?lang=zh&from=2002&to=2003`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('json');
    const body = (await res.json()) as { events: { unique_id: string; display_date: string }[] };
    expect(body.events.map((e) => e.unique_id)).toContain('event-2002-zhongshan-meeting');
    expect(body.events.map((e) => e.unique_id)).not.toContain('event-2006-qingyuan-symposium');
    const csv = await fetch(`${base}/export/nodes.csv?around=org-capd-guangdong&depth=1`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/^id,type,name/);
    const bad = await fetch(`${base}/export/pdf`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${base}/export/graphml?around=nobody`)).status).toBe(400);
  });
});

describe('HTTP hardening', () => {
  const logged: string[] = [];
  let hardened: RunningApp;
  let base: string;
  beforeAll(async () => {
    hardened = await startApp({
      driver,
      logger: createLogger('info', { write: (line: string) => void logged.push(line) }),
      host: '127.0.0.1',
      port: 0,
    });
    base = hardened.url.replace('/graphql', '');
  });
  afterAll(async () => hardened.stop());

  /** The status line of a request whose target fetch() would not send as is. */
  function rawStatus(target: string): Promise<string> {
    return new Promise((res, rej) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('close', () => res(answer.split('\r\n')[0] ?? ''));
      socket.on('error', rej);
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
  }

  it('answers malformed percent-encoding and unparsable targets with a coded 400, and logs no stack', async () => {
    for (const path of ['/%ff', '/export/%', '/export/gexf%zz', '/graphql%']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
    }
    expect(await rawStatus('http://[')).toBe('HTTP/1.1 400 Bad Request');
    expect(logged.join('')).not.toMatch(/"level":50|"stack"|URIError|Invalid URL/);
    expect(logged.some((l) => l.includes('"status":400'))).toBe(true);
  });

  it('sends a strict Content-Security-Policy, nosniff and no-referrer with every response', async () => {
    const responses = [
      await fetch(`${base}/healthz`),
      await fetch(`${base}/readyz`),
      await fetch(hardened.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ entity(id: "org-capd") { id } }' }),
      }),
      await fetch(`${base}/export/nodes.csv?around=org-capd&depth=1`),
      await fetch(`${base}/export/pdf`),
      await fetch(`${base}/nowhere`, { method: 'POST' }),
      await fetch(`${base}/%ff`),
    ];
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, res.url).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('shutdown (Apollo drain plugin)', () => {
  /** A raw connection to an app: what it has received so far, and when the server closed it. */
  function rawConnection(target: RunningApp): { socket: Socket; received: () => string; closed: Promise<void> } {
    const socket = connect(Number(new URL(target.url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((res) => socket.on('close', () => res()));
    return { socket, received: () => received, closed };
  }

  /** A POST /graphql whose body is held back after its first byte: in flight until finish(). */
  async function heldRequest(target: RunningApp) {
    const body = JSON.stringify({ query: '{ entity(id: "person-hu-xian") { name } }' });
    const conn = rawConnection(target);
    const arrived = once(target.server, 'request');
    conn.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 1)}`,
    );
    await arrived;
    return { ...conn, finish: () => conn.socket.write(body.slice(1)) };
  }

  it('lets a request in flight finish, closes idle keep-alive connections and refuses new ones', async () => {
    const target = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
    const idle = rawConnection(target);
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await once(idle.socket, 'data');
    const held = await heldRequest(target);
    const stopping = target.stop();
    // The idle connection is closed at once, not at the end of the grace period: the held one is still open.
    await idle.closed;
    expect(held.socket.destroyed).toBe(false);
    held.finish();
    await held.closed;
    expect(held.received().split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(held.received()).toContain('"name":"胡献"');
    await stopping;
    await expect(fetch(target.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('cuts a request still in flight when the grace period is over', async () => {
    const target = await startApp({ driver, logger, host: '127.0.0.1', port: 0, drainMs: 50 });
    const held = await heldRequest(target);
    // The rest of the body never comes: stop() returns anyway, and the connection is cut unanswered.
    await target.stop();
    await held.closed;
    expect(held.received()).toBe('');
  });
});
