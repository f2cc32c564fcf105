// Tokens over real HTTP: who may write, who may read, and that no token ever reaches a log or an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';

const { driver, executor } = connectApi();
const alice = newToken('alice', 'write');
const rita = newToken('rita', 'read');
const logs: string[] = [];
const logger = createLogger('trace', { write: (line: string) => logs.push(line) });
let open: RunningApp;
let closed: RunningApp;

beforeAll(async () => {
  const tokens = parseTokens(`${alice.entry}\n${rita.entry}`, undefined);
  open = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens });
  closed = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens, privateReads: true });
});
afterAll(async () => {
  await open.stop();
  await closed.stop();
  await executor.write({
    cypher: "MATCH (n) WHERE n.id STARTS WITH 'test-auth' OR n.about STARTS WITH 'test-auth' DETACH DELETE n",
    params: {},
  });
});

async function post(url: string, query: string, token?: string, variables?: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: { message: string; extensions: { code: string } }[] },
  };
}

const CREATE = `mutation($i: EntityInput!) { createEntity(input: $i) { entity { id } change { curator } } }`;
const input = {
  id: 'test-auth-person',
  type: 'PERSON',
  name: '胡献',
  citations: [{ source: 'src-mj-gd-2006-qingyuan', quote: '胡献副秘书长' }],
};

describe('tokens over HTTP', () => {
  it('lets a write token write and records its curator', async () => {
    const res = await post(open.url, CREATE, alice.token, { i: input });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ createEntity: { entity: { id: 'test-auth-person' }, change: { curator: 'alice' } } });
  });

  it('answers UNAUTHENTICATED without a token, FORBIDDEN with a read token, 401 with a wrong one', async () => {
    const none = await post(open.url, CREATE, undefined, { i: { ...input, id: 'test-auth-2' } });
    expect(none.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const readOnly = await post(open.url, CREATE, rita.token, { i: { ...input, id: 'test-auth-3' } });
    expect(readOnly.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const wrong = await post(open.url, '{ sources { id } }', 'annals_wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps reads public by default and private when ANNALS_READ_TOKEN is set', async () => {
    const q = '{ source(id: "src-mj-gd-2006-qingyuan") { id } }';
    expect((await post(open.url, q)).body.data).toEqual({ source: { id: 'src-mj-gd-2006-qingyuan' } });
    const anonymous = await post(closed.url, q);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await post(closed.url, q, rita.token)).body.data).toEqual({ source: { id: 'src-mj-gd-2006-qingyuan' } });
  });

  it('never writes a token into a log line or an error', () => {
    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    // Headers are logged at trace level, with the Authorization header censored.
    expect(all).toContain('[redacted]');
    for (const secret of [alice.token, rita.token, 'annals_wrong']) expect(all).not.toContain(secret);
  });
});

describe('token configuration', () => {
  it('stores only hashes and refuses malformed entries without echoing them', () => {
    expect(alice.entry).toMatch(/^alice:write:sha256:[0-9a-f]{64}$/);
    expect(alice.entry).not.toContain(alice.token);
    expect(() => parseTokens('alice:write:my-plain-secret', undefined)).toThrow(/entry 1 is not/);
    try {
      parseTokens('alice:write:my-plain-secret', undefined);
    } catch (e) {
      expect(String(e)).not.toContain('my-plain-secret');
    }
  });
});
