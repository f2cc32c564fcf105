// The explorer at / end to end: the bundle built from the current source, served by the real
// server on the seeded graph, driven in headless Debian Chromium as a historian would use it.
// Screenshots go to test-results/explorer-*.png. Nothing here compares pixels (fonts differ by machine).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { poll, SHOTS, startExplorer, type Explorer } from '../helpers/explorer.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const LUO = 'person-luo-fuhe';
const YAO = 'person-yao-bentang';
const HU = 'person-hu-xian';
const WORK_STYLE_YEAR = 'event-2003-work-style-year';
const SYMPOSIUM = 'event-2006-qingyuan-symposium';
const WEBSITE = 'event-2002-website'; // dated 2002-12: month precision

const { driver, logger, gql, asCurator, executor } = connectApi();
let explorer: Explorer;
let origin: string;
let browser: Browser;

/** What page.evaluate callbacks use in the browser (this file is compiled without DOM types). */
interface PageGlobals {
  annals: {
    state(): Record<string, unknown>;
    graph(): { center?: string; nodes: string[]; edges: string[]; path: string[] };
    nodePosition(id: string): { x: number; y: number } | null;
    timelineEvents(): string[];
  };
  document: {
    activeElement: { id: string; classList: { contains(name: string): boolean } } | null;
    documentElement: { scrollWidth: number };
  };
  scrollTo(x: number, y: number): void;
}
declare function requestAnimationFrame(callback: () => void): number;

const graphOf = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.graph());
const timelineOf = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).annals.timelineEvents());
const focused = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id ?? '');
const focusedIsCitation = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.classList.contains('cite') ?? false);
const dialogOpen = async (page: Page) => (await page.locator('#citation-dialog').getAttribute('open')) !== null;

beforeAll(async () => {
  explorer = await startExplorer(driver, logger);
  ({ origin, browser } = explorer);
}, 180_000);

afterAll(async () => {
  await explorer?.stop();
});

/** A fresh page that may reach only the server under test, and records every problem it meets. */
async function openPage(viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) =>
    m.type() === 'error' || m.type() === 'warning' ? problems.push(`console ${m.type()}: ${m.text()}`) : undefined,
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The explorer cancels a request a newer one supersedes (typing on, switching entity): that is
  // net::ERR_ABORTED, by design; any other failure (refused, reset, timed out) is a problem.
  page.on('requestfailed', (r) =>
    r.failure()?.errorText === 'net::ERR_ABORTED' ? undefined : problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  page.on('response', (r) => (r.status() >= 400 ? problems.push(`HTTP ${r.status()}: ${r.url()}`) : undefined));
  // Works offline: everything is bundled, so any request elsewhere (a CDN, a web font) is a failure.
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  return { page, problems };
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(150); // let the canvas settle
  await page.screenshot({ path: `${SHOTS}explorer-${name}.png`, fullPage });
}

const urlParams = (page: Page) => new URL(page.url()).searchParams;

/** The count the explorer should show for all time, in Chinese: the dated events the API's timeline has now. */
async function allTimeCount(): Promise<string> {
  const { data } = await gql<{ timeline: { totalCount: number } }>('{ timeline(first: 1) { totalCount } }');
  const n = data!.timeline.totalCount;
  expect(n).toBeGreaterThanOrEqual(13); // the seed's dated events, and any a test before this one accepted
  return `${n} 个事件`;
}

