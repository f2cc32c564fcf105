/**
 * Date expressions of running text, Chinese and English, turned into the EDTF Annals stores
 * (checked by parseDate): 2016年1月24日 → 2016-01-24, 2006年7月7-8日 → 2006-07-07/2006-07-08,
 * 2002年7月 → 2002-07, 2003年 → 2003, 上半年 → 2010-01/2010-06, 年初 → 2010-01~, 年底 → 2010-12~,
 * "March 2010" → 2010-03, "7 July 2006" → 2006-07-07. An expression without its year (7月7日至8日,
 * 3月) takes the year of the last dated expression before it, else the year the caller gives.
 * Offsets are UTF-16 code units, as JavaScript strings index.
 */
import { parseDate, type DatePrecision } from './dates.js';

export interface DateMention {
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset after the last character. */
  end: number;
  text: string;
  edtf: string;
  precision: DatePrecision;
  /** The year came from context (an earlier date, or the text's date), not from the expression. */
  yearCarried: boolean;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?';
const monthOf = (name: string): number => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().replace('.', '').slice(0, 3))) + 1;

const pad = (n: number): string => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const RANGE = '\\s*(?:-|–|—|~|～|至|到)\\s*';

/** Alternatives, most specific first: the leftmost match wins, and at one position the first alternative. */
const PATTERN = new RegExp(
  [
    // 2006年7月7-8日, 2006年7月7日至8日, 2006年7月30日至8月2日, 2016年1月24日
    `(?<ymd>(?<y1>\\d{4})年(?<m1>\\d{1,2})月(?<d1>\\d{1,2})[日号]?(?:${RANGE}(?:(?<m1b>\\d{1,2})月)?(?<d1b>\\d{1,2})[日号])?(?<![^日号\\d]))`,
    // 2010年上半年, 2010年下半年, 2010年初, 2010年底, 2010年末
    `(?<ypart>(?<y2>\\d{4})年(?:(?<half>上半年|下半年)|(?<edge>初|底|末)))`,
    // 2002年7月, 2002年7月至9月
    `(?<ym>(?<y3>\\d{4})年(?<m3>\\d{1,2})月(?:${RANGE}(?<m3b>\\d{1,2})月)?)`,
    // 2003年, 2002至2006年 (not 21世纪, not 2003年度's 度 only)
    `(?<yr>(?<y4>\\d{4})(?:${RANGE}(?<y4b>\\d{4}))?年)`,
    // 7月7日至8日, 7月7-8日, 7月7日 (year carried)
    `(?<md>(?<![\\d年])(?<m5>\\d{1,2})月(?<d5>\\d{1,2})[日号](?:${RANGE}(?:(?<m5b>\\d{1,2})月)?(?<d5b>\\d{1,2})[日号])?)`,
    // 上半年, 年初, 年底 (year carried); not inside 今年初 of a dated expression (those matched above)
    `(?<part>(?<![\\d])(?:(?<half6>上半年|下半年)|年(?<edge6>初|底)))`,
    // 7 July 2006, 7–8 July 2006
    `(?<dmy>\\b(?<d7>\\d{1,2})(?:${RANGE}(?<d7b>\\d{1,2}))?\\s+${MONTH_RE.replace('(', '(?<mn7>')}\\s+(?<y7>\\d{4})\\b)`,
    // July 7, 2006
    `(?<mdy>\\b${MONTH_RE.replace('(', '(?<mn8>')}\\s+(?<d8>\\d{1,2}),?\\s+(?<y8>\\d{4})\\b)`,
    // March 2010
    `(?<my>\\b${MONTH_RE.replace('(', '(?<mn9>')}\\s+(?<y9>\\d{4})\\b)`,
  ].join('|'),
  'gu',
);

function interval(a: string, b: string): string {
  return a === b ? a : `${a}/${b}`;
}

/** The EDTF of one match, and whether its year came from context; null when it is no date (月 13, a bad day). */
function edtfOf(g: Record<string, string | undefined>, carried: number | undefined): { edtf: string; yearCarried: boolean } | null {
  const n = (k: string): number | undefined => (g[k] === undefined ? undefined : Number(g[k]));
  if (g['ymd'] !== undefined) {
    const y = n('y1')!;
    const m = n('m1')!;
    const start = day(y, m, n('d1')!);
    return { edtf: g['d1b'] === undefined ? start : interval(start, day(y, n('m1b') ?? m, n('d1b')!)), yearCarried: false };
  }
  if (g['ypart'] !== undefined) return { edtf: partOfYear(n('y2')!, g['half'], g['edge']), yearCarried: false };
  if (g['ym'] !== undefined) {
    const y = n('y3')!;
    const a = `${y}-${pad(n('m3')!)}`;
    return { edtf: g['m3b'] === undefined ? a : interval(a, `${y}-${pad(n('m3b')!)}`), yearCarried: false };
  }
  if (g['yr'] !== undefined) return { edtf: g['y4b'] === undefined ? g['y4']! : interval(g['y4']!, g['y4b']), yearCarried: false };
  if (g['md'] !== undefined) {
    if (carried === undefined) return null;
    const m = n('m5')!;
    const start = day(carried, m, n('d5')!);
    return { edtf: g['d5b'] === undefined ? start : interval(start, day(carried, n('m5b') ?? m, n('d5b')!)), yearCarried: true };
  }
  if (g['part'] !== undefined) {
    if (carried === undefined) return null;
    return { edtf: partOfYear(carried, g['half6'], g['edge6']), yearCarried: true };
  }
  if (g['dmy'] !== undefined) {
    const y = n('y7')!;
    const m = monthOf(g['mn7']!);
    const start = day(y, m, n('d7')!);
    return { edtf: g['d7b'] === undefined ? start : interval(start, day(y, m, n('d7b')!)), yearCarried: false };
  }
  if (g['mdy'] !== undefined) return { edtf: day(n('y8')!, monthOf(g['mn8']!), n('d8')!), yearCarried: false };
  if (g['my'] !== undefined) return { edtf: `${g['y9']!}-${pad(monthOf(g['mn9']!))}`, yearCarried: false };
  return null;
}

/** 上半年 → the first six months; 年初 → about January (EDTF `~`), 年底/年末 → about December. */
function partOfYear(year: number, half: string | undefined, edge: string | undefined): string {
  if (half === '上半年') return `${year}-01/${year}-06`;
  if (half === '下半年') return `${year}-07/${year}-12`;
  return edge === '初' ? `${year}-01~` : `${year}-12~`;
}

const yearOf = (edtf: string): number => Number(edtf.slice(0, 4));

/**
 * Every date expression of `text`, in order. `year` is the text's year, for expressions that carry
 * none before any dated one. Expressions that make no valid EDTF (2006年13月) are left out.
 */
export function findDates(text: string, options: { year?: number } = {}): DateMention[] {
  const out: DateMention[] = [];
  let carried = options.year;
  for (const m of text.matchAll(PATTERN)) {
    const found = edtfOf(m.groups ?? {}, carried);
    if (found === null) continue;
    let precision: DatePrecision;
    try {
      precision = parseDate(found.edtf).precision;
    } catch {
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], edtf: found.edtf, precision, yearCarried: found.yearCarried });
    carried = yearOf(found.edtf);
  }
  return out;
}
