import type { Executor } from '../db/executor.js';
import { badInput, checkArguments } from '../errors.js';
import { wholeNumber } from '../model/arguments.js';
import { EXPORT_FORMATS, formatWriter, isExportFormat } from './formats.js';
import { checkFilter, EXPORT_MAX_LIST, readSlice, type SliceFilter } from './slice.js';

export interface ExportRequest extends SliceFilter {
  format: string;
  lang?: string | null;
}

/** A checked export, not yet run: its HTTP metadata, and the text it writes, piece by piece. */
export interface OpenedExport {
  contentType: string;
  filename: string;
  /** Reads the slice chunk by chunk and yields the format's text as it goes; with budgetMs, stops past it (a coded error). */
  write(budgetMs?: number): AsyncGenerator<string>;
}

/**
 * The one export path: HTTP GET /export/<format> and `annals export <format>` both call it. Every
 * check (format, language, filter, that `around` exists) happens here, before a byte is written.
 */
export async function openExport(executor: Executor, req: ExportRequest): Promise<OpenedExport> {
  if (!isExportFormat(req.format))
    throw badInput(`unknown export format "${req.format.slice(0, 40)}"; one of ${EXPORT_FORMATS.join(', ')}`, 'format');
  const lang =
    req.lang == null || req.lang === '' ? 'en' : req.lang.toLowerCase().startsWith('zh') ? 'zh' : req.lang === 'en' ? 'en' : null;
  if (lang === null) throw badInput(`lang is zh or en, not "${req.lang?.slice(0, 40)}"`, 'lang');
  const filter = await checkFilter(executor, req);
  const format = formatWriter(req.format, { lang, generatedAt: new Date().toISOString() });
  return {
    contentType: format.contentType,
    filename: format.filename,
    async *write(budgetMs) {
      const { writer } = format;
      yield writer.head();
      for await (const chunk of readSlice(executor, filter, { ...format.reads, ...(budgetMs === undefined ? {} : { budgetMs }) })) {
        const text = chunk.kind === 'entities' ? writer.entities(chunk.entities) : writer.relations(chunk.relations, chunk.citations);
        if (text !== '') yield text;
      }
      yield writer.end();
    },
  };
}

/** The whole export in one string (small slices, tests). */
export async function exportToString(executor: Executor, req: ExportRequest): Promise<string> {
  let out = '';
  for await (const piece of (await openExport(executor, req)).write()) out += piece;
  return out;
}

/** Reads export filters from query-string-like pairs (HTTP) or CLI options: lists are comma-separated. */
export function exportRequestFrom(format: string, get: (name: string) => string | undefined): ExportRequest {
  const list = (name: string) => {
    const items =
      get(name)
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '') ?? null;
    // Refused here too, before splitting work: a list of thousands of names is never a real filter.
    if (items !== null && items.length > EXPORT_MAX_LIST)
      throw badInput(`${name} lists at most ${EXPORT_MAX_LIST} names, not ${items.length}`, name);
    return items;
  };
  const depth = checkArguments(() => wholeNumber(get('depth'), 'depth'));
  return {
    format,
    lang: get('lang') ?? null,
    around: get('around') ?? null,
    depth: depth ?? null,
    from: get('from') ?? null,
    to: get('to') ?? null,
    types: list('types'),
    relationshipTypes: list('relationshipTypes'),
  };
}
