// The printed, sorted schema: any change to the API shows in review as a snapshot diff.
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/graphql/schema.js';

describe('GraphQL schema', () => {
  it('matches the snapshot', async () => {
    const printed = printSchema(lexicographicSortSchema(buildSchema(loadTypeDefs())));
    await expect(printed).toMatchFileSnapshot('__snapshots__/schema.graphql');
  });

  it('keeps the minimum contract clients rely on', () => {
    const schema = buildSchema(loadTypeDefs());
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['entity', 'search', 'timeline']));
    expect(query['timeline']!.args.map((a) => a.name)).toEqual(expect.arrayContaining(['from', 'to', 'involving', 'first', 'after']));
    const dateValue = schema.getType('DateValue') as unknown as { getFields(): Record<string, unknown> };
    expect(Object.keys(dateValue.getFields())).toEqual(expect.arrayContaining(['edtf', 'earliest', 'latest', 'precision', 'label']));
  });

  it('says which id form Proposal.change gives: the global change:<id> that node(id) and revert take', () => {
    const proposal = buildSchema(loadTypeDefs()).getType('Proposal') as unknown as {
      getFields(): Record<string, { description?: string }>;
    };
    expect(proposal.getFields()['change']!.description).toContain('`change:<id>`');
  });

  it('documents the description fallback, and the argument that turns it off, on every entity type', () => {
    const schema = buildSchema(loadTypeDefs());
    for (const name of ['Entity', 'Person', 'Organization', 'Event', 'Initiative', 'Place', 'Source']) {
      const type = schema.getType(name) as unknown as { getFields(): Record<string, { args: { name: string; description?: string }[] }> };
      const args = type.getFields()['description']!.args;
      expect(
        args.map((a) => a.name),
        name,
      ).toEqual(['lang', 'fallback']);
      expect(args[1]!.description, name).toContain('null when there is none in this language');
    }
  });
});
