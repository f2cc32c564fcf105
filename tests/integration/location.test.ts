// Place.location, added through the field table (SDL + one table entry): written by mutations and
// imports with its provenance (a quote among the place's citations, or a gazetteer record), read
// back as Location, kept by updates that do not mention it, cleared by null, listed by
// places(located: true), and refused (nothing written) for bad coordinates, an unknown gazetteer
// scheme, a missing provenance or a quote that is not one of the place's citations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const P = 'test-loc';
const SRC = `${P}-src`;
// A source written for this test (not a real document): it states a place's coordinates.
const TEXT = '测试用文字,非真实史料。测试城位于北纬23.7度、东经113.0度。会议在测试城召开。';
const COORDS = '北纬23.7度、东经113.0度';
const MET = '会议在测试城召开';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

beforeAll(async () => {
  const res = await asCurator('alice', 'mutation($i: SourceInput!) { addSource(input: $i) { entity { id } } }', {
    i: { id: SRC, title: '测试来源', text: TEXT },
  });
  expect(res.errors).toBeUndefined();
});

const LOCATION = 'location { latitude longitude gazetteer { scheme value uri } source { quote start end line source { id } } }';
const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { entity { id ... on Place { ${LOCATION} } } } }`;
const UPDATE = `mutation($id: ID!, $input: EntityPatch!) { updateEntity(id: $id, input: $input) { changed entity { ... on Place { ${LOCATION} } } } }`;
const READ = `query($id: ID!) { place(id: $id) { name ${LOCATION} } }`;

interface Loc {
  latitude: number;
  longitude: number;
  gazetteer: { scheme: string; value: string; uri: string | null } | null;
  source: { quote: string; start: number; end: number; line: number; source: { id: string } } | null;
}

const place = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'PLACE',
  name: '测试城',
  citations: [
    { source: SRC, quote: MET },
    { source: SRC, quote: COORDS },
  ],
  ...extra,
});

describe('Place.location', () => {
  it('is written by createEntity with a quote among its citations, and read back with the located quote', async () => {
    const res = await asCurator<{ createEntity: { entity: { location: Loc } } }>('alice', CREATE, {
      input: place(`${P}-a`, { location: { latitude: 23.7, longitude: 113, source: { source: SRC, quote: COORDS } } }),
    });
    expect(res.errors).toBeUndefined();
    const start = TEXT.indexOf(COORDS);
    expect(res.data!.createEntity.entity.location).toEqual({
      latitude: 23.7,
      longitude: 113,
      gazetteer: null,
      source: { quote: COORDS, start, end: start + COORDS.length, line: 1, source: { id: SRC } },
    });
  });

  it('takes a GeoNames or Wikidata record, with its URI', async () => {
    const res = await asCurator<{ createEntity: { entity: { location: Loc } } }>('alice', CREATE, {
      input: place(`${P}-b`, { location: { latitude: -33.5, longitude: -70.25, gazetteer: { scheme: 'geonames', value: '1234567' } } }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createEntity.entity.location).toEqual({
      latitude: -33.5,
      longitude: -70.25,
      gazetteer: { scheme: 'geonames', value: '1234567', uri: 'https://sws.geonames.org/1234567/' },
      source: null,
    });
    const wd = await asCurator<{ updateEntity: { entity: { location: Loc } } }>('alice', UPDATE, {
      id: `${P}-b`,
      input: { location: { latitude: 10, longitude: 20, gazetteer: { scheme: 'wikidata', value: 'Q42' }, source: null } },
    });
    expect(wd.errors).toBeUndefined();
    expect(wd.data!.updateEntity.entity.location.gazetteer).toEqual({
      scheme: 'wikidata',
      value: 'Q42',
      uri: 'http://www.wikidata.org/entity/Q42',
    });
  });

  it('survives an update that does not mention it, and an explicit null clears it', async () => {
    const kept = await asCurator<{ updateEntity: { entity: { location: Loc | null } } }>('alice', UPDATE, {
      id: `${P}-a`,
      input: { descriptionEn: 'a test place' },
    });
    expect(kept.errors).toBeUndefined();
    expect(kept.data!.updateEntity.entity.location?.latitude).toBe(23.7);
    const cleared = await asCurator<{ updateEntity: { entity: { location: Loc | null } } }>('alice', UPDATE, {
      id: `${P}-b`,
      input: { location: null },
    });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateEntity.entity.location).toBeNull();
  });

  it('is restated by an import like any field, and kept by one that leaves it out', async () => {
    const doc = (extra: string) =>
      `entities:\n  - id: ${P}-c\n    type: Place\n    name: 测试城\n${extra}    citations:\n      - source: ${SRC}\n        quote: ${MET}\n`;
    const IMPORT = `mutation($d: String!) { importDataset(document: $d) { entities } }`;
    const gn = '    location: { latitude: 23.7, longitude: 113.0, gazetteer: { scheme: geonames, value: "7654321" } }\n';
    expect((await asCurator('alice', IMPORT, { d: doc(gn) })).errors).toBeUndefined();
    expect((await asCurator('alice', IMPORT, { d: doc('') })).errors).toBeUndefined();
    const read = await gql<{ place: { location: Loc } }>(READ, { id: `${P}-c` });
    expect(read.data!.place.location).toMatchObject({ latitude: 23.7, longitude: 113, gazetteer: { value: '7654321' } });
  });

  it('lists located places with places(located: true), and the others with located: false', async () => {
    const Q = `query($located: Boolean) { places(located: $located, first: 500) { id ... on Place { location { latitude } } } }`;
    const located = await gql<{ places: { id: string; location: { latitude: number } | null }[] }>(Q, { located: true });
    expect(located.errors).toBeUndefined();
    const ids = located.data!.places.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([`${P}-a`, `${P}-c`]));
    expect(ids).not.toContain(`${P}-b`);
    expect(located.data!.places.every((p) => p.location !== null)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    const others = await gql<{ places: { id: string }[] }>(Q, { located: false });
    expect(others.data!.places.map((p) => p.id)).toContain(`${P}-b`);
    expect(others.data!.places.map((p) => p.id)).not.toContain(`${P}-a`);
  });

  it('refuses bad coordinates, an unknown scheme, a missing provenance, and a quote not among the citations, writing nothing', async () => {
    const before = await graphState(executor);
    const refused = async (input: Record<string, unknown>, field: string, message: RegExp): Promise<void> => {
      const res = await asCurator('alice', CREATE, { input });
      expect(res.errors?.[0]?.extensions?.['code'], JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.['field']).toBe(field);
      expect(res.errors?.[0]?.message).toMatch(message);
    };
    const gn = { scheme: 'geonames', value: '1234567' };
    await refused(
      place(`${P}-x1`, { location: { latitude: 90.5, longitude: 113, gazetteer: gn } }),
      'input.location.latitude',
      /between -90 and 90/,
    );
    await refused(
      place(`${P}-x2`, { location: { latitude: 23, longitude: -181, gazetteer: gn } }),
      'input.location.longitude',
      /between -180 and 180/,
    );
    await refused(
      place(`${P}-x3`, { location: { latitude: 23, longitude: 113, gazetteer: { scheme: 'osm', value: '1' } } }),
      'input.location.gazetteer.scheme',
      /unknown gazetteer scheme "osm"; known: geonames, wikidata/,
    );
    await refused(
      place(`${P}-x4`, { location: { latitude: 23, longitude: 113, gazetteer: { scheme: 'geonames', value: 'Q42' } } }),
      'input.location.gazetteer.value',
      /is not a GeoNames id/,
    );
    await refused(place(`${P}-x5`, { location: { latitude: 23, longitude: 113 } }), 'input.location', /needs where it comes from/);
    await refused(
      place(`${P}-x6`, { location: { latitude: 23, longitude: 113, source: { source: SRC, quote: '测试城' } } }),
      'input.location.source',
      /must also be one of the place's citations/,
    );
    await refused(
      { ...place(`${P}-x7`, { location: { latitude: 23, longitude: 113, gazetteer: gn } }), type: 'PERSON' },
      'input.location',
      /a Person has no location/,
    );
    // Dropping the citation a location quotes would leave it unattested.
    const update = await asCurator('alice', UPDATE, { id: `${P}-a`, input: { citations: [{ source: SRC, quote: MET }] } });
    expect(update.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(update.errors?.[0]?.extensions?.['field']).toBe('input.location.source');
    // An import with one bad location writes none of its entries.
    const IMPORT = `mutation($d: String!) { importDataset(document: $d) { entities } }`;
    const doc = `entities:
  - id: ${P}-y1
    type: Place
    name: 测试城
    citations: [{ source: ${SRC}, quote: ${MET} }]
  - id: ${P}-y2
    type: Place
    name: 测试城
    location: { latitude: 23.7, longitude: 113.0, gazetteer: { scheme: tgn, value: "7000" } }
    citations: [{ source: ${SRC}, quote: ${MET} }]
`;
    const imported = await asCurator('alice', IMPORT, { d: doc });
    expect(imported.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(imported.errors?.[0]?.message).toMatch(/unknown gazetteer scheme "tgn"/);
    expect(await graphState(executor)).toEqual(before);
  });
});
