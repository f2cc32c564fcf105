// Person.birthDate, added through the field table alone (SDL + one table entry): written by
// mutations and imports, read back as a DateValue, kept by updates that do not mention it,
// cleared by an explicit null, and refused where it does not belong or does not parse.
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const P = 'test-birth';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { entity { id ... on Person { birthDate { edtf earliest latest label(lang: "zh") } } } } }`;
const UPDATE = `mutation($id: ID!, $input: EntityPatch!) { updateEntity(id: $id, input: $input) { changed entity { ... on Person { birthDate { edtf } } } } }`;
const READ = `query($id: ID!) { person(id: $id) { name birthDate { edtf precision } } }`;

const person = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'PERSON',
  name: '胡献',
  citations: [{ source: SRC, quote: '胡献副秘书长作了机关建设工作总结' }],
  ...extra,
});

describe('Person.birthDate', () => {
  it('is written by createEntity and read back as a date with its bounds', async () => {
    const res = await asCurator<{ createEntity: { entity: { birthDate: unknown } } }>('alice', CREATE, {
      input: person(`${P}-a`, { birthDate: '1955-03' }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createEntity.entity.birthDate).toEqual({
      edtf: '1955-03',
      earliest: '1955-03-01',
      latest: '1955-03-31',
      label: '1955年3月',
    });
    const read = await gql<{ person: { birthDate: unknown } }>(READ, { id: `${P}-a` });
    expect(read.data!.person.birthDate).toEqual({ edtf: '1955-03', precision: 'MONTH' });
  });

  it('survives an update that does not mention it, and an explicit null clears it', async () => {
    const kept = await asCurator<{ updateEntity: { changed: boolean; entity: { birthDate: { edtf: string } | null } } }>('alice', UPDATE, {
      id: `${P}-a`,
      input: { descriptionEn: 'a test copy' },
    });
    expect(kept.errors).toBeUndefined();
    expect(kept.data!.updateEntity.entity.birthDate).toEqual({ edtf: '1955-03' });
    const cleared = await asCurator<{ updateEntity: { entity: { birthDate: unknown } } }>('alice', UPDATE, {
      id: `${P}-a`,
      input: { birthDate: null },
    });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateEntity.entity.birthDate).toBeNull();
  });

  it('is restated by an import like any field, and kept by one that leaves it out', async () => {
    const doc = (extra: string) =>
      `entities:\n  - id: ${P}-b\n    type: Person\n    name: 胡献\n${extra}    citations:\n      - source: ${SRC}\n        quote: 胡献副秘书长作了机关建设工作总结\n`;
    const IMPORT = `mutation($d: String!) { importDataset(document: $d) { entities entityCounts { created changed unchanged } } }`;
    expect((await asCurator('alice', IMPORT, { d: doc('    birthDate: "1960"\n') })).errors).toBeUndefined();
    expect((await asCurator('alice', IMPORT, { d: doc('') })).errors).toBeUndefined();
    const read = await gql<{ person: { birthDate: unknown } }>(READ, { id: `${P}-b` });
    expect(read.data!.person.birthDate).toEqual({ edtf: '1960', precision: 'YEAR' });
  });

  it('is refused on other entity types and when it does not parse, writing nothing', async () => {
    const before = await graphState(executor);
    const org = await asCurator('alice', CREATE, {
      input: { ...person(`${P}-org`, { birthDate: '1950' }), type: 'ORGANIZATION', name: '民进广东省委' },
    });
    expect(org.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(org.errors?.[0]?.message).toMatch(/has no birthDate/);
    const bad = await asCurator('alice', CREATE, { input: person(`${P}-c`, { birthDate: '19xx-99' }) });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.['field']).toBe('input.birthDate');
    expect(await graphState(executor)).toEqual(before);
  });
});
