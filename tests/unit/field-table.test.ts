// The field table against the schema and the vocabulary: every GraphQL field of the types it covers
// is declared once, a field missing from it stops the server at startup, and what it derives
// (projections, neighbourhood props, section shapes) holds together. No database.
import { buildASTSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CLAIM_FIELDS,
  ENTITY_FIELDS,
  FINDING_FIELDS,
  fieldReads,
  RELATIONSHIP_FIELDS,
  RELATIONSHIP_VIEWS,
  SOURCE_FIELDS,
  TABLE_TYPES,
  type Field,
} from '../../src/dataset/fields.js';
import { readDatasetFiles, seedFiles } from '../../src/dataset/load.js';
import { planImport } from '../../src/dataset/plan.js';
import { EntityShape, RelationshipShape, SourceShape } from '../../src/dataset/shape.js';
import { validateDataset } from '../../src/dataset/validate.js';
import { ENTITY_CORE } from '../../src/queries/projection.js';
import { checkFieldTable, withFieldTable } from '../../src/graphql/field-table.js';
import { entityProjection, propsByField } from '../../src/graphql/projection.js';
import { makeResolvers } from '../../src/graphql/resolvers/index.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { ENTITY_LABELS, RELATIONSHIP_RULES, type RelationshipType } from '../../src/model/vocabulary.js';
import { GRAPH_EDGE_PROPS, GRAPH_NODE_PROPS } from '../../src/queries/explore.js';

const schemaOf = (extra = '') => buildASTSchema(parse(loadTypeDefs() + extra));

