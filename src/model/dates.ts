/**
 * EDTF date semantics for Annals.
 *
 * Supported (a subset of EDTF level 1): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each optionally
 * followed by one qualifier `~` (approximate), `?` (uncertain) or `%` (both), and intervals
 * `A/B` where either end may be open (`..`) or unknown (empty), but not both.
 * Also one date of a range of dates (EDTF one-of-a-set, `[2002-06..2006-07]`): "at some time
 * within", unlike the interval `2002-06/2006-07`, "lasted throughout". Its members are plain
 * dates of one precision (no qualifiers), the first before the last.
 * Rejected with a clear message: seasons (`2002-21`), unspecified digits (`20XX`),
 * level-2 qualifiers inside a date, other sets, lists, times, years outside 0001-9999.
 *
 * Bounds are CIDOC-CRM outer bounds (begin of the begin, end of the end), ISO dates in UTC:
 * - `?` does not move the bounds: the claim still names that span, we only doubt it.
 * - `~` widens the bounds by one unit of the date's precision on each side
 *   (2003~ → 2002-01-01..2004-12-31), so a window query for the neighbouring unit still
 *   finds "c. 2003". In an interval each qualified end widens only its own outer bound.
 *   Widening is clamped to 0001-01-01..9999-12-31.
 * - An open or unknown end has a null bound, never a sentinel such as 1970-01-01.
 * - A one-of-a-set range is bounded by the start of its first member and the end of its last:
 *   the day it names lies between them, so a window certainly holds it only when it holds both.
 */
import edtf from 'edtf';
import type { EdtfDate, EdtfValue } from 'edtf';

export type DatePrecision = 'YEAR' | 'MONTH' | 'DAY';
/**
 * What a date says (GraphQL's DateShape): one date (a year, month or day); an interval, lasted
 * from its start to its end; or one date of a range of dates, happened at some time within it.
 */
export type DateShape = 'DATE' | 'INTERVAL' | 'ONE_OF_RANGE';
/** The shapes of a date (GraphQL's DateShape). */
export const DATE_SHAPES: readonly DateShape[] = ['DATE', 'INTERVAL', 'ONE_OF_RANGE'];

export interface ParsedDate {
  edtf: string;
  earliest: string | null;
  latest: string | null;
  precision: DatePrecision;
  approximate: boolean;
  uncertain: boolean;
  /** True for an interval only (shape INTERVAL). */
  interval: boolean;
  shape: DateShape;
}

export class DateParseError extends Error {
  override name = 'DateParseError';
}

interface Point {
  year: number;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
  approximate: boolean;
  uncertain: boolean;
}

type End = Point | 'open' | 'unknown';

const POINT = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?$/;
/** The precisions of a date, coarsest first (GraphQL's DatePrecision). */
export const PRECISIONS: readonly DatePrecision[] = ['YEAR', 'MONTH', 'DAY'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function fail(input: string, reason: string): never {
  throw new DateParseError(`Invalid EDTF date "${input}": ${reason}`);
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month; setUTCFullYear avoids the 19xx mapping of years < 100
  return d.getUTCDate();
}

function readPoint(raw: string, input: string): Point {
  if (/[Xx]/.test(raw)) fail(input, 'unspecified digits (X) are not supported');
  const m = POINT.exec(raw);
  if (!m) {
    if (/^[-+Y]|^\d{5,}/.test(raw)) fail(input, 'year must be 0001-9999');
    fail(input, 'expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %');
  }
  const [, y, mo, d, q] = m;
  const year = Number(y);
  if (year < 1) fail(input, 'year must be 0001-9999');
  const month = mo === undefined ? null : Number(mo);
  if (month !== null && month >= 21 && month <= 41) fail(input, 'seasons (months 21-41) are not supported');
  if (month !== null && (month < 1 || month > 12)) fail(input, 'month must be 01-12');
  const day = d === undefined ? null : Number(d);
  if (day !== null && month !== null) {
    const max = daysInMonth(year, month);
    if (day < 1 || day > max) fail(input, `day must be 01-${max} in ${y}-${mo}`);
  }
  return {
    year,
    month,
    day,
    precision: day !== null ? 'DAY' : month !== null ? 'MONTH' : 'YEAR',
    approximate: q === '~' || q === '%',
    uncertain: q === '?' || q === '%',
  };
}

// Validates the supported subset ourselves so that errors name the problem; edtf's grammar errors do not.
function readEnds(input: string): End[] {
  if (input === '') fail(input, 'empty');
  const parts = input.split('/');
  if (parts.length > 2) fail(input, 'at most one "/" allowed');
  if (parts.length === 1) {
    if (input === '..') fail(input, 'open bound ".." is only allowed in an interval');
    return [readPoint(input, input)];
  }
  const ends = parts.map((p): End => (p === '..' ? 'open' : p === '' ? 'unknown' : readPoint(p, input)));
  if (ends.every((e) => typeof e === 'string')) fail(input, 'at least one end of an interval must be a date');
  return ends;
}

function isoDay(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1) return '0001-01-01';
  if (year > 9999) return '9999-12-31';
  return d.toISOString().slice(0, 10);
}

