import { AnnalsError, ErrorCode } from '../errors.js';

/**
 * `Annals-Bookmark`: causal consistency for clients of several Annals processes. A response to a
 * request that wrote carries the bookmark of its write; a client that sends it back on its next
 * request (to any process) reads at least that write. The value is opaque: Neo4j's bookmarks,
 * comma-separated, exactly as the response gave them.
 */
export const BOOKMARK_HEADER = 'annals-bookmark';

/** At most this many bookmarks in one header (one per database is what Neo4j hands out). */
export const MAX_BOOKMARKS = 8;
/** At most this many characters in the header (a Neo4j 5 bookmark is well under 100). */
export const MAX_BOOKMARK_HEADER_CHARS = 2048;

// Printable ASCII without the comma (the separator) and spaces.
const BOOKMARK = /^[\x21-\x2b\x2d-\x7e]+$/;

function malformed(reason: string): AnnalsError {
  return new AnnalsError(
    ErrorCode.BAD_USER_INPUT,
    `The Annals-Bookmark header is malformed (${reason}): send it back exactly as a response gave it, or leave it out.`,
    { field: 'Annals-Bookmark', http: { status: 400 } },
  );
}

/**
 * The bookmarks of a request's `Annals-Bookmark` header (none when absent or empty). A header
 * over MAX_BOOKMARK_HEADER_CHARS, with more than MAX_BOOKMARKS entries or with a character
 * outside printable ASCII is refused (BAD_USER_INPUT, HTTP 400) before anything runs.
 */
export function parseBookmarkHeader(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(',');
  if (text.length > MAX_BOOKMARK_HEADER_CHARS) throw malformed(`over ${MAX_BOOKMARK_HEADER_CHARS} characters`);
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length > MAX_BOOKMARKS) throw malformed(`more than ${MAX_BOOKMARKS} bookmarks`);
  if (!parts.every((p) => BOOKMARK.test(p))) throw malformed('a character outside printable ASCII');
  return [...new Set(parts)];
}

/** The header value a response carries: the bookmarks of its write, else those it was given; undefined for none. */
export function bookmarkHeaderValue(made: readonly string[] | undefined, given: readonly string[]): string | undefined {
  const list = made ?? given;
  return list.length === 0 ? undefined : list.join(',');
}
