/**
 * What every export format reads off a slice the same way: names and descriptions in the reader's
 * language, an event's dates, a relationship's bounds, label and evidence.
 */
import { oneOfMembers, tryParseDate, type DatePrecision, type ParsedDate } from '../../model/dates.js';
import type { EntityRecord, RelationFields } from '../../model/records.js';
import type { ExportEnd, ExportRelation } from '../../queries/export.js';
import type { NameLang } from '../../model/vocabulary.js';
import { nameIn as readerName } from '../../model/props.js';
import type { Citations, GraphSlice } from '../slice.js';

export type Lang = 'zh' | 'en';

export interface Rendered {
  contentType: string;
  filename: string;
  body: string;
}

/**
 * A format as a writer fed chunk by chunk: every entity chunk first, then every relationship chunk
 * (with the citations of those relationships). The pieces it returns are written out as they come,
 * so a format that can be written incrementally never holds the slice.
 */
export interface SliceWriter {
  head(): string;
  entities(chunk: readonly EntityRecord[]): string;
  relations(chunk: readonly ExportRelation[], citations: Citations): string;
  end(): string;
}

/** The whole output of a writer for a slice held in memory (tests, small slices). */
export function writeAll(writer: SliceWriter, slice: GraphSlice): string {
  return writer.head() + writer.entities(slice.entities) + writer.relations(slice.relations, slice.citations) + writer.end();
}

/** For formats that need the whole slice at once (timelines group and sort, JSON-LD nests): collects, renders at the end. */
export function collectingWriter(generatedAt: string, render: (slice: GraphSlice) => string): SliceWriter {
  const slice: GraphSlice = { entities: [], relations: [], citations: new Map(), generatedAt };
  return {
    head: () => '',
    entities: (chunk) => {
      slice.entities.push(...chunk);
      return '';
    },
    relations: (chunk, citations) => {
      slice.relations.push(...chunk);
      for (const [id, cited] of citations) slice.citations.set(id, cited);
      return '';
    },
    end: () => render(slice),
  };
}

