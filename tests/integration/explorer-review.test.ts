// The review page (review.html) in headless Debian Chromium: a write token holder opens a draft
// proposed by someone else, sees the source text with the proposed mentions highlighted, accepts
// one proposal and rejects another with a reason, and the graph and the proposals say so. The
// accepted change is reverted and the proposals removed at the end.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { proposeDataset } from '../../src/domain/curation/review.js';
import { proposeText } from '../../src/domain/propose.js';
import { connectApi } from '../helpers/api.js';
import { poll, SHOTS, startExplorer, type Explorer } from '../helpers/explorer.js';
import { graphState } from '../helpers/graph.js';

const NOTE = '2016年1月24日，民进广东省委在广州召开全体会议，主委罗富和出席并讲话。张明远副主委主持会议，会议共收到大会发言1件。';
const { gql, asCurator, executor, driver, logger } = connectApi();
const writer = newToken('rita', 'write');
const proposer = newToken('pat', 'propose');
let explorer: Explorer;
let draftId = '';
let initial: Awaited<ReturnType<typeof graphState>>;

beforeAll(async () => {
  initial = await graphState(executor, true);
  const { yaml } = await proposeText(executor.reader, { text: NOTE, fileName: 'note-review.txt', date: '2016-01-24' });
  draftId = (await proposeDataset(executor, { kind: 'curator', curator: 'pat', role: 'propose' }, yaml)).id;
  explorer = await startExplorer(driver, logger, { tokens: parseTokens(`${writer.entry},${proposer.entry}`, undefined) });
}, 240_000);

afterAll(async () => {
  await explorer?.stop();
  const changes = await executor.read<{ id: string }>({
    cypher: 'MATCH (p:Proposal {draft: $d}) WHERE p.change IS NOT NULL RETURN DISTINCT p.change AS id',
    params: { d: draftId },
  });
  for (const c of changes) expect((await asCurator('rita', `mutation { revert(changeId: "${c.id}") { id } }`)).errors).toBeUndefined();
  await executor.write({ cypher: 'MATCH (n) WHERE n:ProposalDraft OR n:Proposal DETACH DELETE n', params: {} });
  expect(await graphState(executor, true)).toEqual(initial);
});

/** Waits until the status line matches (a bound of 2 minutes for a write on a shared machine, not a measurement). */
const settled = (page: Page, pattern: RegExp) =>
  expect.poll(() => page.locator('#review-status').textContent(), { timeout: 120_000, interval: 200 }).toMatch(pattern);

describe('the review page', () => {
  it('shows the source with proposed mentions highlighted; accept and reject per item reach the graph', { timeout: 300_000 }, async () => {
    const page = await explorer.browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${explorer.origin}/review.html?draft=${draftId}`);
    await page.fill('#token-input', writer.token);
    await page.click('#token-load');
    await poll(() => page.locator('pre.source-text').textContent()).toBe(NOTE);
    // Every highlight is a span of the note, and the known person and the new one are among them.
    const marks = await page.locator('mark.mention').allTextContents();
    expect(marks).toContain('罗富和');
    expect(marks).toContain('张明远');
    for (const m of marks) expect(NOTE).toContain(m);

    const position = page.locator('li.proposal', { hasText: 'person-luo-fuhe HELD_POSITION org-capd-guangdong' });
    const positionId = await position.getAttribute('data-proposal');
    await position.locator('button.accept').click();
    // An accept is an import (validation in the import worker, one transaction): the page says when it is done, or why not.
    await settled(page, /^accepted |error|refused|invalid|FORBIDDEN|timed out/i);
    expect(await page.locator('#review-status').textContent()).toBe(`accepted ${positionId}`);
    await poll(() => position.getAttribute('data-status')).toBe('ACCEPTED');

    const organizer = page.locator('li.proposal', { hasText: 'ORGANIZED' });
    await organizer.locator('button.reject').click();
    await poll(() => page.locator('#review-status').textContent()).toBe('Give a reason to reject.');
    await organizer.locator('input.reason').fill('the note does not say who organized it');
    await organizer.locator('button.reject').click();
    await settled(page, /^rejected |error|refused|invalid|FORBIDDEN/i);
    await poll(() => organizer.getAttribute('data-status')).toBe('REJECTED');
    await page.screenshot({ path: `${SHOTS}review.png`, fullPage: true });
    expect(failed).toEqual([]);

    const luo = await gql<{ person: { positions: { title: string; attestedAt: { edtf: string } | null }[] } }>(
      '{ person(id: "person-luo-fuhe") { positions { title attestedAt { edtf } } } }',
    );
    // A new source restating the curated position keeps its attestedAt (2003); its own date becomes a claim.
    expect(luo.data!.person.positions).toContainEqual({ title: '主委', attestedAt: { edtf: '2003' } });
    expect(luo.data!.person.positions).not.toContainEqual({ title: '主委', attestedAt: { edtf: '2016-01-24' } });
    const rejected = await gql<{ proposals: { reason: string; reviewer: string }[] }>(
      `{ proposals(status: REJECTED, draft: "${draftId}") { reason reviewer } }`,
      undefined,
      { kind: 'curator', curator: 'rita', role: 'write' },
    );
    expect(rejected.data!.proposals).toEqual([{ reason: 'the note does not say who organized it', reviewer: 'rita' }]);
    await page.close();
  });

  it('a propose token can read the draft but its accept is refused, shown on the page', async () => {
    const page = await explorer.browser.newPage();
    await page.goto(`${explorer.origin}/review.html?draft=${draftId}`);
    await page.fill('#token-input', proposer.token);
    await page.click('#token-load');
    await poll(() => page.locator('pre.source-text').textContent()).toBe(NOTE);
    await page.locator('li.proposal[data-status="PROPOSED"] button.accept').first().click();
    await settled(page, /may only propose/);
    await page.close();
  });
});
