/**
 * Assisted extraction: a source text and what the graph knows (its entities' names, aliases,
 * English names and pinyin) in, proposals out, each with the exact words it stands on and their
 * offsets (UTF-16 code units). Pure: no database, no model download; rules over the closed lists
 * below and the dictionary of known names (longest match first).
 */
import { findDates, type DateMention } from '../../model/date-expressions.js';
import { hasHan, personPinyin } from '../../model/pinyin.js';
import { slugFor } from '../../model/slug.js';
import type { EntityLabel, EventKind } from '../../model/vocabulary.js';
import { SURNAMES, TITLES, type Title } from './lexicon.js';

/** An entity the graph holds, as the extractor needs it. */
export interface KnownEntity {
  id: string;
  type: EntityLabel;
  kind?: string | null;
  name: string;
  names: readonly { value: string; lang: string; kind: string }[];
}

export type MatchedBy = 'name' | 'alias' | 'pinyin';
/** The scores of src/domain/match.ts: a primary name 90, another name 80, toneless pinyin 70. */
export const MENTION_SCORE: Record<MatchedBy, number> = { name: 90, alias: 80, pinyin: 70 };

export interface Candidate {
  id: string;
  type: EntityLabel;
  name: string;
  by: MatchedBy;
  score: number;
}

/** A span of the text that names something: a known entity (ranked candidates) or a new one. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  /** Best first; one for a clear match, several when the words name more than one entity. */
  candidates: Candidate[];
  /** For a new entity: its generated id. */
  newId?: string;
  type: EntityLabel;
}

export interface Span {
  start: number;
  end: number;
}

/** One proposal: an entry of the dataset format, the words it stands on, and what it is. */
export interface Proposal {
  kind: 'mention' | 'new-person' | 'new-place' | 'event' | 'position' | 'participation' | 'place' | 'organizer';
  section: 'entities' | 'relationships';
  entry: Record<string, unknown>;
  /** The citation: words of the source, verbatim, and where they are. */
  quote: string;
  start: number;
  end: number;
  /** The spans a reviewer should see highlighted (the name, the title, the date). */
  highlights: Span[];
  /** One line for a reviewer: what is proposed and why. */
  note: string;
}

export interface Extraction {
  sourceId: string;
  mentions: Mention[];
  dates: DateMention[];
  proposals: Proposal[];
}

export interface ExtractOptions {
  sourceId: string;
  /** The text's date (EDTF): attestedAt of positions in sentences without a date of their own, and the year of dates without one. */
  date?: string | null;
  known: readonly KnownEntity[];
  /** Ids already taken (the graph's, the draft's): generated ids avoid them. */
  taken?: ReadonlySet<string>;
}

// ------------------------------------------------------------------ dictionary of known names

interface Form {
  value: string;
  candidate: Candidate;
  /** Latin forms match case-insensitively on word boundaries. */
  latin: boolean;
}

function formsOf(known: readonly KnownEntity[]): Map<string, Form[]> {
  const byKey = new Map<string, Form[]>();
  const add = (e: KnownEntity, value: string, by: MatchedBy) => {
    const v = value.trim();
    if (hasHan(v) ? [...v].length < 2 : v.length < 3) return;
    const latin = !hasHan(v);
    const key = latin ? v.toLowerCase() : v;
    const list = byKey.get(key) ?? [];
    const prior = list.find((f) => f.candidate.id === e.id);
    const candidate: Candidate = { id: e.id, type: e.type, name: e.name, by, score: MENTION_SCORE[by] };
    if (prior === undefined) list.push({ value: v, candidate, latin });
    else if (prior.candidate.score < candidate.score) prior.candidate = candidate;
    byKey.set(key, list);
  };
  for (const e of known) {
    if (e.type === 'Source') continue;
    add(e, e.name, 'name');
    for (const n of e.names)
      add(e, n.value, n.kind === 'PRIMARY' && n.lang !== 'pinyin' ? 'name' : n.lang === 'pinyin' ? 'pinyin' : 'alias');
    if (e.type === 'Person' && hasHan(e.name)) add(e, personPinyin(e.name), 'pinyin');
  }
  return byKey;
}

const isLatinWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !hasHan(c);

