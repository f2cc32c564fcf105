// Bad input gets a coded error, never a crash, a stack trace or a change to the graph.
import { describe, expect, it } from 'vitest';
import { countGraph } from '../../src/domain/import.js';
import { connectApi } from '../helpers/api.js';

const { gql, errorCode, executor } = connectApi();

describe('coded errors', () => {
  it.each([
    ['an unknown id', '{ entity(id: "no-such-entity") { id } }', 'NOT_FOUND'],
    ['an id of the wrong type', '{ person(id: "org-capd") { id } }', 'NOT_FOUND'],
    ['an empty id', '{ entity(id: "") { id } }', 'BAD_USER_INPUT'],
    ['an invalid EDTF month', '{ timeline(from: "2002-13") { totalCount } }', 'BAD_USER_INPUT'],
    ['an invalid EDTF day', '{ timeline(to: "2002-02-30") { totalCount } }', 'BAD_USER_INPUT'],
    ['a window that ends before it starts', '{ timeline(from: "2006", to: "2002") { totalCount } }', 'BAD_USER_INPUT'],
    [
      'an invalid date in positions(at:)',
      '{ organization(id: "org-capd-guangdong") { positions(at: "yesterday") { id } } }',
      'BAD_USER_INPUT',
    ],
    ['first above the timeline cap', '{ timeline(first: 5000) { totalCount } }', 'BAD_USER_INPUT'],
    ['a negative first', '{ timeline(first: -1) { totalCount } }', 'BAD_USER_INPUT'],
    ['first beyond 32 bits, inline', '{ timeline(first: 99999999999) { totalCount } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['first above the search cap', '{ search(text: "民进", first: 1000) { score } }', 'BAD_USER_INPUT'],
    ['an empty search', '{ search(text: "") { score } }', 'BAD_USER_INPUT'],
    ['a search of only Lucene syntax', '{ search(text: "*~:\\\\") { score } }', 'BAD_USER_INPUT'],
    ['an oversized search', `{ search(text: "${'民'.repeat(500)}") { score } }`, 'BAD_USER_INPUT'],
    ['a forged cursor', '{ timeline(after: "bm90LWEtY3Vyc29y") { totalCount } }', 'BAD_USER_INPUT'],
    ['an unknown entity in involving', '{ timeline(involving: ["nobody"]) { totalCount } }', 'NOT_FOUND'],
    ['an unknown field', '{ entity(id: "org-capd") { nonsense } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown enum value', '{ search(text: "x", types: [SPACESHIP]) { score } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['malformed GraphQL', '{ entity(id: "org-capd") { id ', 'GRAPHQL_PARSE_FAILED'],
  ])('%s → %s', async (_what, query, code) => {
    const res = await gql(query);
    expect(res.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at \w+ \(|Neo4jError/);
  });

  it('rejects a variable beyond 32 bits as bad input', async () => {
    expect(await errorCode('query($n: Int) { timeline(first: $n) { totalCount } }', { n: 99999999999 })).toBe('BAD_USER_INPUT');
    expect(await errorCode('query($n: Int) { search(text: "民进", first: $n) { score } }', { n: 1e300 })).toBe('BAD_USER_INPUT');
  });

  it('treats injection strings as plain text, and the graph stays as it was', async () => {
    const before = await countGraph(executor);
    const attempts = ["') MATCH (n) DETACH DELETE n //", 'name:*~', '"', '\\', '民进 OR *:*', '\u0000\u0007'];
    for (const text of attempts) {
      const search = await gql('query($t: String!) { search(text: $t) { score } }', { t: text });
      expect(['BAD_USER_INPUT', undefined]).toContain(search.errors?.[0]?.extensions?.['code']);
      expect(await errorCode('query($id: ID!) { entity(id: $id) { id } }', { id: text })).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
      expect(await errorCode('query($d: String) { timeline(from: $d) { totalCount } }', { d: text })).toBe('BAD_USER_INPUT');
    }
    expect(await countGraph(executor)).toEqual(before);
  });

  it('still answers the rest of a query when one field fails', async () => {
    const res = await gql<{ ok: { id: string }; missing: null }>(
      '{ ok: entity(id: "org-capd") { id } missing: entity(id: "nope") { id } }',
    );
    expect(res.data?.ok.id).toBe('org-capd');
    expect(res.data?.missing).toBeNull();
    expect(res.errors?.map((e) => e.path)).toEqual([['missing']]);
  });
});
