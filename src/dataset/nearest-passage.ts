// When a quote is not in its source verbatim: the passage of the source it most likely meant, and
// the characters that differ (`,` where the source has `，`, a line break it lacks…).
//
// Hand-written rather than taken from a library: fuzzy-search packages either compare whole strings
// (Levenshtein distance of two short texts) or build an index of the text; here one scan of a
// source of up to 10 MB must find the region, and only that region is aligned. The work is bounded
// and counted: one pass over the source (a sliding window scoring shared character pairs), then
// an alignment of the quote against at most CANDIDATES short regions, each O(quote length²).

/** Work done, for tests that prove it stays bounded (no timing): source characters scanned, alignment cells filled. */
export interface MatchWork {
  scanned: number;
  cells: number;
}

/** One place where quote and source differ: what the quote has there, and what the source has. */
export interface Difference {
  /** Offset in the quote (UTF-16). */
  quoteOffset: number;
  quoteText: string;
  /** Offset in the source (UTF-16) and its 1-based line. */
  sourceOffset: number;
  line: number;
  sourceText: string;
}

export interface NearestPassage {
  start: number;
  end: number;
  line: number;
  text: string;
  /** Weighted edit distance (look-alike characters and white space count half). */
  distance: number;
  differences: Difference[];
}

/** Candidate regions aligned after the scan. */
export const CANDIDATES = 3;
/** Extra source characters aligned on each side of a candidate window. */
export const slackOf = (quoteLength: number): number => Math.min(Math.ceil(quoteLength / 4), 200) + 8;

const SKIP = -1;

/**
 * A character folded for scoring: full-width forms to ASCII, CJK punctuation to its ASCII look-alike,
 * Latin to lower case; white space (line breaks, NBSP, ideographic space) is skipped, so a quote
 * that breaks a line differently still scores.
 */
function fold(c: number): number {
  if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029) return SKIP;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3001)
    c = 0x2c; // 、
  else if (c === 0x3002)
    c = 0x2e; // 。
  else if (c === 0x201c || c === 0x201d || c === 0x300c || c === 0x300d)
    c = 0x22; // “ ” 「 」
  else if (c === 0x2018 || c === 0x2019) c = 0x27; // ‘ ’
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return c;
}

const isSpace = (c: number): boolean => fold(c) === SKIP;

// Alignment costs (integers; halves of a plain edit): look-alikes and white space are cheap.
const SAME = 0;
const LOOK_ALIKE = 1;
const DIFFERENT = 2;
const gapCost = (c: number): number => (isSpace(c) ? 1 : 2);
function substitution(a: number, b: number): number {
  if (a === b) return SAME;
  const fa = fold(a);
  return fa === fold(b) || (fa === SKIP && isSpace(b)) ? LOOK_ALIKE : DIFFERENT;
}

/** Grams of a folded text: character pairs (single characters for a quote of one visible character). */
function gramsOf(text: string): { keys: number[]; pairs: boolean } {
  const folded: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const f = fold(text.charCodeAt(i));
    if (f !== SKIP) folded.push(f);
  }
  if (folded.length < 2) return { keys: folded, pairs: false };
  const keys: number[] = [];
  for (let i = 1; i < folded.length; i += 1) keys.push(folded[i - 1]! * 0x10000 + folded[i]!);
  return { keys, pairs: true };
}

const FILTER_BITS = 16;
const filterSlot = (key: number): number => (Math.imul(key | 0, 0x9e3779b1) ^ Math.floor(key / 0x10000)) >>> (32 - FILTER_BITS);

interface Candidate {
  end: number;
  score: number;
}

/**
 * The windows of the source (of the quote's length) sharing the most character pairs with the
 * quote, counted as bags: a pair the quote has twice counts at most twice. One pass, O(source).
 */
