// The text around a citation's quote, from a window of its source (never the whole text): the
// sentence that holds the quote, and a number of characters either side. Offsets are UTF-16 code
// units, as everywhere in the API.

/** How far either side of a quote a window of the source reaches (UTF-16 code units); context(chars) is capped by it. */
export const CONTEXT_REACH = 500;
/** The default of context(chars). */
export const CONTEXT_DEFAULT_CHARS = 40;

/** A window of a source's text and where the quote is in it (UTF-16 offsets into the window). */
export interface QuoteWindow {
  /** The window: at most CONTEXT_REACH code units either side of the quote (less at the text's ends). */
  text: string;
  /** Offset of the window's first code unit in the source's text. */
  offset: number;
  /** The quote, at [quoteStart, quoteEnd) of the window. */
  quoteStart: number;
  quoteEnd: number;
  /** Whether the window reaches the start (end) of the source's text. */
  atTextStart: boolean;
  atTextEnd: boolean;
}

export interface CitationContextRecord {
  before: string;
  quote: string;
  after: string;
  /** Offsets in the source's text of the first code unit of `before` and just past `after`. */
  start: number;
  end: number;
}

// Sentence ends: Chinese full stop, exclamation and question marks (full and half width), the
// ellipsis, and line breaks (headings, paragraphs). A Western full stop ends a sentence when a space
// or the end of the text follows it (3.5 and U.S.A. do not end one).
const ENDS = new Set(['。', '！', '？', '!', '?', '…', '\n', '\r']);
// Closing quotes and brackets right after a sentence end belong to that sentence.
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', "'"]);

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function endsSentence(text: string, at: number, atTextEnd: boolean): boolean {
  const ch = text[at]!;
  if (ENDS.has(ch)) return true;
  if (ch !== '.') return false;
  const next = text[at + 1];
  return next === undefined ? atTextEnd : /\s/.test(next);
}

/** A cut of the window that does not split a surrogate pair at either edge. */
function cut(text: string, from: number, to: number): [number, number] {
  let a = Math.max(0, from);
  let b = Math.min(text.length, to);
  if (a > 0 && a < text.length && isLowSurrogate(text.charCodeAt(a)) && isHighSurrogate(text.charCodeAt(a - 1))) a += 1;
  if (b > 0 && b < text.length && isLowSurrogate(text.charCodeAt(b)) && isHighSurrogate(text.charCodeAt(b - 1))) b -= 1;
  return [a, Math.max(a, b)];
}

/**
 * The sentence (or sentences) of the window that hold the quote: from just after the last sentence
 * end before it to the first sentence end at or after its last character (with closing quotes),
 * trimmed of white space. Where no sentence end lies within the window, the sentence stops at the
 * window's edge (CONTEXT_REACH code units from the quote).
 */
export function sentenceOf(w: QuoteWindow): string {
  const { text } = w;
  let start = 0;
  for (let i = w.quoteStart - 1; i >= 0; i -= 1) {
    if (endsSentence(text, i, false)) {
      start = i + 1;
      break;
    }
  }
  while (start < w.quoteStart && CLOSERS.has(text[start]!)) start += 1;
  let end = text.length;
  for (let i = Math.max(w.quoteStart, w.quoteEnd - 1); i < text.length; i += 1) {
    if (endsSentence(text, i, w.atTextEnd)) {
      end = i + 1;
      while (end < text.length && CLOSERS.has(text[end]!)) end += 1;
      break;
    }
  }
  const [a, b] = cut(text, start, end);
  return text.slice(a, b).trim();
}

/** Up to `chars` code units either side of the quote (fewer at the text's ends; a surrogate pair is never split). */
export function contextOf(w: QuoteWindow, chars: number): CitationContextRecord {
  const [a] = cut(w.text, w.quoteStart - chars, w.quoteStart);
  const [, b] = cut(w.text, w.quoteEnd, w.quoteEnd + chars);
  return {
    before: w.text.slice(a, w.quoteStart),
    quote: w.text.slice(w.quoteStart, w.quoteEnd),
    after: w.text.slice(w.quoteEnd, b),
    start: w.offset + a,
    end: w.offset + b,
  };
}

/** The UTF-16 offset of the code point at index `codePoints` of a text (the index a database counts in code points). */
export function utf16Offset(text: string, codePoints: number): number {
  let at = 0;
  for (let n = 0; n < codePoints && at < text.length; n += 1) at += isHighSurrogate(text.charCodeAt(at)) ? 2 : 1;
  return at;
}
