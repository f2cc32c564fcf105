/** GEXF 1.3 (https://gexf.net/) for Gephi: a dynamic graph whose events and dated ties carry start/end. */
import { citationText, eventDates, nodeAttributes, relationBounds, relationLabel, type Lang, type SliceWriter } from './common.js';
import { escapeXml, XML_DECLARATION, xmlAttrs } from './xml.js';

type Values = Record<string, string | null>;

// Gephi's edge table already has a "Type" column (directed/undirected), so the relationship type
// is the attribute "relationship" and the native 1.3 edge `kind` (Gephi's parallel-edge type).
const NODE_ATTRIBUTES = ['type', 'kind', 'name_en', 'pinyin', 'description'] as const;
const EDGE_ATTRIBUTES = ['relationship', 'citations'] as const;

/** Labels are xsd:token in GEXF 1.3: no line breaks, no runs of spaces. */
const token = (s: string | null): string | null => (s === null ? null : s.replace(/\s+/g, ' ').trim());

const declarations = (cls: 'node' | 'edge', ids: readonly string[]): string[] => [
  `    <attributes class="${cls}">`,
  ...ids.map((id) => `      <attribute${xmlAttrs({ id, title: id, type: 'string' })}/>`),
  '    </attributes>',
];

function attvalues(ids: readonly string[], values: Values): string[] {
  const lines = ids.flatMap((id) => {
    const v = values[id];
    return v == null ? [] : [`          <attvalue${xmlAttrs({ for: id, value: v })}/>`];
  });
  return lines.length === 0 ? [] : ['        <attvalues>', ...lines, '        </attvalues>'];
}

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

/**
 * GEXF element by element. The optional `count` attributes of <nodes> and <edges> are left out: a
 * streamed export does not know them before it has read the graph.
 */
export function gexfWriter(lang: Lang, generatedAt: string): SliceWriter {
  let edgesOpen = false;
  const openEdges = (): string[] => {
    if (edgesOpen) return [];
    edgesOpen = true;
    return ['    </nodes>', '    <edges>'];
  };
  return {
    head: () =>
      text([
        XML_DECLARATION,
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
        `  <meta lastmodifieddate="${escapeXml(generatedAt.slice(0, 10))}">`,
        '    <creator>Annals</creator>',
        '  </meta>',
        '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
        ...declarations('node', NODE_ATTRIBUTES),
        ...declarations('edge', EDGE_ATTRIBUTES),
        '    <nodes>',
      ]),
    entities: (chunk) =>
      text(
        chunk.flatMap((e) => {
          // Only events have a lifetime; other nodes exist for the whole timeline.
          const dates = e.type === 'EVENT' ? eventDates(e) : null;
          const attrs = xmlAttrs({ id: e.id, label: token(e.name), start: dates?.earliest, end: dates?.latest });
          const values: Values = nodeAttributes(e, lang);
          return [`      <node${attrs}>`, ...attvalues(NODE_ATTRIBUTES, values), '      </node>'];
        }),
      ),
    relations: (chunk, citations) =>
      text([
        ...openEdges(),
        ...chunk.flatMap((r) => {
          const { start, end } = relationBounds(r);
          const attrs = xmlAttrs({
            id: r.id,
            source: r.from.id,
            target: r.to.id,
            label: token(relationLabel(r, lang)),
            kind: r.type,
            start,
            end,
          });
          const values: Values = { relationship: r.type, citations: citationText(citations, r.id) };
          return [`      <edge${attrs}>`, ...attvalues(EDGE_ATTRIBUTES, values), '      </edge>'];
        }),
      ]),
    end: () => text([...openEdges(), '    </edges>', '  </graph>', '</gexf>']),
  };
}
