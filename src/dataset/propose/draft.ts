/**
 * The draft an extraction becomes: a dataset in the format of seed/data (it validates and imports
 * unchanged once approved), the source's text inside it, and every entry marked as proposed by a
 * comment that says what it is, the words it rests on and their offsets. `readDraft` reads a draft
 * (or any dataset with one source text) back into review items.
 */
import { createHash } from 'node:crypto';
import { Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { slugFor } from '../../model/slug.js';
import type { Extraction, Span } from './extract.js';

export const PROPOSED_MARK = 'proposed:';

export interface DraftSource {
  id: string;
  title: string;
  text: string;
  language: string;
}

/** A source id for a text: the file's name as a slug and the start of the text's SHA-256, so one text keeps one id. */
export function draftSourceId(fileName: string, text: string): string {
  const stem = slugFor('Source', fileName.replace(/\.[^.]*$/u, '')).slice(0, 60);
  return `${stem}-${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8)}`;
}

/** The draft as YAML: comments mark each entry as proposed, with its quote's offsets and highlights. */
export function draftYaml(source: DraftSource, extraction: Extraction, origin: string): string {
  const entities = extraction.proposals.filter((p) => p.section === 'entities');
  const relationships = extraction.proposals.filter((p) => p.section === 'relationships');
  const doc = new Document({
    sources: [{ id: source.id, title: source.title, language: source.language, text: source.text }],
    entities: entities.map((p) => p.entry),
    relationships: relationships.map((p) => p.entry),
  });
  doc.commentBefore = [
    ` Draft from ${origin}: every entry is a proposal for a curator to accept or reject.`,
    ' Each is marked "proposed:" with what it is, the quote it cites at [start-end) (UTF-16 offsets in the',
    ' source text) and the spans to highlight (@start-end). It validates and imports as it is once approved.',
  ].join('\n');
  for (const [section, list] of [
    ['entities', entities],
    ['relationships', relationships],
  ] as const) {
    const seq = doc.get(section, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((node, n) => {
      const p = list[n]!;
      (node as YAMLMap).commentBefore = ` ${PROPOSED_MARK} ${p.kind} [${p.start}-${p.end}) ${p.note}`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** One item of a draft under review. */
export interface DraftItem {
  /** Position in the draft: entities first, then relationships. */
  n: number;
  section: 'entities' | 'relationships';
  entry: Record<string, unknown>;
  /** What the entry is: its type (Person…) or relationship type (HELD_POSITION…). */
  label: string;
  summary: string;
  /** The proposer's note (the "proposed:" comment), or null. */
  note: string | null;
  quote: string | null;
  sourceId: string | null;
  start: number | null;
  end: number | null;
  highlights: Span[];
}

export interface ReadDraft {
  source: DraftSource | null;
  items: DraftItem[];
}

const HIGHLIGHT = /@(\d+)-(\d+)/gu;

function summaryOf(section: 'entities' | 'relationships', e: Record<string, unknown>): string {
  const s = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : '');
  if (section === 'entities') return [s('type'), s('id'), s('name'), s('date')].filter((x) => x !== '').join(' ');
  const what = s('title') || s('role');
  return [s('from'), s('type'), s('to'), what === '' ? '' : `(${what})`].filter((x) => x !== '').join(' ');
}

/**
 * The items of a draft, each with its first citation's quote and where that quote first occurs in
 * the draft's source text (as an import cites it), and the spans its "proposed:" comment names.
 * Returns null when the text is not a YAML or JSON mapping.
 */
export function readDraft(text: string): ReadDraft | null {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const sources = Array.isArray(data['sources']) ? (data['sources'] as Record<string, unknown>[]) : [];
  const first = sources.find((s) => typeof s?.['text'] === 'string' && typeof s['id'] === 'string');
  const source: DraftSource | null =
    first === undefined
      ? null
      : {
          id: first['id'] as string,
          title: typeof first['title'] === 'string' ? first['title'] : (first['id'] as string),
          text: first['text'] as string,
          language: typeof first['language'] === 'string' ? first['language'] : '',
        };
  const items: DraftItem[] = [];
  for (const section of ['entities', 'relationships'] as const) {
    const seq = doc.get(section, true);
    const list = Array.isArray(data[section]) ? (data[section] as unknown[]) : [];
    list.forEach((raw, n) => {
      const entry = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const node = isSeq(seq) ? seq.items[n] : undefined;
      // The comment before a sequence's first item belongs to the sequence in the yaml library's tree.
      const holder = (n === 0 && !(node as { commentBefore?: string | null } | undefined)?.commentBefore ? seq : node) as
        { commentBefore?: string | null } | undefined;
      const comment = holder?.commentBefore?.trim() ?? null;
      const note = comment?.split('\n').find((l) => l.trim().startsWith(PROPOSED_MARK)) ?? comment;
      const citation = Array.isArray(entry['citations']) ? (entry['citations'][0] as Record<string, unknown> | undefined) : undefined;
      const quote = typeof citation?.['quote'] === 'string' ? citation['quote'].trim() : null;
      const sourceId = typeof citation?.['source'] === 'string' ? citation['source'] : null;
      const at = quote !== null && source !== null && sourceId === source.id ? source.text.indexOf(quote) : -1;
      const highlights = [...(note ?? '').matchAll(HIGHLIGHT)]
        .map((m) => ({ start: Number(m[1]), end: Number(m[2]) }))
        .filter((h) => source !== null && h.start < h.end && h.end <= source.text.length);
      items.push({
        n: items.length,
        section,
        entry,
        label: String(entry['type'] ?? ''),
        summary: summaryOf(section, entry),
        note: note?.trim() ?? null,
        quote,
        sourceId,
        start: at >= 0 ? at : null,
        end: at >= 0 ? at + quote!.length : null,
        highlights,
      });
    });
  }
  return { source, items };
}

/** A dataset of the draft's sources and the chosen items only (the text an accept imports). */
export function datasetOf(sources: readonly Record<string, unknown>[], items: readonly Pick<DraftItem, 'section' | 'entry'>[]): string {
  return JSON.stringify({
    sources,
    entities: items.filter((i) => i.section === 'entities').map((i) => i.entry),
    relationships: items.filter((i) => i.section === 'relationships').map((i) => i.entry),
  });
}
