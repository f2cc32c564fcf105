import { describe, expect, it } from 'vitest';
import { resolveClaims } from '../../src/domain/claims.js';

const published = new Map<string, string | null>([
  ['article', '2006'],
  ['note', '2026-11-26'],
  ['other', null],
]);

describe('resolveClaims', () => {
  it('prefers the more precise date and keeps the other claim', () => {
    const set = resolveClaims({
      about: 'e',
      property: 'date',
      curated: { value: '2006-07', sourceIds: ['note'] },
      others: [{ id: 'c1', value: '2006-07-07/2006-07-08', sourceIds: ['article'] }],
      published,
    });
    expect(set.preferred.value).toBe('2006-07-07/2006-07-08');
    expect(set.rule).toBe('more precise (DAY over MONTH)');
    expect(set.claims).toHaveLength(2);
    expect(set.claims.filter((c) => c.preferred)).toHaveLength(1);
  });

  it('merges claims of the same value, so corroboration counts as more sources', () => {
    const set = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: '主委', sourceIds: ['article'] },
      others: [
        { id: 'c1', value: '主委', sourceIds: ['note'] },
        { id: 'c2', value: '主任委员', sourceIds: ['other'] },
      ],
      published,
    });
    expect(set.claims.map((c) => [c.value, c.sourceIds])).toEqual([
      ['主委', ['article', 'note']],
      ['主任委员', ['other']],
    ]);
    expect(set.preferred.value).toBe('主委');
    expect(set.rule).toBe('more sources (2 over 1)');
  });

  it('falls back to the newer source, then to the curated value', () => {
    const newer = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: 'A', sourceIds: ['article'] },
      others: [{ id: 'c', value: 'B', sourceIds: ['note'] }],
      published,
    });
    expect(newer.preferred.value).toBe('B');
    expect(newer.rule).toBe('newer source (2026-11-26 over 2006-12-31)');
    const tie = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: 'A', sourceIds: ['other'] },
      others: [{ id: 'c', value: 'B', sourceIds: ['other'] }],
      published,
    });
    expect(tie.preferred.value).toBe('A');
    expect(tie.rule).toBe('curated value (no other difference)');
  });

  it('says when all sources agree', () => {
    const set = resolveClaims({ about: 'e', property: 'date', curated: { value: '2003', sourceIds: ['article'] }, others: [], published });
    expect(set.rule).toBe('all 1 source(s) agree');
  });
});
