// The explorer as a newcomer found it (issue 15, items 4–10), in headless Chromium against the real
// server and the seed: "some time within" drawn as a range of uncertainty, a typed window that
// survives every control, English names, progress and errors, competing claims, the layout
// (each event once, every lane whole, labels inside, legend, readable graph), and browsing.
// Screenshots of desktop and phone, in English and Chinese: test-results/explorer-newcomer-*.png.
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { poll, SHOTS, startExplorer, type Explorer } from '../helpers/explorer.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const LUO = 'person-luo-fuhe';
const HU = 'person-hu-xian';
const RESHUFFLES = 'event-term-post-reshuffles'; // [2002-06..2006-07]: at some time within the term
const WORK_STYLE_YEAR = 'event-2003-work-style-year';
const SYMPOSIUM = 'event-2006-qingyuan-symposium';
const LAN = 'event-2005-lan'; // two participating organizations: was drawn in both lanes

const { driver, logger, gql } = connectApi();
let explorer: Explorer;
let origin: string;
let browser: Browser;

/** What page.evaluate callbacks use in the browser (this file is compiled without DOM types). */
interface PageGlobals {
  annals: {
    graph(): { center?: string; nodes: string[]; labelPx: number };
    timelineEvents(): string[];
    browse(): { available: boolean; ids: string[]; total: number | undefined };
  };
  document: { documentElement: { scrollWidth: number } };
}

beforeAll(async () => {
  explorer = await startExplorer(driver, logger);
  ({ origin, browser } = explorer);
}, 180_000);

afterAll(async () => {
  await explorer?.stop();
});

/** A fresh page that may reach only the server under test, and records every problem it meets. */
async function openPage(viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => (m.type() === 'error' ? problems.push(`console: ${m.text()}`) : undefined));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => (r.status() >= 400 ? problems.push(`HTTP ${r.status()}: ${r.url()}`) : undefined));
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  return { page, problems };
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `${SHOTS}explorer-newcomer-${name}.png`, fullPage });
}

/** The dated events the API's timeline has for all time (the seed's 13, and any a test before this one accepted). */
async function allTimeEvents(): Promise<number> {
  const { data } = await gql<{ timeline: { totalCount: number } }>('{ timeline(first: 1) { totalCount } }');
  expect(data!.timeline.totalCount).toBeGreaterThanOrEqual(13);
  return data!.timeline.totalCount;
}

/** Loaded: the timeline has all its events (for all time, the window the page opens with) and no request is in flight. */
async function settled(page: Page): Promise<void> {
  const events = await allTimeEvents();
  await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.timelineEvents().length)).toBe(events);
  await poll(() => page.locator('#progress').isHidden()).toBe(true);
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/** The GraphQL operation a request carries (the explorer names each one). */
const operation = (route: Route) => /^(?:query|mutation) (\w+)/.exec(JSON.parse(route.request().postData() ?? '{}').query ?? '')?.[1];

