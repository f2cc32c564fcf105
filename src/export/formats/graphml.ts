/** GraphML (http://graphml.graphdrawing.org/) for Gephi, yEd and networkx: typed keys, directed edges. */
import { citationText, eventDates, nodeAttributes, relationBounds, relationLabel, type Lang, type SliceWriter } from './common.js';
import { escapeXml, XML_DECLARATION, xmlAttrs } from './xml.js';

type Values = Record<string, string | null>;

const NODE_KEYS = ['label', 'type', 'kind', 'name_en', 'pinyin', 'description', 'start', 'end'] as const;
const EDGE_KEYS = ['type', 'label', 'start', 'end', 'citations'] as const;

// Key ids carry the domain so a node "type" and an edge "type" can both exist.
const keyLine = (domain: 'node' | 'edge', name: string): string =>
  `  <key${xmlAttrs({ id: `${domain[0]}_${name}`, for: domain, 'attr.name': name, 'attr.type': 'string' })}/>`;

function dataLines(domain: 'node' | 'edge', keys: readonly string[], values: Values): string[] {
  return keys.flatMap((k) => {
    const v = values[k];
    return v == null ? [] : [`      <data key="${domain[0]}_${k}">${escapeXml(v)}</data>`];
  });
}

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

/** GraphML element by element: nodes as entity chunks arrive, then edges (the writer sees all entities first). */
export function graphmlWriter(lang: Lang): SliceWriter {
  return {
    head: () =>
      text([
        XML_DECLARATION,
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        ...NODE_KEYS.map((k) => keyLine('node', k)),
        ...EDGE_KEYS.map((k) => keyLine('edge', k)),
        '  <graph id="annals" edgedefault="directed">',
      ]),
    entities: (chunk) =>
      text(
        chunk.flatMap((e) => {
          const dates = e.type === 'EVENT' ? eventDates(e) : null;
          const values: Values = { label: e.name, ...nodeAttributes(e, lang), start: dates?.earliest ?? null, end: dates?.latest ?? null };
          return [`    <node${xmlAttrs({ id: e.id })}>`, ...dataLines('node', NODE_KEYS, values), '    </node>'];
        }),
      ),
    relations: (chunk, citations) =>
      text(
        chunk.flatMap((r) => {
          const { start, end } = relationBounds(r);
          const values: Values = { type: r.type, label: relationLabel(r, lang), start, end, citations: citationText(citations, r.id) };
          return [
            `    <edge${xmlAttrs({ id: r.id, source: r.from.id, target: r.to.id })}>`,
            ...dataLines('edge', EDGE_KEYS, values),
            '    </edge>',
          ];
        }),
      ),
    end: () => text(['  </graph>', '</graphml>']),
  };
}
