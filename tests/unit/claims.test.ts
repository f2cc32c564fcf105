import { describe, expect, it } from 'vitest';
import { resolveClaims } from '../../src/domain/claims.js';

const published = new Map<string, string | null>([
  ['article', '2006-07-08/..'],
  ['year', '2006'],
  ['note', '2026-11-26'],
  ['later', '2010'],
  ['other', null],
  ['other2', null],
]);

describe('resolveClaims: contemporary sources over later restatements', () => {
  it("prefers the contemporary article's title over a 2026 restatement, whatever the order", () => {
    const set = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: '主委', sourceIds: ['article'] },
      others: [{ id: 'c1', value: '主任委员', sourceIds: ['note'] }],
      published,
      factTime: { earliest: '2003-01-01', latest: '2003-12-31' },
    });
    expect(set.preferred.value).toBe('主委');
    // 2006-07-08 is 920 days after 2003-12-31; 2026-11-26 is 8366 days after it.
    expect(set.rule).toBe('contemporary source (published 2006-07-08/.., 920 days from the fact, over 2026-11-26, 8366 days)');
    const swapped = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: '主任委员', sourceIds: ['note'] },
      others: [{ id: 'c1', value: '主委', sourceIds: ['article'] }],
      published,
      factTime: { earliest: '2003-01-01', latest: '2003-12-31' },
    });
    expect(swapped.preferred.value).toBe('主委');
  });

  it('counts a publication overlapping the claimed span as 0 days, before precision', () => {
    const set = resolveClaims({
      about: 'e',
      property: 'date',
      curated: { value: '2006-07', sourceIds: ['article'] },
      others: [{ id: 'c1', value: '2006-07-07/2006-07-08', sourceIds: ['note'] }],
      published,
    });
    expect(set.preferred.value).toBe('2006-07');
    expect(set.rule).toMatch(/^contemporary source \(published 2006-07-08\/\.\., 0 days from the fact, over 2026-11-26, \d+ days\)$/);
  });

  it('ranks an undated source after any dated one', () => {
    const set = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: 'A', sourceIds: ['other'] },
      others: [{ id: 'c', value: 'B', sourceIds: ['note'] }],
      published,
      factTime: { earliest: '2003-01-01', latest: '2003-12-31' },
    });
    expect(set.preferred.value).toBe('B');
    expect(set.rule).toMatch(/over undated\)$/);
  });

  it('with the fact undated, prefers the earlier source', () => {
    const set = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: 'A', sourceIds: ['note'] },
      others: [{ id: 'c', value: 'B', sourceIds: ['later'] }],
      published,
      factTime: null,
    });
    expect(set.preferred.value).toBe('B');
  });

  it('at equal distance, prefers the more precise date', () => {
    const set = resolveClaims({
      about: 'e',
      property: 'date',
      curated: { value: '2006-07', sourceIds: ['year'] },
      others: [{ id: 'c1', value: '2006-07-07/2006-07-08', sourceIds: ['article'] }],
      published,
    });
    expect(set.preferred.value).toBe('2006-07-07/2006-07-08');
    expect(set.rule).toBe('more precise (DAY over MONTH)');
    expect(set.claims).toHaveLength(2);
    expect(set.claims.filter((c) => c.preferred)).toHaveLength(1);
  });

  it('merges claims of the same value, so corroboration counts as more sources when both are undated', () => {
    const set = resolveClaims({
      about: 'r',
      property: 'title',
      curated: { value: '主委', sourceIds: ['other'] },
      others: [
        { id: 'c1', value: '主委', sourceIds: ['other2'] },
        { id: 'c2', value: '主任委员', sourceIds: ['other'] },
      ],
      published,
    });
    expect(set.claims.map((c) => [c.value, c.sourceIds])).toEqual([
      ['主委', ['other', 'other2']],
      ['主任委员', ['other']],
    ]);
    expect(set.preferred.value).toBe('主委');
    expect(set.rule).toBe('more sources (2 over 1)');
  });

  it('keeps the curated value when nothing else differs', () => {
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
