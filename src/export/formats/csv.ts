/** RFC 4180 node and edge tables (spreadsheets, pandas, Gephi's spreadsheet import). */
import type { EntityRecord } from '../../model/records.js';
import type { ExportRelation } from '../../queries/export.js';
import type { Citations } from '../slice.js';
import {
  citationText,
  description,
  englishName,
  eventDates,
  relationBounds,
  relationLabel,
  type Lang,
  type SliceWriter,
} from './common.js';

type Cell = string | null | undefined;

// A spreadsheet reads a cell starting with one of these as a formula (tab and CR too, after some
// trimming); OWASP's CSV-injection advice: prefix a single quote, which shows as plain text.
const FORMULA_START = /^[=+\-@\t\r]/;
// A real number stays a number ("-3", "+1.5e3"): it cannot call anything.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A field neutralized against formula injection, quoted only when it must be (comma, quote, CR or LF). */
function csvField(v: Cell): string {
  const raw = v ?? '';
  const s = FORMULA_START.test(raw) && !NUMBER.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// RFC 4180 ends every record, the last included, with CRLF.
const record = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;

export const NODE_COLUMNS = ['id', 'type', 'name', 'name_en', 'kind', 'start', 'end', 'precision', 'description'] as const;
export const EDGE_COLUMNS = ['id', 'source', 'target', 'type', 'label', 'start', 'end', 'citations'] as const;

function nodeRecord(e: EntityRecord, lang: Lang): string {
  const d = e.type === 'EVENT' ? eventDates(e) : null;
  return record([e.id, e.type, e.name, englishName(e), e.kind, d?.earliest, d?.latest, d?.parsed.precision, description(e, lang)]);
}

function edgeRecord(r: ExportRelation, citations: Citations, lang: Lang): string {
  const { start, end } = relationBounds(r);
  return record([r.id, r.from.id, r.to.id, r.type, relationLabel(r, lang), start, end, citationText(citations, r.id)]);
}

/** nodes.csv, row by row as entity chunks arrive. */
export function nodesCsvWriter(lang: Lang): SliceWriter {
  return {
    head: () => record(NODE_COLUMNS),
    entities: (chunk) => chunk.map((e) => nodeRecord(e, lang)).join(''),
    relations: () => '',
    end: () => '',
  };
}

/** edges.csv, row by row as relationship chunks arrive. */
export function edgesCsvWriter(lang: Lang): SliceWriter {
  return {
    head: () => record(EDGE_COLUMNS),
    entities: () => '',
    relations: (chunk, citations) => chunk.map((r) => edgeRecord(r, citations, lang)).join(''),
    end: () => '',
  };
}
