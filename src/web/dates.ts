// Date windows as the API takes them (EDTF YYYY, YYYY-MM, YYYY-MM-DD) and as the timeline draws
// them (local Date objects, end exclusive). All dates are local midnights, so no time zone shifts a day.

export type Unit = 'year' | 'month' | 'day';

const EDTF_DAY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface Bounds {
  start: Date;
  /** Exclusive: the first day after. */
  end: Date;
  unit: Unit;
}

/** The span a simple EDTF date covers: 2006 is the year, 2006-07 the month, 2006-07-07 the day. */
export function parseEdtf(value: string): Bounds | null {
  const m = EDTF_DAY.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (m[2] === undefined) return { start: new Date(y, 0, 1), end: new Date(y + 1, 0, 1), unit: 'year' };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return { start: new Date(y, mo - 1, 1), end: new Date(y, mo, 1), unit: 'month' };
  const d = Number(m[3]);
  const start = new Date(y, mo - 1, d);
  if (start.getMonth() !== mo - 1 || d < 1) return null;
  return { start, end: new Date(y, mo - 1, d + 1), unit: 'day' };
}

export function isEdtfDay(value: string): boolean {
  return parseEdtf(value) !== null;
}

/** An ISO date (YYYY-MM-DD) of the API as a local midnight. */
export function isoToLocal(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatEdtf(date: Date, unit: Unit): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  if (unit === 'year') return y;
  if (unit === 'month') return `${y}-${pad(date.getMonth() + 1)}`;
  return `${y}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function add(date: Date, unit: Unit, n: number): Date {
  if (unit === 'year') return new Date(date.getFullYear() + n, date.getMonth(), date.getDate());
  if (unit === 'month') return new Date(date.getFullYear(), date.getMonth() + n, date.getDate());
  return addDays(date, n);
}

const finest = (a: Unit, b: Unit): Unit => (a === 'day' || b === 'day' ? 'day' : a === 'month' || b === 'month' ? 'month' : 'year');

export interface Window {
  from: string;
  to: string;
}

/** The bounds of a window: from the start of `from` to the end of `to`. */
export function windowBounds(w: Partial<Window>): { start: Date; end: Date } | null {
  const from = w.from ? parseEdtf(w.from) : null;
  const to = w.to ? parseEdtf(w.to) : null;
  if (!from || !to) return null;
  return { start: from.start, end: to.end };
}

/** The next (dir 1) or previous (dir -1) window of the same length: 2006-06..2006-06 → 2006-07..2006-07. */
export function stepWindow(w: Window, dir: 1 | -1): Window | null {
  const from = parseEdtf(w.from);
  const to = parseEdtf(w.to);
  if (!from || !to) return null;
  const unit = finest(from.unit, to.unit);
  let span = 0;
  while (add(from.start, unit, span) < to.end && span < 100_000) span++;
  const start = add(from.start, unit, dir * span);
  const last = add(start, unit, span - 1);
  return { from: formatEdtf(start, unit), to: formatEdtf(last, unit) };
}

/** The window that covers a visible range, at a precision that suits its length. */
export function windowFromRange(start: Date, end: Date): Window {
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  const unit: Unit = days >= 3 * 365 ? 'year' : days >= 75 ? 'month' : 'day';
  const last = new Date(end.getTime() - 1);
  return { from: formatEdtf(start, unit), to: formatEdtf(last, unit) };
}

/** Zooms a range around its centre: factor 0.5 halves it. */
export function zoomRange(start: Date, end: Date, factor: number): { start: Date; end: Date } {
  const centre = (start.getTime() + end.getTime()) / 2;
  const half = ((end.getTime() - start.getTime()) * factor) / 2;
  return { start: new Date(centre - half), end: new Date(centre + half) };
}