describe('events "at some time within" the term', () => {
  it('are ONE_OF_RANGE dates in the API, bounded by the term for both window readings', async () => {
    const { data } = await gql<{ event: { date: { edtf: string; shape: string; label: string } } }>(
      `{ event(id: "${RESHUFFLES}") { date { edtf shape label(lang: "en") } } }`,
    );
    expect(data?.event.date).toEqual({
      edtf: '[2002-06..2006-07]',
      shape: 'ONE_OF_RANGE',
      label: 'some time between June 2002 and July 2006',
    });
    const ids = async (reading: string, from: string, to: string) =>
      (
        await gql<{ timeline: { edges: { node: { id: string } }[] } }>(
          `{ timeline(from: "${from}", to: "${to}", reading: ${reading}, first: 100) { edges { node { id } } } }`,
        )
      ).data?.timeline.edges.map((e) => e.node.id);
    // Certainly within a window only when the whole range is; possibly in any window it touches.
    expect(await ids('CERTAINLY', '2002-06', '2003')).not.toContain(RESHUFFLES);
    expect(await ids('CERTAINLY', '2002', '2006')).toContain(RESHUFFLES);
    expect(await ids('POSSIBLY', '2004', '2004')).toContain(RESHUFFLES);
  });

  it(
    'are drawn as a faded range with whiskers, said so by the legend, the label, the list and the panel',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${origin}/?lang=en`);
      await settled(page);
      const bar = page.locator(`.vis-item[data-eventid="${RESHUFFLES}"]`);
      await poll(() => bar.getAttribute('class')).toContain('shape-within');
      expect(await bar.innerText()).toContain('some time between June 2002 and July 2006');
      // An interval or a year is not drawn so.
      expect(await page.locator(`.vis-item[data-eventid="${WORK_STYLE_YEAR}"]`).getAttribute('class')).not.toContain('shape-within');
      expect(await page.locator('.legend-within').innerText()).toMatch(/some time within it .* did not last throughout/);
      expect(await page.locator(`#event-list li[data-id="${RESHUFFLES}"]`).innerText()).toContain('some time within, known to the month');
      await bar.click();
      await poll(() => page.textContent('#entity-name')).toBe('两次大的岗位调整');
      expect(await page.locator('section[aria-labelledby="entity-date-h"]').innerText()).toMatch(
        /some time between June 2002 and July 2006[\s\S]*some time within, known to the month[\s\S]*\[2002-06\.\.2006-07\]/,
      );
      expect(problems).toEqual([]);
    },
  );
});

describe('the window fields', () => {
  it(
    'keep what was typed through Reading, event types, the involving box, the language and opening an entity',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${origin}/?lang=en&entity=${LUO}`);
      await settled(page);
      await page.fill('#window-from', '2003');
      await page.fill('#window-to', '2005');
      const typed = async () => [await page.inputValue('#window-from'), await page.inputValue('#window-to')];

      await page.selectOption('#reading', 'CERTAINLY');
      await poll(() => new URL(page.url()).searchParams.get('reading')).toBe('CERTAINLY');
      expect(await typed()).toEqual(['2003', '2005']);
      await page.locator('#kinds-options label', { hasText: 'Meeting' }).locator('input').uncheck();
      await poll(() => new URL(page.url()).searchParams.get('kinds')).not.toBeNull();
      expect(await typed()).toEqual(['2003', '2005']);
      await page.locator('#kinds-options label', { hasText: 'Meeting' }).locator('input').check();
      await page.check('#involving');
      await poll(() => new URL(page.url()).searchParams.get('involving')).toBe('1');
      await page.uncheck('#involving');
      await page.click('[data-lang="zh"]');
      await poll(() => new URL(page.url()).searchParams.get('lang')).toBe('zh');
      expect(await typed()).toEqual(['2003', '2005']);

      // Apply then applies both: the window and the reading chosen meanwhile.
      await page.click('#window-apply');
      await poll(() => new URL(page.url()).searchParams.get('from')).toBe('2003');
      expect(new URL(page.url()).searchParams.get('to')).toBe('2005');
      expect(new URL(page.url()).searchParams.get('reading')).toBe('CERTAINLY');
      await poll(() => page.textContent('#timeline-count')).toMatch(/2003年 – 2005年/);
      expect(problems).toEqual([]);
    },
  );
});

describe('in English', () => {
  it(
    'shows English names (Chinese beside) on the timeline, its lanes, the event list and the relations, and counts properly',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${origin}/?lang=en`);
      await settled(page);
      expect(await page.locator(`.vis-item[data-eventid="${WORK_STYLE_YEAR}"] .item-name`).innerText()).toBe(
        'Office Work-Style Building Year',
      );
      const lanes = await page.locator('.vis-labelset .lane-name').allInnerTexts();
      expect(lanes.join('\n')).toContain('CAPD Guangdong Provincial Committee');
      expect(lanes.join('\n')).toContain('民进广东省委'); // beside, for the reader who knows the Chinese
      const row = page.locator(`#event-list li[data-id="${WORK_STYLE_YEAR}"]`);
      expect(await row.locator('button').innerText()).toBe('Office Work-Style Building Year');
      expect(await row.locator('.zh-beside').innerText()).toBe('机关作风建设年活动');

      await page.goto(`${origin}/?lang=en&entity=${LUO}`);
      await poll(() => page.textContent('#entity-name')).toBe('罗富和');
      // Both his positions attested in 2003 (same date: by name, so 机关作风建设年活动领导小组 before 民进广东省委).
      const positions = page.locator('section[aria-labelledby="entity-positions-h"]');
      const chair = positions.locator(`li[data-relation="${LUO}--held-position--org-capd-guangdong"]`);
      expect(await chair.locator('.entity-link').first().innerText()).toBe('CAPD Guangdong Provincial Committee');
      expect(await chair.locator('.zh-beside').first().innerText()).toBe('民进广东省委');
      const head = positions.locator(`li[data-relation="${LUO}--held-position--org-capd-guangdong-work-style-leading-group"]`);
      expect(await head.locator('.entity-link').first().innerText()).toBe('Leading group of the 2003 office work-style year');
      expect(await head.locator('.zh-beside').first().innerText()).toBe('机关作风建设年活动领导小组');
      expect(await positions.locator('li.relation').evaluateAll((els) => els.map((e) => e.getAttribute('data-relation')))).toEqual([
        `${LUO}--held-position--org-capd-guangdong-work-style-leading-group`,
        `${LUO}--held-position--org-capd-guangdong`,
      ]);

      // One event is "1 event", not "1 events": December 2002, read CERTAINLY, holds only the website.
      await page.selectOption('#reading', 'CERTAINLY');
      await page.fill('#window-from', '2002-12');
      await page.fill('#window-to', '2002-12');
      await page.click('#window-apply');
      await poll(() => page.textContent('#timeline-count')).toBe('December 2002: 1 event');
      await page.fill('#window-from', '2002');
      await page.fill('#window-to', '2002');
      await page.click('#window-apply');
      await poll(() => page.textContent('#timeline-count')).toBe('2002: 3 events');
      expect(problems).toEqual([]);
    },
  );
});

