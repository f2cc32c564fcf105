// The explorer's map panel in headless Debian Chromium: the coastlines from the packaged
// atlas (no tiles, nothing from the network), located places as dots, a click that opens the place
// in the entity panel, the open event's place marked, zh/en labels. The seed has no located place,
// so this file imports one of its own (test data, not history) and removes it afterwards.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { poll, SHOTS, startExplorer, type Explorer } from '../helpers/explorer.js';

const P = 'test-map';
const PLACE = `${P}-place`;
const EVENT = `${P}-event`;

const DOC = `sources:
  - id: ${P}-src
    title: 地图测试来源
    text: "测试用文字,非真实史料。测试城位于北纬23.7度、东经113.0度。2004年5月,测试会议在测试城召开。"
entities:
  - id: ${PLACE}
    type: Place
    kind: CITY
    name: 测试城
    names: [{ value: Test City, lang: en, kind: PRIMARY }]
    location: { latitude: 23.7, longitude: 113.0, source: { source: ${P}-src, quote: "北纬23.7度、东经113.0度" } }
    citations:
      - { source: ${P}-src, quote: "测试城位于" }
      - { source: ${P}-src, quote: "北纬23.7度、东经113.0度" }
  - id: ${EVENT}
    type: Event
    kind: MEETING
    name: 测试会议
    date: "2004-05"
    citations: [{ source: ${P}-src, quote: "2004年5月,测试会议在测试城召开" }]
relationships:
  - type: TOOK_PLACE_IN
    from: ${EVENT}
    to: ${PLACE}
    citations: [{ source: ${P}-src, quote: "测试会议在测试城召开" }]
`;

const { asCurator, executor, driver, logger } = connectApi();
let explorer: Explorer;
let origin: string;
let browser: Browser;

/** What page.evaluate callbacks use in the browser (this file is compiled without DOM types). */
interface PageGlobals {
  annals: { state(): Record<string, unknown>; map(): { places: string[]; selected: string[] } };
}

const mapOf = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.map());

beforeAll(async () => {
  const res = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { entities } }', { d: DOC });
  expect(res.errors).toBeUndefined();
  explorer = await startExplorer(driver, logger);
  ({ origin, browser } = explorer);
}, 180_000);

afterAll(async () => {
  await explorer?.stop();
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

/** A page that may reach only the server under test, recording every problem it meets. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) =>
    m.type() === 'error' || m.type() === 'warning' ? problems.push(`console ${m.type()}: ${m.text()}`) : undefined,
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) =>
    r.failure()?.errorText === 'net::ERR_ABORTED' ? undefined : problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  page.on('response', (r) => (r.status() >= 400 ? problems.push(`HTTP ${r.status()}: ${r.url()}`) : undefined));
  // No tiles, no fonts, no CDN: a request anywhere else is a problem (and is not sent).
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    problems.push(`request elsewhere: ${route.request().url()}`);
    return route.abort();
  });
  return { page, problems };
}

describe('the map panel', () => {
  it('draws the outline and the located place, and a click on its dot opens it', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=zh`);
    await poll(() => mapOf(page).then((m) => m.places)).toContain(PLACE);
    // The outline: the coastlines of the packaged atlas, drawn as one SVG path of many vertices.
    const land = page.locator('#map svg .map-land path.land');
    expect(await land.count()).toBe(1);
    expect((await land.getAttribute('d'))!.split('L').length).toBeGreaterThan(1000);
    const dot = page.locator(`#map a.map-place[data-id="${PLACE}"]`);
    expect(await dot.locator('text').textContent()).toBe('测试城');
    expect(await page.textContent('#map-count')).toMatch(/\d+ 个有坐标的地点/);
    // The dot is inside the drawn map, where a south China city belongs: below and right of its middle.
    const [box, circle] = [(await page.locator('#map svg').boundingBox())!, (await dot.locator('circle').boundingBox())!];
    expect(circle.x).toBeGreaterThan(box.x + box.width / 2);
    expect(circle.y).toBeGreaterThan(box.y + box.height / 2);
    expect(circle.x + circle.width).toBeLessThanOrEqual(box.x + box.width);
    expect(circle.y + circle.height).toBeLessThanOrEqual(box.y + box.height);
    await page.screenshot({ path: `${SHOTS}explorer-map.png`, fullPage: true });

    await dot.locator('circle').click();
    await poll(() => page.textContent('#entity-name')).toBe('测试城');
    expect(new URL(page.url()).searchParams.get('entity')).toBe(PLACE);
    await poll(() => dot.getAttribute('class')).toContain('is-current');

    // Opening the event that took place there marks its place on the map.
    await page.goto(`${origin}/?lang=en&entity=${EVENT}`);
    await poll(() => page.textContent('#entity-name')).toBe('测试会议');
    await poll(() => mapOf(page).then((m) => m.selected)).toContain(PLACE);
    await poll(() => page.locator(`#map a.map-place[data-id="${PLACE}"] text`).textContent()).toBe('Test City');
    expect(await page.textContent('#map-h')).toBe('Map');
    expect(problems).toEqual([]);
  });

  it('opens a place from the keyboard: its dot is a link', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=en`);
    const link = page.locator(`#map a.map-place[data-id="${PLACE}"]`);
    await link.waitFor({ state: 'attached' });
    expect(await link.getAttribute('aria-label')).toBe('Open the place Test City');
    await link.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.state()['entity'])).toBe(PLACE);
    expect(problems).toEqual([]);
  });
});