function candidateWindows(source: string, quote: string, work: MatchWork): Candidate[] {
  const { keys, pairs } = gramsOf(quote);
  if (keys.length === 0) return [];
  const index = new Map<number, number>();
  const wanted: number[] = [];
  const filter = new Uint8Array(1 << FILTER_BITS);
  for (const key of keys) {
    let at = index.get(key);
    if (at === undefined) {
      at = wanted.length;
      index.set(key, at);
      wanted.push(0);
      filter[filterSlot(key)] = 1;
    }
    wanted[at]! += 1;
  }
  const width = Math.max(quote.length, 1);
  const ring = new Int32Array(width).fill(-1);
  const inWindow = new Int32Array(wanted.length);
  const top: Candidate[] = [];
  let score = 0;
  let previous = SKIP;
  for (let i = 0; i < source.length; i += 1) {
    const slot = i % width;
    const leaving = ring[slot]!;
    if (leaving >= 0) {
      inWindow[leaving]! -= 1;
      if (inWindow[leaving]! < wanted[leaving]!) score -= 1;
    }
    let entering = -1;
    const f = fold(source.charCodeAt(i));
    if (f !== SKIP) {
      if (pairs) {
        if (previous !== SKIP) {
          const key = previous * 0x10000 + f;
          if (filter[filterSlot(key)] === 1) entering = index.get(key) ?? -1;
        }
        previous = f;
      } else if (filter[filterSlot(f)] === 1) entering = index.get(f) ?? -1;
    }
    ring[slot] = entering;
    if (entering >= 0) {
      if (inWindow[entering]! < wanted[entering]!) score += 1;
      inWindow[entering]! += 1;
    }
    if (score > 0 && (top.length < CANDIDATES || score > top[top.length - 1]!.score)) keep(top, { end: i, score }, width);
  }
  work.scanned += source.length;
  return top;
}

/** Keeps the best CANDIDATES windows, sorted by score, never two overlapping ones (the better, or the earlier, stays). */
function keep(top: Candidate[], c: Candidate, width: number): void {
  const overlapping = top.findIndex((t) => Math.abs(t.end - c.end) < width);
  if (overlapping >= 0) {
    if (top[overlapping]!.score >= c.score) return;
    top.splice(overlapping, 1);
  }
  top.push(c);
  top.sort((a, b) => b.score - a.score || a.end - b.end);
  if (top.length > CANDIDATES) top.length = CANDIDATES;
}

const MATCH = 0;
const SUBSTITUTE = 1;
const QUOTE_ONLY = 2; // a quote character the source lacks
const SOURCE_ONLY = 3; // a source character the quote lacks