function shift(ms: number, precision: DatePrecision, n: number): number {
  const d = new Date(ms);
  if (precision === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + n);
  else if (precision === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setUTCDate(d.getUTCDate() + n);
  return d.getTime();
}

function edtfPrecision(d: EdtfDate, input: string): DatePrecision {
  const p = PRECISIONS[d.precision - 1];
  if (p === undefined) fail(input, 'unsupported precision');
  return p;
}

interface Span {
  earliest: string;
  latest: string;
  precision: DatePrecision;
  approximate: boolean;
  uncertain: boolean;
}

function span(d: EdtfDate, input: string): Span {
  const precision = edtfPrecision(d, input);
  const approximate = d.approximate.value !== 0;
  // max + 1 is the start of the next unit, so shifting it cannot overflow a short month.
  const earliest = approximate ? shift(d.min, precision, -1) : d.min;
  const latest = approximate ? shift(d.max + 1, precision, 1) - 1 : d.max;
  return {
    earliest: isoDay(earliest),
    latest: isoDay(latest),
    precision,
    approximate,
    uncertain: d.uncertain.value !== 0,
  };
}

function endSpan(v: EdtfDate | number | null, input: string): Span | null {
  return v !== null && typeof v === 'object' ? span(v, input) : null;
}

function runEdtf(input: string): EdtfValue {
  try {
    return edtf(input, { types: ['Date', 'Interval'] });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/invalid (lower|upper) bound/.test(message)) fail(input, 'end must be later than start');
    return fail(input, message.split('\n')[0] ?? 'not valid EDTF');
  }
}

/** Parses a supported EDTF string; throws DateParseError (with the reason) on anything else. */
export function parseDate(edtfInput: string): ParsedDate {
  const cached = PARSED.get(edtfInput);
  if (cached !== undefined) return cached;
  const parsed = Object.freeze(parseUncached(edtfInput));
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  PARSED.set(edtfInput, parsed);
  return parsed;
}

// Pages repeat the same few dates and the EDTF grammar is costly to run, so parses are kept
// (a timeline page of 50 events parsed 50 dates per request: 14 % of the server's CPU).
const PARSED = new Map<string, Readonly<ParsedDate>>();
const PARSED_MAX = 20_000;

/**
 * The bounds edtf computes for one of our points (min: start of its unit, max: the last
 * millisecond before the next), without running its grammar: for years 1000-9999, where
 * Date.UTC needs no help, the supported subset is simple enough to do directly. Every
 * shape is checked against edtf in the unit tests.
 */
function pointBounds(p: Point): { min: number; max: number } {
  const min = Date.UTC(p.year, (p.month ?? 1) - 1, p.day ?? 1);
  return { min, max: shift(min, p.precision, 1) - 1 };
}

function directSpan(p: Point): Span {
  const { min, max } = pointBounds(p);
  return {
    earliest: isoDay(p.approximate ? shift(min, p.precision, -1) : min),
    latest: isoDay(p.approximate ? shift(max + 1, p.precision, 1) - 1 : max),
    precision: p.precision,
    approximate: p.approximate,
    uncertain: p.uncertain,
  };
}

