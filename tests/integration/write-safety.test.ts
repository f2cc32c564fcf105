// Sequences of valid writes never lose or silently change curated facts (issue 11, part A): one id
// names one thing, updates and restating imports keep what they do not mention, a write that
// changes nothing is not a change, and a retried write never happens twice.
import { afterAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../src/bootstrap.js';
import { undeclaredKeys, ENTITY_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS } from '../../src/dataset/fields.js';
import { Executor } from '../../src/db/executor.js';
import { connectApi } from '../helpers/api.js';
import { commitCutProxy } from '../helpers/commit-cut-proxy.js';
import { testDriver } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';
import { slugFor } from '../../src/model/slug.js';

const { gql, asCurator, executor } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const P = 'test-safe';
const LUO_POSITION = 'person-luo-fuhe--held-position--org-capd-guangdong';
const YAO_POSITION = 'person-yao-bentang--held-position--org-capd-guangdong';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n', params: { p: P } });
  await executor.write({ cypher: 'MATCH (r:Redirect) WHERE r.id STARTS WITH $p DELETE r', params: { p: P } });
});

/** Everything in the data graph except what this file's own ids name: the "nothing else changed" check. */
async function everythingElse(): Promise<string> {
  const rows = await executor.read({
    cypher: `MATCH (n) WHERE NOT (n:Change OR n:ChangeKey OR n:ChangeSeq) AND NOT coalesce(n.id, '') STARTS WITH $p AND NOT coalesce(n.about, '') STARTS WITH $p
OPTIONAL MATCH (n)-[r]->(m) WHERE NOT coalesce(m.id, '') STARTS WITH $p
// In a stable order: a node's relationships come back in storage order, which updates may change.
WITH n, r, m ORDER BY type(r), m.id, r.id
WITH n, collect([type(r), properties(r), m.id]) AS out
RETURN labels(n) AS labels, properties(n) AS props, out ORDER BY n.id, props.about, props.id`,
    params: { p: P },
  });
  return JSON.stringify(rows);
}

const CREATE = `mutation($input: EntityInput!, $key: String) { createEntity(input: $input, idempotencyKey: $key) { revision changed entity { id } change { id } } }`;
const ADD_REL = `mutation($input: RelationshipInput!) { addRelationship(input: $input) { id } }`;
const cite = (quote: string) => [{ source: SRC, quote }];
const person = (id: string, name = '测试人甲') => ({ id, type: 'PERSON', name, citations: cite('胡献副秘书长作了机关建设工作总结') });

