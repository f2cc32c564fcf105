/** The export formats: each a writer fed a slice chunk by chunk, dispatched by name. */
import { collectingWriter, scriptSafeJson, writeAll, type Lang, type Rendered, type SliceWriter } from './formats/common.js';
import { edgesCsvWriter, nodesCsvWriter } from './formats/csv.js';
import { renderGeoJson } from './formats/geojson.js';
import { gexfWriter } from './formats/gexf.js';
import { graphmlWriter } from './formats/graphml.js';
import { renderJsonld } from './formats/jsonld.js';
import { renderTimelineJs } from './formats/timelinejs.js';
import { renderVisTimeline } from './formats/vis-timeline.js';
import type { GraphSlice } from './slice.js';

export const EXPORT_FORMATS = ['timelinejs', 'vis-timeline', 'graphml', 'gexf', 'nodes.csv', 'edges.csv', 'jsonld', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type { Lang as ExportLang, Rendered as RenderedExport, SliceWriter };

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A format ready to write: its HTTP metadata, what it reads of the slice, and its writer. */
export interface FormatWriter {
  contentType: string;
  filename: string;
  /** What the slice reader must fetch: a nodes table needs no relationships, an edges table no entity properties. */
  reads: { entities: boolean; relations: boolean };
  writer: SliceWriter;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const BOTH = { entities: true, relations: true };

/** The writer of a format; the filename names the format and the language the text is in. */
export function formatWriter(format: ExportFormat, options: { lang: Lang; generatedAt: string }): FormatWriter {
  const { lang, generatedAt } = options;
  const file = (suffix: string): string => `annals-${lang}.${suffix}`;
  // JSON is escaped for <script> embedding (scriptSafeJson) whatever the format: same value, safer text.
  const collected = (render: (slice: GraphSlice) => unknown) => collectingWriter(generatedAt, (slice) => scriptSafeJson(render(slice)));
  switch (format) {
    case 'timelinejs':
      return {
        contentType: JSON_TYPE,
        filename: file('timelinejs.json'),
        reads: BOTH,
        writer: collected((s) => renderTimelineJs(s, lang)),
      };
    case 'vis-timeline':
      return {
        contentType: JSON_TYPE,
        filename: file('vis-timeline.json'),
        reads: BOTH,
        writer: collected((s) => renderVisTimeline(s, lang)),
      };
    case 'graphml':
      return { contentType: 'application/graphml+xml; charset=utf-8', filename: file('graphml'), reads: BOTH, writer: graphmlWriter(lang) };
    case 'gexf':
      return {
        contentType: 'application/gexf+xml; charset=utf-8',
        filename: file('gexf'),
        reads: BOTH,
        writer: gexfWriter(lang, generatedAt),
      };
    case 'nodes.csv':
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: file('nodes.csv'),
        reads: { entities: true, relations: false },
        writer: nodesCsvWriter(lang),
      };
    case 'edges.csv':
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: file('edges.csv'),
        reads: { entities: false, relations: true },
        writer: edgesCsvWriter(lang),
      };
    case 'jsonld':
      // JSON-LD nests each relationship in the node at one of its ends, so nodes are complete only
      // once every relationship is read: built in memory (from the same chunked, linear reads).
      return {
        contentType: 'application/ld+json; charset=utf-8',
        filename: file('jsonld'),
        reads: BOTH,
        writer: collected((s) => renderJsonld(s, lang)),
      };
    case 'geojson':
      // Each place's features need the events there, known only once every relationship is read.
      return {
        contentType: 'application/geo+json; charset=utf-8',
        filename: file('geojson'),
        reads: BOTH,
        writer: collected((s) => renderGeoJson(s, lang)),
      };
    default: {
      // A new format that is not handled here fails to compile.
      const unknown: never = format;
      throw new Error(`unknown export format "${String(unknown)}"`);
    }
  }
}

/** Renders a slice held in memory, in one string. */
export function renderExport(format: ExportFormat, slice: GraphSlice, options: { lang: Lang }): Rendered {
  const { contentType, filename, writer } = formatWriter(format, { lang: options.lang, generatedAt: slice.generatedAt });
  return { contentType, filename, body: writeAll(writer, slice) };
}
