// The checks of request arguments, one of each, shared by the API, the export route and the CLI:
// integers in a range (`first`, `depth`, `maxHops`), ids, whole numbers given as text (query strings,
// CLI options), EDTF dates as bounds, timeline windows and instants. Pure: a bad argument is an
// ArgumentError naming it, which src/errors.ts (checkArguments) turns into BAD_USER_INPUT.
import { DateParseError, normalizeWindowBound, parseDate, tryParseDate } from './dates.js';

/** A bad argument: `message` is for the client, `field` names the argument, `details` go with it (limit, max). */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
  constructor(
    message: string,
    readonly field: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The range an integer argument must fall in, and how its error reads. */
export interface IntRange {
  /** The argument, as the error's `field` names it. */
  field: string;
  min: number;
  max: number;
  /** How the message names the argument (default: `field`), e.g. `first of Event.participants`. */
  label?: string;
  /** The error also names its limit (`limit: field`, `max`), as list sizes do. */
  limit?: boolean;
  /** The message for a whole number over `max`, when "must be between" would not say why. */
  overMax?: string;
}

/**
 * An integer argument within its range: `fallback` when it is absent (null or undefined), else
 * undefined when absent and no fallback is given. Anything else throws an ArgumentError.
 */
export function intArgument(value: number | null | undefined, range: IntRange, fallback: number): number;
export function intArgument(value: unknown, range: IntRange): number | undefined;
export function intArgument(value: unknown, range: IntRange, fallback?: number): number | undefined {
  const given = value ?? fallback;
  if (given === undefined) return undefined;
  if (typeof given === 'number' && Number.isInteger(given) && given >= range.min && given <= range.max) return given;
  const over = typeof given === 'number' && Number.isInteger(given) && given > range.max ? range.overMax : undefined;
  throw new ArgumentError(
    over ?? `${range.label ?? range.field} must be between ${range.min} and ${range.max}`,
    range.field,
    range.limit ? { limit: range.field, max: range.max } : {},
  );
}

/** The longest id an argument may name: longer is no id of this graph, and is refused before a lookup. */
export const MAX_ID_LENGTH = 200;

/** An id argument: not blank, at most MAX_ID_LENGTH characters. */
export function idArgument(id: string, field: string): string {
  if (id.trim() === '' || id.length > MAX_ID_LENGTH)
    throw new ArgumentError(`${field} must be a non-empty id of at most ${MAX_ID_LENGTH} characters`, field);
  return id;
}

/** A whole number given as text (a query string, a CLI option); undefined when absent. Its range is intArgument's job. */
export function wholeNumber(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}$/.test(text)) throw new ArgumentError(`${field} must be a whole number`, field);
  return Number(text);
}

/** A date as ISO day bounds: what a relationship or event must meet to count as of that date. */
export interface DateBounds {
  earliest: string;
  latest: string;
}

/** An EDTF date argument as its bounds (open ends stretch to the extremes); null when absent. */
export function dateBounds(value: string | null | undefined, field: string): DateBounds | null {
  if (value == null) return null;
  const d = parsed(value, field, parseDate);
  return { earliest: d.earliest ?? '0001-01-01', latest: d.latest ?? '9999-12-31' };
}

/** A window of dates (timeline, exports) as ISO days: `from` at its earliest, `to` at its latest. */
export interface DateWindow {
  from: string | null;
  to: string | null;
}

/** Window bounds from EDTF arguments `from` and `to` (absent: open); refuses an empty window. */
export function dateWindow(from: string | null | undefined, to: string | null | undefined): DateWindow {
  const bounds = {
    from: from == null ? null : parsed(from, 'from', (v) => normalizeWindowBound(v, 'from')),
    to: to == null ? null : parsed(to, 'to', (v) => normalizeWindowBound(v, 'to')),
  };
  if (bounds.from !== null && bounds.to !== null && bounds.from > bounds.to)
    throw new ArgumentError(`the window is empty: from (${bounds.from}) is after to (${bounds.to})`, 'to');
  return bounds;
}

/** An ISO 8601 date or date-time argument as an ISO instant; null when absent. */
export function instant(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  const t = Date.parse(value);
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
  // Date.parse rolls 2006-02-30 over to March; a date must read back as written.
  if (Number.isNaN(t) || day === undefined || tryParseDate(day) === null)
    throw new ArgumentError(`${field} must be an ISO 8601 date or date-time, not "${value}"`, field);
  return new Date(t).toISOString();
}

/** A date parsed for an argument: its parse error, whose message says what is wrong, names the argument. */
function parsed<T>(value: string, field: string, parse: (value: string) => T): T {
  try {
    return parse(value);
  } catch (e) {
    throw new ArgumentError(e instanceof DateParseError ? e.message : `invalid date "${value}"`, field);
  }
}
