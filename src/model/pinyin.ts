/**
 * Toneless pinyin for full-text search and romanized person names.
 *
 * Users type pinyin without tones and without ü, so the index carries ü both as 'v'
 * (IME convention) and as 'u'. Polyphonic characters are read both in ordinary context
 * and in surname mode (曾 zeng, 单 shan, 解 xie), because the same index serves person
 * and organisation names; extra tokens cost little, a missed name costs a search.
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
// Han runs are converted as a whole so pinyin-pro can use word context for polyphones.
const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '呼延',
  '钟离',
  '申屠',
  '澹台',
  '万俟',
  '闻人',
  '赫连',
  '太史',
  '百里',
  '东郭',
  '第五',
]);

interface Reading {
  surname: boolean;
  umlaut: 'v' | 'u' | 'ü';
}

interface RawSyllable {
  value: string;
  han: boolean;
}

// Names are read in several ways (both umlaut spellings, search text and romanization), each from
// the same two pinyin-pro readings, so those are kept for the names seen last.
const RAW = new Map<string, RawSyllable[]>();
const RAW_MAX = 10_000;

/** Lowercase syllables of the Han runs (ü as is) in ordinary or surname mode, and lowercase other words. */
function rawSyllables(text: string, surname: boolean): RawSyllable[] {
  const key = `${surname ? 1 : 0}${text}`;
  const cached = RAW.get(key);
  if (cached !== undefined) return cached;
  const out: RawSyllable[] = [];
  let first = true;
  for (const [, han, word] of text.matchAll(RUNS)) {
    if (han !== undefined) {
      const mode = surname && first ? 'head' : 'off';
      for (const s of pinyin(han, { toneType: 'none', type: 'array', surname: mode })) {
        const syllable = s.toLowerCase();
        // Characters outside pinyin-pro's dictionary come back unchanged; they are not pinyin.
        if (/^[a-zü]+$/.test(syllable)) out.push({ value: syllable, han: true });
      }
      first = false;
    } else if (word !== undefined) {
      out.push({ value: word.toLowerCase(), han: false });
    }
  }
  if (RAW.size >= RAW_MAX) RAW.clear();
  RAW.set(key, out);
  return out;
}

function syllables(text: string, { surname, umlaut }: Reading): string[] {
  return rawSyllables(text, surname).map((s) => (s.han && umlaut !== 'ü' ? s.value.replaceAll('ü', umlaut) : s.value));
}

/** True iff the text contains at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Lowercase toneless syllables of the Han characters (ü as 'v') and lowercase non-Han words, in order. */
export function toneless(text: string): string[] {
  return syllables(text, { surname: false, umlaut: 'v' });
}

/** Space-separated unique tokens (syllables, adjacent pairs, whole name) so toneless pinyin finds the name; '' without Han. */
export function pinyinSearchText(name: string): string {
  if (!hasHan(name)) return '';
  const tokens = new Set<string>();
  for (const surname of [false, true]) {
    for (const umlaut of ['v', 'u'] as const) {
      const s = syllables(name, { surname, umlaut });
      s.forEach((x) => tokens.add(x));
      // Chinese words are mostly two characters, so pairs let 'guangdong' match inside a longer name.
      s.slice(1).forEach((x, i) => tokens.add(`${s[i] ?? ''}${x}`));
      if (s.length > 0) tokens.add(s.join(''));
    }
  }
  return [...tokens].join(' ');
}

/**
 * Pinyin initials of a Chinese name (罗富和 → lfh), in ordinary and surname readings, as readers
 * type them into an IME; none for a name of fewer than two Han syllables (one letter finds too much).
 */
export function pinyinInitials(name: string): string[] {
  if (!hasHan(name)) return [];
  const out = new Set<string>();
  for (const surname of [false, true]) {
    const han = rawSyllables(name, surname).filter((s) => s.han);
    if (han.length > 1) out.add(han.map((s) => s.value.charAt(0).replace('ü', 'v')).join(''));
  }
  return [...out];
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// GB/T 28039: an apostrophe marks a syllable starting with a, o or e inside a word (Xi'an).
function joinSyllables(s: string[]): string {
  return s.map((x, i) => (i > 0 && /^[aoe]/.test(x) ? `'${x}` : x)).join('');
}

/** Conventional romanization of a Chinese person name: 'Surname Givenname', e.g. 罗富和 → 'Luo Fuhe'. */
export function personPinyin(name: string): string {
  const trimmed = name.trim();
  if (!hasHan(trimmed)) return trimmed;
  // Transliterated names (阿沛·阿旺晋美) romanize each part as one word.
  const parts = trimmed.split(/[·•・\s]+/u).filter((p) => p !== '');
  if (parts.length > 1) {
    return parts.map((p, i) => capitalise(joinSyllables(syllables(p, { surname: i === 0, umlaut: 'ü' })))).join(' ');
  }
  const s = syllables(trimmed, { surname: true, umlaut: 'ü' });
  const chars = Array.from(trimmed);
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  const given = joinSyllables(s.slice(surnameLength));
  const family = capitalise(joinSyllables(s.slice(0, surnameLength)));
  return given === '' ? family : `${family} ${capitalise(given)}`;
}

/**
 * The key that sorts names in pinyin order (the collation of Chinese dictionaries and indexes):
 * toneless syllables, lowercase, ü as v (after u), one space between syllables so 胡 (hu) comes
 * before 华 (hua); a person's surname read as a surname (曾 zeng). Non-Han words sort as their
 * lowercase letters among the syllables. Homophones (胡, 湖) are told apart by the name itself,
 * after a separator that sorts before any letter.
 */
export function pinyinSortKey(name: string, person: boolean): string {
  const key = syllables(name.normalize('NFKC'), { surname: person, umlaut: 'v' }).join(' ');
  return `${key}\u0001${name}`;
}
