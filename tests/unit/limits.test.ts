// The limits measure a document in linear time, count lists honestly (variables included), and
// every list of objects in the API has a bound. No timing: work is counted, not measured.
import { buildSchema, Kind, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { transactionTimeout } from '../../src/db/executor.js';
import { AnnalsError } from '../../src/errors.js';
import { boundListResolvers, isObjectList, listBound } from '../../src/graphql/bounds.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { neighborhoodOf, shortestPaths } from '../../src/queries/explore.js';
import { stringifyWithin } from '../../src/server/response-json.js';
import { ObjectBudget } from '../../src/graphql/context.js';
import { fanOutOf } from '../../src/server/cost.js';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/server/limits.js';
import { shapeLimitRule } from '../../src/server/parse-limits.js';
import { DocumentMeasure, fragmentsOf } from '../../src/server/query-shape.js';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../src/model/vocabulary.js';
import { MAX_GRAPH_NODES, neighborhood } from '../../src/domain/explore.js';
import { ATTACK, fragmentChain, listFragmentChain } from '../helpers/attacks.js';

const schema = buildSchema(loadTypeDefs());

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const m = new DocumentMeasure(schema, fragmentsOf(document), fanOutOf(variables, operation));
  const result = m.selection(operation.selectionSet, schema.getQueryType()!);
  return { ...result, visits: m.visits };
}

describe('query measures', () => {
  it('visit each fragment once: a 12-fragment chain (10 spreads each) costs a few hundred visits, not 10^12', () => {
    const chain = measure(fragmentChain(12));
    // 11 fragments × 10 spreads + the last one's 2 fields + the operation's: linear in the text.
    expect(chain.visits).toBeLessThan(200);
    const deeper = measure(fragmentChain(30));
    expect(deeper.visits).toBeLessThan(500);
  });

  it('still count what the expansion would cost, so the chain is refused', () => {
    const chain = measure(listFragmentChain(12));
    expect(chain.visits).toBeLessThan(400);
    expect(chain.cost).toBeGreaterThan(1e12);
    expect(chain.depth).toBe(1 + 2 * 11 + 1);
    expect(chain.aliases).toBeGreaterThan(1e10);
  });

  it('refuse the chain in the validation rule with its limit, its work bounded', () => {
    const errors = validate(schema, parse(listFragmentChain(12)), [
      ...specifiedRules,
      shapeLimitRule({ maxDepth: 15, maxAliases: 30, maxDirectives: 20 }),
    ]);
    expect(errors.map((e) => e.extensions['limit'])).toEqual(expect.arrayContaining(['depth', 'aliases']));
  });

  it('measure introspection as deep as it nests', () => {
    const deep = measure(`{ __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`);
    expect(deep.depth).toBe(4 + 14 + 1);
  });

  it('ignore a fragment cycle instead of recursing forever (validation reports the cycle)', () => {
    const cyclic = measure('{ entity(id: "x") { ...A } } fragment A on Entity { id ...B } fragment B on Entity { name ...A }');
    expect(cyclic.depth).toBe(2);
  });

  it('count list fields by first: literal, variable value, variable default, field default, cap', () => {
    const literal = measure('{ event(id: "e") { participants(first: 7) { role } } }');
    expect(literal.cost).toBe(1 + 1 + 7 * 1);
    const variable = measure('query($n: Int) { event(id: "e") { participants(first: $n) { role } } }', { n: 400 });
    expect(variable.cost).toBe(1 + 1 + 400 * 1);
    const defaulted = measure('query($n: Int = 3) { event(id: "e") { participants(first: $n) { role } } }');
    expect(defaulted.cost).toBe(1 + 1 + 3 * 1);
    const fieldDefault = measure('{ event(id: "e") { participants { role } } }');
    expect(fieldDefault.cost).toBe(1 + 1 + 50 * 1);
    const capped = measure('{ event(id: "e") { names { value } } }');
    expect(capped.cost).toBe(1 + 1 + 50 * 1);
  });

  it('count the 4-level participants → participations attack at what it may return', () => {
    const attack = measure(ATTACK);
    expect(attack.cost).toBeGreaterThan(50 ** 4);
  });
});