/** Types into a search box and picks the suggestion for an entity id with the mouse. */
async function pick(page: Page, inputSelector: string, text: string, id: string): Promise<void> {
  await page.fill(inputSelector, text);
  const listbox = (await page.getAttribute(inputSelector, 'aria-controls'))!;
  const option = page.locator(`#${listbox} [role=option][data-id="${id}"]`);
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** The ids the search box suggests for a text, once the suggestions for that text are in. */
async function suggests(page: Page, text: string, id: string): Promise<void> {
  await page.fill('#search-input', text);
  await page.locator(`#search-input-listbox [role=option][data-id="${id}"]`).waitFor({ state: 'visible' });
}

/** A bar's share of the timeline's visible width (-1 while it is not drawn). */
async function barShare(page: Page, eventId: string): Promise<number> {
  const bar = page.locator(`.vis-item[data-eventid="${eventId}"]`).first();
  if ((await bar.count()) === 0) return -1;
  const [b, panel] = await Promise.all([bar.boundingBox(), page.locator('.vis-panel.vis-center').boundingBox()]);
  return b && panel ? b.width / panel.width : -1;
}

describe('the explorer at 1280×800', () => {
  it(
    'answers the article’s questions by clicking: search, positions, events, citations, timeline, connections',
    { timeout: 120_000 },
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${origin}/?lang=zh`);
      await poll(() => page.textContent('#timeline-count')).toContain(await allTimeCount());

      // Suggestions as you type, in Chinese, toneless pinyin and English.
      await suggests(page, 'luo fuhe', LUO);
      await suggests(page, 'Hu Xian', HU);
      await suggests(page, '姚本', YAO);
      await pick(page, '#search-input', '罗富和', LUO);

      // His entity: names in every language, his position with its date, the 2003 event.
      await poll(() => page.textContent('#entity-name')).toBe('罗富和');
      expect(urlParams(page).get('entity')).toBe(LUO);
      const names = await page.locator('#entity-names-h + table').innerText();
      expect(names).toContain('Luo Fuhe');
      const positions = page.locator('section[aria-labelledby="entity-positions-h"]');
      expect(await positions.innerText()).toMatch(/主委[\s\S]*民进广东省委[\s\S]*2003年/);
      const events = page.locator('section[aria-labelledby="entity-events-h"]');
      expect(await events.innerText()).toMatch(/领导小组组长[\s\S]*机关作风建设年活动[\s\S]*2003年/);
      await poll(() => graphOf(page).then((g) => g.nodes)).toEqual(expect.arrayContaining([LUO, 'org-capd-guangdong', WORK_STYLE_YEAR]));
      // His event is outlined on the timeline, drawn as the whole of 2003.
      await poll(() => page.locator(`.vis-item.is-related[data-eventid="${WORK_STYLE_YEAR}"]`).count()).toBe(1);
      await shot(page, 'entity');

      // A citation opens the source with the quote highlighted where it stands, and keyboard focus.
      const cite = positions.locator('button.cite').first();
      await cite.click();
      const mark = page.locator('#citation-dialog[open] mark.quote');
      await mark.waitFor({ state: 'visible' });
      expect(await mark.textContent()).toBe('罗富和主委亲任领导小组组长');
      expect(await page.textContent('#citation-title')).toBe('民进广东省委机关建设工作座谈会在清远召开');
      const text = await page.textContent('#citation-text');
      expect(text).toContain('2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长');
      expect(await mark.isVisible()).toBe(true);
      const [m, textBox] = [(await mark.boundingBox())!, (await page.locator('#citation-text').boundingBox())!];
      expect(m.y).toBeGreaterThanOrEqual(textBox.y);
      expect(m.y + m.height).toBeLessThanOrEqual(textBox.y + textBox.height); // scrolled to the quote
      await shot(page, 'citation');
      await page.keyboard.press('Escape');
      await poll(() => dialogOpen(page)).toBe(false);
      expect(await focusedIsCitation(page)).toBe(true);

      // The 2003 event opens from his panel, and its date is shown as the year it is known to.
      await events.getByRole('link', { name: '机关作风建设年活动' }).click();
      await poll(() => page.textContent('#entity-name')).toBe('机关作风建设年活动');
      expect(await page.locator('.event-date').first().innerText()).toMatch(/2003年[\s\S]*精确到年/);
      await page.goBack();
      await poll(() => page.textContent('#entity-name')).toBe('罗富和');

      // Honest precision: the month-precision website event fills December 2002, and a twelfth of 2002.
      await page.fill('#window-from', '2002-12');
      await page.fill('#window-to', '2002-12');
      await page.click('#window-apply');
      await poll(() => barShare(page, WEBSITE)).toBeGreaterThan(0.97);
      await page.fill('#window-from', '2002');
      await page.fill('#window-to', '2002');
      await page.press('#window-to', 'Enter');
      await poll(async () => Math.abs((await barShare(page, WEBSITE)) - 31 / 365)).toBeLessThan(0.01);

      // Walk the timeline to July 2006: to June 2006, then one step later.
      await page.fill('#window-from', '2006-06');
      await page.fill('#window-to', '2006-06');
      await page.click('#window-apply');
      await poll(() => page.textContent('#timeline-count')).toContain('2006年6月');
      await page.click('#window-next');
      await poll(() => urlParams(page).get('from')).toBe('2006-07');
      expect(urlParams(page).get('to')).toBe('2006-07');
      expect(await page.inputValue('#window-from')).toBe('2006-07');
      await poll(() => timelineOf(page)).toContain(SYMPOSIUM);
      const bar = page.locator(`.vis-item[data-eventid="${SYMPOSIUM}"]`).first();
      await bar.waitFor({ state: 'visible' });
      expect(await bar.innerText()).toContain('民进广东省委机关建设工作座谈会');
      expect(await bar.innerText()).toContain('2006年7月7日至8日');
      // Two days of a 31-day window, not a point and not the month.
      expect(Math.abs((await barShare(page, SYMPOSIUM)) - 2 / 31)).toBeLessThan(0.01);
      const row = page.locator(`#event-list li[data-id="${SYMPOSIUM}"]`);
      expect(await row.innerText()).toContain('2006年7月7日至8日');
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
      await shot(page, 'timeline-2006-07');

      // Type filter: without meetings the symposium goes, and the URL says so.
      await page.locator('#kinds-options label', { hasText: '会议' }).locator('input').uncheck();
      await poll(() => page.locator(`#event-list li[data-id="${SYMPOSIUM}"]`).count()).toBe(0);
      expect(urlParams(page).get('kinds')).not.toContain('MEETING');
      await page.locator('#kinds-options label', { hasText: '会议' }).locator('input').check();
      await poll(() => page.locator(`#event-list li[data-id="${SYMPOSIUM}"]`).count()).toBe(1);

      // Clicking the symposium on the timeline opens it.
      await bar.click();
      await poll(() => page.textContent('#entity-name')).toBe('民进广东省委机关建设工作座谈会');
      expect(urlParams(page).get('entity')).toBe(SYMPOSIUM);
      await page.goBack();
      await poll(() => page.textContent('#entity-name')).toBe('罗富和');

      // Click a node of the graph to expand it: the committee brings its own neighbours, and opens.
      expect((await page.locator('#graph').boundingBox())!.width).toBeGreaterThan(600);
      await page.locator('#graph').scrollIntoViewIfNeeded();
      await poll(() => graphOf(page).then((g) => g.center)).toBe(LUO);
      const before = (await graphOf(page)).nodes.length;
      // The canvas draws on the next frames: click where the node is once it is drawn (again if the first lands early).
      for (let attempt = 0; attempt < 3 && (await page.textContent('#entity-name')) !== '民进广东省委'; attempt++) {
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))));
        const at = (await page.evaluate((id) => (globalThis as unknown as PageGlobals).annals.nodePosition(id), 'org-capd-guangdong'))!;
        const box = (await page.locator('#graph').boundingBox())!;
        await page.mouse.click(box.x + at.x, box.y + at.y);
        await page.waitForTimeout(500);
      }
      await poll(() => page.textContent('#entity-name')).toBe('民进广东省委');
      await poll(async () => (await graphOf(page)).nodes.length).toBeGreaterThan(before);
      const expanded = await graphOf(page);
      expect(expanded.nodes).toEqual(expect.arrayContaining([LUO, HU, YAO, 'org-capd']));
      await shot(page, 'graph-expanded');

      // The connection between 姚本棠 and 胡献: both hold posts in 民进广东省委; the path is highlighted.
      await pick(page, '#path-from', '姚本棠', YAO);
      await pick(page, '#path-to', 'hu xian', HU);
      await page.click('#path-find');
      await poll(() => urlParams(page).get('path')).toBe(`${YAO},${HU}`);
      const first = page.locator('#path-results .path').first();
      await first.waitFor({ state: 'visible' });
      expect(await first.innerText()).toMatch(/姚本棠[\s\S]*副主委[\s\S]*民进广东省委[\s\S]*副秘书长[\s\S]*胡献/);
      await poll(async () => (await graphOf(page)).path.sort()).toEqual(
        [HU, `${HU}--held-position--org-capd-guangdong`, 'org-capd-guangdong', YAO, `${YAO}--held-position--org-capd-guangdong`].sort(),
      );
      await page.locator('#graph-section').scrollIntoViewIfNeeded();
      await shot(page, 'connection');

      // The zh / en switch: labels, date formats, the page language; all kept in the URL.
      await page.click('button[data-lang="en"]');
      await poll(() => page.textContent('#timeline-h')).toBe('Timeline');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(urlParams(page).get('lang')).toBe('en');
      await poll(() => page.locator(`#event-list li[data-id="${SYMPOSIUM}"]`).innerText()).toContain('7–8 July 2006');
      expect(await page.textContent('#timeline-count')).toContain('July 2006');
      await poll(() => page.locator('#entity-body').innerText()).toContain('Deputy Secretary-General');
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
      await shot(page, 'en');

      // Shareable: the same URL in a new page shows the same entity, window and path.
      const shared = page.url();
      const { page: again, problems: againProblems } = await openPage();
      await again.goto(shared);
      await poll(() => again.textContent('#entity-name')).toBe('民进广东省委');
      expect(await again.inputValue('#window-from')).toBe('2006-07');
      await poll(() => again.locator('#path-results .path').count()).toBeGreaterThan(0);
      expect(await again.textContent('#timeline-h')).toBe('Timeline');
      await again.context().close();

      await page.context().close();
      expect(problems).toEqual([]);
      expect(againProblems).toEqual([]);
    },
  );

  it('is usable from the keyboard: Tab to the search box, type, arrow down, Enter opens the entity', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage();
    await page.goto(`${origin}/?lang=zh`);
    await poll(() => page.textContent('#timeline-count')).toContain(await allTimeCount());
    let tabs = 0;
    while (tabs < 5 && (await focused(page)) !== 'search-input') {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(await focused(page)).toBe('search-input');
    expect(tabs).toBeLessThanOrEqual(2); // the skip link, then the search box
    await page.keyboard.type('hu xian');
    await page.locator('#search-input-listbox [role=option]').first().waitFor({ state: 'visible' });
    expect(await page.getAttribute('#search-input', 'aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    const active = await page.getAttribute('#search-input', 'aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.getAttribute(`#${active}`, 'aria-selected')).toBe('true');
    expect(await page.getAttribute(`#${active}`, 'data-id')).toBe(HU);
    await shot(page, 'keyboard-suggestions');
    await page.keyboard.press('Enter');
    await poll(() => page.textContent('#entity-name')).toBe('胡献');
    // Focus follows to the opened entity, and its citations are the next stops.
    expect(await focused(page)).toBe('entity-name');
    let reached = false;
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await focusedIsCitation(page);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('#citation-dialog[open] mark.quote').waitFor({ state: 'visible' });
    expect(await page.textContent('mark.quote')).toContain('胡献');
    await page.keyboard.press('Escape');
    await poll(() => dialogOpen(page)).toBe(false);

    // Every control has a name; the page has one h1 and a lang.
    const unnamed = await page.evaluate<string[]>(`[...document.querySelectorAll('button, input, select, a[href], [role=combobox]')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && el.textContent.trim() === '')
      .map((el) => el.outerHTML.slice(0, 80))`);
    expect(unnamed).toEqual([]);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});

describe('the explorer on a phone (390×844)', () => {
  it('fits the width, and still opens an entity, its citation and the July 2006 timeline', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(PHONE);
    await page.goto(`${origin}/?entity=${LUO}&from=2006-07&to=2006-07&lang=zh`);
    await poll(() => page.textContent('#entity-name')).toBe('罗富和');
    await poll(() => timelineOf(page)).toContain(SYMPOSIUM);
    // No sideways scrolling, and the search box spans the screen.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    const search = (await page.locator('#search-input').boundingBox())!;
    expect(search.width).toBeGreaterThan(300);
    await shot(page, 'phone');
    await shot(page, 'phone-full', true);

    await page.locator('section[aria-labelledby="entity-positions-h"] button.cite').first().click();
    const mark = page.locator('#citation-dialog[open] mark.quote');
    await mark.waitFor({ state: 'visible' });
    expect(await mark.textContent()).toBe('罗富和主委亲任领导小组组长');
    const dialog = (await page.locator('#citation-dialog').boundingBox())!;
    expect(dialog.x).toBeGreaterThanOrEqual(0);
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-citation');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});

describe('authority-file identifiers in the entity panel', () => {
  it('are links to their authority files, opened in a new window; entities without any show no section', { timeout: 60_000 }, async () => {
    const id = 'test-explorer-identifiers';
    const created = await asCurator('alice', `mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }`, {
      input: {
        id,
        type: 'PERSON',
        name: '胡献',
        identifiers: [
          { scheme: 'WIKIDATA', value: 'Q987654329' },
          { scheme: 'ISNI', value: '0000 0002 1694 233X' },
        ],
        citations: [{ source: 'src-mj-gd-2006-qingyuan', quote: '胡献副秘书长作了机关建设工作总结' }],
      },
    });
    expect(created.errors).toBeUndefined();
    try {
      const { page, problems } = await openPage();
      await page.goto(`${origin}/?entity=${id}&lang=en`);
      await poll(() => page.textContent('#entity-name')).toBe('胡献');
      expect(await page.textContent('#entity-identifiers-h')).toBe('Identifiers');
      const links = page.locator('section[aria-labelledby="entity-identifiers-h"] a');
      expect(await links.count()).toBe(2);
      expect(await links.nth(0).getAttribute('href')).toBe('http://www.wikidata.org/entity/Q987654329');
      expect(await links.nth(0).innerText()).toMatch(/Wikidata\s+Q987654329/);
      expect(await links.nth(1).getAttribute('href')).toBe('https://isni.org/isni/000000021694233X');
      expect(await links.nth(1).getAttribute('target')).toBe('_blank');
      expect(await links.nth(1).getAttribute('rel')).toBe('noopener noreferrer');
      await shot(page, 'identifiers');
      await page.goto(`${origin}/?entity=${LUO}&lang=zh`);
      await poll(() => page.textContent('#entity-name')).toBe('罗富和');
      expect(await page.locator('#entity-identifiers-h').count()).toBe(0);
      await page.context().close();
      expect(problems).toEqual([]);
    } finally {
      await executor.write({ cypher: 'MATCH (n) WHERE n.id = $id OR n.about = $id DETACH DELETE n', params: { id } });
    }
  });
});