/** Spans of the ends straight from our points, or undefined when edtf has to decide (early years). */
function directSpans(input: string, ends: End[]): { lower: Span | null; upper: Span | null } | undefined {
  if (ends.some((e) => typeof e !== 'string' && e.year < 1000)) return undefined;
  const [a, b] = ends;
  if (a !== undefined && b !== undefined && typeof a !== 'string' && typeof b !== 'string' && pointBounds(b).min <= pointBounds(a).min) {
    fail(input, 'end must be later than start');
  }
  const spanOf = (e: End | undefined): Span | null => (e === undefined || typeof e === 'string' ? null : directSpan(e));
  return { lower: spanOf(a), upper: spanOf(b) };
}

/** parseDate through edtf's grammar only: the reference the direct computation is tested against. */
export function parseDateByGrammar(edtfInput: string): ParsedDate {
  return parseUncached(edtfInput, false);
}

function parseUncached(edtfInput: string, direct = true): ParsedDate {
  const input = edtfInput.trim();
  if (input.startsWith('[')) return parseOneOf(input);
  const ends = readEnds(input);
  const spans = direct ? directSpans(input, ends) : undefined;
  if (spans !== undefined && ends.length === 1) return { edtf: input, ...spans.lower!, interval: false, shape: 'DATE' };
  let lower: Span | null;
  let upper: Span | null;
  if (spans !== undefined) ({ lower, upper } = spans);
  else {
    const value = runEdtf(input);
    if (value.type === 'Date') {
      return { edtf: input, ...span(value, input), interval: false, shape: 'DATE' };
    }
    if (value.type !== 'Interval') fail(input, `${value.type} is not supported`);
    lower = endSpan(value.lower, input);
    upper = endSpan(value.upper, input);
  }
  const known = [lower, upper].filter((s): s is Span => s !== null);
  return {
    edtf: input,
    earliest: lower?.earliest ?? null,
    latest: upper?.latest ?? null,
    precision: PRECISIONS[Math.max(...known.map((s) => precisionRank(s.precision)))] ?? 'YEAR',
    approximate: known.some((s) => s.approximate),
    uncertain: known.some((s) => s.uncertain),
    interval: true,
    shape: 'INTERVAL',
  };
}

const ONE_OF = /^\[([^.[\],]*)\.\.([^.[\],]*)\]$/;

