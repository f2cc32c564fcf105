// Limits refuse abusive queries before they run, say which limit and its value, and let every
// query the README documents through.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';

const { driver } = connectApi();
const logs: string[] = [];
let app: RunningApp;
let closed: RunningApp;

beforeAll(async () => {
  const logger = createLogger('info', { write: (l: string) => logs.push(l) });
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0, limits: { slowQueryMs: 1 } });
  closed = await startApp({ driver, logger, host: '127.0.0.1', port: 0, limits: { introspection: false, persistedQueries: false } });
});
afterAll(async () => {
  await app.stop();
  await closed.stop();
});

async function post(query: string, url = app.url) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'test-req-1' },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] },
  };
}

/** Every operation of every ```graphql block in the README. */
function documentedOperations(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) =>
    parse(b)
      .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => print(d)),
  );
}

describe('limits', () => {
  it('let every query the README documents through', async () => {
    const ops = documentedOperations();
    expect(ops.length).toBeGreaterThanOrEqual(8);
    for (const op of ops) {
      const res = await post(op);
      expect(res.body.errors, op).toBeUndefined();
    }
  });

  it.each([
    [
      'depth',
      `{ entity(id: "org-capd") { ${'relations { other { '.repeat(8)}id${' } }'.repeat(8)} } }`,
      /depth limit of 15 exceeded: found \d+/,
    ],
    [
      'aliases',
      `{ ${Array.from({ length: 31 }, (_, n) => `a${n}: entity(id: "org-capd") { id }`).join(' ')} }`,
      /aliases limit of 30 exceeded: found 31/,
    ],
    [
      'cost',
      '{ timeline(first: 200) { edges { node { ... on Event { participants { entity { relations { other { relations { other { id } } } } } } } } } } }',
      /cost limit of 250000 exceeded: this query is estimated at \d+/,
    ],
    [
      'directives',
      `{ entity(id: "org-capd") { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`,
      /directives limit of 20 exceeded/,
    ],
  ])('refuses a query over the %s limit, naming it and its value', async (limit, query, message) => {
    const res = await post(query);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    expect(res.body.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a document with too many tokens while parsing', async () => {
    const res = await post(`{ ${'__typename '.repeat(6000)} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.body.errors?.[0]?.message).toMatch(/5000 tokens/);
  });

  it('turns introspection off by switch', async () => {
    expect((await post('{ __schema { queryType { name } } }')).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const off = await post('{ __schema { queryType { name } } }', closed.url);
    expect(off.body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('logs', () => {
  it('log each operation with the request id, and slow queries with their Cypher but no parameter values', async () => {
    const res = await post('query FindLuo { search(text: "罗富和") { entity { id } } }');
    expect(res.headers.get('x-request-id')).toBe('test-req-1');
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const op = lines.find((l) => l['msg'] === 'graphql operation' && l['operationName'] === 'FindLuo');
    expect(op).toMatchObject({ reqId: 'test-req-1', operation: 'query' });
    expect(typeof op!['ms']).toBe('number');
    const slow = lines.find((l) => l['msg'] === 'slow query' && String(l['cypher']).includes('fulltext'));
    expect(slow).toBeDefined();
    expect(slow!['params']).toMatchObject({ lucene: expect.stringMatching(/^string\(\d+\)$/), index: 'string(13)' });
    expect(JSON.stringify(slow)).not.toContain('罗富和');
  });
});

describe('automatic persisted queries, chosen by configuration', () => {
  const query = 'query PersistedProbe { __typename }';
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const send = async (body: Record<string, unknown>, url = app.url) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
  };
  const persisted = { persistedQuery: { version: 1, sha256Hash } };

  it('on (the default): a hash alone is unknown until the query is sent once with it, then it is enough', async () => {
    const unknown = await send({ extensions: persisted });
    expect(unknown.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await send({ query, extensions: persisted });
    expect(registered.body).toEqual({ data: { __typename: 'Query' } });
    const byHash = await send({ extensions: persisted });
    expect(byHash.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('on: a hash that does not belong to the query is refused, and registers nothing', async () => {
    const other = createHash('sha256').update('something else').digest('hex');
    const wrong = await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: other } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.data).toBeUndefined();
    const byHash = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: other } } });
    expect(byHash.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('off (ANNALS_PERSISTED_QUERIES=false): hashes are not supported, plain queries still run', async () => {
    const refused = await send({ query, extensions: persisted }, closed.url);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect((await send({ query }, closed.url)).body).toEqual({ data: { __typename: 'Query' } });
  });
});