describe('one id names one thing', () => {
  it('refuses an entity that takes a relationship id, and a relationship that takes an entity id, and nothing changes', async () => {
    const before = await graphState(executor);
    for (const id of [LUO_POSITION, YAO_POSITION]) {
      const res = await asCurator('mallory', CREATE, { input: person(id) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    }
    const zhongshan = await asCurator('mallory', ADD_REL, {
      input: {
        id: 'place-zhongshan',
        type: 'TOOK_PLACE_IN',
        from: 'event-2006-qingyuan-symposium',
        to: 'place-qingyuan',
        citations: cite('于2006年7月7-8日在清远市召开'),
      },
    });
    expect(zhongshan.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    // Nor a relationship of one type under the id of another type's relationship.
    const crossType = await asCurator('mallory', ADD_REL, {
      input: {
        id: LUO_POSITION,
        type: 'PARTICIPATED_IN',
        from: 'person-luo-fuhe',
        to: 'event-2003-work-style-year',
        role: '组长',
        citations: cite('罗富和主委亲任领导小组组长'),
      },
    });
    expect(crossType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect(await graphState(executor)).toEqual(before);
    const place = await gql<{ event: { place: { id: string } } }>('{ event(id: "event-2002-zhongshan-meeting") { place { id } } }');
    expect(place.data!.event.place.id).toBe('place-zhongshan');
  });

  it('create, link, cite, update, merge, remove, delete and revert each step: nothing else in the graph ever changes', async () => {
    const start = await graphState(executor, true);
    const others = await everythingElse();
    const steps: string[] = [];
    const ok = async <T>(res: Promise<{ data: T | null | undefined; errors: unknown }>) => {
      const r = await res;
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(await everythingElse()).toBe(others);
      return r.data as T;
    };
    const change = (data: Record<string, { change?: { id: string } | null; id?: string }>) => {
      const v = Object.values(data)[0]!;
      steps.push((v.change?.id ?? v.id)!);
    };
    change(await ok(asCurator('alice', CREATE, { input: person(`${P}-a`) })));
    change(await ok(asCurator('alice', CREATE, { input: person(`${P}-b`, '测试人乙') })));
    const relId = `${P}-a--held-position--org-capd-guangdong--second`;
    change(
      await ok(
        asCurator('alice', ADD_REL, {
          input: {
            id: relId,
            type: 'HELD_POSITION',
            from: `${P}-a`,
            to: 'org-capd-guangdong',
            title: '副秘书长',
            citations: cite('胡献副秘书长'),
          },
        }),
      ),
    );
    change(
      await ok(
        asCurator(
          'alice',
          `mutation { addCitation(about: "${relId}", citation: { source: "${SRC}", quote: "副秘书长作了机关建设工作总结" }) { id } }`,
        ),
      ),
    );
    change(
      await ok(asCurator('alice', `mutation { updateEntity(id: "${P}-a", input: { descriptionEn: "a test person" }) { change { id } } }`)),
    );
    change(await ok(asCurator('alice', `mutation { mergeEntities(survivor: "${P}-b", duplicate: "${P}-a") { change { id } } }`)));
    const moved = `${P}-b--held-position--org-capd-guangdong--second`;
    expect(
      (await gql<{ entity: { relations: { id: string }[] } }>(`{ entity(id: "${P}-b") { relations { id } } }`)).data!.entity.relations.map(
        (r) => r.id,
      ),
    ).toContain(moved);
    change(await ok(asCurator('alice', `mutation { removeRelationship(id: "${moved}") { id } }`)));
    change(await ok(asCurator('alice', `mutation { deleteEntity(id: "${P}-b") { id } }`)));
    // Undo everything, newest first: each revert touches only what its change touched.
    for (const id of [...steps].reverse()) await ok(asCurator('alice', `mutation { revert(changeId: "${id}") { id } }`));
    expect(await graphState(executor, true)).toEqual(start);
  });

  it('an id merged away is not created again beside its survivor: re-importing, creating or linking it is refused, until the merge is reverted', async () => {
    const [a, b] = [`${P}-merged-a`, `${P}-merged-b`];
    const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { entityCounts { created changed unchanged } change { id } } }';
    const entries = [
      { id: a, type: 'Person', name: '测试人戊', citations: cite('胡献副秘书长') },
      { id: b, type: 'Person', name: '测试人戊己', citations: cite('胡献副秘书长') },
    ];
    const imported = await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: entries }) });
    expect(imported.errors).toBeUndefined();
    const merge = await asCurator<{ mergeEntities: { change: { id: string } } }>(
      'alice',
      `mutation { mergeEntities(survivor: "${b}", duplicate: "${a}") { change { id } } }`,
    );
    expect(merge.errors).toBeUndefined();

    const before = await graphState(executor);
    // The spreadsheet or dataset the entities came from, imported again as it was.
    const again = await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: entries }) });
    expect(again.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toContain(`"${a}" was merged into "${b}"`);
    const created = await asCurator('alice', CREATE, { input: person(a) });
    expect(created.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(created.errors?.[0]?.message).toContain(`"${a}" was merged into "${b}"`);
    const linked = await asCurator('alice', IMPORT, {
      d: JSON.stringify({
        relationships: [{ type: 'HELD_POSITION', from: a, to: 'org-capd-guangdong', title: '副秘书长', citations: cite('胡献副秘书长') }],
      }),
    });
    expect(linked.errors?.[0]?.message).toContain(`"${a}" was merged into "${b}": refer to that id`);
    expect(await graphState(executor)).toEqual(before);
    // Every read of the id still leads to the survivor, and search finds one entity, not two.
    const read = await gql<{ entity: { id: string } }>(`{ entity(id: "${a}") { id } }`);
    expect(read.data!.entity.id).toBe(b);
    const found = await gql<{ search: { entity: { id: string } }[] }>('{ search(text: "测试人戊") { entity { id } } }');
    expect(found.data!.search.map((h) => h.entity.id)).toEqual([b]);

    // Reverting the merge brings the id back; the import then restates it.
    expect(
      (await asCurator('alice', `mutation { revert(changeId: "${merge.data!.mergeEntities.change.id}") { id } }`)).errors,
    ).toBeUndefined();
    const restated = await asCurator<{ importDataset: { entityCounts: Record<string, number> } }>('alice', IMPORT, {
      d: JSON.stringify({ entities: entries }),
    });
    expect(restated.errors).toBeUndefined();
    expect(restated.data!.importDataset.entityCounts).toEqual({ created: 0, changed: 0, unchanged: 2 });
    expect((await gql<{ entity: { id: string } }>(`{ entity(id: "${a}") { id } }`)).data!.entity.id).toBe(a);
  });

  it('a merge reverted, redone, undone and redone again by a chain of reverts: its id leads to the survivor exactly when the merge stands', async () => {
    const [a, b] = [`${P}-chain-a`, `${P}-chain-b`];
    const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { change { id } } }';
    const entries = [a, b].map((id, n) => ({ id, type: 'Person', name: `测试人庚${n}`, citations: cite('胡献副秘书长') }));
    expect((await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: entries }) })).errors).toBeUndefined();
    const merge = await asCurator<{ mergeEntities: { change: { id: string } } }>(
      'alice',
      `mutation { mergeEntities(survivor: "${b}", duplicate: "${a}") { change { id } } }`,
    );
    expect(merge.errors).toBeUndefined();
    const merged = await graphState(executor, true);
    const unmerged: string[] = [];
    let last = merge.data!.mergeEntities.change.id;
    for (let n = 1; n <= 5; n += 1) {
      const res = await asCurator<{ revert: { id: string } }>('alice', `mutation { revert(changeId: "${last}") { id } }`);
      expect(res.errors).toBeUndefined();
      last = res.data!.revert.id;
      const read = await gql<{ entity: { id: string } }>(`{ entity(id: "${a}") { id } }`);
      // An odd number of reverts undoes the merge, an even number redoes it.
      expect(read.data!.entity.id).toBe(n % 2 === 1 ? a : b);
      if (n % 2 === 0) expect(await graphState(executor, true)).toEqual(merged);
      else unmerged.push(JSON.stringify(await graphState(executor, true)));
    }
    expect(new Set(unmerged).size).toBe(1);
  });

  it('merges in a chain, one reverted and redone: the ids merged earlier lead to whoever holds them at each step', async () => {
    const [a, b, c] = [`${P}-hold-a`, `${P}-hold-b`, `${P}-hold-c`];
    const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { change { id } } }';
    const entries = [a, b, c].map((id, n) => ({ id, type: 'Person', name: `测试人辛${n}`, citations: cite('胡献副秘书长') }));
    expect((await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: entries }) })).errors).toBeUndefined();
    const mergeInto = async (survivor: string, duplicate: string) => {
      const res = await asCurator<{ mergeEntities: { change: { id: string } } }>(
        'alice',
        `mutation { mergeEntities(survivor: "${survivor}", duplicate: "${duplicate}") { change { id } } }`,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.mergeEntities.change.id;
    };
    const revert = async (id: string) => {
      const res = await asCurator<{ revert: { id: string } }>('alice', `mutation { revert(changeId: "${id}") { id } }`);
      expect(res.errors).toBeUndefined();
      return res.data!.revert.id;
    };
    const holders = async () =>
      Promise.all([a, c].map(async (id) => (await gql<{ entity: { id: string } }>(`{ entity(id: "${id}") { id } }`)).data!.entity.id));
    await mergeInto(a, c);
    const first = await graphState(executor, true);
    const second = await mergeInto(b, a);
    expect(await holders()).toEqual([b, b]);
    const undone = await revert(second);
    expect(await holders()).toEqual([a, a]);
    expect(await graphState(executor, true)).toEqual(first);
    await revert(undone);
    expect(await holders()).toEqual([b, b]);
  });

  it('a new entity whose name gives the id of one merged away gets the next free id, not a refusal', async () => {
    const name = 'Mergetest Zhou';
    const slug = slugFor('Person', name);
    const ids = [slug, `${slug}-b`, `${slug}-2`];
    try {
      const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { change { id } } }';
      const entries = ids.slice(0, 2).map((id) => ({ id, type: 'Person', name, citations: cite('胡献副秘书长') }));
      expect((await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: entries }) })).errors).toBeUndefined();
      const merged = await asCurator('alice', `mutation { mergeEntities(survivor: "${ids[1]}", duplicate: "${slug}") { change { id } } }`);
      expect(merged.errors).toBeUndefined();
      const { id: _id, ...unnamed } = person(slug, name);
      const created = await asCurator<{ createEntity: { entity: { id: string } } }>('alice', CREATE, { input: unnamed });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createEntity.entity.id).toBe(`${slug}-2`);
    } finally {
      await executor.write({ cypher: 'MATCH (n) WHERE n.id IN $ids OR n.about IN $ids DETACH DELETE n', params: { ids } });
      await executor.write({ cypher: 'MATCH (r:Redirect) WHERE r.id IN $ids DELETE r', params: { ids } });
    }
  });
});

