// The field table: every input field written and read back through one declaration, and the
// import's diff that writes only what changes (no database: the seed plans against itself).
import { describe, expect, it } from 'vitest';
import { diffPlan } from '../../src/dataset/diff.js';
import { ENTITY_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS, readFields, undeclaredKeys, writeFields } from '../../src/dataset/fields.js';
import { readDatasetFiles, seedFiles, type ParsedDocument } from '../../src/dataset/load.js';
import { planImport, type ImportPlan } from '../../src/dataset/plan.js';
import { restateDocuments, restateEntry, type StoredRecord, type StoredState } from '../../src/dataset/restate.js';
import { validateDataset, type ValidDataset } from '../../src/dataset/validate.js';

function seed(): { docs: ParsedDocument[]; dataset: ValidDataset } {
  const { docs } = readDatasetFiles(seedFiles('seed'));
  const { dataset, issues } = validateDataset(docs);
  expect(issues).toEqual([]);
  return { docs, dataset: dataset! };
}

/** The graph as it would be right after importing the plan: the stored state a re-import compares with. */
function storedFrom(plan: ImportPlan): StoredState {
  const byId = new Map<string, StoredRecord>();
  for (const [label, rows] of plan.nodes)
    for (const r of rows) byId.set(r.id, { kind: 'entity', label, props: { ...r.props, revision: 1 }, citations: [] });
  for (const [type, rows] of plan.relationships)
    for (const r of rows) byId.set(r.id, { kind: 'relationship', type, from: r.from, to: r.to, props: r.props, citations: [] });
  for (const r of plan.findings) byId.set(r.id, { kind: 'finding', props: r.props, citations: [] });
  for (const r of plan.claims) byId.set(r.id, { kind: 'claim', props: r.props, citations: [] });
  for (const c of plan.citations)
    byId.get(c.props['about'] as string)!.citations.push({ ...c.props, id: c.id, sourceId: c.sourceId, quote: String(c.props['quote']) });
  return { byId, citationsInSource: new Map() };
}

describe('the field table', () => {
  it('reads back every field it writes, for every entity, source and relationship of the seed', () => {
    const { dataset } = seed();
    const plan = planImport(dataset);
    for (const [, rows] of plan.nodes)
      for (const r of rows) expect(undeclaredKeys(r.props['type'] === 'SOURCE' ? SOURCE_FIELDS : ENTITY_FIELDS, r.props), r.id).toEqual([]);
    for (const [, rows] of plan.relationships) for (const r of rows) expect(undeclaredKeys(RELATIONSHIP_FIELDS, r.props), r.id).toEqual([]);
    for (const e of dataset.entities) {
      const input = readFields(ENTITY_FIELDS, writeFields(ENTITY_FIELDS, e));
      expect(input['date'] ?? null, e.id).toBe(e.date?.edtf ?? null);
      expect({ ...input, names: (input['names'] as { lang: string }[]).filter((n) => n.lang !== 'pinyin') }).toMatchObject({
        id: e.id,
        type: e.type,
        name: e.name,
        ...(e.descriptionEn === undefined ? {} : { descriptionEn: e.descriptionEn }),
        ...(e.descriptionZh === undefined ? {} : { descriptionZh: e.descriptionZh }),
        names: e.names.filter((n) => n.lang !== 'pinyin'),
      });
    }
  });

  it('names a stored property no field declares', () => {
    expect(undeclaredKeys(ENTITY_FIELDS, { id: 'x', name: 'x', birthDate: '1950', revision: 3 })).toEqual(['birthDate']);
  });
});

describe('restating and diffing an import', () => {
  it('finds nothing to write when the seed is imported over itself, even restated with required fields only', () => {
    const { docs, dataset } = seed();
    const stored = storedFrom(planImport(dataset));
    const same = diffPlan(planImport(dataset), stored);
    expect(same.changesAnything).toBe(false);
    expect(same.entityCounts).toEqual({ created: 0, changed: 0, unchanged: dataset.entities.length + dataset.sources.length });
    expect(same.relationshipCounts).toEqual({ created: 0, changed: 0, unchanged: dataset.relationships.length });

    // Entities named with id, type, name and one of their citations: every other field comes from the graph.
    const sparse = docs.map((d) => {
      const data = d.data as { entities?: Record<string, unknown>[] };
      return {
        ...d,
        data: {
          ...data,
          entities: (data.entities ?? []).map((e) => ({
            id: e['id'],
            type: e['type'],
            name: e['name'],
            citations: [(e['citations'] as unknown[])[0]],
          })),
        },
      };
    });
    const restated = validateDataset(restateDocuments(sparse, stored));
    expect(restated.issues).toEqual([]);
    expect(diffPlan(planImport(restated.dataset!), stored).changesAnything).toBe(false);
  });

  it('counts what changes, and writes only those rows and citations', () => {
    const { dataset } = seed();
    const stored = storedFrom(planImport(dataset));
    const [luo] = dataset.entities.filter((e) => e.id === 'person-luo-fuhe');
    const changed: ValidDataset = {
      ...dataset,
      entities: dataset.entities.map((e) => (e === luo ? { ...e, descriptionEn: 'changed' } : e)),
    };
    const diff = diffPlan(planImport(changed), stored);
    expect(diff.entityCounts).toMatchObject({ created: 0, changed: 1 });
    expect(diff.changed.entities).toEqual(['person-luo-fuhe']);
    expect([...diff.plan.nodes.values()].flat().map((r) => r.id)).toEqual(['person-luo-fuhe']);
    expect(diff.plan.citations).toEqual([]);
    expect(diff.plan.relationships.size).toBe(0);
  });

  it('merges an entry field by field: given wins, null clears, omitted stays, and a new name drops generated pinyin', () => {
    const stored: StoredState = {
      byId: new Map([
        [
          'person-x',
          {
            kind: 'entity',
            label: 'Person',
            props: {
              id: 'person-x',
              type: 'PERSON',
              name: '罗富和',
              nameValues: ['罗富和', 'Luo Fuhe', 'luo fuhe'],
              nameLangs: ['zh-Hans', 'en', 'pinyin'],
              nameKinds: ['PRIMARY', 'PRIMARY', 'PRIMARY'],
              descriptionZh: '中',
              descriptionEn: 'en',
            },
            citations: [{ id: 'c1', sourceId: 'src', quote: '罗富和' }],
          },
        ],
      ]),
      citationsInSource: new Map(),
    };
    expect(restateEntry('entities', { id: 'person-x', descriptionZh: '新', descriptionEn: null }, stored)).toEqual({
      id: 'person-x',
      type: 'Person',
      name: '罗富和',
      names: [
        { value: 'Luo Fuhe', lang: 'en', kind: 'PRIMARY' },
        { value: 'luo fuhe', lang: 'pinyin', kind: 'PRIMARY' },
      ],
      descriptionZh: '新',
      quantities: [],
      citations: [{ source: 'src', quote: '罗富和' }],
    });
    const renamed = restateEntry('entities', { id: 'person-x', name: '胡献' }, stored) as { names: unknown[] };
    expect(renamed.names).toEqual([{ value: 'Luo Fuhe', lang: 'en', kind: 'PRIMARY' }]);
    expect(restateEntry('entities', { id: 'person-new', name: 'n', descriptionEn: null }, stored)).toEqual({ id: 'person-new', name: 'n' });
  });
});
