import { precisionRank, type ParsedDate } from './dates.js';
import { nameKeys, nameSearchText } from './chinese.js';
import { hasHan, personPinyin, pinyinSearchText, pinyinSortKey, toneless } from './pinyin.js';
import type { EntityLabel } from './vocabulary.js';

/** Stored property values: what Neo4j keeps on a node or relationship (no maps, no nesting). */
export type Props = Record<string, string | number | boolean | string[] | number[] | null>;

interface NameInput {
  value: string;
  lang: string;
  kind: string;
}

/**
 * Names as parallel lists (Neo4j has no maps in properties), with pinyin generated when none is given,
 * the derived search text (aliasText, pinyinText, searchText) the full-text index reads, and what
 * browsing reads: `sortName` (pinyin collation of the primary name) and `nameKeys` (every name
 * folded, in both scripts).
 */
export function nameProps(primary: string, label: EntityLabel, names: NameInput[]): Props {
  const all: NameInput[] = [{ value: primary, lang: hasHan(primary) ? 'zh-Hans' : 'en', kind: 'PRIMARY' }, ...names];
  if (!all.some((n) => n.lang === 'pinyin') && hasHan(primary)) {
    all.push({ value: label === 'Person' ? personPinyin(primary) : toneless(primary).join(' '), lang: 'pinyin', kind: 'PRIMARY' });
  }
  const unique = all.filter((n, i) => all.findIndex((m) => m.value === n.value && m.lang === n.lang) === i);
  const hanNames = unique.filter((n) => hasHan(n.value)).map((n) => n.value);
  const pinyinNames = unique.filter((n) => n.lang === 'pinyin').map((n) => n.value.toLowerCase());
  return {
    name: primary,
    nameValues: unique.map((n) => n.value),
    nameLangs: unique.map((n) => n.lang),
    nameKinds: unique.map((n) => n.kind),
    aliasText: unique
      .filter((n) => n.value !== primary && n.lang !== 'pinyin')
      .map((n) => n.value)
      .join(' | '),
    pinyinText: [...hanNames.map(pinyinSearchText), ...pinyinNames].join(' '),
    // Both scripts, single characters and pinyin initials, so 羅, 罗 and lfh find 罗富和.
    searchText: nameSearchText(hanNames, label === 'Person'),
    sortName: pinyinSortKey(primary, label === 'Person'),
    nameKeys: nameKeys(
      unique.map((n) => n.value),
      label === 'Person',
    ),
  };
}

/** What a name in a reader's language reads of an entity's stored names. */
export interface StoredNames {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly nameValues?: unknown;
  readonly nameLangs?: unknown;
  readonly nameKinds?: unknown;
}

/**
 * The name to show a reader: in Chinese (`zh`), the primary name; in English (`en`), the primary
 * English name, else another English one, else the pinyin name (given, or generated at write),
 * else toneless pinyin of the primary name, else the primary name when it has no Han characters.
 * An English reader is never silently shown Chinese characters for want of a translation.
 */
export function nameIn(e: StoredNames, lang: 'zh' | 'en'): string {
  const primary = typeof e.name === 'string' ? e.name : '';
  if (lang === 'zh') return primary;
  const values = Array.isArray(e.nameValues) ? (e.nameValues as string[]) : [];
  const langs = Array.isArray(e.nameLangs) ? (e.nameLangs as string[]) : [];
  const kinds = Array.isArray(e.nameKinds) ? (e.nameKinds as string[]) : [];
  const pick = (l: string): string | undefined => {
    const i = values.findIndex((v, n) => langs[n] === l && kinds[n] === 'PRIMARY' && v.trim() !== '' && !hasHan(v));
    const j = i >= 0 ? i : values.findIndex((v, n) => langs[n] === l && v.trim() !== '' && !hasHan(v));
    return j >= 0 ? values[j] : undefined;
  };
  const found = pick('en') ?? pick('pinyin');
  if (found !== undefined) return found;
  if (!hasHan(primary)) return primary;
  return e.type === 'PERSON' ? personPinyin(primary) : toneless(primary).join(' ');
}

/**
 * The properties stored as Neo4j DATE values rather than text (the bounds of an entity's or a
 * relationship's own date): the import statements write `date(row.props.earliest)`, and the bulk
 * importer's CSV declares these columns `:date`.
 */
export const STORED_DATE_PROPERTIES = ['earliest', 'latest'] as const;

/** Date properties: the EDTF text plus derived bounds, under a prefix. */
export function dateProps(d: ParsedDate | null, prefix = ''): Props {
  const key = (k: string): string => (prefix === '' ? k : `${prefix}${k[0]?.toUpperCase() ?? ''}${k.slice(1)}`);
  if (d === null) return {};
  return {
    [key('edtf')]: d.edtf,
    [key('earliest')]: d.earliest,
    [key('latest')]: d.latest,
    [key('precision')]: d.precision,
  };
}

/** The timeline's sort key: earliest, then coarser precision first, then id; ISO dates sort as text. */
export function timelineKey(d: ParsedDate, id: string): string {
  return `${d.earliest ?? '0000-00-00'}|${precisionRank(d.precision)}|${id}`;
}

/** Span classes reach 2^22 days (about 11,000 years), beyond any EDTF year this API accepts. */
export const MAX_SPAN_CLASS = 22;

/**
 * Where the timeline finds an event that began before a window: its span class k (both bounds
 * known, latest - earliest <= 2^k days), so only events starting within 2^k days of the window
 * need a look; an event with an open, unknown or missing bound is `openBounds` instead.
 */
export function timelineBucket(d: ParsedDate | null): { spanClass: number | null; openBounds: boolean | null } {
  if (d === null || d.earliest === null || d.latest === null) return { spanClass: null, openBounds: true };
  const days = (Date.parse(`${d.latest}T00:00:00Z`) - Date.parse(`${d.earliest}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(days)) return { spanClass: MAX_SPAN_CLASS, openBounds: null };
  let k = 0;
  while (2 ** k < days && k < MAX_SPAN_CLASS) k += 1;
  return { spanClass: k, openBounds: null };
}
