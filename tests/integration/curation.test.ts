// Curators write through GraphQL: validated, all or nothing, recorded, revertible, never lost.
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const P = 'test-cur';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
  await executor.write({ cypher: 'MATCH (r:Redirect) WHERE r.id STARTS WITH $p DELETE r', params: { p: P } });
});

const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { revision entity { id name revision citations { quote start } } change { id operation curator targets } } }`;
const UPDATE = `mutation($id: ID!, $input: EntityPatch!, $rev: Int) { updateEntity(id: $id, input: $input, expectedRevision: $rev) { revision entity { name description(lang: "zh") } change { id } } }`;

function person(id: string, quote = '胡献副秘书长作了机关建设工作总结') {
  return {
    id,
    type: 'PERSON',
    name: '胡献',
    names: [{ value: 'Hu Xian (test copy)', lang: 'en', kind: 'ALIAS' }],
    citations: [{ source: SRC, quote }],
  };
}

async function create(id: string) {
  const res = await asCurator<{ createEntity: { revision: number; change: { id: string } } }>('alice', CREATE, { input: person(id) });
  expect(res.errors).toBeUndefined();
  return res.data!.createEntity;
}

describe('authorization comes first', () => {
  it('refuses writes without a token and with a read-only token, and the graph stays as it was', async () => {
    const before = await graphState(executor);
    const anonymous = await gql(CREATE, { input: person(`${P}-anon`) });
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const reader = await gql(CREATE, { input: person(`${P}-reader`) }, { kind: 'curator', curator: 'rita', role: 'read' });
    expect(reader.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const bad = await gql('mutation { importDataset(document: "{{{ not yaml") { entities } }');
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('create, update, delete, with history', () => {
  it('creates a cited entity, records who did it and on which evidence', async () => {
    const res = await asCurator<{
      createEntity: {
        revision: number;
        entity: { id: string; revision: number; citations: { quote: string; start: number }[] };
        change: { id: string; operation: string; curator: string; targets: string[] };
      };
    }>('alice', CREATE, { input: person(`${P}-hu`) });
    expect(res.errors).toBeUndefined();
    const { entity, change, revision } = res.data!.createEntity;
    expect(revision).toBe(1);
    expect(entity.revision).toBe(1);
    expect(entity.citations[0]!.quote).toBe('胡献副秘书长作了机关建设工作总结');
    expect(entity.citations[0]!.start).toBeGreaterThan(0);
    expect(change).toMatchObject({ operation: 'CREATE_ENTITY', curator: 'alice', targets: [`${P}-hu`] });
    const history = await gql<{
      history: { id: string; curator: string; citations: { quote: string }[]; before: string | null; after: string }[];
    }>(`{ history(id: "${P}-hu") { id curator citations { quote } before after } }`);
    expect(history.data!.history).toHaveLength(1);
    expect(history.data!.history[0]!.citations[0]!.quote).toContain('胡献');
    expect(JSON.parse(history.data!.history[0]!.before!)).toEqual({ [`${P}-hu`]: null });
    expect(JSON.parse(history.data!.history[0]!.after)[`${P}-hu`].props.name).toBe('胡献');
  });

  it('generates a readable id when none is given, and never reuses one', async () => {
    const input = { ...person('x'), id: undefined, name: '测试人物' };
    const a = await asCurator<{ createEntity: { entity: { id: string } } }>('alice', CREATE, { input });
    const b = await asCurator<{ createEntity: { entity: { id: string } } }>('alice', CREATE, { input });
    expect(a.data!.createEntity.entity.id).toBe('person-ce-shi-ren-wu');
    expect(b.data!.createEntity.entity.id).toBe('person-ce-shi-ren-wu-2');
    await executor.write({ cypher: "MATCH (n:Entity) WHERE n.id STARTS WITH 'person-ce-shi-ren-wu' DETACH DELETE n", params: {} });
  });

  it('updates with the current revision and refuses a stale one with CONFLICT', async () => {
    const id = `${P}-upd`;
    await create(id);
    const ok = await asCurator<{ updateEntity: { revision: number; entity: { description: string } } }>('bob', UPDATE, {
      id,
      input: { descriptionZh: '副秘书长' },
      rev: 1,
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateEntity).toMatchObject({ revision: 2, entity: { description: '副秘书长' } });
    const before = await graphState(executor);
    const stale = await asCurator('carol', UPDATE, { id, input: { descriptionZh: '覆盖' }, rev: 1 });
    expect(stale.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toContain('revision 2');
    expect(await graphState(executor)).toEqual(before);
  });

  it('lets exactly one of two concurrent curators win a race on the same revision', async () => {
    const id = `${P}-race`;
    await create(id);
    const results = await Promise.all(
      ['dora', 'emil', 'fay', 'gus'].map((c) => asCurator(c, UPDATE, { id, input: { descriptionZh: `by ${c}` }, rev: 1 })),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.['code'] ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(3);
    const after = await gql<{ entity: { revision: number; description: string } }>(
      `{ entity(id: "${id}") { revision description(lang: "zh") } }`,
    );
    expect(after.data!.entity.revision).toBe(2);
    const history = await gql<{ history: { curator: string }[] }>(`{ history(id: "${id}") { curator } }`);
    expect(history.data!.history).toHaveLength(2);
    expect(after.data!.entity.description).toBe(`by ${history.data!.history[0]!.curator}`);
  });

  it('deletes an entity with its relationships and citations, and revert brings all back', async () => {
    const id = `${P}-del`;
    await create(id);
    const rel = await asCurator<{ addRelationship: { id: string; targets: string[] } }>(
      'alice',
      `mutation($i: RelationshipInput!) { addRelationship(input: $i) { id targets } }`,
      {
        i: {
          type: 'PARTICIPATED_IN',
          from: id,
          to: 'event-2006-qingyuan-symposium',
          role: '与会',
          citations: [{ source: SRC, quote: '机关21位同志参加了此次会议' }],
        },
      },
    );
    expect(rel.errors).toBeUndefined();
    const q = `{ entity(id: "${id}") { name citations { quote } relations { type other { id } citations { quote } } } }`;
    const whole = await gql(q);
    const beforeDelete = await graphState(executor, true);
    const del = await asCurator<{ deleteEntity: { id: string } }>('alice', `mutation { deleteEntity(id: "${id}") { id } }`);
    expect(del.errors).toBeUndefined();
    expect((await gql(q)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const undo = await asCurator<{ revert: { operation: string; revertOf: string } }>(
      'alice',
      `mutation { revert(changeId: "${del.data!.deleteEntity.id}") { operation revertOf } }`,
    );
    expect(undo.errors).toBeUndefined();
    expect(undo.data!.revert).toEqual({ operation: 'REVERT', revertOf: del.data!.deleteEntity.id });
    expect((await gql(q)).data).toEqual(whole.data);
    // Everything is back exactly as it was; only the change log grew.
    expect(await graphState(executor, true)).toEqual(beforeDelete);
  });

  it('refuses to revert a change that later changes depend on, naming them', async () => {
    const id = `${P}-dep`;
    const created = await create(id);
    const upd = await asCurator<{ updateEntity: { change: { id: string } } }>('bob', UPDATE, {
      id,
      input: { descriptionZh: '后来的修改' },
    });
    const res = await asCurator('alice', `mutation { revert(changeId: "${created.change.id}") { id } }`);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(res.errors?.[0]?.message).toContain(upd.data!.updateEntity.change.id);
    const again = await asCurator('alice', `mutation { revert(changeId: "${upd.data!.updateEntity.change.id}") { id } }`);
    expect(again.errors).toBeUndefined();
    const twice = await asCurator('alice', `mutation { revert(changeId: "${upd.data!.updateEntity.change.id}") { id } }`);
    expect(twice.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
  });
});

describe('validation before any write', () => {
  it.each([
    ['a quote not in its source', { input: person(`${P}-v1`, '胡献主委') }, 'input.citations[0].quote'],
    ['an unknown source', { input: { ...person(`${P}-v2`), citations: [{ source: 'nowhere', quote: 'x' }] } }, 'input.citations[0].source'],
    ['an invalid EDTF date', { input: { ...person(`${P}-v3`), type: 'EVENT', date: '2002-13' } }, 'input.date'],
    ['an event without a date', { input: { ...person(`${P}-v4`), type: 'EVENT' } }, 'input.date'],
    ['an unknown kind', { input: { ...person(`${P}-v5`), type: 'PLACE', kind: 'PLANET' } }, 'input.kind'],
    ['no citation', { input: { ...person(`${P}-v6`), citations: [] } }, 'input.citations'],
    ['an id that exists', { input: person('person-hu-xian') }, undefined],
  ])('refuses %s and writes nothing', async (_what, variables, field) => {
    const before = await graphState(executor);
    const res = await asCurator(`validator`, CREATE, variables);
    const error = res.errors?.[0];
    expect(error?.extensions?.['code']).toMatch(/BAD_USER_INPUT|CONFLICT/);
    if (field !== undefined) expect(error?.extensions?.['field']).toBe(field);
    expect(await graphState(executor)).toEqual(before);
  });

  it('refuses a relationship between labels its type does not join', async () => {
    const before = await graphState(executor);
    const res = await asCurator('alice', `mutation($i: RelationshipInput!) { addRelationship(input: $i) { id } }`, {
      i: { type: 'HELD_POSITION', from: 'place-qingyuan', to: 'org-capd', title: '主委', citations: [{ source: SRC, quote: '清远市' }] },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.from' });
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('merge', () => {
  it('moves names, citations and relationships to the survivor; the old id resolves to it; revert undoes it', async () => {
    const [a, b] = [`${P}-m-a`, `${P}-m-b`];
    await create(a);
    await create(b);
    await asCurator('alice', `mutation($i: RelationshipInput!) { addRelationship(input: $i) { id } }`, {
      i: {
        type: 'HELD_POSITION',
        from: b,
        to: 'org-capd-guangdong',
        title: '副秘书长',
        citations: [{ source: SRC, quote: '胡献副秘书长' }],
      },
    });
    const merged = await asCurator<{
      mergeEntities: { entity: { id: string; names: { value: string; kind: string }[] }; change: { id: string } };
    }>('alice', `mutation { mergeEntities(survivor: "${a}", duplicate: "${b}") { entity { id names { value kind } } change { id } } }`);
    expect(merged.errors).toBeUndefined();
    const viaOldId = await gql<{
      person: { id: string; positions: { title: string; organization: { id: string }; citations: { quote: string }[] }[] };
    }>(`{ person(id: "${b}") { id positions { title organization { id } citations { quote } } } }`);
    expect(viaOldId.data!.person.id).toBe(a);
    expect(viaOldId.data!.person.positions).toEqual([
      { title: '副秘书长', organization: { id: 'org-capd-guangdong' }, citations: [{ quote: '胡献副秘书长' }] },
    ]);
    const undo = await asCurator('alice', `mutation { revert(changeId: "${merged.data!.mergeEntities.change.id}") { id } }`);
    expect(undo.errors).toBeUndefined();
    const back = await gql<{ person: { id: string; positions: unknown[] } }>(`{ person(id: "${b}") { id positions { title } } }`);
    expect(back.data!.person).toEqual({ id: b, positions: [{ title: '副秘书长' }] });
    expect(
      (await gql<{ person: { positions: unknown[] } }>(`{ person(id: "${a}") { positions { title } } }`)).data!.person.positions,
    ).toEqual([]);
  });
});

describe('importDataset', () => {
  const doc = (quote: string) => `
