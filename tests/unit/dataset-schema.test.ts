// The JSON Schema of the dataset format (schema/dataset.schema.json): made from the validator's own
// shapes, current, accepting the seed, and refusing what the validator refuses where a schema can say so.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { datasetJsonSchema, fieldReference, schemaText, withReference } from '../../src/dataset/json-schema.js';
import { parseDatasetText, seedFiles } from '../../src/dataset/load.js';
import { validateDataset } from '../../src/dataset/validate.js';

const schema = datasetJsonSchema();
// Strict, except for `required` and `properties` in the conditional rules' subschemas, which name properties the parent declares.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
const schemaValid = ajv.compile(schema);

function validatorIssues(yaml: string): string[] {
  const { doc, issues } = parseDatasetText(yaml, 'test.yaml', null);
  if (doc === undefined) return issues.map((i) => i.message);
  return validateDataset([doc]).issues.map((i) => `${i.path}: ${i.message}`);
}

const SOURCE = `sources:
  - id: src
    title: 测试
    text: "2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长"
`;
const PERSON = `entities:
  - id: person-luo
    type: Person
    name: 罗富和
    citations: [{ source: src, quote: "罗富和主委" }]
`;
const EVENT = `  - id: event-2003
    type: Event
    kind: CAMPAIGN
    name: 作风建设年
    date: "2003"
    citations: [{ source: src, quote: "2003年开展了机关作风建设年活动" }]
`;
const ORG = `  - id: org-x
    type: Organization
    name: 省委会
    citations: [{ source: src, quote: "罗富和主委" }]
`;
const VALID = SOURCE + PERSON + EVENT + ORG;

describe('schema/dataset.schema.json', () => {
  it('is what the shapes make, and docs/curating.md holds the field reference made from it', () => {
    expect(readFileSync('schema/dataset.schema.json', 'utf8')).toBe(schemaText(schema));
    const guide = readFileSync('docs/curating.md', 'utf8');
    expect(withReference(guide, fieldReference(schema))).toBe(guide);
  });

  it('is a valid JSON Schema (draft-07, what editors support best) that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(Object.keys(schema['definitions'] as object).sort()).toEqual([
      'Citation',
      'Claim',
      'Entity',
      'Finding',
      'Name',
      'Quantity',
      'Relationship',
      'Source',
    ]);
  });

  it.each(seedFiles('seed'))('accepts %s', (file) => {
    const ok = schemaValid(parse(readFileSync(file, 'utf8')));
    expect(schemaValid.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts the example of docs/curating.md', () => {
    const ok = schemaValid(parse(readFileSync('docs/examples/data/curator-note-002.yaml', 'utf8')));
    expect(schemaValid.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts a small valid document that the validator accepts', () => {
    expect(validatorIssues(VALID)).toEqual([]);
    expect(schemaValid(parse(VALID))).toBe(true);
  });

  // Each refused by both: the editor flags what `annals validate` would.
  it.each([
    ['an unknown field', VALID.replace('    name: 罗富和\n', '    name: 罗富和\n    nickname: 老罗\n'), 'nickname'],
    ['an id with "--"', VALID.replace('id: person-luo', 'id: person--luo'), 'id'],
    ['an id in capitals', VALID.replace('id: person-luo', 'id: Person-Luo'), 'id'],
    ['an unknown entity type', VALID.replace('type: Person', 'type: Persona'), 'type'],
    ['an entity without citations', VALID.replace('    citations: [{ source: src, quote: "罗富和主委" }]\n', ''), 'citations'],
    ['an empty citation list', VALID.replace('citations: [{ source: src, quote: "罗富和主委" }]', 'citations: []'), 'citations'],
    ['a quote of blanks', VALID.replace('quote: "罗富和主委" }]\n  - id: event', 'quote: "   " }]\n  - id: event'), 'quote'],
    ['a control character in a name', VALID.replace('name: 罗富和', 'name: "罗富和\\u0007"'), 'name'],
    ['an event without a date', VALID.replace('    date: "2003"\n', ''), 'date'],
    ['a date on a person', VALID.replace('    name: 罗富和\n', '    name: 罗富和\n    date: "1950"\n'), 'date'],
    ['a kind on a person', VALID.replace('    name: 罗富和\n', '    name: 罗富和\n    kind: CHAIR\n'), 'kind'],
    ['a kind outside the vocabulary', VALID.replace('kind: CAMPAIGN', 'kind: PICNIC'), 'kind'],
    ['a source without its text', VALID.replace('    text: "2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长"\n', ''), 'text'],
    [
      'a title on PART_OF',
      `${VALID}relationships:\n  - { type: PART_OF, from: org-x, to: org-x, title: 主委, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'title',
    ],
    [
      'HELD_POSITION without its title',
      `${VALID}relationships:\n  - { type: HELD_POSITION, from: person-luo, to: org-x, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'title',
    ],
    [
      'a relationship of an unknown type',
      `${VALID}relationships:\n  - { type: KNOWS, from: person-luo, to: org-x, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'type',
    ],
    [
      'a finding of an unknown kind',
      `${VALID}findings:\n  - { id: f-1, event: event-2003, kind: PRAISE, order: 1, text: 好, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'kind',
    ],
  ])('refuses %s, as the validator does', (_what, yaml, field) => {
    expect(schemaValid(parse(yaml))).toBe(false);
    expect(JSON.stringify(schemaValid.errors)).toContain(field);
    expect(validatorIssues(yaml).join('\n')).toContain(field);
  });

  // What only the validator can see: the schema knows shapes, not dates, texts or the graph.
  it.each([
    ['a date that is not EDTF', VALID.replace('date: "2003"', 'date: "2003年"'), 'date'],
    [
      'a quote not in the source',
      VALID.replace('quote: "罗富和主委" }]\n  - id: event', 'quote: "罗富和副主委" }]\n  - id: event'),
      'quote',
    ],
    [
      'a relationship to an unknown id',
      `${VALID}relationships:\n  - { type: PART_OF, from: org-x, to: org-nowhere, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'to',
    ],
    [
      'a relationship between the wrong types',
      `${VALID}relationships:\n  - { type: PART_OF, from: person-luo, to: org-x, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'from',
    ],
  ])('leaves %s to the validator', (_what, yaml, field) => {
    expect(schemaValid(parse(yaml))).toBe(true);
    expect(validatorIssues(yaml).join('\n')).toContain(field);
  });
});