describe('list bounds', () => {
  it('bound every list of objects in the schema: first (with a maximum) or a cap', () => {
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        !('getFields' in type) ||
        type.name.startsWith('__') ||
        type.name === 'Query' ||
        type.name === 'Mutation' ||
        !('getInterfaces' in type)
      )
        continue;
      for (const def of Object.values(type.getFields())) {
        if (isObjectList(def as never) && listBound(type.name, def as never) === undefined) unbounded.push(`${type.name}.${def.name}`);
      }
    }
    expect(unbounded).toEqual([]);
    expect(() => boundListResolvers(loadTypeDefs(), {})).not.toThrow();
  });

  it('cut a list to its first and refuse a first over its maximum, naming it', async () => {
    const resolvers = boundListResolvers(loadTypeDefs(), {
      Event: { participants: () => Promise.resolve(Array.from({ length: 80 }, (_, n) => n)) },
    });
    const participants = resolvers['Event']!['participants'] as (
      p: unknown,
      a: Record<string, unknown>,
      c: unknown,
      i: unknown,
    ) => Promise<unknown[]>;
    const budget = new ObjectBudget(1000);
    expect(await participants({}, { first: 5 }, { budget }, {})).toHaveLength(5);
    expect(budget.objects).toBe(5);
    expect(() => participants({}, { first: 501 }, { budget }, {})).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'first', max: 500 }) }),
    );
    const names = resolvers['Person']!['names'] as (p: unknown, a: Record<string, unknown>, c: unknown, i: unknown) => unknown[];
    expect(names({ names: Array.from({ length: 70 }, () => ({})) }, {}, { budget }, {})).toHaveLength(50);
  });

  it('refuse a neighbourhood larger than its caps instead of cutting it silently', async () => {
    const reached = Array.from({ length: MAX_GRAPH_NODES }, (_, n) => [`e${n}`, 1, null]);
    // The neighbourhood's one row: its center (found in the same query), the entities reached, the relationships.
    const executor = { read: () => Promise.resolve([{ center: ['org-c', null], reached, rels: [] }]) } as never;
    const loaders = { entity: { load: (id: string) => Promise.resolve({ id, type: 'Organization' }) } } as never;
    await expect(neighborhood(executor, loaders, { id: 'org-c' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limit: 'neighborhood.nodes', max: MAX_GRAPH_NODES, found: MAX_GRAPH_NODES + 1 },
    });
    const fits = { read: () => Promise.resolve([{ center: ['org-c', null], reached: reached.slice(1), rels: [] }]) } as never;
    expect((await neighborhood(fits, loaders, { id: 'org-c' })).reached).toHaveLength(MAX_GRAPH_NODES - 1);
  });

  it('stop a request once its lists returned more objects than it may', () => {
    const budget = new ObjectBudget(10);
    budget.charge(10);
    expect(() => budget.charge(1)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RESPONSE_TOO_LARGE', limit: 'objects', max: 10 }) }),
    );
  });
});

describe('request budget and response size', () => {
  it('give each transaction the smaller of its limit and what is left, and none once it is spent', () => {
    expect(transactionTimeout({ limitMs: 15_000, deadline: undefined, budgetMs: undefined, now: 0 })).toBe(15_000);
    expect(transactionTimeout({ limitMs: 15_000, deadline: 10_000, budgetMs: 30_000, now: 4_000 })).toBe(6_000);
    expect(transactionTimeout({ limitMs: 5_000, deadline: 10_000, budgetMs: 30_000, now: 4_000 })).toBe(5_000);
    expect(() => transactionTimeout({ limitMs: undefined, deadline: 10_000, budgetMs: 30_000, now: 9_999.5 })).toThrow(AnnalsError);
    const spent = (() => {
      try {
        transactionTimeout({ limitMs: 15_000, deadline: 10_000, budgetMs: 30_000, now: 10_000 });
      } catch (e) {
        return e;
      }
    })();
    expect(spent).toBeInstanceOf(AnnalsError);
    expect((spent as AnnalsError).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TIMEOUT',
      limit: 'requestBudgetMs',
      max: 30_000,
    });
  });

  it('read the budget and the response limit from the environment', () => {
    expect(limitsFromEnv({})).toMatchObject({ requestBudgetMs: 30_000, maxResponseBytes: 10_000_000 });
    expect(limitsFromEnv({ ANNALS_REQUEST_BUDGET_MS: '2000', ANNALS_MAX_RESPONSE_BYTES: '5000' })).toMatchObject({
      requestBudgetMs: 2000,
      maxResponseBytes: 5000,
    });
    expect(() => limitsFromEnv({ ANNALS_REQUEST_BUDGET_MS: '0' })).toThrow(/ANNALS_REQUEST_BUDGET_MS/);
    expect(DEFAULT_LIMITS.maxCost).toBe(250_000);
  });

  it('replace an answer over the byte limit by a coded error', () => {
    const within = stringifyWithin(100);
    expect(within({ data: { a: 1 } })).toBe('{"data":{"a":1}}');
    const over = JSON.parse(within({ data: { text: '民'.repeat(40) } })) as {
      errors: { extensions: Record<string, unknown> }[];
      data?: unknown;
    };
    expect(over.data).toBeUndefined();
    expect(over.errors[0]!.extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 'responseBytes', max: 100 });
  });
});

describe('relationship types in Cypher', () => {
  const projection = { node: ['name'] as const, edge: 'ALL' as const };
  it('give one statement text whatever the list, and the canonical list as a parameter', () => {
    const lists: RelationshipType[][] = [
      ['PART_OF'],
      ['HELD_POSITION', 'PART_OF'],
      ['PART_OF', 'HELD_POSITION', 'PART_OF'],
      Array(1800).fill('PART_OF'),
      [...RELATIONSHIP_TYPES].reverse(),
    ];
    const texts = new Set(lists.map((l) => neighborhoodOf('a', 2, l, null, projection).cypher));
    expect(texts.size).toBe(1);
    expect(new Set(lists.map((l) => shortestPaths('a', 'b', 4, 5, null, l).cypher)).size).toBe(1);
    expect(neighborhoodOf('a', 2, ['PART_OF', 'HELD_POSITION', 'PART_OF'], null, projection).params['types']).toEqual([
      'HELD_POSITION',
      'PART_OF',
    ]);
    expect(neighborhoodOf('a', 2, null, null, projection).params['types']).toEqual(RELATIONSHIP_TYPES);
    for (const l of lists) expect(neighborhoodOf('a', 2, l, null, projection).cypher).not.toContain('PART_OF');
  });
});
