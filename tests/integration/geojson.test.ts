// The GeoJSON export over HTTP GET and the CLI: RFC 7946 (a FeatureCollection of Features with
// [longitude, latitude] Points, read back by d3-geo as the same point), Linked Places properties,
// the events that took place at each located place, and the export filters. The test imports a
// located place of its own (the seed has none) and removes it afterwards.
import { spawnSync } from 'node:child_process';
import { geoBounds, geoContains } from 'd3-geo';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceCollection, PlaceFeature } from '../../src/export/formats/geojson.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';

const { asCurator, executor, driver, logger } = connectApi();
const P = 'test-geo';
let app: RunningApp;
let base: string;

// Test data, not history: a made-up source that states a made-up place's coordinates.
const DOC = `sources:
  - id: ${P}-src
    title: 测试来源
    text: "测试用文字,非真实史料。测试城位于北纬23.7度、东经113.0度。2004年5月,测试会议在测试城召开。"
entities:
  - id: ${P}-place
    type: Place
    kind: CITY
    name: 测试城
    names: [{ value: Test City, lang: en, kind: PRIMARY }]
    location: { latitude: 23.7, longitude: 113.0, source: { source: ${P}-src, quote: "北纬23.7度、东经113.0度" }, gazetteer: { scheme: geonames, value: "9999999" } }
    citations:
      - { source: ${P}-src, quote: "测试城位于" }
      - { source: ${P}-src, quote: "北纬23.7度、东经113.0度" }
  - id: ${P}-event
    type: Event
    kind: MEETING
    name: 测试会议
    names: [{ value: Test meeting, lang: en, kind: PRIMARY }]
    date: "2004-05"
    citations: [{ source: ${P}-src, quote: "2004年5月,测试会议在测试城召开" }]
relationships:
  - type: TOOK_PLACE_IN
    from: ${P}-event
    to: ${P}-place
    citations: [{ source: ${P}-src, quote: "测试会议在测试城召开" }]
`;

beforeAll(async () => {
  const res = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { entities } }', { d: DOC });
  expect(res.errors).toBeUndefined();
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
  base = app.url.replace('/graphql', '');
});
afterAll(async () => {
  await app.stop();
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

/** The structure RFC 7946 requires of a FeatureCollection of Points, checked member by member. */
function expectRfc7946(doc: unknown): asserts doc is PlaceCollection {
  const fc = doc as Record<string, unknown>;
  expect(fc['type']).toBe('FeatureCollection');
  expect(Array.isArray(fc['features'])).toBe(true);
  for (const f of fc['features'] as Record<string, unknown>[]) {
    expect(f['type']).toBe('Feature');
    expect(['string', 'number']).toContain(typeof f['id']);
    expect(f['properties'] !== null && typeof f['properties'] === 'object').toBe(true);
    const g = f['geometry'] as { type: string; coordinates: unknown };
    expect(g.type).toBe('Point');
    expect(Array.isArray(g.coordinates) && (g.coordinates as unknown[]).length).toBe(2);
    const [lon, lat] = g.coordinates as number[];
    expect(Number.isFinite(lon) && lon! >= -180 && lon! <= 180).toBe(true);
    expect(Number.isFinite(lat) && lat! >= -90 && lat! <= 90).toBe(true);
  }
}

async function get(query: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`${base}/export/geojson${query}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

const ours = (doc: PlaceCollection): PlaceFeature | undefined => doc.features.find((f) => f.id === `${P}-place`);

describe('GeoJSON export', () => {
  it('serves the located places over HTTP as RFC 7946 GeoJSON with Linked Places properties', async () => {
    const res = await get('?lang=zh');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/geo+json; charset=utf-8');
    const doc = JSON.parse(res.body) as unknown;
    expectRfc7946(doc);
    // Only located places: the seed's places have no location.
    expect(doc.features.map((f) => f.id)).not.toContain('place-qingyuan');
    const f = ours(doc)!;
    expect(f.geometry.coordinates).toEqual([113, 23.7]);
    expect(f['@id']).toBe(`urn:annals:${P}-place`);
    expect(f.properties).toMatchObject({ title: '测试城', kind: 'CITY' });
    expect(f.properties.events).toEqual([
      { id: `${P}-event`, '@id': `urn:annals:${P}-event`, name: '测试会议', date: '2004-05', label: '2004年5月' },
    ]);
    expect(f.when).toEqual({ timespans: [{ start: { in: '2004-05' } }] });
    expect(f.names).toEqual(
      expect.arrayContaining([
        { toponym: '测试城', lang: 'zh-Hans' },
        { toponym: 'Test City', lang: 'en' },
      ]),
    );
    expect(f.links).toEqual([{ type: 'closeMatch', identifier: 'https://sws.geonames.org/9999999/' }]);
    expect(f.geometry.citations).toEqual([{ label: '北纬23.7度、东经113.0度', '@id': `urn:annals:${P}-src` }]);
    // A GeoJSON reader takes the first coordinate as the longitude: the point is where the source says.
    const feature = f as unknown as Feature<Point>;
    const [[west, south], [east, north]] = geoBounds(feature);
    expect([west, south, east, north].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([113, 23.7, 113, 23.7]);
    const box: Feature = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [112, 23],
            [112, 24],
            [114, 24],
            [114, 23],
            [112, 23],
          ],
        ],
      },
    };
    expect(geoContains(box, f.geometry.coordinates)).toBe(true);
    expect(geoContains(box, [23.7, 113])).toBe(false);
    expect(geoBounds(doc as unknown as FeatureCollection)).toBeDefined();
  });

  it('applies the export filters: the window and the types keep the place, but only the events they keep', async () => {
    const en = JSON.parse((await get('?lang=en')).body) as PlaceCollection;
    expect(ours(en)!.properties).toMatchObject({ title: 'Test City', events: [{ name: 'Test meeting', label: 'May 2004' }] });
    const later = JSON.parse((await get('?from=2005&to=2006')).body) as PlaceCollection;
    expect(ours(later)!.properties.events).toEqual([]);
    expect(ours(later)!.when).toBeUndefined();
    const placesOnly = JSON.parse((await get('?types=PLACE')).body) as PlaceCollection;
    expect(ours(placesOnly)!.properties.events).toEqual([]);
    const noPlaces = JSON.parse((await get('?types=EVENT')).body) as PlaceCollection;
    expect(noPlaces.features).toEqual([]);
    const around = JSON.parse((await get(`?around=${P}-event&depth=1`)).body) as PlaceCollection;
    expect(around.features.map((f) => f.id)).toEqual([`${P}-place`]);
    const bad = await get('?around=nobody');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'around' } }] });
  });

  it('is written by `annals export geojson` with the same filters', () => {
    const res = spawnSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'export', 'geojson', '--around', `${P}-place`, '--depth', '1', '--lang', 'zh'],
      {
        encoding: 'utf8',
        env: { ...process.env, ...neo4jEnv(), LOG_LEVEL: 'silent' },
        timeout: 60_000,
      },
    );
    expect(res.status, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as unknown;
    expectRfc7946(doc);
    expect(doc.features.map((f) => f.id)).toEqual([`${P}-place`]);
    expect(doc.features[0]!.geometry.coordinates).toEqual([113, 23.7]);
    expect(doc.features[0]!.properties.events.map((e) => e.id)).toEqual([`${P}-event`]);
  });
});
