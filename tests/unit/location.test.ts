// Place.location through the field table, without a database: validated (WGS84 ranges, a known
// gazetteer scheme, a quote among the place's citations), written as scalars and read back whole.
import { describe, expect, it } from 'vitest';
import { ENTITY_FIELDS, readFields, undeclaredKeys, writeFields } from '../../src/dataset/fields.js';
import { formatIssue } from '../../src/dataset/issues.js';
import { parseDatasetText } from '../../src/dataset/load.js';
import { locationOf } from '../../src/dataset/location-field.js';
import { validateDataset } from '../../src/dataset/validate.js';
import { mergeSnapshots } from '../../src/domain/curation/merge.js';
import type { EntitySnap } from '../../src/domain/curation/snapshot.js';
import { gazetteerUri } from '../../src/model/gazetteers.js';

const SOURCE = `sources:
  - id: src
    title: 测试
    text: "会议在中山市召开。中山市位于北纬22.5度、东经113.4度。"
`;

const place = (location: string | null, citations = `[{ source: src, quote: "在中山市召开" }]`) => `entities:
  - id: place-zs
    type: Place
    name: 中山市
${location === null ? '' : `    location: ${location}\n`}    citations: ${citations}
`;

function validate(body: string) {
  const { doc, issues } = parseDatasetText(SOURCE + body, 'test.yaml', null);
  expect(issues).toEqual([]);
  return validateDataset([doc!]);
}
const issues = (body: string) => validate(body).issues.map(formatIssue);