/** Aligns the whole quote with a part of `region` (free start and end): the cheapest such part, and how. */
function align(quote: string, region: string, work: MatchWork): { cost: number; from: number; to: number; ops: number[] } {
  const m = quote.length;
  const n = region.length;
  const way = new Uint8Array((m + 1) * (n + 1));
  let prev = new Int32Array(n + 1); // row 0: the passage may start anywhere
  let row = new Int32Array(n + 1);
  for (let i = 1; i <= m; i += 1) {
    const q = quote.charCodeAt(i - 1);
    const qGap = gapCost(q);
    row[0] = prev[0]! + qGap;
    way[i * (n + 1)] = QUOTE_ONLY;
    for (let j = 1; j <= n; j += 1) {
      const s = region.charCodeAt(j - 1);
      const diagonal = prev[j - 1]! + substitution(q, s);
      const up = prev[j]! + qGap;
      const left = row[j - 1]! + gapCost(s);
      let best = diagonal;
      let move = q === s ? MATCH : SUBSTITUTE;
      if (up < best) [best, move] = [up, QUOTE_ONLY];
      if (left < best) [best, move] = [left, SOURCE_ONLY];
      row[j] = best;
      way[i * (n + 1) + j] = move;
    }
    [prev, row] = [row, prev];
  }
  work.cells += m * n;
  let to = 0;
  for (let j = 1; j <= n; j += 1) if (prev[j]! < prev[to]!) to = j;
  const ops: number[] = [];
  let [i, j] = [m, to];
  while (i > 0) {
    const move = way[i * (n + 1) + j]!;
    ops.push(move);
    if (move === MATCH || move === SUBSTITUTE) [i, j] = [i - 1, j - 1];
    else if (move === QUOTE_ONLY) i -= 1;
    else j -= 1;
  }
  return { cost: prev[to]!, from: j, to, ops: ops.reverse() };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/**
 * The passage of `source` nearest to `quote` (which is not in it verbatim), with the characters
 * that differ; null when nothing in the source shares a character pair with it. `work` counts
 * what was done: `scanned` is the source's length, `cells` at most CANDIDATES × quote × (quote + 2 slack + 1).
 */
export function nearestPassage(source: string, quote: string, work: MatchWork = { scanned: 0, cells: 0 }): NearestPassage | null {
  if (quote.length === 0) return null;
  const width = quote.length;
  const slack = slackOf(width);
  let best: { cost: number; start: number; end: number; ops: number[] } | null = null;
  for (const c of candidateWindows(source, quote, work)) {
    const regionStart = Math.max(0, c.end - width + 1 - slack);
    const regionEnd = Math.min(source.length, c.end + 1 + slack);
    const a = align(quote, source.slice(regionStart, regionEnd), work);
    const start = regionStart + a.from;
    if (best === null || a.cost < best.cost || (a.cost === best.cost && start < best.start)) {
      best = { cost: a.cost, start, end: regionStart + a.to, ops: a.ops };
    }
  }
  if (best === null) return null;
  const line = lineAt(source, best.start);
  const differences: Difference[] = [];
  let [qi, si, lineNow] = [0, best.start, line];
  let open: Difference | null = null;
  for (const op of best.ops) {
    if (op === MATCH) {
      open = null;
    } else {
      open ??= differences[differences.push({ quoteOffset: qi, quoteText: '', sourceOffset: si, line: lineNow, sourceText: '' }) - 1]!;
      if (op !== SOURCE_ONLY) open.quoteText += quote[qi]!;
      if (op !== QUOTE_ONLY) open.sourceText += source[si]!;
    }
    if (op !== SOURCE_ONLY) qi += 1;
    if (op !== QUOTE_ONLY) {
      if (source.charCodeAt(si) === 0x0a) lineNow += 1;
      si += 1;
    }
  }
  return { start: best.start, end: best.end, line, text: source.slice(best.start, best.end), distance: best.cost / 2, differences };
}

/** A piece of text as a curator can read it: quoted and escaped, with code points when short (look-alikes differ there). */
export function showText(text: string, limit = 120): string {
  if (text === '') return 'nothing';
  const cut = text.length > limit ? `${text.slice(0, limit)}…` : text;
  const shown = JSON.stringify(cut).replace(
    /[\u00a0\u2000-\u200f\u2028\u2029\u202f\u3000\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if ([...text].length > 3) return shown;
  const points = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  return `${shown} (${points})`;
}

/** At most this many differences are spelled out in a message. */
export const SHOWN_DIFFERENCES = 5;

/** What to tell a curator about a quote that is not in its source: the nearest passage and how the quote differs from it. */
export function describeNearest(nearest: NearestPassage | null): string {
  if (nearest === null) return 'nothing in the source resembles it';
  const shown = nearest.differences
    .slice(0, SHOWN_DIFFERENCES)
    .map(
      (d) =>
        `quote has ${showText(d.quoteText, 40)} where the source has ${showText(d.sourceText, 40)} at offset ${d.sourceOffset} (line ${d.line})`,
    );
  const more = nearest.differences.length - shown.length;
  return `nearest passage, line ${nearest.line} (offsets ${nearest.start}–${nearest.end}): ${showText(nearest.text, 200)}; ${shown.join('; ')}${more > 0 ? `; and ${more} more difference(s)` : ''}`;
}
