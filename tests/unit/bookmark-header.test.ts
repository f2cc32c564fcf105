import { describe, expect, it } from 'vitest';
import { AnnalsError } from '../../src/errors.js';
import { bookmarkHeaderValue, MAX_BOOKMARK_HEADER_CHARS, parseBookmarkHeader } from '../../src/server/bookmark-header.js';

function refusal(value: string | string[]): Record<string, unknown> {
  try {
    parseBookmarkHeader(value);
  } catch (err) {
    expect(err).toBeInstanceOf(AnnalsError);
    return (err as AnnalsError).extensions;
  }
  throw new Error('not refused');
}

describe('the Annals-Bookmark header', () => {
  it('reads absent, empty, one and several bookmarks (repeated headers joined, duplicates dropped)', () => {
    expect(parseBookmarkHeader(undefined)).toEqual([]);
    expect(parseBookmarkHeader('')).toEqual([]);
    expect(parseBookmarkHeader('FB:kcwQhRyDJZl/TxiB1t4t8URrAdKQ')).toEqual(['FB:kcwQhRyDJZl/TxiB1t4t8URrAdKQ']);
    expect(parseBookmarkHeader('FB:a, FB:b,,FB:a')).toEqual(['FB:a', 'FB:b']);
    expect(parseBookmarkHeader(['FB:a', 'FB:c'])).toEqual(['FB:a', 'FB:c']);
  });

  it('refuses an oversized, crowded or non-ASCII header as BAD_USER_INPUT with HTTP 400, naming the header', () => {
    const expected = { code: 'BAD_USER_INPUT', field: 'Annals-Bookmark', http: { status: 400 } };
    expect(refusal('x'.repeat(MAX_BOOKMARK_HEADER_CHARS + 1))).toMatchObject(expected);
    expect(refusal(Array.from({ length: 9 }, (_, i) => `FB:${i}`).join(','))).toMatchObject(expected);
    expect(refusal('FB:café')).toMatchObject(expected);
    expect(refusal('FB:a b')).toMatchObject(expected);
    expect(refusal('FB:a\tb')).toMatchObject(expected);
    // At the limit exactly, it is read.
    expect(parseBookmarkHeader('x'.repeat(MAX_BOOKMARK_HEADER_CHARS))).toHaveLength(1);
  });

  it('answers with the bookmark of the write, else the one given, else nothing', () => {
    expect(bookmarkHeaderValue(['FB:new'], ['FB:old'])).toBe('FB:new');
    expect(bookmarkHeaderValue(undefined, ['FB:old', 'FB:x'])).toBe('FB:old,FB:x');
    expect(bookmarkHeaderValue(undefined, [])).toBeUndefined();
  });
});