describe('Place.location', () => {
  it('is written as scalars and read back in its input form, with the located quote and the gazetteer URI', () => {
    const { dataset, issues: found } = validate(
      place(
        `{ latitude: 22.5, longitude: 113.4, source: { source: src, quote: "北纬22.5度、东经113.4度" }, gazetteer: { scheme: geonames, value: "1809858" } }`,
        `[{ source: src, quote: "在中山市召开" }, { source: src, quote: "北纬22.5度、东经113.4度" }]`,
      ),
    );
    expect(found).toEqual([]);
    const props = writeFields(ENTITY_FIELDS, dataset!.entities[0]!);
    expect(undeclaredKeys(ENTITY_FIELDS, props)).toEqual([]);
    expect(props).toMatchObject({
      locationLatitude: 22.5,
      locationLongitude: 113.4,
      locationSourceId: 'src',
      locationQuote: '北纬22.5度、东经113.4度',
      locationStart: 14,
      locationEnd: 30,
      locationLine: 1,
      locationGazetteerScheme: 'geonames',
      locationGazetteerValue: '1809858',
    });
    expect(readFields(ENTITY_FIELDS, props)['location']).toEqual({
      latitude: 22.5,
      longitude: 113.4,
      source: { source: 'src', quote: '北纬22.5度、东经113.4度' },
      gazetteer: { scheme: 'geonames', value: '1809858' },
    });
    expect(locationOf(props)?.gazetteer?.uri).toBe('https://sws.geonames.org/1809858/');
    expect(locationOf(props)?.source).toMatchObject({ sourceId: 'src', about: 'place-zs', start: 14, end: 30, line: 1 });
  });

  it('writes nulls when absent, so a write without it clears it', () => {
    const { dataset } = validate(place(null));
    const props = writeFields(ENTITY_FIELDS, dataset!.entities[0]!);
    expect(props['locationLatitude']).toBeNull();
    expect(props['locationGazetteerScheme']).toBeNull();
    expect(readFields(ENTITY_FIELDS, props)['location']).toBeUndefined();
    expect(locationOf(props)).toBeNull();
  });

  it('refuses coordinates outside WGS84 and values that are not numbers', () => {
    const gn = 'gazetteer: { scheme: geonames, value: "1809858" }';
    expect(issues(place(`{ latitude: 91, longitude: 113.4, ${gn} }`))).toEqual([
      'test.yaml:9 entities[0].location.latitude (place-zs): latitude must be between -90 and 90 degrees (WGS84)',
    ]);
    expect(issues(place(`{ latitude: 22.5, longitude: -180.5, ${gn} }`))).toEqual([
      'test.yaml:9 entities[0].location.longitude (place-zs): longitude must be between -180 and 180 degrees (WGS84)',
    ]);
    expect(issues(place(`{ latitude: .nan, longitude: .inf, ${gn} }`))).toEqual([
      'test.yaml:9 entities[0].location.latitude (place-zs): latitude must be a finite number of degrees (WGS84)',
      'test.yaml:9 entities[0].location.longitude (place-zs): longitude must be a finite number of degrees (WGS84)',
    ]);
    expect(issues(place(`{ latitude: "22.5", longitude: 113.4, ${gn} }`))).toEqual([
      'test.yaml:9 entities[0].location.latitude (place-zs): latitude must be a finite number of degrees (WGS84)',
    ]);
  });

  it('refuses a location without provenance, an unknown gazetteer scheme and a malformed identifier', () => {
    expect(issues(place('{ latitude: 22.5, longitude: 113.4 }'))).toEqual([
      "test.yaml:9 entities[0].location (place-zs): a location needs where it comes from: source (a quote among the place's citations) or gazetteer (scheme and value)",
    ]);
    expect(issues(place('{ latitude: 22.5, longitude: 113.4, gazetteer: { scheme: osm, value: "123" } }'))).toEqual([
      'test.yaml:9 entities[0].location.gazetteer.scheme (place-zs): unknown gazetteer scheme "osm"; known: geonames, wikidata',
    ]);
    expect(issues(place('{ latitude: 22.5, longitude: 113.4, gazetteer: { scheme: geonames, value: Q15175 } }'))).toEqual([
      'test.yaml:9 entities[0].location.gazetteer.value (place-zs): "Q15175" is not a GeoNames id (digits)',
    ]);
    expect(issues(place('{ latitude: 22.5, longitude: 113.4, gazetteer: { scheme: wikidata, value: Q15175 } }'))).toEqual([]);
  });

  it("refuses a source quote that is not among the place's citations, or not in the source", () => {
    const loc = '{ latitude: 22.5, longitude: 113.4, source: { source: src, quote: "北纬22.5度" } }';
    expect(issues(place(loc))).toEqual([
      'test.yaml:9 entities[0].location.source (place-zs): the quote that gives a location must also be one of the place\'s citations: add { source: src, quote: "北纬22.5度" } to citations',
    ]);
    const missing = '{ latitude: 22.5, longitude: 113.4, source: { source: src, quote: "南纬" } }';
    expect(issues(place(missing, '[{ source: src, quote: "南纬" }]'))).toEqual([
      'test.yaml:10 entities[0].citations[0].quote (place-zs): quote not found verbatim in source src: "南纬"; nothing in the source resembles it',
    ]);
  });

  it('is refused on other entity types', () => {
    const body = `entities:
  - id: person-x
    type: Person
    name: 某人
    location: { latitude: 1, longitude: 2, gazetteer: { scheme: wikidata, value: Q1 } }
    citations: [{ source: src, quote: "在中山市召开" }]
`;
    expect(issues(body)).toEqual(['test.yaml:9 entities[0].location (person-x): a Person has no location']);
  });

  it('links only known schemes and well-formed identifiers', () => {
    expect(gazetteerUri('wikidata', 'Q15175')).toBe('http://www.wikidata.org/entity/Q15175');
    expect(gazetteerUri('geonames', '12a')).toBeNull();
    expect(gazetteerUri('__proto__', '1')).toBeNull();
  });
});

describe('merging two places', () => {
  const snap = (id: string, props: Record<string, unknown>): EntitySnap => ({
    kind: 'entity',
    id,
    label: 'Place',
    props: { id, type: 'PLACE', name: '甲城', nameValues: ['甲城'], nameLangs: ['zh-Hans'], nameKinds: ['PRIMARY'], revision: 1, ...props },
    citations: [],
    relations: [],
  });
  const at = (lat: number, scheme: string) => ({
    locationLatitude: lat,
    locationLongitude: 100,
    locationGazetteerScheme: scheme,
    locationGazetteerValue: 'Q1',
  });

  it("keeps the survivor's location whole, else takes the duplicate's", () => {
    const both = mergeSnapshots(snap('pl-a', at(10, 'wikidata')), snap('pl-b', { ...at(20, 'geonames'), locationGazetteerValue: '1' }));
    expect(both.props).toMatchObject({ locationLatitude: 10, locationGazetteerScheme: 'wikidata', locationGazetteerValue: 'Q1' });
    const taken = mergeSnapshots(snap('pl-a', {}), snap('pl-b', at(20, 'wikidata')));
    expect(taken.props).toMatchObject({ locationLatitude: 20, locationLongitude: 100, locationGazetteerScheme: 'wikidata' });
  });
});