/** Known names in the text, longest first at each position, never overlapping. */
function findKnown(text: string, forms: Map<string, Form[]>): Mention[] {
  const lengths = [...new Set([...forms.values()].flat().map((f) => f.value.length))].sort((a, b) => b - a);
  const lower = text.toLowerCase();
  const out: Mention[] = [];
  for (let i = 0; i < text.length;) {
    let found: Form[] | undefined;
    let length = 0;
    for (const l of lengths) {
      if (i + l > text.length) continue;
      const exact = forms.get(text.slice(i, i + l));
      const folded = exact === undefined ? forms.get(lower.slice(i, i + l))?.filter((f) => f.latin) : undefined;
      const hit = exact ?? (folded !== undefined && folded.length > 0 ? folded : undefined);
      if (hit === undefined) continue;
      if (hit[0]!.latin && (isLatinWordChar(text[i - 1]) || isLatinWordChar(text[i + l]))) continue;
      found = hit;
      length = l;
      break;
    }
    if (found === undefined) {
      i += 1;
      continue;
    }
    const candidates = found.map((f) => f.candidate).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    out.push({ start: i, end: i + length, text: text.slice(i, i + length), candidates, type: candidates[0]!.type });
    i += length;
  }
  return out;
}

// ------------------------------------------------------------------ sentences and clauses

const SENTENCE_END = /[。！？!?；;\n]/u;
const CLAUSE_END = /[。！？!?；;\n,，:：]/u;

/** The [start, end) of the stretch around `at` bounded by `stop` characters, trimmed of spaces. */
function around(text: string, at: number, stop: RegExp): Span {
  let start = at;
  while (start > 0 && !stop.test(text[start - 1]!)) start -= 1;
  let end = at;
  while (end < text.length && !stop.test(text[end]!)) end += 1;
  while (start < end && /\s/u.test(text[start]!)) start += 1;
  while (end > start && /\s/u.test(text[end - 1]!)) end -= 1;
  return { start, end };
}

const sentenceAt = (text: string, at: number): Span => around(text, at, SENTENCE_END);
const clauseAt = (text: string, at: number): Span => around(text, at, CLAUSE_END);

// ------------------------------------------------------------------ rules

const SPEECH_OR_ATTENDANCE = ['出席', '讲话', '发言', '主持', '参加', '致辞', '指出', '强调', '表示', '介绍', '到会', '带队', '作了', '作'];
const BEFORE_NAME_OK = new Set([...'由和与及请了是在、,，。;；:：“"（( 会上将对向同为被让经'.split(''), '\n']);
const NOT_IN_NAME = /[的了是在与及等各位个名这那此其本该们会]/u;
const EVENT_WORD = /(座谈会|研讨会|工作会议|会议|大会|年会|活动)/gu;
const EVENT_WORD_NOT_BEFORE = /^(制度|室|精神|纪要|内容|中心|来|中|的)/u;
const EVENT_VERB_CUT = /^.*(?:召开了?|开展了?|举办了?|举行了?|启动了?|组织了?|主持|出席|参加|参与|了|在|于)/u;
const ANAPHORA = /^(此次|本次|这次|该|各|此|本|会议$)/u;
const MILESTONE = /^[,，]?(?:[^,，。;；]{0,8}?)((?:率先)?(建立|成立|加入|换届|提出|配备|任命|选举)[^,，。;；:：]{0,24})/u;
const ROLE_VERB = /^(?:亲任|担任|出任|兼任|任)/u;
const MEETING_ANAPHORA = /^(会上|会议|会后|与会)/u;
const QUANTITY_AFTER = /(\p{Script=Han}{2,8}?)(\d+)(件|个|位|次|项|名|篇|条|人)/gu;
const QUANTITY_BEFORE = /(\d+)(件|个|位|次|项|名|篇|条)(\p{Script=Han}{2,8})/gu;
const NOT_A_NOUN_AFTER = /(参加|出席|参与|进行|得到|获得|提出|为|被|了|的|在|和|与).*$/u;
const NOT_A_NOUN_BEFORE = /^.*(了|的|在|和|与|有|共|收到|提交|提出|完成|形成)/u;
const NEW_PLACE = /在(\p{Script=Han}{2,4}?(?:[市省县区镇]|(?=召开|举行|举办|开展)))/u;

