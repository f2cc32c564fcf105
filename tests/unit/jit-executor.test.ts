import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { AnnalsError, ErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { makeFormatError } from '../../src/server/errors.js';
import { jitGateway, jitStats } from '../../src/server/jit-executor.js';

// The same Apollo Server, plugins and error formatting, once on graphql-js's execute and once on
// graphql-jit through the gateway hook: every answer (data, errors with their messages, paths,
// locations and codes, HTTP status) must be the same, byte for byte.
const typeDefs = /* GraphQL */ `
  interface Named {
    name: String!
  }
  type Person implements Named {
    name: String!
    born: Int
    nick: String!
    friends(first: Int = 2): [Person!]
    fails: String
    refused: String
  }
  type Place implements Named {
    name: String!
  }
  union Found = Person | Place
  input Filter {
    minBorn: Int
  }
  type Query {
    people(first: Int!, filter: Filter): [Person]
    strictPeople: [Person!]!
    named: [Named!]!
    found: [Found]
    person: Person!
  }
`;

interface P {
  name: string;
  born: number | null;
  nick: string | null;
  fails?: boolean;
}
const people: P[] = [
  { name: '胡献', born: 1890, nick: 'H' },
  { name: 'B', born: null, nick: null },
  { name: 'C', born: 1901, nick: 'C', fails: true },
];
const resolvers = {
  Query: {
    people: (_: unknown, { first, filter }: { first: number; filter?: { minBorn?: number } }) =>
      people.filter((p) => filter?.minBorn === undefined || (p.born ?? 0) >= filter.minBorn).slice(0, first),
    strictPeople: () => people,
    named: () => [people[0], { kind: 'place', name: 'Shanghai' }],
    found: () => [people[0], { kind: 'place', name: 'Shanghai' }, null],
    person: () => people[1],
  },
  Person: {
    friends: (p: P, { first }: { first: number }) => people.filter((q) => q !== p).slice(0, first),
    fails: (p: P) => {
      if (p.fails) throw new Error('driver said something private');
      return 'fine';
    },
    refused: (p: P) => {
      if (p.fails) throw new AnnalsError(ErrorCode.BAD_USER_INPUT, `refused ${p.name}`, { field: 'refused' });
      return 'ok';
    },
  },
  Named: { __resolveType: (o: { kind?: string }) => (o.kind === 'place' ? 'Place' : 'Person') },
  Found: { __resolveType: (o: { kind?: string }) => (o.kind === 'place' ? 'Place' : 'Person') },
};

function server(jit: boolean): ApolloServer {
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  const logger = createLogger('silent');
  return new ApolloServer({
    ...(jit ? { gateway: jitGateway(schema) } : { schema }),
    formatError: makeFormatError(logger),
    includeStacktraceInErrorResponses: false,
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

const CASES: { name: string; query: string; variables?: Record<string, unknown>; operationName?: string }[] = [
  {
    name: 'a plain list with variables and an input object',
    query: 'query Q($n: Int!, $f: Filter) { people(first: $n, filter: $f) { name born } }',
    variables: { n: 3, f: { minBorn: 1895 } },
  },
  { name: 'a resolver error inside a list (nullable field)', query: '{ people(first: 3) { name fails } }' },
  { name: 'a coded error (AnnalsError) inside a list', query: '{ people(first: 3) { name refused } }' },
  { name: 'a non-null violation inside a nullable list item', query: '{ people(first: 3) { name nick } }' },
  { name: 'a non-null violation propagating to the root', query: '{ strictPeople { name nick } }' },
  { name: 'a non-null violation on a non-null root field', query: '{ person { nick } }' },
  { name: 'nested lists with default arguments', query: '{ people(first: 2) { name friends { name friends(first: 1) { name } } } }' },
  {
    name: 'interfaces, unions, fragments and __typename',
    query: '{ named { __typename name ... on Person { born } } found { ... on Place { name } ... P } } fragment P on Person { name }',
  },
  { name: 'aliases', query: '{ a: people(first: 1) { n: name } b: people(first: 2) { name } }' },
  {
    name: '@skip and @include in fragments',
    query: 'query Q($s: Boolean!) { people(first: 2) { ...F @skip(if: $s) ... @include(if: $s) { born } } } fragment F on Person { name }',
    variables: { s: true },
  },
  { name: 'a variable beyond 32 bits', query: 'query Q($n: Int!) { people(first: $n) { name } }', variables: { n: 2 ** 33 } },
  { name: 'a missing required variable', query: 'query Q($n: Int!) { people(first: $n) { name } }', variables: {} },
  {
    name: 'an input object with an unknown field',
    query: 'query Q($f: Filter) { people(first: 1, filter: $f) { name } }',
    variables: { f: { nope: 1 } },
  },
  { name: 'an operation name that names no operation', query: 'query Q { person { name } }', operationName: 'Nope' },
  { name: 'two operations, one chosen', query: 'query A { person { name } } query B { people(first: 1) { name } }', operationName: 'B' },
  { name: 'introspection', query: '{ __schema { queryType { name } } __type(name: "Found") { possibleTypes { name } } }' },
];

describe('graphql-jit under Apollo answers exactly as graphql-js', () => {
  const js = server(false);
  const jit = server(true);

  it.each(CASES)('$name', async ({ query, variables, operationName }) => {
    await Promise.all([js.start(), jit.start()].map((p) => p.catch(() => undefined)));
    const expected = await js.executeOperation({ query, variables, operationName });
    const compiledBefore = jitStats.compiled + jitStats.fallbacks;
    // Twice: the first compiles, the second runs the cached function.
    for (let i = 0; i < 2; i += 1) {
      const actual = await jit.executeOperation({ query, variables, operationName });
      expect(JSON.stringify(actual.body)).toBe(JSON.stringify(expected.body));
      expect(actual.http.status).toBe(expected.http.status);
    }
    // graphql-jit (or, for refusals, graphql-js) did run: the test compares two executors, not one with itself.
    expect(jitStats.compiled + jitStats.fallbacks).toBeGreaterThan(compiledBefore);
  });

  it('compiles an operation once and runs the cached function afterwards', async () => {
    await Promise.all([js.start(), jit.start()].map((p) => p.catch(() => undefined)));
    const query = '{ people(first: 1) { name born } }';
    const before = { ...jitStats };
    for (let i = 0; i < 3; i += 1) await jit.executeOperation({ query });
    expect(jitStats.compiled - before.compiled).toBe(1);
    expect(jitStats.fallbacks - before.fallbacks).toBe(0);
  });
});
