// Authority-file identifiers end to end (write, read, look up, export as sameAs, refuse), and the
// one matching module the spreadsheet import and the reconciliation service share.
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';
import { matchEntities } from '../../src/domain/match.js';
import { exportToString } from '../../src/export/export.js';

const { gql, asCurator, executor } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const P = 'test-ident';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { entity { id identifiers { scheme value uri } } } }`;
const UPDATE = `mutation($id: ID!, $input: EntityPatch!) { updateEntity(id: $id, input: $input) { changed entity { identifiers { scheme value } } } }`;
const BY_ID = `query($s: IdentifierScheme!, $v: String!) { entityByIdentifier(scheme: $s, value: $v) { id name } }`;

const person = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'PERSON',
  name: '胡献',
  citations: [{ source: SRC, quote: '胡献副秘书长作了机关建设工作总结' }],
  ...extra,
});

describe('identifiers', () => {
  it('are stored canonically, shown with their URIs and found again by entityByIdentifier', async () => {
    const res = await asCurator<{ createEntity: { entity: { identifiers: unknown[] } } }>('alice', CREATE, {
      input: person(`${P}-a`, {
        identifiers: [
          { scheme: 'WIKIDATA', value: 'q987654321' },
          { scheme: 'ISNI', value: '0000 0002 1694 233x' },
        ],
      }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createEntity.entity.identifiers).toEqual([
      { scheme: 'WIKIDATA', value: 'Q987654321', uri: 'http://www.wikidata.org/entity/Q987654321' },
      { scheme: 'ISNI', value: '000000021694233X', uri: 'https://isni.org/isni/000000021694233X' },
    ]);
    const found = await gql<{ entityByIdentifier: { id: string } | null }>(BY_ID, { s: 'ISNI', v: '0000-0002-1694-233X' });
    expect(found.data!.entityByIdentifier).toEqual({ id: `${P}-a`, name: '胡献' });
    const none = await gql<{ entityByIdentifier: unknown }>(BY_ID, { s: 'WIKIDATA', v: 'Q987654322' });
    expect(none.errors).toBeUndefined();
    expect(none.data!.entityByIdentifier).toBeNull();
    // A prefix of a token is not the token.
    expect((await gql<{ entityByIdentifier: unknown }>(BY_ID, { s: 'WIKIDATA', v: 'Q98765432' })).data!.entityByIdentifier).toBeNull();
  });

  it('a malformed look-up is BAD_USER_INPUT, not a query', async () => {
    const res = await gql(BY_ID, { s: 'WIKIDATA', v: 'Q1" OR *' });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/not a Wikidata item id/);
  });

  it('are kept by updates that do not mention them, replaced by ones that do', async () => {
    const kept = await asCurator<{ updateEntity: { entity: { identifiers: unknown[] } } }>('alice', UPDATE, {
      id: `${P}-a`,
      input: { descriptionEn: 'test copy' },
    });
    expect(kept.data!.updateEntity.entity.identifiers).toHaveLength(2);
    const replaced = await asCurator<{ updateEntity: { entity: { identifiers: unknown[] } } }>('alice', UPDATE, {
      id: `${P}-a`,
      input: { identifiers: [{ scheme: 'WIKIDATA', value: 'Q987654321' }] },
    });
    expect(replaced.data!.updateEntity.entity.identifiers).toEqual([{ scheme: 'WIKIDATA', value: 'Q987654321' }]);
    const gone = await gql<{ entityByIdentifier: unknown }>(BY_ID, { s: 'ISNI', v: '000000021694233X' });
    expect(gone.data!.entityByIdentifier).toBeNull();
  });

  it('are exported as sameAs in JSON-LD', async () => {
    const doc = JSON.parse(await exportToString(executor, { format: 'jsonld', around: `${P}-a`, depth: 1 })) as {
      '@graph': { '@id': string; sameAs?: string[] }[];
    };
    const node = doc['@graph'].find((n) => n['@id'] === `urn:annals:${P}-a`);
    expect(node?.sameAs).toEqual(['http://www.wikidata.org/entity/Q987654321']);
  });

  it('refuses bad values, wrong entity types and unknown schemes, writing nothing', async () => {
    const before = await graphState(executor);
    const badCheck = await asCurator('alice', CREATE, {
      input: person(`${P}-b`, { identifiers: [{ scheme: 'ISNI', value: '0000000216942330' }] }),
    });
    expect(badCheck.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(badCheck.errors?.[0]?.extensions?.['field']).toBe('input.identifiers[0].value');
    const wrongType = await asCurator('alice', CREATE, {
      input: { ...person(`${P}-c`, { identifiers: [{ scheme: 'CBDB', value: '1762' }] }), type: 'ORGANIZATION', name: '民进广东省委' },
    });
    expect(wrongType.errors?.[0]?.message).toMatch(/CBDB identifies Person, not an Organization/);
    const unknownScheme = await asCurator('alice', CREATE, { input: person(`${P}-d`, { identifiers: [{ scheme: 'ORCID', value: '1' }] }) });
    expect(unknownScheme.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const yaml = `entities:\n  - id: ${P}-e\n    type: Person\n    name: 胡献\n    identifiers: [{ scheme: ORCID, value: "1" }]\n    citations: [{ source: ${SRC}, quote: 胡献副秘书长作了机关建设工作总结 }]\n`;
    const imported = await asCurator('alice', `mutation($d: String!) { importDataset(document: $d) { entities } }`, { d: yaml });
    expect(imported.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(imported.errors?.[0]?.message).toMatch(/identifiers\[0\]\.scheme/);
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('matching against the graph', () => {
  it('matches by id, identifier, exact name, alias and toneless pinyin; says ambiguous and new', async () => {
    await asCurator('alice', CREATE, { input: person(`${P}-twin`) }); // a second 胡献 (besides the seed's and -a)
    const results = await matchEntities(executor, [
      { key: 'by-id', id: 'person-luo-fuhe' },
      { key: 'by-identifier', identifiers: [{ scheme: 'WIKIDATA', value: 'q987654321' }], name: '别的名字' },
      { key: 'by-name', name: '罗富和', types: ['Person'] },
      { key: 'by-pinyin', name: 'Luo Fuhe', types: ['Person'] },
      { key: 'ambiguous', name: '胡献', types: ['Person'] },
      { key: 'new', name: '张三丰', types: ['Person'] },
      { key: 'wrong-type', name: '罗富和', types: ['Organization'] },
    ]);
    const by = Object.fromEntries(results.map((r) => [r.key, r]));
    expect(by['by-id']).toMatchObject({
      status: 'matched',
      candidates: [{ entity: { id: 'person-luo-fuhe' }, by: 'id', score: 100, match: true }],
    });
    expect(by['by-identifier']!.status).toBe('matched');
    expect(by['by-identifier']!.candidates[0]).toMatchObject({ entity: { id: `${P}-a` }, by: 'identifier', match: true });
    expect(by['by-name']!.candidates[0]).toMatchObject({ entity: { id: 'person-luo-fuhe' }, by: 'name', score: 90, match: true });
    expect(by['by-pinyin']!.candidates[0]).toMatchObject({ entity: { id: 'person-luo-fuhe' }, match: true });
    expect(by['by-pinyin']!.candidates[0]!.score).toBeGreaterThanOrEqual(70);
    expect(by['ambiguous']!.status).toBe('ambiguous');
    expect(
      by['ambiguous']!.candidates.filter((c) => c.score === 90)
        .map((c) => c.entity.id)
        .sort(),
    ).toEqual(['person-hu-xian', `${P}-a`, `${P}-twin`].sort());
    expect(by['ambiguous']!.candidates.every((c) => !c.match)).toBe(true);
    expect(by['new']!.status).toBe('new');
    expect(by['wrong-type']!.candidates.every((c) => c.entity.type === 'ORGANIZATION')).toBe(true);
  });
});