/** The two members of a one-of-a-set range `[A..B]`, checked; throws DateParseError. */
function readOneOf(input: string): [Point, Point] {
  const m = ONE_OF.exec(input);
  if (!m) fail(input, 'of the sets, only one date of a range, [YYYY(-MM(-DD))..YYYY(-MM(-DD))], is supported');
  const [a, b] = [readPoint(m[1] ?? '', input), readPoint(m[2] ?? '', input)];
  if ([a, b].some((p) => p.approximate || p.uncertain)) fail(input, 'qualifiers (~ ? %) inside a set are not supported');
  if (a.precision !== b.precision) fail(input, 'both dates of the range must have the same precision (EDTF)');
  if (utcBounds(b).min <= utcBounds(a).min) fail(input, 'the last date of the range must be later than the first');
  try {
    edtf(input, { types: ['Set'] }); // our subset must be EDTF that others read too
  } catch (e) {
    fail(input, (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'not valid EDTF');
  }
  return [a, b];
}

/** pointBounds for any year (Date.UTC maps years below 100 to 19xx). */
function utcBounds(p: Point): { min: number; max: number } {
  const d = new Date(0);
  d.setUTCFullYear(p.year, (p.month ?? 1) - 1, p.day ?? 1);
  const min = d.getTime();
  return { min, max: shift(min, p.precision, 1) - 1 };
}

function parseOneOf(input: string): ParsedDate {
  const [a, b] = readOneOf(input);
  return {
    edtf: input,
    earliest: isoDay(utcBounds(a).min),
    latest: isoDay(utcBounds(b).max),
    precision: PRECISIONS[Math.max(precisionRank(a.precision), precisionRank(b.precision))] ?? 'YEAR',
    approximate: false,
    uncertain: false,
    interval: false,
    shape: 'ONE_OF_RANGE',
  };
}

/** The first and last member of a one-of-a-set range as EDTF dates ('2002-06', '2006-07'), or null for other shapes. */
export function oneOfMembers(d: ParsedDate): [string, string] | null {
  if (d.shape !== 'ONE_OF_RANGE') return null;
  const m = ONE_OF.exec(d.edtf);
  return m ? [m[1] ?? '', m[2] ?? ''] : null;
}

/** Same as parseDate but returns null instead of throwing DateParseError. */
export function tryParseDate(edtfInput: string): ParsedDate | null {
  try {
    return parseDate(edtfInput);
  } catch (e) {
    if (e instanceof DateParseError) return null;
    throw e;
  }
}

/** YEAR 0 < MONTH 1 < DAY 2: coarser dates sort first when earliest is equal. */
export function precisionRank(p: DatePrecision): number {
  return PRECISIONS.indexOf(p);
}

function zhPoint(p: Point, withYear = true): string {
  const y = withYear ? `${p.year}年` : '';
  if (p.month === null) return y;
  return p.day === null ? `${y}${p.month}月` : `${y}${p.month}月${p.day}日`;
}

function enPoint(p: Point, withYear = true): string {
  const y = withYear ? String(p.year) : '';
  if (p.month === null) return y;
  const parts = [p.day === null ? '' : String(p.day), MONTHS_EN[p.month - 1] ?? '', y];
  return parts.filter((s) => s !== '').join(' ');
}

function qualified(p: Point, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return `${p.approximate ? '约' : ''}${zhPoint(p)}${p.uncertain ? '？' : ''}`;
  return `${p.approximate ? 'c. ' : ''}${enPoint(p)}${p.uncertain ? '?' : ''}`;
}

function zhRange(a: Point, b: Point): string {
  if (a.year === b.year && a.month !== null && b.month !== null) {
    if (a.month === b.month && a.day !== null && b.day !== null) return `${zhPoint(a)}至${b.day}日`;
    return `${zhPoint(a)}至${zhPoint(b, false)}`;
  }
  return `${zhPoint(a)}至${zhPoint(b)}`;
}

function enRange(a: Point, b: Point): string {
  if (a.year === b.year && a.month !== null && b.month !== null) {
    if (a.month === b.month && a.day !== null && b.day !== null) {
      return `${a.day}–${enPoint(b)}`;
    }
    const [from, to] = [enPoint(a, false), enPoint(b, false)];
    // Single words (two months) take a closed-up en dash; phrases take a spaced one.
    const dash = from.includes(' ') || to.includes(' ') ? ' – ' : '–';
    return `${from}${dash}${to} ${a.year}`;
  }
  return a.month === null && b.month === null ? `${a.year}–${b.year}` : `${enPoint(a)} – ${enPoint(b)}`;
}

/** Human label of a parsed date; elides the shared year/month of an interval when neither end is qualified. */
export function formatDateLabel(d: ParsedDate, lang: 'zh' | 'en'): string {
  if (d.shape === 'ONE_OF_RANGE') {
    const [a, b] = readOneOf(d.edtf);
    return lang === 'zh' ? `${zhPoint(a)}至${zhPoint(b)}间某时` : `some time between ${enPoint(a)} and ${enPoint(b)}`;
  }
  const ends = readEnds(d.edtf);
  const [a, b] = ends;
  if (a === undefined) return d.edtf;
  if (typeof a !== 'string' && b === undefined) return qualified(a, lang);
  const zh = lang === 'zh';
  if (typeof a === 'string' && typeof b === 'object') {
    const end = qualified(b, lang);
    if (a === 'open') return zh ? `${end}以前` : `until ${end}`;
    return zh ? `不详至${end}` : `unknown – ${end}`;
  }
  if (typeof a === 'object' && typeof b === 'string') {
    const start = qualified(a, lang);
    if (b === 'open') return zh ? `${start}起` : `from ${start}`;
    return zh ? `${start}至不详` : `${start} – unknown`;
  }
  if (typeof a !== 'object' || typeof b !== 'object') return d.edtf;
  const plain = !a.approximate && !a.uncertain && !b.approximate && !b.uncertain;
  if (plain) return zh ? zhRange(a, b) : enRange(a, b);
  return zh ? `${qualified(a, lang)}至${qualified(b, lang)}` : `${qualified(a, lang)} – ${qualified(b, lang)}`;
}

/** Timeline window bound as ISO day: earliest for 'from', latest for 'to'; throws DateParseError if invalid or open. */
export function normalizeWindowBound(input: string, side: 'from' | 'to'): string {
  const d = parseDate(input);
  const bound = side === 'from' ? d.earliest : d.latest;
  if (bound === null) {
    throw new DateParseError(`Invalid window bound "${input.trim()}": the ${side} side is open or unknown`);
  }
  return bound;
}
