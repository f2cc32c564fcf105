import { CLAIM_FIELDS, ENTITY_FIELDS, FINDING_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS, writeFields } from './fields.js';
import type { CitationRow, ImportPlan } from '../model/rows.js';
import { citationId } from '../model/node-ids.js';
import { appendTo } from '../model/multimap.js';
import type { LocatedCitation, ValidDataset } from './validate.js';

export type { Props } from '../model/props.js';
export type { NodeRow, RelationshipRow, CitationRow, ImportPlan } from '../model/rows.js';
export { nameProps, dateProps, timelineKey, timelineBucket, MAX_SPAN_CLASS } from '../model/props.js';

export { citationId } from '../model/node-ids.js';

function citationRows(about: string, list: LocatedCitation[]): CitationRow[] {
  return list.map((c) => {
    const id = citationId(about, c.sourceId, c.quote);
    return { id, sourceId: c.sourceId, props: { id, about, quote: c.quote, start: c.start, end: c.end, line: c.line } };
  });
}

/** Turns a validated dataset into rows; pure, so the import's Cypher is fully determined by it. */
export function planImport(ds: ValidDataset): ImportPlan {
  const plan: ImportPlan = { nodes: new Map(), relationships: new Map(), findings: [], claims: [], citations: [], mentions: [] };
  const mentioned = new Set<string>();
  const mention = (sourceId: string, entityId: string): void => {
    const key = `${sourceId}\u0000${entityId}`;
    if (!mentioned.has(key)) plan.mentions.push({ sourceId, entityId });
    mentioned.add(key);
  };

  for (const s of ds.sources) {
    appendTo(plan.nodes, 'Source', { id: s.id, props: writeFields(SOURCE_FIELDS, s) });
  }
  for (const e of ds.entities) {
    appendTo(plan.nodes, e.type, { id: e.id, props: writeFields(ENTITY_FIELDS, e) });
    plan.citations.push(...citationRows(e.id, e.citations));
    e.citations.forEach((c) => mention(c.sourceId, e.id));
  }
  for (const r of ds.relationships) {
    appendTo(plan.relationships, r.type, { id: r.id, from: r.from, to: r.to, props: writeFields(RELATIONSHIP_FIELDS, r) });
    plan.citations.push(...citationRows(r.id, r.citations));
  }
  for (const f of ds.findings) {
    plan.findings.push({ id: f.id, event: f.event, props: writeFields(FINDING_FIELDS, f) });
    plan.citations.push(...citationRows(f.id, f.citations));
  }
  for (const c of ds.claims) {
    plan.claims.push({ id: c.id, props: writeFields(CLAIM_FIELDS, c) });
    plan.citations.push(...citationRows(c.id, c.citations));
  }
  return plan;
}