describe('nothing is lost by updates and restating imports', () => {
  it('declares every stored property of every seeded entity and relationship in the field table', async () => {
    const rows = await executor.read({
      cypher: `MATCH (n:Entity) RETURN n:Source AS source, properties(n) AS props
UNION ALL MATCH (:Entity)-[r]->(:Entity) WHERE type(r) <> 'MENTIONS' RETURN null AS source, properties(r) AS props`,
      params: {},
    });
    expect(rows.length).toBeGreaterThan(90);
    const undeclared = rows.flatMap((r) => {
      const fields = r['source'] === null ? RELATIONSHIP_FIELDS : r['source'] ? SOURCE_FIELDS : ENTITY_FIELDS;
      return undeclaredKeys(fields, r['props'] as Record<string, unknown>).map((k) => `${String((r['props'] as { id: string }).id)}.${k}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('an update with no change to every seeded entity changes nothing: no revision, no change recorded', async () => {
    const ids = (
      await executor.read({
        cypher: 'MATCH (n:Entity) WHERE NOT n:Source AND NOT n.id STARTS WITH $p RETURN n.id AS id ORDER BY id',
        params: { p: P },
      })
    ).map((r) => r['id'] as string);
    expect(ids.length).toBeGreaterThan(30);
    const before = await graphState(executor);
    for (const id of ids) {
      const res = await asCurator<{ updateEntity: { changed: boolean; change: null } }>(
        'alice',
        `mutation($id: ID!) { updateEntity(id: $id, input: {}) { changed change { id } } }`,
        { id },
      );
      expect(res.errors, id).toBeUndefined();
      expect(res.data!.updateEntity, id).toEqual({ changed: false, change: null });
    }
    expect(await graphState(executor)).toEqual(before);
  });

  it('re-importing the seed, and restating every entity and relationship with only its required fields, changes nothing', async () => {
    const before = await graphState(executor);
    const again = await importSeed(executor, 'seed');
    expect(again.entityCounts).toMatchObject({ created: 0, changed: 0 });
    expect(again.relationshipCounts).toMatchObject({ created: 0, changed: 0 });
    expect(await graphState(executor)).toEqual(before);

    // A document that names each record with its type and one citation it already has.
    const entities = await executor.read({
      cypher: `MATCH (n:Entity) WHERE NOT n:Source AND NOT n.id STARTS WITH $p
MATCH (c:Citation {about: n.id})-[:IN_SOURCE]->(s:Source)
WITH n, collect({source: s.id, quote: c.quote})[0] AS one
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.name AS name, one`,
      params: { p: P },
    });
    const relationships = await executor.read({
      cypher: `MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) <> 'MENTIONS' AND NOT a.id STARTS WITH $p AND NOT b.id STARTS WITH $p
MATCH (c:Citation {about: r.id})-[:IN_SOURCE]->(s:Source)
WITH a, r, b, collect({source: s.id, quote: c.quote})[0] AS one
RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, one`,
      params: { p: P },
    });
    const document = JSON.stringify({
      entities: entities.map((e) => ({ id: e['id'], type: e['type'], name: e['name'], citations: [e['one']] })),
      relationships: relationships.map((r) => ({ id: r['id'], type: r['type'], from: r['from'], to: r['to'], citations: [r['one']] })),
    });
    const res = await asCurator<{
      importDataset: { change: null; entityCounts: Record<string, number>; relationshipCounts: Record<string, number> };
    }>(
      'alice',
      'mutation($d: String!) { importDataset(document: $d) { change { id } entityCounts { created changed unchanged } relationshipCounts { created changed unchanged } } }',
      { d: document },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.importDataset).toEqual({
      change: null,
      entityCounts: { created: 0, changed: 0, unchanged: entities.length },
      relationshipCounts: { created: 0, changed: 0, unchanged: relationships.length },
    });
    expect(await graphState(executor)).toEqual(before);
  });

  it('a restating import merges field by field: what it gives wins, an explicit null clears, the rest stays', async () => {
    const id = `${P}-merge`;
    const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { entityCounts { created changed unchanged } change { id } } }';
    const doc = (fields: Record<string, unknown>) =>
      JSON.stringify({ entities: [{ id, type: 'Person', name: '测试人丙', citations: cite('胡献副秘书长'), ...fields }] });
    const created = await asCurator('alice', IMPORT, {
      d: doc({
        names: [{ value: 'Test Person C', lang: 'en', kind: 'PRIMARY' }],
        descriptionZh: '中文描述',
        descriptionEn: 'English description',
      }),
    });
    expect(created.errors).toBeUndefined();
    const read = async () =>
      (
        await gql<{ entity: { en: { value: string }[]; dEn: string | null; dZh: string | null } }>(
          `{ entity(id: "${id}") { en: names(lang: "en") { value } dEn: description(lang: "en") dZh: description(lang: "zh") } }`,
        )
      ).data!.entity;
    expect(await read()).toMatchObject({ en: [{ value: 'Test Person C' }], dEn: 'English description', dZh: '中文描述' });

    const changed = await asCurator<{ importDataset: { entityCounts: Record<string, number> } }>('alice', IMPORT, {
      d: doc({ descriptionZh: '新的中文描述' }),
    });
    expect(changed.data!.importDataset.entityCounts).toEqual({ created: 0, changed: 1, unchanged: 0 });
    expect(await read()).toMatchObject({ en: [{ value: 'Test Person C' }], dEn: 'English description', dZh: '新的中文描述' });

    await asCurator('alice', IMPORT, { d: doc({ descriptionEn: null }) });
    const cleared = await read();
    expect(cleared).toMatchObject({ en: [{ value: 'Test Person C' }], dZh: '新的中文描述' });
    expect(cleared.dEn).not.toBe('English description');

    const same = await asCurator<{ importDataset: { entityCounts: Record<string, number>; change: null } }>('alice', IMPORT, {
      d: doc({}),
    });
    expect(same.data!.importDataset).toEqual({ entityCounts: { created: 0, changed: 0, unchanged: 1 }, change: null });
  });

  it('refuses to change the text of a source that citations quote, and writes nothing', async () => {
    const before = await graphState(executor);
    const [{ text }] = (await executor.read({ cypher: 'MATCH (s:Source {id: $id}) RETURN s.text AS text', params: { id: SRC } })) as [
      { text: string },
    ];
    const res = await asCurator('mallory', 'mutation($d: String!) { importDataset(document: $d) { entities } }', {
      d: JSON.stringify({ sources: [{ id: SRC, title: '改过的标题', text: `前言。${text}` }] }),
    });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('cannot change');
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('a write that changes nothing is not a change', () => {
  it("sends the README's addCitation six times: one change, one revision step", async () => {
    await asCurator('alice', CREATE, { input: person(`${P}-cite`) });
    const ADD = `mutation { addCitation(about: "${P}-cite", citation: { source: "${SRC}", quote: "胡献副秘书长" }) { id curator } }`;
    const first = await asCurator<{ addCitation: { id: string } | null }>('alice', ADD);
    expect(first.data!.addCitation?.id).toMatch(/^change:chg-/);
    const state = await graphState(executor);
    for (let n = 0; n < 5; n += 1) {
      const again = await asCurator<{ addCitation: null }>('alice', ADD);
      expect(again.errors).toBeUndefined();
      expect(again.data!.addCitation).toBeNull();
    }
    expect(await graphState(executor)).toEqual(state);
    const h = await gql<{ history: { operation: string }[]; entity: { revision: number } }>(
      `{ history(id: "${P}-cite") { operation } entity(id: "${P}-cite") { ... on Person { revision } } }`,
    );
    expect(h.data!.history.map((c) => c.operation)).toEqual(['ADD_CITATION', 'CREATE_ENTITY']);
  });

  it('an update with the values already stored keeps the revision, so a curator holding it gets no false CONFLICT', async () => {
    const id = `${P}-same`;
    await asCurator('alice', CREATE, { input: { ...person(id), descriptionZh: '原来的描述' } });
    const UPDATE = `mutation($rev: Int) { updateEntity(id: "${id}", input: { descriptionZh: "原来的描述" }, expectedRevision: $rev) { revision changed } }`;
    for (let n = 0; n < 3; n += 1)
      expect((await asCurator('bob', UPDATE, { rev: 1 })).data).toEqual({ updateEntity: { revision: 1, changed: false } });
    const real = await asCurator(
      'bob',
      `mutation { updateEntity(id: "${id}", input: { descriptionZh: "新的描述" }, expectedRevision: 1) { revision changed } }`,
    );
    expect(real.data).toEqual({ updateEntity: { revision: 2, changed: true } });
  });
});

describe('the client learns whether a write happened', () => {
  it('replays a write sent again with the same idempotency key, and refuses the key for another write', async () => {
    const input = person(`${P}-idem`);
    const first = await asCurator<{ createEntity: { change: { id: string } } }>('alice', CREATE, { input, key: 'k-1' });
    expect(first.errors).toBeUndefined();
    const state = await graphState(executor);
    const again = await asCurator<{ createEntity: { change: { id: string }; entity: { id: string } } }>('alice', CREATE, {
      input,
      key: 'k-1',
    });
    expect(again.errors).toBeUndefined();
    expect(again.data!.createEntity.change.id).toBe(first.data!.createEntity.change.id);
    expect(await graphState(executor)).toEqual(state);
    const other = await asCurator('alice', CREATE, { input: person(`${P}-idem-2`), key: 'k-1' });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    // Keys belong to their curator: bob's k-1 is another key.
    const bob = await asCurator('bob', CREATE, { input: person(`${P}-idem-bob`), key: 'k-1' });
    expect(bob.errors).toBeUndefined();
    expect(await graphState(executor)).not.toEqual(state);
  });

  it('a connection lost while the write commits is WRITE_OUTCOME_UNKNOWN, and the retry with the same key does not write twice', async () => {
    const proxy = await commitCutProxy((await import('vitest')).inject('neo4jUri'));
    const driver = testDriver(proxy.uri);
    try {
      const { createEntity } = await import('../../src/domain/curation/entities.js');
      const curator = { kind: 'curator' as const, curator: 'alice', role: 'write' as const };
      const input = { ...person(`${P}-cut`), type: 'PERSON' as const };
      const cut = await createEntity(new Executor({ driver }), curator, input, { idempotencyKey: 'cut-1' }).catch((e: unknown) => e);
      expect(proxy.cuts()).toBe(1);
      expect((cut as { extensions?: { code?: string } }).extensions?.code).toBe('WRITE_OUTCOME_UNKNOWN');
      // It did commit: the entity is there once, with one change.
      const there = await gql<{ history: { id: string }[] }>(`{ history(id: "${P}-cut") { id } }`);
      expect(there.data!.history).toHaveLength(1);
      const retry = await createEntity(executor, curator, input, { idempotencyKey: 'cut-1' });
      // The API gives a change's global id (change:…), the domain its stored id.
      expect(`change:${retry.change?.id}`).toBe(there.data!.history[0]!.id);
      expect((await gql<{ history: unknown[] }>(`{ history(id: "${P}-cut") { id } }`)).data!.history).toHaveLength(1);
    } finally {
      await driver.close();
      await proxy.close();
    }
  });
});