describe('requests in flight and failed', () => {
  it(
    'show progress (Apply busy, the count says loading), then the result; an error says its code and offers Retry',
    { timeout: 90_000 },
    async () => {
      const { page } = await openPage();
      await page.goto(`${origin}/?lang=en`);
      await settled(page);

      // Hold the next timeline request until the page has shown that it waits for it.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/graphql', async (route) => {
        if (operation(route) === 'Timeline') await held;
        await route.continue();
      });
      await page.fill('#window-from', '2005');
      await page.fill('#window-to', '2005');
      await page.click('#window-apply');
      await poll(() => page.getAttribute('#window-apply', 'aria-busy')).toBe('true');
      expect(await page.textContent('#timeline-count')).toBe('Loading events…');
      expect(await page.locator('#progress').isVisible()).toBe(true);
      await shot(page, 'loading');
      release();
      await poll(() => page.textContent('#timeline-count')).toMatch(/^2005: \d+ events$/);
      expect(await page.getAttribute('#window-apply', 'aria-busy')).toBeNull();
      await poll(() => page.locator('#progress').isHidden()).toBe(true);
      await page.unroute('**/graphql');

      // An overloaded server: the error and its code, and Retry that loads once it is back.
      await page.route('**/graphql', (route) =>
        operation(route) === 'Timeline'
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ errors: [{ message: 'Too many expensive operations', extensions: { code: 'OVERLOADED' } }] }),
            })
          : route.continue(),
      );
      await page.fill('#window-from', '2003');
      await page.fill('#window-to', '2003');
      await page.click('#window-apply');
      await poll(() => page.textContent('#status')).toContain('OVERLOADED');
      expect(await page.textContent('#timeline-count')).toBe('Events could not be loaded');
      expect(await page.getAttribute('#window-apply', 'aria-busy')).toBeNull();
      await page.unroute('**/graphql');
      await page.click('#status button.retry');
      await poll(() => page.textContent('#timeline-count')).toMatch(/^2003: \d+ events$/);
      expect(await page.locator('#status').isHidden()).toBe(true);
    },
  );
});

