/** The export formats: each a pure function of a slice, dispatched by name. */
import type { Lang, Rendered } from './formats/common.js';
import { renderEdgesCsv, renderNodesCsv } from './formats/csv.js';
import { renderGexf } from './formats/gexf.js';
import { renderGraphml } from './formats/graphml.js';
import { renderJsonld } from './formats/jsonld.js';
import { renderTimelineJs } from './formats/timelinejs.js';
import { renderVisTimeline } from './formats/vis-timeline.js';
import type { GraphSlice } from './slice.js';

export const EXPORT_FORMATS = ['timelinejs', 'vis-timeline', 'graphml', 'gexf', 'nodes.csv', 'edges.csv', 'jsonld'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type { Lang as ExportLang, Rendered as RenderedExport };

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Renders a slice; the filename names the format and the language the text is in. */
export function renderExport(format: ExportFormat, slice: GraphSlice, options: { lang: Lang }): Rendered {
  const { lang } = options;
  const file = (suffix: string): string => `annals-${lang}.${suffix}`;
  switch (format) {
    case 'timelinejs':
      return { contentType: JSON_TYPE, filename: file('timelinejs.json'), body: json(renderTimelineJs(slice, lang)) };
    case 'vis-timeline':
      return { contentType: JSON_TYPE, filename: file('vis-timeline.json'), body: json(renderVisTimeline(slice, lang)) };
    case 'graphml':
      return { contentType: 'application/graphml+xml; charset=utf-8', filename: file('graphml'), body: renderGraphml(slice, lang) };
    case 'gexf':
      return { contentType: 'application/gexf+xml; charset=utf-8', filename: file('gexf'), body: renderGexf(slice, lang) };
    case 'nodes.csv':
      return { contentType: 'text/csv; charset=utf-8', filename: file('nodes.csv'), body: renderNodesCsv(slice, lang) };
    case 'edges.csv':
      return { contentType: 'text/csv; charset=utf-8', filename: file('edges.csv'), body: renderEdgesCsv(slice, lang) };
    case 'jsonld':
      return { contentType: 'application/ld+json; charset=utf-8', filename: file('jsonld'), body: json(renderJsonld(slice, lang)) };
    default: {
      // A new format that is not handled here fails to compile.
      const unknown: never = format;
      throw new Error(`unknown export format "${String(unknown)}"`);
    }
  }
}
