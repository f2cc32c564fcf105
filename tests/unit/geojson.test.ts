// The GeoJSON export of a small slice: RFC 7946 structure ([longitude, latitude] Points in a
// FeatureCollection), Linked Places properties (@id, title, names, when, links), the events there.
import { describe, expect, it } from 'vitest';
import { renderExport } from '../../src/export/formats.js';
import { LINKED_PLACES_CONTEXT, type PlaceCollection } from '../../src/export/formats/geojson.js';
import type { GraphSlice } from '../../src/export/slice.js';
import type { EntityRecord, RelationRecord } from '../../src/model/records.js';

function entity(id: string, type: EntityRecord['type'], zh: string, en: string, extra: Record<string, unknown> = {}): EntityRecord {
  return { id, type, name: zh, nameValues: [zh, en], nameLangs: ['zh-Hans', 'en'], nameKinds: ['PRIMARY', 'PRIMARY'], ...extra };
}

// Test coordinates, not a real place's.
const located = entity('pl-a', 'PLACE', '甲城', 'City A', {
  kind: 'CITY',
  locationLatitude: 23.5,
  locationLongitude: 113.25,
  locationSourceId: 's1',
  locationQuote: '甲城位于北纬23.5度',
  locationStart: 0,
  locationEnd: 10,
  locationLine: 1,
  locationGazetteerScheme: 'geonames',
  locationGazetteerValue: '1234567',
});
located.nameValues.push('Jiacheng');
located.nameLangs.push('pinyin');
located.nameKinds.push('PRIMARY');
const quiet = entity('pl-b', 'PLACE', '乙城', 'City B', {
  locationLatitude: -10,
  locationLongitude: -20,
  locationGazetteerScheme: 'wikidata',
  locationGazetteerValue: 'Q1',
});
const unlocated = entity('pl-c', 'PLACE', '丙城', 'City C');
const events = [
  entity('e-1', 'EVENT', '会议', 'Meeting', { edtf: '2006-07-07/2006-07-08' }),
  entity('e-2', 'EVENT', '座谈会', 'Symposium', { edtf: '2002-07' }),
  entity('e-3', 'EVENT', '活动年', 'Campaign year', { edtf: '2003~' }),
  entity('e-4', 'EVENT', '某次调整', 'A reshuffle', { edtf: '2002-06?/..' }),
  entity('e-5', 'EVENT', '别处', 'Elsewhere', { edtf: '2004' }),
];
const at = (event: EntityRecord, place: EntityRecord): RelationRecord => ({
  id: `${event.id}--took-place-in--${place.id}`,
  type: 'TOOK_PLACE_IN',
  from: event,
  to: place,
});

const slice: GraphSlice = {
  entities: [located, quiet, unlocated, ...events],
  relations: [
    at(events[0]!, located),
    at(events[1]!, located),
    at(events[2]!, located),
    at(events[3]!, located),
    at(events[4]!, unlocated),
  ],
  citations: new Map(),
  generatedAt: '2024-01-02T03:04:05.000Z',
};

const render = (lang: 'zh' | 'en') => {
  const out = renderExport('geojson', slice, { lang });
  return { ...out, doc: JSON.parse(out.body) as PlaceCollection };
};

describe('geojson', () => {
  it('is a FeatureCollection of the located places only, with [longitude, latitude] Points', () => {
    const { doc, contentType, filename } = render('zh');
    expect(contentType).toBe('application/geo+json; charset=utf-8');
    expect(filename).toBe('annals-zh.geojson');
    expect(doc.type).toBe('FeatureCollection');
    expect(doc['@context']).toBe(LINKED_PLACES_CONTEXT);
    expect(doc.features.map((f) => f.id)).toEqual(['pl-a', 'pl-b']);
    for (const f of doc.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const [lon, lat] = f.geometry.coordinates;
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
      expect(typeof f.properties.title).toBe('string');
    }
    expect(doc.features[0]!.geometry).toEqual({
      type: 'Point',
      coordinates: [113.25, 23.5],
      citations: [{ label: '甲城位于北纬23.5度', '@id': 'urn:annals:s1' }],
    });
  });

  it('carries the Linked Places id, title, names and gazetteer link', () => {
    const [a, b] = render('en').doc.features;
    expect(a!['@id']).toBe('urn:annals:pl-a');
    expect(a!.properties.title).toBe('City A');
    expect(render('zh').doc.features[0]!.properties.title).toBe('甲城');
    expect(a!.names).toEqual([
      { toponym: '甲城', lang: 'zh-Hans' },
      { toponym: 'City A', lang: 'en' },
      { toponym: 'Jiacheng', lang: 'zh-Latn-pinyin' },
    ]);
    expect(a!.links).toEqual([{ type: 'closeMatch', identifier: 'https://sws.geonames.org/1234567/' }]);
    expect(b!.links).toEqual([{ type: 'closeMatch', identifier: 'http://www.wikidata.org/entity/Q1' }]);
    expect(b!.geometry).toEqual({ type: 'Point', coordinates: [-20, -10] });
  });

  it('lists the events there in date order, and their dates as Linked Places timespans', () => {
    const [a, b] = render('en').doc.features;
    expect(a!.properties.events.map((e) => [e.id, e.name, e.date])).toEqual([
      ['e-4', 'A reshuffle', '2002-06?/..'],
      ['e-2', 'Symposium', '2002-07'],
      ['e-3', 'Campaign year', '2003~'],
      ['e-1', 'Meeting', '2006-07-07/2006-07-08'],
    ]);
    expect(a!.properties.events[1]).toMatchObject({ '@id': 'urn:annals:e-2', label: 'July 2002' });
    expect(a!.when).toEqual({
      timespans: [
        { start: { in: '2002-06?' }, end: { earliest: '2002-06' } },
        { start: { in: '2002-07' } },
        { start: { in: '2003~' } },
        { start: { in: '2006-07-07' }, end: { in: '2006-07-08' } },
      ],
    });
    // No events there: no `when` (Linked Places asks for at least one timespan in one).
    expect(b!.properties.events).toEqual([]);
    expect(b!.when).toBeUndefined();
  });
});

describe('jsonld of a located place', () => {
  it('carries schema.org geo coordinates and the gazetteer record as sameAs', () => {
    const doc = JSON.parse(renderExport('jsonld', slice, { lang: 'en' }).body) as { '@graph': Record<string, unknown>[] };
    const node = doc['@graph'].find((n) => n['@id'] === 'urn:annals:pl-a');
    expect(node).toMatchObject({
      geo: { '@type': 'GeoCoordinates', latitude: 23.5, longitude: 113.25 },
      sameAs: ['https://sws.geonames.org/1234567/'],
    });
    expect(doc['@graph'].find((n) => n['@id'] === 'urn:annals:pl-c')).not.toHaveProperty('geo');
  });
});