describe('competing claims', () => {
  it('show the preferred value with a marker that opens every claim, its sources and the rule', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=en&entity=${SYMPOSIUM}`);
    await poll(() => page.textContent('#entity-name')).toBe('民进广东省委机关建设工作座谈会');
    const date = page.locator('section[aria-labelledby="entity-date-h"]');
    const marker = date.locator('summary.claims-marker');
    expect(await marker.innerText()).toContain('Sources differ: 2 claims');
    expect(await date.locator('.claims-body').isVisible()).toBe(false);
    await marker.click();
    const claims = date.locator('.claims-body');
    await claims.waitFor({ state: 'visible' });
    const preferred = claims.locator('.claim.is-preferred');
    expect(await preferred.getAttribute('data-value')).toBe('2006-07-07/2006-07-08');
    expect(await preferred.innerText()).toContain('7–8 July 2006');
    const other = claims.locator('.claim[data-value="2006-07"]');
    expect(await other.innerText()).toContain('July 2006');
    expect(await claims.innerText()).toContain('Guangdong Provincial Committee of CAPD holds office-building symposium in Qingyuan');
    // The article (published 2006-07-08, the fact's own time) over the curator's 2026 note: the rule the API gives, said as it is.
    const { data } = await gql<{ event: { dateClaims: { rule: string; preferred: { value: string } } } }>(
      `{ event(id: "${SYMPOSIUM}") { dateClaims { rule preferred { value } } } }`,
    );
    expect(data?.event.dateClaims.preferred.value).toBe('2006-07-07/2006-07-08');
    expect(data?.event.dateClaims.rule).toMatch(
      /^contemporary source \(published 2006-07-08\/\.\., 0 days from the fact, over 2026-11-26, \d+ days\)$/,
    );
    expect(await claims.locator('.claims-rule').innerText()).toBe(`Rule: ${data?.event.dateClaims.rule}`);
    await shot(page, 'claims');

    // A title two sources give differently: 主委 and its full form 主任委员.
    await page.goto(`${origin}/?lang=en&entity=${LUO}`);
    await poll(() => page.textContent('#entity-name')).toBe('罗富和');
    const positions = page.locator('section[aria-labelledby="entity-positions-h"]');
    await positions.locator('summary.claims-marker').first().click();
    const values = await positions.locator('.claim').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    expect(values).toEqual(expect.arrayContaining(['主委', '主任委员']));
    // The article's 主委 (2006, the time of the fact) over the 2026 note's 主任委员.
    expect(await positions.locator('.claim.is-preferred').getAttribute('data-value')).toBe('主委');
    expect(await positions.locator('.claims-rule').first().innerText()).toMatch(/^Rule: contemporary source \(published 2006-07-08/);
    // An event whose sources agree has no marker.
    await page.goto(`${origin}/?lang=en&entity=${WORK_STYLE_YEAR}`);
    await poll(() => page.textContent('#entity-name')).toBe('机关作风建设年活动');
    expect(await page.locator('summary.claims-marker').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('the layout', () => {
  it('draws each event once, every lane and label whole, and brings 胡献’s events into view', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=zh`);
    await settled(page);
    const ids = await page.evaluate(() => (globalThis as unknown as PageGlobals).annals.timelineEvents());
    for (const id of ids) expect(await page.locator(`.vis-item[data-eventid="${id}"]`).count(), id).toBe(1);
    // The LAN event has two organizations taking part; its bar is in the first one's lane only.
    expect(await page.locator(`.vis-item[data-eventid="${LAN}"]`).count()).toBe(1);

    // Nothing cut: every bar inside the drawing area, the last lane too; the symposium's label inside on the right.
    const centre = await box(page, '.vis-panel.vis-center');
    for (const item of await page.locator('.vis-item').all()) {
      const b = (await item.boundingBox())!;
      expect(b.y + b.height).toBeLessThanOrEqual(centre.y + centre.height + 1);
      expect(b.y).toBeGreaterThanOrEqual(centre.y - 1);
    }
    const label = await box(page, `.vis-item[data-eventid="${SYMPOSIUM}"] .item-text`);
    expect(label.x + label.width).toBeLessThanOrEqual(centre.x + centre.width);
    // No axis label is cut at the left edge ("002年"): one that would be is not shown.
    const axis = await page.locator('.vis-time-axis .vis-text.vis-minor:not(.is-clipped)').all();
    for (const text of axis) expect((await text.boundingBox())!.x).toBeGreaterThanOrEqual(centre.x - 1);
    await shot(page, 'desktop-zh', true);

    // Opening 胡献 outlines his events, and the event list scrolls to the first of them.
    await page.fill('#search-input', '胡献');
    await page.locator(`#search-input-listbox [role=option][data-id="${HU}"]`).click();
    await poll(() => page.textContent('#entity-name')).toBe('胡献');
    await poll(() => page.locator('.vis-item.is-related').count()).toBeGreaterThan(0);
    const list = await box(page, '#event-list');
    await poll(async () => {
      const row = await page.locator('#event-list li.is-related').first().boundingBox();
      return row !== null && row.y >= list.y - 1 && row.y + row.height <= list.y + list.height + 1;
    }).toBe(true);
    const centre2 = await box(page, '.vis-panel.vis-center');
    for (const item of await page.locator('.vis-item.is-related').all()) {
      const b = (await item.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(centre2.x - 1);
      expect(b.x + b.width).toBeLessThanOrEqual(centre2.x + centre2.width + 1);
    }
    expect(problems).toEqual([]);
  });

  it('gives the graph a legend of shapes and colours, and labels of at least 9 px at depth 2', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=en&entity=${LUO}`);
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.graph().center)).toBe(LUO);
    const legend = await page.locator('#graph-legend li').allInnerTexts();
    expect(legend).toEqual([
      'Person',
      'Organization',
      'Event',
      'Initiative',
      'Place',
      'Source',
      'open entity (black ring)',
      'found connection',
    ]);
    expect(await page.locator('#graph-legend li[data-group="event"] path').getAttribute('fill')).toBe('#b45309');
    await page.selectOption('#graph-depth', '2');
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.graph().nodes.length)).toBeGreaterThan(15);
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.graph().labelPx)).toBeGreaterThanOrEqual(9);
    await page.locator('#graph-section').screenshot({ path: `${SHOTS}explorer-newcomer-graph-depth2.png` });
    expect(problems).toEqual([]);
  });

  it(
    'fits a 390 px phone, in Chinese and English: no page overflow, no cut axis label, labels inside the timeline',
    { timeout: 90_000 },
    async () => {
      for (const lang of ['zh', 'en'] as const) {
        const { page, problems } = await openPage(PHONE);
        await page.goto(`${origin}/?lang=${lang}&entity=${HU}`);
        await settled(page);
        await poll(() => page.textContent('#entity-name')).toBe('胡献');
        expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          PHONE.width,
        );
        const centre = await box(page, '.vis-panel.vis-center');
        for (const text of await page.locator('.vis-time-axis .vis-text.vis-minor:not(.is-clipped)').all()) {
          const b = (await text.boundingBox())!;
          expect(b.x).toBeGreaterThanOrEqual(centre.x - 1);
          expect(await text.innerText()).toMatch(lang === 'zh' ? /^(\d{4}年)?$/ : /^(\d{4})?$/); // 2005年 in Chinese, 2005 in English
        }
        // Every label whole inside the timeline (they wrap on a phone rather than run off or get cut).
        for (const text of await page.locator('.vis-item .item-text').all()) {
          const b = (await text.boundingBox())!;
          expect(b.x + b.width).toBeLessThanOrEqual(centre.x + centre.width + 1);
          expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
        }
        await page.locator('#timeline-section').scrollIntoViewIfNeeded();
        await shot(page, `phone-${lang}`);
        await shot(page, `phone-${lang}-full`, true);
        expect(problems).toEqual([]);
      }
    },
  );

  it('looks right on a desktop in English', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=en&entity=${HU}`);
    await settled(page);
    await poll(() => page.textContent('#entity-name')).toBe('胡献');
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.graph().center)).toBe(HU);
    await shot(page, 'desktop-en', true);
    expect(problems).toEqual([]);
  });
});

