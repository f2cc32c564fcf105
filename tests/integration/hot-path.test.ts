// The hot path of repeated queries (server/hot-operations.ts) answers exactly as Apollo does: the
// same requests, sent to a server with it and to one without (ANNALS_HOT_PATH=false), get the same
// status, headers and body, byte for byte, on their first and on their repeated sending; only the
// repeats of queries that answer without errors take it, and a mutation never does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { hotStats } from '../../src/server/hot-operations.js';
import { connectApi } from '../helpers/api.js';

const { driver } = connectApi();
let hot: RunningApp;
let cold: RunningApp;

beforeAll(async () => {
  hot = await startApp({ driver, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
  cold = await startApp({ driver, logger: createLogger('silent'), host: '127.0.0.1', port: 0, limits: { hotPath: false } });
});
afterAll(async () => {
  await hot.stop();
  await cold.stop();
});

interface Request {
  name: string;
  body: string;
  headers?: Record<string, string>;
  /** Whether the repeat is answered by the hot path. */
  hot: boolean;
}

const json = (value: unknown) => JSON.stringify(value);
const ENTITY = 'query Entity($id: ID!) { entity(id: $id) { id name relations(first: 3) { type other { id name } } } }';
const COST = `query Cost($n: Int) { entities(type: PERSON, first: $n) { edges { node { id relations(first: $n) { other { relations(first: $n) { id } } } } } } }`;
const TWO = 'query A { stats { sources } } query B { stats { citations } }';
// A valid document with U+0000 in a comment: the hot path's key must not let a name and another text read as it.
const NUL_TEXT = '{ stats { sources } } #\0{ a }';

const requests: Request[] = [
  { name: 'a literal query', body: json({ query: '{ search(text: "罗富和", first: 3) { score entity { id name } } }' }), hot: true },
  {
    name: 'a timeline page',
    body: json({ query: '{ timeline(from: "2002", to: "2006", first: 5) { totalCount edges { node { id name } } } }' }),
    hot: true,
  },
  { name: 'variables', body: json({ query: ENTITY, variables: { id: 'person-luo-fuhe' } }), hot: true },
  { name: 'the same text, other variables', body: json({ query: ENTITY, variables: { id: 'person-hu-xian' } }), hot: true },
  { name: 'variables that do not coerce', body: json({ query: ENTITY, variables: { id: 5.5 } }), hot: false },
  { name: 'a missing variable', body: json({ query: ENTITY }), hot: false },
  { name: 'an unknown id (NOT_FOUND from a resolver)', body: json({ query: ENTITY, variables: { id: 'no-such-entity' } }), hot: false },
  { name: 'a resolver refusing bad input', body: json({ query: '{ timeline(from: "2002-13") { totalCount } }' }), hot: false },
  { name: 'a cost under the limit', body: json({ query: COST, variables: { n: 2 } }), hot: true },
  { name: 'a cost over the limit', body: json({ query: COST, variables: { n: 200 } }), hot: false },
  { name: 'operation A of two', body: json({ query: TWO, operationName: 'A' }), hot: true },
  { name: 'operation B of two', body: json({ query: TWO, operationName: 'B' }), hot: true },
  { name: 'no operation name for two', body: json({ query: TWO }), hot: false },
  { name: 'an unknown operation name', body: json({ query: TWO, operationName: 'C' }), hot: false },
  { name: 'introspection', body: json({ query: '{ __schema { queryType { name } } }' }), hot: true },
  {
    name: 'Accept: application/json',
    body: json({ query: '{ stats { sources } }' }),
    headers: { accept: 'application/json' },
    hot: true,
  },
  {
    name: 'Accept: application/graphql-response+json (Apollo answers that media type)',
    body: json({ query: '{ stats { sources } }' }),
    headers: { accept: 'application/graphql-response+json' },
    hot: false,
  },
  {
    name: 'Content-Type with a charset',
    body: json({ query: '{ stats { citations } }' }),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    hot: true,
  },
  {
    name: 'an empty operation name (Apollo: no such operation)',
    body: json({ query: '{ stats { sources } }', operationName: '' }),
    hot: false,
  },
  { name: 'a text holding \\0 in a comment', body: json({ query: NUL_TEXT }), hot: true },
  {
    name: 'a name and text that would read as that text without a name',
    body: json({ query: '{ a }', operationName: `\0${NUL_TEXT.slice(0, NUL_TEXT.indexOf('\0'))}` }),
    hot: false,
  },
  { name: 'a mutation (no token)', body: json({ query: 'mutation { deleteEntity(id: "no-such-entity") { __typename } }' }), hot: false },
  {
    name: 'APQ extensions',
    body: json({ query: '{ stats { sources } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }),
    hot: false,
  },
  { name: 'variables as a string', body: json({ query: ENTITY, variables: '{"id":"person-luo-fuhe"}' }), hot: false },
  { name: 'a batch', body: json([{ query: '{ stats { sources } }' }]), hot: false },
];

/** Status, headers (but the date and the request id) and body of one POST /graphql. */
async function post(app: RunningApp, request: Request): Promise<string> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  const headers = [...res.headers.entries()].filter(([k]) => k !== 'date' && k !== 'x-request-id' && k !== 'keep-alive');
  return json({ status: res.status, headers, body: await res.text() });
}

describe('the hot path of repeated queries', () => {
  it.each(requests)('$name: the same answer with it and without, first time and again', async (request) => {
    const expected = await post(cold, request);
    expect(await post(hot, request)).toBe(expected);
    const answered = hotStats.answered;
    expect(await post(hot, request)).toBe(expected);
    expect(hotStats.answered - answered).toBe(request.hot ? 1 : 0);
    // A third time: the repeat changed nothing that later requests see.
    expect(await post(hot, request)).toBe(await post(cold, request));
  });

  it('runs an operation that answers with errors once: its result goes to Apollo with the request', async () => {
    const query = 'query Once($id: ID!) { entity(id: $id) { id } }';
    await post(hot, { name: 'warm', body: json({ query, variables: { id: 'person-luo-fuhe' } }), hot: false });
    const before = hotStats.precomputed;
    const missing = await post(hot, { name: 'missing', body: json({ query, variables: { id: 'no-such-entity' } }), hot: false });
    expect(hotStats.precomputed - before).toBe(1);
    expect(JSON.parse(JSON.parse(missing).body).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