describe('the field table and the schema', () => {
  it('declare the same fields, each answered once', () => {
    expect(() => checkFieldTable(schemaOf(), makeResolvers())).not.toThrow();
  });

  it('a schema field the table lacks is a startup error naming it', () => {
    const schema = schemaOf('\nextend type Person { nickname: String }\n');
    expect(() => withFieldTable(schema, makeResolvers())).toThrow(/Person\.nickname is in the schema but not in the field table/);
  });

  it('a field answered both by the table and by hand is a startup error', () => {
    const hand = makeResolvers() as Record<string, object>;
    const twice = { ...hand, Event: { ...hand['Event'], place: () => null } };
    expect(() => checkFieldTable(schemaOf(), twice)).toThrow(/Event\.place is answered by the table/);
  });

  it('a hand-written field without its resolver is a startup error', () => {
    const hand = makeResolvers() as Record<string, Record<string, unknown>>;
    const { findings: _dropped, ...event } = hand['Event']!;
    expect(() => checkFieldTable(schemaOf(), { ...hand, Event: event })).toThrow(/Event\.findings is declared as a hand-written resolver/);
  });

  it('a table field the schema lacks is a startup error', () => {
    const schema = schemaOf();
    const without = buildASTSchema(parse(loadTypeDefs().replace(/\n\s*"The entity type, lowercased[^\n]*\n\s*group: String!/, '')));
    expect(schema.getType('GraphNode')).toBeDefined();
    expect(() => checkFieldTable(without, makeResolvers())).toThrow(/GraphNode\.group is in the field table but not in the schema/);
  });
});

describe('what the table derives', () => {
  it('relationship fields go the way the vocabulary lets their types go', () => {
    for (const type of ENTITY_LABELS) {
      for (const [field, read] of Object.entries(fieldReads(type))) {
        if (read.kind !== 'relation') continue;
        for (const t of read.types) {
          const rule = RELATIONSHIP_RULES[t as RelationshipType];
          const side: readonly string[] = read.direction === 'OUT' ? rule.from : rule.to;
          expect(side, `${type}.${field}`).toContain(type);
        }
      }
    }
  });

  it('neighbourhood nodes and edges read only what the neighbourhood query can project', () => {
    const node = propsByField(['GraphNode']);
    const edge = propsByField(['GraphEdge']);
    for (const [field, { props }] of Object.entries(node)) {
      expect(props, `GraphNode.${field}`).not.toBe('ALL');
      for (const p of props as string[]) expect(GRAPH_NODE_PROPS as readonly string[], `GraphNode.${field}`).toContain(p);
    }
    for (const [field, { props }] of Object.entries(edge)) {
      if (props !== 'ALL') for (const p of props) expect(GRAPH_EDGE_PROPS as readonly string[], `GraphEdge.${field}`).toContain(p);
    }
  });

  it('projections read what the fields read: a description reads both languages, a relationship field only the id', () => {
    const entity = propsByField(ENTITY_LABELS);
    expect(entity['description']).toEqual({ props: ['descriptionZh', 'descriptionEn'], bare: ['descriptionZh', 'descriptionEn'] });
    expect(entity['positions']).toEqual({ props: [], bare: [] });
    expect(entity['date']).toEqual({ props: ['edtf'], bare: ['edtf'] });
    expect(propsByField(['Position', 'Participation', 'Relation'])['titleClaims']?.props).toEqual(['id', 'title', 'earliest', 'latest']);
  });

  it('a narrow selection projects only the stored properties it reads', async () => {
    // The projection a lookup gets for a document, on the real schema.
    const projectionOf = async (document: string) => {
      let seen: unknown;
      const rootValue = {
        person: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
          seen = entityProjection(info);
          return null;
        },
      };
      const res = await execute({ schema: schemaOf(), document: parse(document), rootValue });
      expect(res.errors).toBeUndefined();
      return seen;
    };
    expect(await projectionOf('{ person(id: "p") { name citations { quote } } }')).toEqual(['name']);
    // The id comes along with every projection (ENTITY_CORE): reading it adds nothing.
    expect(await projectionOf('{ person(id: "p") { id name } }')).toEqual(['name']);
    expect(await projectionOf('{ person(id: "p") { name(lang: "en") } }')).toEqual([
      'name',
      'type',
      'nameValues',
      'nameLangs',
      'nameKinds',
    ]);
    expect(await projectionOf('{ person(id: "p") { a: name b: name(lang: "en") } }')).toEqual([
      'name',
      'type',
      'nameValues',
      'nameLangs',
      'nameKinds',
    ]);
    expect(await projectionOf('{ person(id: "p") { ... on Person { description } } }')).toEqual(['descriptionZh', 'descriptionEn']);
  });

  it('a name asked without lang reads only the stored name; with lang, every name it may fall back to', () => {
    const entity = propsByField(ENTITY_LABELS);
    expect(entity['name']).toEqual({ props: ['name', 'type', 'nameValues', 'nameLangs', 'nameKinds'], bare: ['name'] });
  });

  it('each input field and each stored property is declared by one field of its section', () => {
    const sections: [string, readonly Field<never>[]][] = [
      ['entities', ENTITY_FIELDS as readonly Field<never>[]],
      ['sources', SOURCE_FIELDS as readonly Field<never>[]],
      ['relationships', RELATIONSHIP_FIELDS as readonly Field<never>[]],
      ['findings', FINDING_FIELDS as readonly Field<never>[]],
      ['claims', CLAIM_FIELDS as readonly Field<never>[]],
    ];
    for (const [name, fields] of sections) {
      const inputs = fields.flatMap((f) => Object.keys(f.inputs));
      const stored = fields.flatMap((f) => f.stored);
      expect(new Set(inputs).size, `${name}: inputs ${inputs.join(',')}`).toBe(inputs.length);
      expect(new Set(stored).size, `${name}: stored ${stored.join(',')}`).toBe(stored.length);
    }
  });

  it('section shapes are the inputs of their fields (plus citations)', () => {
    expect(Object.keys(EntityShape.shape)).toEqual([...ENTITY_FIELDS.flatMap((f) => Object.keys(f.inputs)), 'citations']);
    expect(Object.keys(RelationshipShape.shape)).toEqual([...RELATIONSHIP_FIELDS.flatMap((f) => Object.keys(f.inputs)), 'citations']);
    expect(Object.keys(SourceShape.shape)).toEqual(SOURCE_FIELDS.flatMap((f) => Object.keys(f.inputs)));
  });

  it('covers the entity types, the relationship views and the neighbourhood types', () => {
    expect(TABLE_TYPES).toEqual([...ENTITY_LABELS, 'Position', 'Participation', 'Relation', 'GraphNode', 'GraphEdge']);
  });
});

describe('the table is honest about what each field reads', () => {
  // Every seeded entity and relationship, plus a person with every optional field, as stored.
  const { docs } = readDatasetFiles(seedFiles('seed'));
  const extra = {
    file: 'extra.yaml',
    baseDir: null,
    lineOf: () => undefined,
    data: {
      entities: [
        {
          id: 'p-extra',
          type: 'Person',
          name: '胡献',
          birthDate: '1955-03~',
          descriptionEn: 'test',
          identifiers: [{ scheme: 'WIKIDATA', value: 'Q42' }],
          citations: [{ source: 'src-mj-gd-2006-qingyuan', quote: '胡献' }],
        },
      ],
    },
  };
  const { dataset, issues } = validateDataset([...docs, extra]);
  it('validates the fixtures', () => expect(issues).toEqual([]));
  const plan = planImport(dataset!);
  const records: [string, Record<string, unknown>][] = [];
  for (const [label, rows] of plan.nodes) for (const r of rows) records.push([label, { ...r.props, revision: 3 }]);
  const relations: Record<string, unknown>[] = [...plan.relationships.values()].flat().map((r) => ({ ...r.props, type: 'X' }));
  const pick = (p: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.filter((k) => k in p).map((k) => [k, p[k]]));
  const ARGS = [{}, { lang: 'zh' }, { lang: 'en', kind: 'PRIMARY' }];

  it('a stored field resolves the same from its declared properties (and the core) as from the whole record', () => {
    let checked = 0;
    for (const [label, full] of records) {
      for (const [field, read] of Object.entries(fieldReads(label))) {
        if (read.kind !== 'stored' || read.resolve === undefined) continue;
        const lean = pick(full, [...ENTITY_CORE, ...read.props]);
        for (const args of ARGS) expect(read.resolve(lean, args), `${label}.${field}`).toEqual(read.resolve(full, args));
        checked += 1;
      }
    }
    for (const full of relations) {
      for (const view of RELATIONSHIP_VIEWS) {
        for (const [field, read] of Object.entries(fieldReads(view))) {
          if (read.kind !== 'stored' || read.resolve === undefined) continue;
          expect(read.resolve(pick(full, ['id', 'type', ...read.props]), {}), `${view}.${field}`).toEqual(read.resolve(full, {}));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
