import { badInput, checkArguments } from '../errors.js';
import { intArgument } from '../model/arguments.js';
import type { Executor } from '../db/executor.js';
import { searchEntities } from '../queries/search.js';
import type { Projection } from '../queries/projection.js';
import type { EntityRecord } from '../model/records.js';

export const SEARCH_MAX_FIRST = 100;
export const SEARCH_MAX_LENGTH = 200;

export interface SearchHitRecord {
  entity: EntityRecord;
  score: number;
}

// Lucene query syntax; removed rather than escaped, so no user text can become an operator.
const LUCENE_SYNTAX = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Turns what a person typed into a plain Lucene query: words only, lowercased (AND/OR/NOT lose
 * their meaning), plus the Latin words joined, because pinyin is typed as "luo fuhe" or "luofuhe".
 * With `prefix` (typing ahead), a last Latin word of two or more letters or digits also counts as
 * the beginning of a word ("luo fu" finds Luo Fuhe): the only operator ever added, `*`, after
 * characters checked here.
 */
export function toLuceneQuery(text: string, { prefix = false }: { prefix?: boolean } = {}): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LUCENE_SYNTAX, ' ')
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const latin = words.filter((w) => /^[a-z0-9]+$/.test(w));
  const terms = latin.length > 1 ? [...words, latin.join('')] : [...words];
  const last = words[words.length - 1];
  if (prefix && last !== undefined && /^[a-z0-9]{2,}$/.test(last)) {
    terms.push(`${last}*`);
    if (latin.length > 1 && latin[latin.length - 1] === last) terms.push(`${latin.join('')}*`);
  }
  return terms.join(' ');
}

/** Ranked full-text search; rejects empty or oversized text and out-of-range `first`. */
export async function search(
  executor: Executor,
  args: { text: string; types?: readonly string[] | null; first?: number | null; prefix?: boolean },
  node: Projection = 'ALL',
): Promise<SearchHitRecord[]> {
  const first = checkArguments(() => intArgument(args.first, { field: 'first', min: 1, max: SEARCH_MAX_FIRST }, 10));
  if (args.text.length > SEARCH_MAX_LENGTH) throw badInput(`search text is limited to ${SEARCH_MAX_LENGTH} characters`, 'text');
  const lucene = toLuceneQuery(args.text, { prefix: args.prefix ?? false });
  if (!/[\p{L}\p{N}]/u.test(lucene)) throw badInput('search text needs at least one letter or digit', 'text');
  const types = args.types && args.types.length > 0 ? [...args.types] : null;
  const rows = await executor.read(searchEntities(lucene, args.text.normalize('NFKC').trim().toLowerCase(), types, first, node));
  return rows.map((r) => ({ entity: r.node, score: r.score }));
}
