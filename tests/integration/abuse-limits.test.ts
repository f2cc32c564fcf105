// The attacks of issue 11 (items 7, 8, 11), each refused with a coded error naming its limit, or
// bounded; none may block the server, return an unbounded list or choose Cypher text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { createLogger } from '../../src/logger.js';
import { neighborhoodOf, shortestPaths } from '../../src/queries/explore.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';
import { ATTACK, fragmentChain, listFragmentChain } from '../helpers/attacks.js';

const { driver, executor } = connectApi();
let app: RunningApp;
let small: RunningApp;

beforeAll(async () => {
  const logger = createLogger('silent');
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
  small = await startApp({ driver, logger, host: '127.0.0.1', port: 0, limits: { maxResponseBytes: 5_000 } });
});
afterAll(async () => {
  await app.stop();
  await small.stop();
});

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function post(query: string, variables?: Record<string, unknown>, url = app.url) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as Body };
}

function expectRefused(body: Body, code: string, limits: string[]) {
  expect(body.data ?? undefined).toBeUndefined();
  const error = body.errors?.[0];
  expect(error?.extensions['code']).toBe(code);
  expect(limits).toContain(error?.extensions['limit']);
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|INTERNAL_SERVER_ERROR/);
}

describe('fragment chains (item 7)', () => {
  it.each([
    ['12 fragments, 10 spreads each', fragmentChain(12)],
    ['12 fragments of lists, 10 spreads each', listFragmentChain(12)],
    ['40 fragments, 10 spreads each', fragmentChain(40)],
  ])('refuse %s with the cost or depth limit, and the server keeps answering', async (_name, query) => {
    const res = await post(query);
    expect(res.status).toBe(400);
    expectRefused(res.body, 'GRAPHQL_VALIDATION_FAILED', ['cost', 'depth', 'aliases']);
    expect(res.body.errors?.[0]?.message).toMatch(/limit of \d+ exceeded/);
    const health = await fetch(app.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
  });
});

describe('honest cost and bounded lists (item 8)', () => {
  const attack = ATTACK.replace('"e"', '"event-2003-work-style-year"');

  it('refuses the 4-level participants → participations query at its real bound', async () => {
    const res = await post(attack);
    expect(res.status).toBe(400);
    expectRefused(res.body, 'GRAPHQL_VALIDATION_FAILED', ['cost']);
    expect(res.body.errors?.[0]?.extensions['estimated']).toBeGreaterThan(250_000);
  });

  it('lets it through with pages from variables, each list cut to its first', async () => {
    // Participants are people and organizations (the 2003 campaign's first is its leading group): both ends are walked.
    const paged = `query($n: Int) { event(id: "event-2003-work-style-year") { participants(first: $n) { entity {
      ... on Person { participations(first: $n) { event { ...Inner } } } ... on Organization { participations(first: $n) { event { ...Inner } } } } } } }
      fragment Inner on Event { participants(first: $n) { entity {
        ... on Person { participations(first: $n) { event { id name } } } ... on Organization { participations(first: $n) { event { id name } } } } } }`;
    const big = await post(paged, { n: 600 });
    expectRefused(big.body, 'GRAPHQL_VALIDATION_FAILED', ['cost']);
    const res = await post(paged, { n: 1 });
    expect(res.body.errors).toBeUndefined();
    const lists: unknown[][] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) lists.push(v);
      if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(res.body.data);
    expect(lists.length).toBeGreaterThan(1);
    for (const l of lists) expect(l.length).toBeLessThanOrEqual(1);
    expect(res.bytes).toBeLessThan(2_000);
  });

  it('cuts every list to its first, and refuses a first over the maximum, naming it', async () => {
    const two = await post('{ event(id: "event-2003-work-style-year") { participants { id } one: participants(first: 1) { id } } }');
    const event = two.body.data!['event'] as { participants: unknown[]; one: unknown[] };
    expect(event.participants.length).toBeGreaterThanOrEqual(2);
    expect(event.one).toHaveLength(1);
    const over = await post('{ event(id: "event-2003-work-style-year") { participants(first: 501) { id } } }');
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'first', max: 500 });
    const sources = await post('{ sources(first: 1) { id } }');
    expect(sources.body.data!['sources']).toHaveLength(1);
  });

  it('replaces an answer over the response-size limit by RESPONSE_TOO_LARGE', async () => {
    const res = await post('{ source(id: "src-mj-gd-2006-qingyuan") { text } }', undefined, small.url);
    expectRefused(res.body, 'RESPONSE_TOO_LARGE', ['responseBytes']);
    expect(res.body.errors?.[0]?.extensions['max']).toBe(5_000);
    expect(res.bytes).toBeLessThan(1_000);
  });

  it('starts no query once the request budget is spent', async () => {
    const spent = new Executor({ driver, queryTimeoutMs: 15_000, deadline: Date.now() - 1, budgetMs: 30_000 });
    await expect(spent.read({ cypher: 'RETURN 1 AS one', params: {} })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'TIMEOUT', limit: 'requestBudgetMs', max: 30_000 },
    });
    expect(spent.counter.count).toBe(0);
  });
});

describe('relationship types (item 11)', () => {
  const neighborhood = (types: string) =>
    `{ neighborhood(id: "org-capd-guangdong", depth: 2, types: [${types}]) { nodes { id } edges { id type } } }`;

  it('answers the same for any order or repetition of the same types', async () => {
    const a = await post(neighborhood('HELD_POSITION, PART_OF'));
    const b = await post(neighborhood('PART_OF, HELD_POSITION, PART_OF, HELD_POSITION'));
    expect(a.body.errors).toBeUndefined();
    expect(b.body).toEqual(a.body);
    expect(
      (a.body.data!['neighborhood'] as { edges: { type: string }[] }).edges.every((e) => ['HELD_POSITION', 'PART_OF'].includes(e.type)),
    ).toBe(true);
  });

  it('refuses a types list longer than the vocabulary, naming the limit', async () => {
    const res = await post(neighborhood(Array(1800).fill('PART_OF').join(' ')));
    expectRefused(res.body, 'BAD_USER_INPUT', ['types']);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ max: 12, found: 1800 });
    const relations = await post(`{ entity(id: "org-capd") { relations(types: [${Array(13).fill('PART_OF').join(' ')}]) { id } } }`);
    expect(relations.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'types', max: 12, found: 13 });
  });

  it('refuses MENTIONS in a neighbourhood as bad input, not an internal error', async () => {
    const res = await post(neighborhood('MENTIONS'));
    expect(res.body.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
  });

  it('still seeks the start through the unique index, with no label scan', async () => {
    const projection = { node: ['name'] as const, edge: 'ALL' as const };
    for (const query of [
      neighborhoodOf('org-capd-guangdong', 3, ['PART_OF', 'HELD_POSITION'], null, projection),
      shortestPaths('person-hu-xian', 'org-capd', 4, 5, null, ['PART_OF', 'HELD_POSITION']),
    ]) {
      const profile = await executor.profile(query);
      expect(profile.operators.join('\n')).toMatch(/NodeUniqueIndexSeek/);
      expect(profile.operators.join('\n')).not.toMatch(/NodeByLabelScan|AllNodesScan/);
    }
  });
});
