// GraphiQL at /graphiql end to end: the bundle built from the current source, served by the real
// server (with its Content-Security-Policy) on the seeded graph, in headless Debian Chromium that
// may reach nothing but that server. The README's examples are its tabs; one runs and shows its JSON.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeExamples } from '../../src/web/ide/examples.js';
import { connectApi } from '../helpers/api.js';
import { poll, SHOTS, startExplorer, type Explorer } from '../helpers/explorer.js';

const { driver, logger } = connectApi();
let explorer: Explorer;
let origin: string;
const examples = readmeExamples(readFileSync('README.md', 'utf8'));

beforeAll(async () => {
  explorer = await startExplorer(driver, logger, { build: 'build:ide' });
  origin = explorer.origin;
}, 180_000);

afterAll(async () => {
  await explorer?.stop();
});

/** A fresh page that may reach only the server under test, recording every request and problem. */
async function openIde(): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const context = await explorer.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) =>
    m.type() === 'error' || m.type() === 'warning' ? problems.push(`console ${m.type()}: ${m.text()}`) : undefined,
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => (r.status() >= 400 ? problems.push(`HTTP ${r.status()}: ${r.url()}`) : undefined));
  // Offline: any request elsewhere (a CDN, a web font) is aborted, and recorded.
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url().startsWith(origin) ? route.continue() : route.abort();
  });
  // Time of the page's own clock, so the test can move GraphiQL's debounce on (below) instead of waiting.
  await page.clock.install();
  await page.goto(`${origin}/graphiql`);
  return { page, problems, requests };
}

describe('GraphiQL at /graphiql', () => {
  it('derives its tabs from the README: every example operation, named', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples[0]!.query).toMatch(/^# Who led the 2003 work-style year|^query Event /);
    expect(new Set(examples.map((e) => /query (\w+)/.exec(e.query)?.[1])).size).toBe(examples.length);
  });

  it('loads with the README examples as tabs, runs one and shows its JSON, and requests nothing from elsewhere', async () => {
    const { page, problems, requests } = await openIde();
    const tabs = page.locator('.graphiql-tab');
    await poll(() => tabs.count()).toBe(examples.length);
    await expect(page.locator('.graphiql-tab', { hasText: 'Timeline' }).count()).resolves.toBe(1);
    // The first tab is the README's first example: who led the 2003 work-style year.
    await page.locator('.graphiql-tab').first().click();
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await poll(() => result.innerText()).toContain('机关作风建设年活动');
    await poll(() => result.innerText()).toContain('罗富和主委亲任领导小组组长');
    await page.screenshot({ path: `${SHOTS}graphiql-run.png` });
    // Another tab runs its own operation: the timeline of June 2002 to 2003, read CERTAINLY.
    await page.locator('.graphiql-tab', { hasText: 'Timeline' }).click();
    await poll(() => page.locator('.graphiql-query-editor').innerText()).toContain('query Timeline');
    // GraphiQL learns the operation's name 100 ms after the editor changes (a debounce): as a
    // reader would, let that pass before running, on the page's clock.
    await page.clock.fastForward(500);
    await page.locator('.graphiql-execute-button').click();
    await poll(() => result.innerText()).toContain('"totalCount": 4');
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(requests.some((url) => url === `${origin}/graphql`)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('has the docs explorer and autocompletion from introspection of /graphql', async () => {
    const { page, problems } = await openIde();
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await poll(() => docs.innerText()).toContain('Query');
    await docs.getByText('Query', { exact: true }).first().click();
    await poll(() => docs.innerText()).toContain('timeline');
    // Autocompletion in the query editor: a new tab, a few letters, the schema's fields offered.
    await page.getByRole('button', { name: /new tab/i }).click();
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{ timel');
    const hints = page.locator('.CodeMirror-hints');
    await poll(() => hints.innerText()).toContain('timeline');
    await page.screenshot({ path: `${SHOTS}graphiql-docs.png` });
    expect(problems).toEqual([]);
  });
});