entities:
  - id: ${P}-imp-event
    type: Event
    name: 测试导入
    date: "2006-07"
    citations: [{ source: ${SRC}, quote: "${quote}" }]
relationships:
  - { type: TOOK_PLACE_IN, from: ${P}-imp-event, to: place-qingyuan, citations: [{ source: ${SRC}, quote: "在清远市召开" }] }
`;
  const IMPORT =
    'mutation($d: String!) { importDataset(document: $d) { entities relationships citations change { id operation citations { quote } } } }';

  it('is all or nothing, idempotent, and revertible', async () => {
    const before = await graphState(executor, true);
    const bad = await asCurator<{ importDataset: unknown }>('alice', IMPORT, { d: doc('一句不存在的话') });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('entities[0].citations[0].quote');
    expect(await graphState(executor, true)).toEqual(before);

    const ok = await asCurator<{
      importDataset: { entities: number; relationships: number; change: { id: string; citations: { quote: string }[] } };
    }>('alice', IMPORT, { d: doc('座谈会') });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importDataset).toMatchObject({ entities: 1, relationships: 1 });
    // The change cites what its relationships rely on too, not only its entities.
    expect(ok.data!.importDataset.change.citations.map((c) => c.quote).sort()).toEqual(['在清远市召开', '座谈会']);
    const counts = await graphState(executor, true);
    await asCurator('alice', IMPORT, { d: doc('座谈会') });
    const again = await graphState(executor, true);
    expect({ nodes: again.nodes, relationships: again.relationships }).toEqual({
      nodes: counts.nodes,
      relationships: counts.relationships,
    });
    const events = await gql<{ place: { events: { id: string }[] } }>('{ place(id: "place-qingyuan") { events { id } } }');
    expect(events.data!.place.events.map((e) => e.id).filter((id) => id === `${P}-imp-event`)).toHaveLength(1);
    // Reverting the second import restores the first's state; reverting the first removes it all.
    const history = await gql<{ history: { id: string }[] }>(`{ history(id: "${P}-imp-event") { id } }`);
    for (const change of history.data!.history) {
      const undo = await asCurator('alice', `mutation { revert(changeId: "${change.id}") { id } }`);
      expect(undo.errors).toBeUndefined();
    }
    expect(await graphState(executor, true)).toEqual(before);
  });

  it('refuses a malformed document with a line number', async () => {
    const res = await asCurator('alice', IMPORT, { d: 'entities:\n  - id: [oops\n' });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/document:\d+/);
  });
});

describe('changes', () => {
  it('lists changes by curator, newest first', async () => {
    const res = await gql<{ changes: { curator: string; at: string }[] }>('{ changes(curator: "alice", first: 5) { curator at } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.changes.length).toBeGreaterThan(1);
    expect(new Set(res.data!.changes.map((c) => c.curator))).toEqual(new Set(['alice']));
    const times = res.data!.changes.map((c) => c.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await gql('{ changes(since: "yesterday") { id } }')).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
