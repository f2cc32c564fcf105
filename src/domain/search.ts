import { badInput, checkArguments } from '../errors.js';
import { intArgument } from '../model/arguments.js';
import { queryForms, scriptForms } from '../model/chinese.js';
import { hasHan, pinyinInitials, pinyinSearchText } from '../model/pinyin.js';
import type { MatchedField } from '../model/vocabulary.js';
import type { Executor } from '../db/executor.js';
import { searchEntities, type ViaRow } from '../queries/search.js';
import type { Projection } from '../queries/projection.js';
import type { EntityRecord } from '../model/records.js';

export const SEARCH_MAX_FIRST = 100;
export const SEARCH_MAX_LENGTH = 200;

export interface SearchMatchRecord {
  kind: MatchedField;
  value: string;
  via: string | null;
}

export interface SearchHitRecord {
  entity: EntityRecord;
  score: number;
  matched: SearchMatchRecord;
}

// Lucene query syntax; removed rather than escaped, so no user text can become an operator.
const LUCENE_SYNTAX = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** The words of what a person typed: NFKC, lowercased, Lucene syntax and control characters removed. */
export function queryWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LUCENE_SYNTAX, ' ')
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/**
 * Turns what a person typed into a plain Lucene query: words only, lowercased (AND/OR/NOT lose
 * their meaning), plus the Latin words joined, because pinyin is typed as "luo fuhe" or "luofuhe".
 * With `prefix` (typing ahead), a last Latin word of two or more letters or digits also counts as
 * the beginning of a word ("luo fu" finds Luo Fuhe): the only operator ever added, `*`, after
 * characters checked here.
 */
export function toLuceneQuery(text: string, { prefix = false }: { prefix?: boolean } = {}): string {
  const words = queryWords(text);
  const latin = words.filter((w) => /^[a-z0-9]+$/.test(w));
  const terms = latin.length > 1 ? [...words, latin.join('')] : [...words];
  const last = words[words.length - 1];
  if (prefix && last !== undefined && /^[a-z0-9]{2,}$/.test(last)) {
    terms.push(`${last}*`);
    if (latin.length > 1 && latin[latin.length - 1] === last) terms.push(`${latin.join('')}*`);
  }
  return terms.join(' ');
}

/**
 * The Lucene query of a search: toLuceneQuery's words, plus each Chinese word in the other script
 * (副秘書長 → 副秘书长), so titles and roles, which are stored as written, fold both ways too.
 */
export function searchLucene(text: string, options: { prefix?: boolean } = {}): string {
  const lucene = toLuceneQuery(text, options);
  const words = lucene.split(' ');
  const folded = words.filter(hasHan).flatMap((w) => queryForms(w).slice(1));
  return [...new Set([...words, ...folded])].join(' ');
}

/** The typed text as compared with whole names: NFKC, trimmed, lowercased, in both scripts. */
export function exactForms(text: string): string[] {
  return queryForms(text.normalize('NFKC').trim().toLowerCase());
}

/** The Latin words of the typed text joined (luo fuhe → luofuhe), or '' when it has other words. */
export function compactLatin(text: string): string {
  const words = queryWords(text);
  return words.every((w) => /^[a-z0-9]+$/.test(w)) ? words.join('') : '';
}

function positionMatch(text: string, via: ViaRow): SearchMatchRecord {
  const title = via.type === 'HELD_POSITION';
  const values = (title ? [via.title, via.titleEn] : [via.role, via.roleEn]).filter((v): v is string => v !== null && v !== '');
  const forms = exactForms(text);
  const words = queryWords(text);
  // The value containing the typed text, else the one sharing a word or a character with it.
  const value =
    values.find((v) => forms.some((f) => v.toLowerCase().includes(f))) ??
    values.find((v) => words.some((w) => v.toLowerCase().includes(w))) ??
    values.find((v) => hasHan(v) === hasHan(text)) ??
    values[0] ??
    '';
  return { kind: title ? 'TITLE' : 'ROLE', value, via: via.id };
}

/**
 * Which of an entity's names a search matched, from the typed text and the names (the primary
 * first): a whole name in either script, then pinyin (whole, syllables or initials), then a name
 * sharing the typed text, a word or a character; the primary name when nothing else says more.
 */
export function nameMatch(text: string, names: readonly { value: string; lang: string }[]): SearchMatchRecord {
  const kindOf = (i: number): MatchedField => (names[i]?.lang === 'pinyin' ? 'PINYIN' : i === 0 ? 'NAME' : 'ALIAS');
  const at = (i: number): SearchMatchRecord => ({ kind: kindOf(i), value: names[i]?.value ?? '', via: null });
  const forms = exactForms(text);
  const compact = compactLatin(text);
  const whole = names.findIndex((n) => forms.includes(n.value.toLowerCase()));
  if (whole >= 0) return at(whole);
  if (compact !== '') {
    const pinyin = names.findIndex((n) => n.lang === 'pinyin' && n.value.toLowerCase().replace(/[\s']/g, '') === compact);
    if (pinyin >= 0) return at(pinyin);
    const words = queryWords(text);
    const read = names.findIndex(
      (n) =>
        hasHan(n.value) &&
        (pinyinInitials(n.value).includes(compact) ||
          pinyinSearchText(n.value)
            .split(' ')
            .some((t) => words.includes(t))),
    );
    if (read >= 0) return { kind: 'PINYIN', value: names[read]?.value ?? '', via: null };
    const latin = names.findIndex((n) => words.some((w) => n.value.toLowerCase().includes(w)));
    if (latin >= 0) return at(latin);
  }
  const contains = names.findIndex((n) => scriptForms(n.value.toLowerCase()).some((v) => forms.some((f) => v.includes(f))));
  if (contains >= 0) return at(contains);
  const typed = new Set(forms.flatMap((f) => Array.from(f)).filter((c) => hasHan(c)));
  const shares = names.findIndex((n) => scriptForms(n.value).some((v) => Array.from(v).some((c) => typed.has(c))));
  return at(shares >= 0 ? shares : 0);
}

/** Ranked full-text search; rejects empty or oversized text and out-of-range `first`. */
export async function search(
  executor: Executor,
  args: { text: string; types?: readonly string[] | null; first?: number | null; prefix?: boolean },
  node: Projection = 'ALL',
): Promise<SearchHitRecord[]> {
  const first = checkArguments(() => intArgument(args.first, { field: 'first', min: 1, max: SEARCH_MAX_FIRST }, 10));
  if (args.text.length > SEARCH_MAX_LENGTH) throw badInput(`search text is limited to ${SEARCH_MAX_LENGTH} characters`, 'text');
  const lucene = searchLucene(args.text, { prefix: args.prefix ?? false });
  if (!/[\p{L}\p{N}]/u.test(lucene)) throw badInput('search text needs at least one letter or digit', 'text');
  const types = args.types && args.types.length > 0 ? [...args.types] : null;
  const rows = await executor.read(searchEntities(lucene, exactForms(args.text), compactLatin(args.text), types, first, node));
  return rows.map((r) => ({
    entity: r.node,
    score: r.score,
    matched:
      r.via !== null
        ? positionMatch(args.text, r.via)
        : nameMatch(
            args.text,
            (r.nameValues ?? []).map((value, i) => ({ value, lang: r.nameLangs?.[i] ?? '' })),
          ),
  }));
}
