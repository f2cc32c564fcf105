/**
 * Simplified/traditional folding and search tokens for Chinese names, computed at write time.
 *
 * Readers type 羅富和 for 罗富和 and 胡獻 for 胡献, so every Han name is indexed in its written form
 * and in both scripts (OpenCC, mainland ↔ Taiwan and Hong Kong forms). Conversion only adds search
 * tokens: the name as written is never replaced. Surnames that OpenCC would over-convert (范 is not
 * 範 as a surname, nor 于 於) keep their form in person names.
 */
import { Converter } from 'opencc-js';
import { hasHan, pinyinInitials } from './pinyin.js';

type Convert = (text: string) => string;
interface Converters {
  toTaiwan: Convert;
  toHongKong: Convert;
  fromTaiwan: Convert;
  fromHongKong: Convert;
}
let built: Converters | undefined;
/** OpenCC's dictionaries take about 0.3 s to load: built on the first Han text, not when a process starts. */
function converters(): Converters {
  built ??= {
    toTaiwan: Converter({ from: 'cn', to: 'tw' }),
    toHongKong: Converter({ from: 'cn', to: 'hk' }),
    fromTaiwan: Converter({ from: 'tw', to: 'cn' }),
    fromHongKong: Converter({ from: 'hk', to: 'cn' }),
  };
  return built;
}

/** Surnames written the same in both scripts that OpenCC converts as ordinary words (范→範, 于→於, 余→餘). */
export const PROTECTED_SURNAMES: ReadonlySet<string> = new Set(['范', '于', '余', '后', '郁', '党', '种', '丑', '朴', '涂', '云', '斗']);

const HAN_CHAR = /\p{Script=Han}/u;

function convertName(text: string, convert: (t: string) => string, person: boolean): string {
  const chars = Array.from(text);
  const head = chars[0];
  if (person && head !== undefined && PROTECTED_SURNAMES.has(head)) return head + convert(chars.slice(1).join(''));
  return convert(text);
}

/** The text as written, in simplified and in traditional characters (unique, the written form first). */
export function scriptForms(text: string, person = false): string[] {
  if (!hasHan(text)) return [text];
  const c = converters();
  return [
    ...new Set([text, ...[c.fromTaiwan, c.fromHongKong, c.toTaiwan, c.toHongKong].map((convert) => convertName(text, convert, person))]),
  ];
}

/**
 * Text typed in a search box folded to both scripts (no name protection: it is what the reader
 * typed). At most three forms, so a 200-character query stays well under Lucene's clause limit.
 */
export function queryForms(text: string): string[] {
  if (!hasHan(text)) return [text];
  const c = converters();
  return [...new Set([text, c.fromTaiwan(text), c.toTaiwan(text)])];
}

/** The Han characters of the text, each once, in order: indexed alone so one typed character finds a name. */
export function hanUnigrams(text: string): string[] {
  return [...new Set(Array.from(text).filter((c) => HAN_CHAR.test(c)))];
}

/**
 * The parts of a converted form that differ from the written name (a changed character and its
 * neighbours, so its bigrams are kept), others blanked: bigrams shared by both forms are indexed
 * once, and a name with many convertible characters does not outscore the others.
 */
export function changedRuns(written: string, form: string): string {
  const a = Array.from(written);
  const b = Array.from(form);
  if (a.length !== b.length) return form;
  const changed = (i: number): boolean => i >= 0 && i < a.length && a[i] !== b[i];
  return b
    .map((c, i) => (changed(i - 1) || changed(i) || changed(i + 1) ? c : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The stored search text of an entity's Chinese names: each name in both scripts (the cjk analyzer
 * indexes them as bigrams), their characters one by one (unigrams), and the pinyin initials of each
 * name (lfh for 罗富和); '' when no name is Chinese. Parts are separated by ' | '.
 */
export function nameSearchText(names: readonly string[], person: boolean): string {
  const parts = new Set<string>();
  for (const name of names.filter(hasHan)) {
    const forms = scriptForms(name, person);
    forms.slice(1).forEach((f) => parts.add(changedRuns(name, f)));
    parts.add(hanUnigrams(forms.join('')).join(' '));
    pinyinInitials(name).forEach((i) => parts.add(i));
  }
  return [...parts].filter((p) => p !== '').join(' | ');
}

/** A name or typed text folded for comparing: NFKC (full-width letters as ASCII), lowercase. */
export const foldText = (text: string): string => text.normalize('NFKC').toLowerCase();

/**
 * The names of an entity as browsing compares them (EntityWhere.name): every name folded, each
 * Han name in both scripts, so 羅富和 equals 罗富和 and `luo` starts 'Luo Fuhe'.
 */
export function nameKeys(names: readonly string[], person: boolean): string[] {
  return [...new Set(names.flatMap((n) => scriptForms(n, person)).map(foldText))];
}

/** Typed text in the forms nameKeys holds names in: folded, in the script it was typed in and in the other. */
export const nameQueryForms = (text: string): string[] => [...new Set(queryForms(text).map(foldText))];
