import type { Executor } from '../db/executor.js';
import { badInput } from '../errors.js';
import type { EntityTypeName, RelationshipType } from '../domain/vocabulary.js';
import { EXPORT_FORMATS, isExportFormat, renderExport, type RenderedExport } from './formats.js';
import { loadSlice, type SliceFilter } from './slice.js';

export interface ExportRequest extends SliceFilter {
  format: string;
  lang?: string | null;
}

/** The one export path: HTTP GET /export/<format> and `annals export <format>` both call it. */
export async function exportSlice(executor: Executor, req: ExportRequest): Promise<RenderedExport> {
  if (!isExportFormat(req.format)) throw badInput(`unknown export format "${req.format}"; one of ${EXPORT_FORMATS.join(', ')}`, 'format');
  const lang = req.lang == null || req.lang === '' ? 'en' : req.lang.toLowerCase().startsWith('zh') ? 'zh' : req.lang === 'en' ? 'en' : null;
  if (lang === null) throw badInput(`lang is zh or en, not "${req.lang}"`, 'lang');
  const slice = await loadSlice(executor, req);
  return renderExport(req.format, slice, { lang });
}

/** Reads export filters from query-string-like pairs (HTTP) or CLI options: lists are comma-separated. */
export function exportRequestFrom(format: string, get: (name: string) => string | undefined): ExportRequest {
  const list = (name: string) => get(name)?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? null;
  const depth = get('depth');
  if (depth !== undefined && !/^\d+$/.test(depth)) throw badInput('depth must be a whole number', 'depth');
  return {
    format,
    lang: get('lang') ?? null,
    around: get('around') ?? null,
    depth: depth === undefined ? null : Number(depth),
    from: get('from') ?? null,
    to: get('to') ?? null,
    types: list('types') as EntityTypeName[] | null,
    relationshipTypes: list('relationshipTypes') as RelationshipType[] | null,
  };
}