describe('browsing without searching', () => {
  it('on a server without the entities connection, says so instead, without a failed request', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage();
    // An older server: its schema has no EntityConnection (the introspection answer such a server gives).
    await page.route('**/graphql', (route) =>
      operation(route) === 'BrowseProbe'
        ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { __type: null } }) })
        : route.continue(),
    );
    await page.goto(`${origin}/?lang=en`);
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.browse().available)).toBe(false);
    expect(await page.locator('#browse .browse-unavailable').innerText()).toBe('This server cannot list entities yet (no entities query).');
    await settled(page); // the rest of the page works
    expect(problems).toEqual([]);
  });

  it('lists entities by type, kind and decade with counts, opens one, and keeps the facets in the URL', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=en`);
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.browse().total ?? 0)).toBeGreaterThan(10);
    // All: the type chips (sources too: the API lists them) add up to the count the page shows.
    const all = await gql<{ entities: { facets: { types: { value: string }[] } } }>(
      '{ entities(first: 1) { facets { types { value } } } }',
    );
    const chips = await page
      .locator('#browse .browse-types [data-type]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-type')!, Number(/\((\d+)\)$/.exec(e.textContent ?? '')?.[1])] as const));
    expect(chips.map(([type]) => type).sort()).toEqual(all.data!.entities.facets.types.map((f) => f.value).sort());
    const total = await page.evaluate(() => (globalThis as unknown as PageGlobals).annals.browse().total);
    expect(chips.reduce((n, [, count]) => n + count, 0)).toBe(total);
    expect(await page.locator('#browse .browse-status').innerText()).toContain(String(total));
    // Events: 13 in the seed (and any a test before this one accepted), and the count on their chip says so.
    const { data } = await gql<{ entities: { totalCount: number } }>('{ entities(type: EVENT, first: 1) { totalCount } }');
    const events = data!.entities.totalCount;
    expect(events).toBeGreaterThanOrEqual(13);
    await page.click('#browse .browse-types [data-type="EVENT"]');
    await poll(() => new URL(page.url()).searchParams.get('btype')).toBe('EVENT');
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.browse().total)).toBe(events);
    expect(await page.locator('#browse .browse-types [data-type="EVENT"]').innerText()).toBe(`Event (${events})`);
    // Meetings of the 2000s: the two symposia.
    await page.selectOption('#browse-kind', 'MEETING');
    await page.selectOption('#browse-decade', '2000');
    await poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.browse().ids.sort())).toEqual(
      ['event-2002-zhongshan-meeting', SYMPOSIUM].sort(),
    );
    expect(new URL(page.url()).searchParams.get('bkind')).toBe('MEETING');
    expect(new URL(page.url()).searchParams.get('bdecade')).toBe('2000');
    await page.locator(`#browse li[data-id="${SYMPOSIUM}"] a`).click();
    await poll(() => page.textContent('#entity-name')).toBe('民进广东省委机关建设工作座谈会');
    await shot(page, 'browse');
    expect(problems).toEqual([]);
  });
});
