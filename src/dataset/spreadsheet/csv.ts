import { CsvError, parse } from 'csv-parse/sync';
import type { DatasetIssue } from '../issues.js';

/** One data row of a spreadsheet: its cells by column index (trimmed), and the CSV line it starts on. */
export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  file: string;
  header: string[];
  rows: SheetRow[];
}

/** At most this many data rows in one spreadsheet (the import is one transaction). */
export const SPREADSHEET_MAX_ROWS = 100_000;
/** At most this many characters in one record (a row, quoted line breaks included). */
export const RECORD_MAX_CHARS = 100_000;

const BREAK = /\r\n|\n|\r/g;
const countBreaks = (text: string): number => text.match(BREAK)?.length ?? 0;

/**
 * Parses CSV with csv-parse: a header row, then one record per row; a byte order mark, CRLF or LF
 * line ends, quoted fields with delimiters, doubled quotes and line breaks are all CSV. Blank rows
 * are skipped. Each row keeps the line it starts on, counted from the records' raw text
 * (csv-parse's own count is the line where a record ends, and counts a quoted CRLF twice). Its raw
 * text of a CRLF record lacks the final LF, so a lone CR counts as a line break.
 */
export function parseSheet(
  text: string,
  file: string,
  { delimiter = ',', maxRows = SPREADSHEET_MAX_ROWS }: { delimiter?: string; maxRows?: number } = {},
): { sheet?: Sheet; issues: DatasetIssue[] } {
  let records: { record: string[]; raw: string }[];
  try {
    // Empty lines are records here (skipped below), so that every line break is in some record's raw text.
    records = parse(text, {
      bom: true,
      raw: true,
      delimiter,
      relax_column_count: true,
      max_record_size: RECORD_MAX_CHARS,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      return { issues: [{ file, path: '', line, message: `not valid CSV: ${e.message}` }] };
    }
    throw e;
  }
  let line = 1;
  const located: SheetRow[] = [];
  for (const { record, raw } of records) {
    located.push({ line, cells: record.map((c) => c.trim()) });
    line += countBreaks(raw);
  }
  const [head, ...body] = located.filter((r) => r.cells.some((c) => c !== ''));
  if (head === undefined) return { issues: [{ file, path: '', line: 1, message: 'the spreadsheet is empty: it needs a header row' }] };
  if (body.length > maxRows) {
    return { issues: [{ file, path: '', message: `the spreadsheet has more than ${maxRows} rows; split it` }] };
  }
  const issues: DatasetIssue[] = [];
  const width = head.cells.length;
  for (const row of body) {
    if (row.cells.length > width && row.cells.slice(width).some((c) => c !== '')) {
      issues.push({ file, path: '', line: row.line, message: `the row has ${row.cells.length} cells, the header ${width}` });
    }
  }
  return { sheet: { file, header: head.cells, rows: body }, issues };
}
