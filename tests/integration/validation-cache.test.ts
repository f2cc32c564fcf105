// A repeated document is parsed and validated once (Apollo's document store, by the hash of its
// text) and its cost measured once per value of its Int variables; refusals stay refusals, and other
// page sizes are measured again.
import { describe, expect, it } from 'vitest';
import { costMeasurements } from '../../src/server/cost.js';
import { shapeValidations } from '../../src/server/parse-limits.js';
import { connectApi } from '../helpers/api.js';

const { gql } = connectApi();

/** What one request cost in validations and cost measurements. */
async function counted(query: string, variables?: Record<string, unknown>) {
  const validations = shapeValidations.count;
  const measurements = costMeasurements.count;
  const result = await gql(query, variables);
  return { result, validated: shapeValidations.count - validations, measured: costMeasurements.count - measurements };
}

describe('validation and cost, remembered per document', () => {
  it('validates and measures a document once: the second request skips both and answers the same', async () => {
    const query = 'query ValidationCacheTwice { stats { sources citations } }';
    const first = await counted(query);
    expect(first.result.errors).toBeUndefined();
    expect(first.validated).toBe(1);
    expect(first.measured).toBe(1);
    const second = await counted(query);
    expect(second.validated).toBe(0);
    expect(second.measured).toBe(0);
    expect(second.result).toEqual(first.result);
  });

  it('refuses a document over a limit again, with the same code and limit, each time', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const query = `query ValidationCacheRefused { ${aliases} }`;
    const first = await gql(query);
    const second = await gql(query);
    expect(first.data).toBeUndefined();
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases', max: 30, found: 31 });
    expect(second.data).toBeUndefined();
    expect(second.errors).toEqual(first.errors);
  });

  it('measures the cost again for other variables, and remembers each verdict', async () => {
    const query = `query ValidationCacheCost($n: Int) {
      entities(type: PERSON, first: $n) { edges { node { id relations(first: $n) { other { relations(first: $n) { id } } } } } } }`;
    // 2 × 2 × 2 objects: runs; 200 × 200 × 200: over ANNALS_MAX_COST (250,000), refused before it runs.
    const small = await counted(query, { n: 2 });
    expect(small.result.errors).toBeUndefined();
    expect(small.validated).toBe(1);
    expect(small.measured).toBe(1);
    const large = await counted(query, { n: 200 });
    expect(large.validated).toBe(0);
    expect(large.measured).toBe(1);
    expect(large.result.data).toBeUndefined();
    expect(large.result.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', max: 250000 });
    const largeAgain = await counted(query, { n: 200 });
    expect(largeAgain.measured).toBe(0);
    expect(largeAgain.result.errors).toEqual(large.result.errors);
    const smallAgain = await counted(query, { n: 2 });
    expect(smallAgain.measured).toBe(0);
    expect(smallAgain.result).toEqual(small.result);
  });

  it('tells an absent variable (its default) from null', async () => {
    const query = `query ValidationCacheDefault($n: Int = 200) {
      entities(type: PERSON, first: $n) { edges { node { id relations(first: $n) { other { relations(first: $n) { id } } } } } } }`;
    // Absent: the default 200 counts (refused); null: first is not given, so each list's own default counts.
    const absent = await counted(query, {});
    expect(absent.result.errors?.[0]?.extensions).toMatchObject({ limit: 'cost' });
    const asNull = await counted(query, { n: null });
    expect(asNull.measured).toBe(1);
    expect(asNull.result.errors?.[0]?.extensions?.['limit']).not.toBe('cost');
  });
});