const SCRIPT_UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON text that can sit inside an HTML <script> element (no `</script>` or `<!--` can appear) and
 * be evaluated as JavaScript (U+2028/2029 escaped): those characters only ever occur inside
 * strings, where \uXXXX means the same character, so the parsed value is unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c] ?? c)}\n`;
}

function nonEmpty(s: string | null | undefined): string | null {
  return s == null || s.trim() === '' ? null : s;
}

function nameIn(e: ExportEnd, lang: NameLang): string | null {
  const i = e.nameLangs.indexOf(lang);
  return i < 0 ? null : nonEmpty(e.nameValues[i]);
}

export const englishName = (e: ExportEnd): string | null => nameIn(e, 'en');
export const pinyinName = (e: ExportEnd): string | null => nameIn(e, 'pinyin');

/** The primary name; an English reader also gets the English name after it. */
/** The attributes of a node the graph formats (GraphML, GEXF) carry for every entity. */
export function nodeAttributes(
  e: EntityRecord,
  lang: Lang,
): { type: string; kind: string | null; name_en: string | null; pinyin: string | null; description: string | null } {
  return { type: e.type, kind: e.kind ?? null, name_en: englishName(e), pinyin: pinyinName(e), description: description(e, lang) };
}

export function headlineName(e: EntityRecord, lang: Lang): string {
  const en = readerName(e, 'en');
  return lang === 'en' && en !== e.name ? `${e.name} (${en})` : e.name;
}

/** One name in the reader's language, for lists (participants, places): in English, pinyin when there is no English name (as `name(lang: "en")`). */
export function shortName(e: ExportEnd, lang: Lang): string {
  return readerName(e, lang);
}

/** The description in the reader's language, else the other one: some entities have only one. */
export function description(e: EntityRecord, lang: Lang): string | null {
  const [first, second] = lang === 'zh' ? [e.descriptionZh, e.descriptionEn] : [e.descriptionEn, e.descriptionZh];
  return nonEmpty(first) ?? nonEmpty(second);
}

/** One end of an event's date as written (qualifiers dropped), with its own precision. */
export interface DatePoint {
  year: number;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
  earliest: string;
  latest: string;
}

export interface EventDates {
  parsed: ParsedDate;
  /** Outer bounds (CIDOC-CRM), what Gephi and spreadsheet users filter on. */
  earliest: string | null;
  latest: string | null;
  /**
   * The named start and, for an interval, end: what a timeline draws. A one-of-a-set range
   * ("at some time within") has its first member as start and no end: it did not last.
   */
  start: DatePoint | null;
  end: DatePoint | null;
}

/**
 * The slice query returns every stored property, including an event's derived bounds, but
 * records.ts does not declare them; they are read here, falling back to parsing the EDTF.
 */
interface StoredBounds {
  earliest?: string | null;
  latest?: string | null;
}

const POINT = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

// "c. 2003" is drawn at 2003, not at its widened bound 2002: the label already says "c.".
export function point(raw: string): DatePoint | null {
  const m = POINT.exec(raw);
  const d = m === null ? null : tryParseDate(raw.replace(/[~?%]$/, ''));
  if (m === null || d === null || d.interval || d.earliest === null || d.latest === null) return null;
  return {
    year: Number(m[1]),
    month: m[2] === undefined ? null : Number(m[2]),
    day: m[3] === undefined ? null : Number(m[3]),
    precision: d.precision,
    earliest: d.earliest,
    latest: d.latest,
  };
}

/** An event's dates, or null when it has none (or an unreadable one: no format invents a date). */
export function eventDates(e: EntityRecord): EventDates | null {
  if (e.edtf == null) return null;
  const parsed = tryParseDate(e.edtf);
  if (parsed === null) return null;
  const stored: StoredBounds = e as EntityRecord & StoredBounds;
  const members = oneOfMembers(parsed);
  const [a = '', b] = members === null ? parsed.edtf.split('/') : [members[0]];
  return {
    parsed,
    earliest: stored.earliest ?? parsed.earliest,
    latest: stored.latest ?? parsed.latest,
    start: point(a),
    end: b === undefined ? null : point(b),
  };
}

/** ISO 8601 at the point's precision: '2003', '2002-07', '2006-07-07'. */
export function isoAtPrecision(p: DatePoint): string {
  return p.precision === 'YEAR' ? p.earliest.slice(0, 4) : p.precision === 'MONTH' ? p.earliest.slice(0, 7) : p.earliest;
}

/** A relationship's bounds: its period if known, else its attestation (as stored by the import). */
export function relationBounds(r: RelationFields): { start: string | null; end: string | null } {
  if (r.earliest != null || r.latest != null) return { start: r.earliest ?? null, end: r.latest ?? null };
  const edtf = r.periodEdtf ?? r.attestedEdtf;
  const d = edtf == null ? null : tryParseDate(edtf);
  return { start: d?.earliest ?? null, end: d?.latest ?? null };
}

/** A position's title or a participant's role, in the reader's language when given. */
export function relationLabel(r: RelationFields, lang: Lang): string | null {
  const zh = nonEmpty(r.title) ?? nonEmpty(r.role);
  const en = nonEmpty(r.titleEn) ?? nonEmpty(r.roleEn);
  return lang === 'en' ? (en ?? zh) : (zh ?? en);
}

/** The quotes that support a relationship, joined for one-cell formats. */
export function citationText(citations: Citations, id: string): string | null {
  const quotes = (citations.get(id) ?? []).map((c) => c.quote);
  return quotes.length === 0 ? null : quotes.join(' | ');
}

/** Events in timeline order (start, then id), each with its dates; undated events are left out. */
export function datedEvents(slice: GraphSlice): { event: EntityRecord; dates: EventDates }[] {
  const out: { event: EntityRecord; dates: EventDates }[] = [];
  for (const event of slice.entities) {
    const dates = event.type === 'EVENT' ? eventDates(event) : null;
    if (dates !== null && (dates.start ?? dates.end) !== null) out.push({ event, dates });
  }
  const key = (d: EventDates): string => (d.start ?? d.end)?.earliest ?? '';
  return out.sort((x, y) => key(x.dates).localeCompare(key(y.dates)) || (x.event.id < y.event.id ? -1 : 1));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
