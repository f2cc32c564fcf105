/** RFC 4180 node and edge tables (spreadsheets, pandas, Gephi's spreadsheet import). */
import type { GraphSlice } from '../slice.js';
import { citationText, description, englishName, eventDates, relationBounds, relationLabel, type Lang } from './common.js';

type Cell = string | null | undefined;

/** Quotes a field only when it must: it holds a comma, a quote, CR or LF. */
export function csvField(v: Cell): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// RFC 4180 ends every record, the last included, with CRLF.
const table = (header: readonly string[], rows: Cell[][]): string =>
  [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');

export const NODE_COLUMNS = ['id', 'type', 'name', 'name_en', 'kind', 'start', 'end', 'precision', 'description'] as const;
export const EDGE_COLUMNS = ['id', 'source', 'target', 'type', 'label', 'start', 'end', 'citations'] as const;

export function renderNodesCsv(slice: GraphSlice, lang: Lang): string {
  return table(
    NODE_COLUMNS,
    slice.entities.map((e) => {
      const d = e.type === 'EVENT' ? eventDates(e) : null;
      return [e.id, e.type, e.name, englishName(e), e.kind, d?.earliest, d?.latest, d?.parsed.precision, description(e, lang)];
    }),
  );
}

export function renderEdgesCsv(slice: GraphSlice, lang: Lang): string {
  return table(
    EDGE_COLUMNS,
    slice.relations.map((r) => {
      const { start, end } = relationBounds(r);
      return [r.id, r.from.id, r.to.id, r.type, relationLabel(r, lang), start, end, citationText(slice, r.id)];
    }),
  );
}