const TITLES_LONGEST = [...TITLES].sort((a, b) => b.zh.length - a.zh.length);

function titleAt(text: string, at: number): Title | undefined {
  return TITLES_LONGEST.find((t) => text.startsWith(t.zh, at));
}
function titleEndingAt(text: string, end: number): Title | undefined {
  return TITLES_LONGEST.find((t) => end - t.zh.length >= 0 && text.startsWith(t.zh, end - t.zh.length));
}

const isHan = (c: string | undefined): boolean => c !== undefined && hasHan(c);

/** A plausible new name: a common surname then one or two characters, none of them a particle. */
function plausibleName(name: string): boolean {
  return [...name].every(isHan) && SURNAMES.has(name[0]!) && !NOT_IN_NAME.test(name.slice(1)) && titleAt(name, 1) === undefined;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** The extraction of one text. */
export function extract(text: string, options: ExtractOptions): Extraction {
  const taken = new Set(options.taken ?? []);
  for (const e of options.known) taken.add(e.id);
  const textYear = options.date ? Number(options.date.slice(0, 4)) : undefined;
  const dates = findDates(text, textYear === undefined ? {} : { year: textYear });
  const known = findKnown(text, formsOf(options.known));
  const mentions: Mention[] = [...known];
  const proposals: Proposal[] = [];
  const cite = (span: Span) => ({ source: options.sourceId, quote: text.slice(span.start, span.end) });

  // New people: a surname and one or two characters next to a title or 同志, or after a title and before a verb of speech.
  const newPeople = new Map<string, Mention>();
  const free = (s: Span) => !mentions.some((m) => overlaps(m, s));
  const proposePerson = (start: number, end: number) => {
    const span = { start, end };
    if (!free(span)) return;
    const name = text.slice(start, end);
    const prior = newPeople.get(name);
    const id = prior?.newId ?? uniqueId(slugFor('Person', name), taken);
    const m: Mention = { start, end, text: name, candidates: [], newId: id, type: 'Person' };
    mentions.push(m);
    if (prior === undefined) newPeople.set(name, m);
  };
  const nameBefore = (end: number): number | undefined => {
    for (const length of [3, 2]) {
      const start = end - length;
      if (start < 0) continue;
      const name = text.slice(start, end);
      if (plausibleName(name) && (start === 0 || BEFORE_NAME_OK.has(text[start - 1]!) || !isHan(text[start - 1]))) return start;
    }
    return undefined;
  };
  for (let i = 0; i < text.length; i += 1) {
    const title = titleAt(text, i);
    const comrade = text.startsWith('同志', i);
    if (title === undefined && !comrade) continue;
    if (title !== undefined && titleEndingAt(text, i) !== undefined) continue;
    const start = nameBefore(i);
    if (start !== undefined) proposePerson(start, i);
    if (title !== undefined) {
      const after = i + title.zh.length;
      for (const length of [3, 2]) {
        const name = text.slice(after, after + length);
        if (plausibleName(name) && SPEECH_OR_ATTENDANCE.some((v) => text.startsWith(v, after + length))) {
          proposePerson(after, after + length);
          break;
        }
      }
      i = after - 1;
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  for (const m of newPeople.values()) {
    const quote = clauseAt(text, m.start);
    proposals.push({
      kind: 'new-person',
      section: 'entities',
      entry: {
        id: m.newId,
        type: 'Person',
        name: m.text,
        names: [{ value: personPinyin(m.text), lang: 'en', kind: 'PRIMARY' }],
        citations: [cite(quote)],
      },
      quote: text.slice(quote.start, quote.end),
      ...quote,
      highlights: [{ start: m.start, end: m.end }],
      note: `new person ${m.text} @${m.start}-${m.end} (a surname and given name next to a title or 同志; not in the graph)`,
    });
  }

  // Known entities mentioned: each restated with the clause that names it (the source then MENTIONS it).
  const restated = new Set<string>();
  for (const m of known) {
    const top = m.candidates[0]!;
    if (restated.has(top.id)) continue;
    restated.add(top.id);
    const quote = clauseAt(text, m.start);
    const others = m.candidates.slice(1).map((c) => `${c.id} (${c.by} ${c.score})`);
    proposals.push({
      kind: 'mention',
      section: 'entities',
      entry: { id: top.id, type: top.type, name: top.name, citations: [cite(quote)] },
      quote: text.slice(quote.start, quote.end),
      ...quote,
      highlights: [{ start: m.start, end: m.end }],
      note: `mention ${m.text} @${m.start}-${m.end} → ${top.id} (${top.by} ${top.score})${others.length > 0 ? `; ambiguous, also: ${others.join(', ')}` : ''}`,
    });
  }

  const orgOf = (m: Mention | undefined) => (m === undefined ? undefined : (m.candidates[0]?.id ?? m.newId));
  const kindOf = new Map(options.known.map((e) => [e.id, e.kind ?? null]));
  const orgs = mentions.filter((m) => m.type === 'Organization');
  /** The organization named nearest: in the sentence first, then before, then after; committees for committee titles; none of `skip`. */
  const orgNear = (at: number, kinds: readonly string[] | null, skip: (m: Mention) => boolean = () => false): Mention | undefined => {
    const s = sentenceAt(text, at);
    const fits = (m: Mention) => (kinds === null || kinds.includes(kindOf.get(orgOf(m)!) ?? '')) && !skip(m);
    const pool = orgs.filter(fits);
    const distance = (m: Mention) => Math.abs(m.start - at);
    const inSentence = pool.filter((m) => m.start >= s.start && m.end <= s.end).sort((a, b) => distance(a) - distance(b));
    if (inSentence[0]) return inSentence[0];
    const before = pool.filter((m) => m.end <= at).sort((a, b) => b.start - a.start);
    return before[0] ?? pool.filter((m) => m.start >= at).sort((a, b) => a.start - b.start)[0];
  };
  const dateBefore = (at: number): DateMention | undefined => {
    const s = sentenceAt(text, at);
    return dates.filter((d) => d.start >= s.start && d.end <= at).at(-1);
  };

  // Events: a dated sentence with a meeting or campaign word, or a dated clause opening with a milestone verb.
  interface Found {
    id: string;
    name: string;
    kind: EventKind;
    span: Span;
    date: DateMention;
    sentence: Span;
    entry: Record<string, unknown>;
  }
  const events: Found[] = [];
  const addEvent = (name: string, nameSpan: Span, kind: EventKind, date: DateMention, sentence: Span) => {
    if (events.some((e) => e.name === name && e.date.edtf === date.edtf)) return;
    const quoteSpan = { start: Math.min(date.start, nameSpan.start), end: Math.max(date.end, nameSpan.end) };
    const clause = {
      start: Math.min(clauseAt(text, date.start).start, quoteSpan.start),
      end: Math.max(clauseAt(text, nameSpan.start).end, quoteSpan.end),
    };
    const full = slugFor('Event', name).slice('event-'.length);
    const slug = full.length <= 40 ? full : full.slice(0, 41).replace(/-[^-]*$/u, '');
    const id = uniqueId(`event-${date.edtf.slice(0, 4)}-${slug}`, taken);
    const entry: Record<string, unknown> = { id, type: 'Event', kind, name, date: date.edtf, citations: [cite(clause)] };
    events.push({ id, name, kind, span: nameSpan, date, sentence, entry });
    proposals.push({
      kind: 'event',
      section: 'entities',
      entry,
      quote: text.slice(clause.start, clause.end),
      ...clause,
      highlights: [nameSpan, { start: date.start, end: date.end }],
      note: `event ${name} @${nameSpan.start}-${nameSpan.end} on ${date.edtf} (${date.text} @${date.start}-${date.end})`,
    });
  };
  for (const m of text.matchAll(EVENT_WORD)) {
    const wordEnd = m.index + m[0].length;
    if (EVENT_WORD_NOT_BEFORE.test(text.slice(wordEnd, wordEnd + 2))) continue;
    let start = m.index;
    while (start > 0 && wordEnd - start < 30 && /[\p{Script=Han}“”"]/u.test(text[start - 1]!)) start -= 1;
    const run = text.slice(start, wordEnd);
    const cut = EVENT_VERB_CUT.exec(run.slice(0, run.length - m[0].length));
    const nameStart = start + (cut ? cut[0].length : 0);
    const name = text.slice(nameStart, wordEnd);
    if ([...name].length < 4 || ANAPHORA.test(name)) continue;
    const sentence = sentenceAt(text, m.index);
    const inSentence = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end);
    if (inSentence.length === 0) continue;
    const date = inSentence.sort((a, b) => Math.abs(a.start - m.index) - Math.abs(b.start - m.index))[0]!;
    addEvent(name, { start: nameStart, end: wordEnd }, m[0] === '活动' ? 'CAMPAIGN' : 'MEETING', date, sentence);
  }
  for (const d of dates) {
    if (d.precision === 'YEAR' && d.yearCarried) continue;
    const after = text.slice(d.end, d.end + 40);
    const ms = MILESTONE.exec(after);
    if (ms === null) continue;
    const verbAt = d.end + ms.index + ms[0].length - ms[1]!.length;
    const words = ms[1]!.replace(/以来.*$/u, '');
    const end = verbAt + words.length;
    const name = words.replace(/^率先/u, '').replace(/了/gu, '');
    if (events.some((e) => overlaps(e.span, { start: verbAt, end }))) continue;
    const kind: EventKind = ms[2] === '换届' ? 'TERM_CHANGE' : ['配备', '任命', '选举'].includes(ms[2]!) ? 'APPOINTMENT' : 'MILESTONE';
    addEvent(name, { start: verbAt, end }, kind, d, sentenceAt(text, d.start));
  }

  // Places and organizers of events.
  const places = mentions.filter((m) => m.type === 'Place');
  const newPlaces = new Map<string, string>();
  for (const e of events) {
    const local = places.filter((p) => p.start >= e.sentence.start && p.end <= e.sentence.end);
    const clause = clauseAt(text, e.span.start);
    const near = local.sort((a, b) => Math.abs(a.start - e.span.start) - Math.abs(b.start - e.span.start))[0];
    let placeId: string | undefined;
    let placeSpan: Span | undefined;
    if (near !== undefined) {
      placeId = near.candidates[0]!.id;
      placeSpan = near;
    } else {
      const found = NEW_PLACE.exec(text.slice(e.sentence.start, e.sentence.end));
      if (found !== null) {
        const start = e.sentence.start + found.index + 1;
        placeSpan = { start, end: start + found[1]!.length };
        const name = found[1]!;
        placeId = newPlaces.get(name);
        if (placeId === undefined) {
          placeId = uniqueId(slugFor('Place', name), taken);
          newPlaces.set(name, placeId);
          const quote = clauseAt(text, start);
          proposals.push({
            kind: 'new-place',
            section: 'entities',
            entry: { id: placeId, type: 'Place', kind: name.endsWith('省') ? 'PROVINCE' : 'CITY', name, citations: [cite(quote)] },
            quote: text.slice(quote.start, quote.end),
            ...quote,
            highlights: [placeSpan],
            note: `new place ${name} @${placeSpan.start}-${placeSpan.end} (在… before an event; not in the graph)`,
          });
        }
      }
    }
    if (placeId !== undefined && placeSpan !== undefined) {
      const q = { start: Math.min(placeSpan.start, e.span.start, clause.start), end: Math.max(placeSpan.end, e.span.end) };
      proposals.push({
        kind: 'place',
        section: 'relationships',
        entry: { type: 'TOOK_PLACE_IN', from: e.id, to: placeId, citations: [cite(q)] },
        quote: text.slice(q.start, q.end),
        ...q,
        highlights: [placeSpan],
        note: `${e.name} took place in ${text.slice(placeSpan.start, placeSpan.end)} @${placeSpan.start}-${placeSpan.end}`,
      });
    }
    const committee = (o: Mention) => ['COMMITTEE', 'PARTY'].includes(kindOf.get(orgOf(o)!) ?? '');
    const inName = orgs.find((o) => o.start >= e.span.start && o.end <= e.span.end && committee(o));
    const organizer = inName ?? orgNear(e.span.start, ['COMMITTEE', 'PARTY']);
    if (organizer !== undefined && organizer.candidates[0] !== undefined) {
      const q = inName !== undefined ? e.span : clauseAt(text, e.span.start);
      proposals.push({
        kind: 'organizer',
        section: 'relationships',
        entry: { type: 'ORGANIZED', from: organizer.candidates[0].id, to: e.id, citations: [cite(q)] },
        quote: text.slice(q.start, q.end),
        ...q,
        highlights: [{ start: organizer.start, end: organizer.end }],
        note: `${organizer.text} @${organizer.start}-${organizer.end} organized ${e.name} (the organization named ${inName ? 'in its name' : 'nearest'})`,
      });
    }
  }

  // Positions: a title right after (or right before) a person's name (the person's standing rank), and
  // an appointment: PERSON [title] 亲任|担任|出任|兼任|任 ORG [的] TITLE (TITLE held at ORG).
  const people = mentions.filter((m) => m.type === 'Person');
  /** The title attached to a person: right after the name, else right before it. */
  const attachedTitle = (p: Mention): { title: Title; span: Span } | undefined => {
    const after = titleAt(text, p.end);
    if (after !== undefined) return { title: after, span: { start: p.end, end: p.end + after.zh.length } };
    const before = titleEndingAt(text, p.start);
    return before === undefined ? undefined : { title: before, span: { start: p.start - before.zh.length, end: p.start } };
  };
  /** An appointment verb at `at` (not the 任 that ends a title such as 主任): its end. */
  const verbEndAt = (at: number): number | undefined => {
    const v = ROLE_VERB.exec(text.slice(at, at + 2));
    if (v === null) return undefined;
    const end = at + v[0].length;
    const title = titleEndingAt(text, end);
    return title !== undefined && end - title.zh.length < at ? undefined : end;
  };
  interface Appointment {
    org: Mention;
    title: Title;
    titleSpan: Span;
  }
  const appointments = new Map<Mention, Appointment>();
  for (const p of people) {
    const attached = attachedTitle(p);
    const verbAt = attached !== undefined && attached.span.start === p.end ? attached.span.end : p.end;
    const verbEnd = verbEndAt(verbAt);
    const org = verbEnd === undefined ? undefined : orgs.find((o) => o.start === verbEnd && o.candidates[0] !== undefined);
    if (org === undefined) continue;
    const titleStart = text[org.end] === '的' ? org.end + 1 : org.end;
    const title = titleAt(text, titleStart);
    if (title !== undefined) appointments.set(p, { org, title, titleSpan: { start: titleStart, end: titleStart + title.zh.length } });
  }
  /** Organizations named as the object of an appointment: they belong to the appointed title, not to anyone's standing rank. */
  const appointed = new Set([...appointments.values()].map((a) => a.org));
  const positions = new Set<string>();
  /** The meeting a 会上 or 与会 refers to: the text's first meeting before it (a report's subject comes first). */
  const meetingsBefore = (at: number) =>
    events.filter((e) => e.kind === 'MEETING' && e.span.end <= at).sort((a, b) => a.span.start - b.span.start)[0];
  const participations = new Set<string>();
  /** A sentence or clause that opens with 会上, 会议, 与会… or chairs or attends 会议 speaks of the meeting before it. */
  const refersToMeeting = (span: Span) => {
    const words = text.slice(span.start, span.end);
    return MEETING_ANAPHORA.test(words) || /(主持|出席|参加)(了)?(本次|此次)?会议/u.test(words);
  };
  for (const p of people) {
    const person = p.candidates[0]?.id ?? p.newId!;
    const attached = attachedTitle(p);
    const title = attached?.title;
    const titleSpan = attached?.span;
    const clause = clauseAt(text, p.start);
    const attested = dateBefore(p.start)?.edtf ?? options.date ?? null;
    const propose = (org: Mention, title: Title, highlights: Span[], why: string) => {
      const key = `${person}|${org.candidates[0]!.id}|${title.zh}`;
      if (positions.has(key)) return;
      positions.add(key);
      proposals.push({
        kind: 'position',
        section: 'relationships',
        entry: {
          type: 'HELD_POSITION',
          from: person,
          to: org.candidates[0]!.id,
          title: title.zh,
          titleEn: title.en,
          ...(attested === null ? {} : { attestedAt: attested }),
          citations: [cite(clause)],
        },
        quote: text.slice(clause.start, clause.end),
        ...clause,
        highlights,
        note: `${p.text} held ${title.zh} in ${org.text} (${why} @${org.start}-${org.end})${attested === null ? '' : `, attested ${attested}`}`,
      });
    };
    if (title !== undefined && titleSpan !== undefined) {
      // A standing rank: not at an organization the person (or anyone) is appointed to in the words after an appointment verb.
      let verbAfter: number | undefined;
      for (let i = Math.max(p.end, titleSpan.end); i < clause.end && verbAfter === undefined; i += 1)
        if (verbEndAt(i) !== undefined) verbAfter = i;
      const skip = (m: Mention) => appointed.has(m) || (verbAfter !== undefined && m.start >= verbAfter && m.end <= clause.end);
      const org = orgNear(p.start, title.orgKinds, skip);
      if (org?.candidates[0] !== undefined) propose(org, title, [{ start: p.start, end: p.end }, titleSpan], 'named');
    }
    const appointment = appointments.get(p);
    if (appointment !== undefined) {
      const { org, title: appointedTitle, titleSpan: appointedSpan } = appointment;
      propose(
        org,
        appointedTitle,
        [{ start: p.start, end: p.end }, { start: org.start, end: org.end }, appointedSpan],
        'appointed to, named',
      );
    }
    // Participation: the event of the sentence named before the person, or the meeting a 会上 refers to.
    const sentence = sentenceAt(text, p.start);
    const event =
      events.filter((e) => e.sentence.start === sentence.start && e.span.end <= p.start).at(-1) ??
      (refersToMeeting(sentence) || refersToMeeting(clause) ? meetingsBefore(p.start) : undefined);
    if (event !== undefined && !participations.has(`${person}|${event.id}`)) {
      participations.add(`${person}|${event.id}`);
      const rest = text.slice(titleSpan && titleSpan.start >= p.end ? titleSpan.end : p.end, clause.end);
      const role =
        rest
          .replace(ROLE_VERB, '')
          .replace(/[的了]/gu, '')
          .trim() ||
        title?.zh ||
        '参加';
      proposals.push({
        kind: 'participation',
        section: 'relationships',
        entry: { type: 'PARTICIPATED_IN', from: person, to: event.id, role, citations: [cite(clause)] },
        quote: text.slice(clause.start, clause.end),
        ...clause,
        highlights: [{ start: p.start, end: p.end }],
        note: `${p.text} took part in ${event.name} as ${role}`,
      });
    }
  }

  // Quantities: a number with its counter and the noun beside it, on the event of the sentence.
  const quantities: { at: number; value: number; what: string; span: Span }[] = [];
  const add = (at: number, length: number, value: number, what: string) => {
    const span = { start: at, end: at + length };
    if ([...what].length >= 2 && !quantities.some((q) => overlaps(q.span, span))) quantities.push({ at, value, what, span });
  };
  for (const m of text.matchAll(QUANTITY_BEFORE)) {
    const what = m[3]!.replace(NOT_A_NOUN_AFTER, '');
    add(m.index, m[1]!.length + m[2]!.length + what.length, Number(m[1]), what);
  }
  for (const m of text.matchAll(QUANTITY_AFTER)) {
    const what = m[1]!.replace(NOT_A_NOUN_BEFORE, '');
    add(m.index + m[1]!.length - what.length, m[0].length - m[1]!.length + what.length, Number(m[2]), what);
  }
  for (const q of quantities) {
    const sentence = sentenceAt(text, q.at);
    const event =
      events.find((e) => e.sentence.start === sentence.start) ??
      (refersToMeeting(sentence) || refersToMeeting(clauseAt(text, q.at)) ? meetingsBefore(q.at) : undefined);
    if (event === undefined) continue;
    const list = (event.entry['quantities'] as unknown[] | undefined) ?? [];
    event.entry['quantities'] = [...list, { value: q.value, what: q.what }];
    const cites = event.entry['citations'] as { source: string; quote: string }[];
    const clause = clauseAt(text, q.at);
    const quote = text.slice(clause.start, clause.end);
    if (!cites.some((c) => c.quote.includes(quote))) cites.push(cite(clause));
    const proposal = proposals.find((p) => p.entry === event.entry)!;
    proposal.highlights.push(q.span);
    proposal.note += `; quantity ${q.value} ${q.what} @${q.span.start}-${q.span.end}`;
  }

  return { sourceId: options.sourceId, mentions, dates, proposals };
}
