import type { CypherQuery } from '../db/query.js';
import { isRelationshipType, type RelationshipType } from '../domain/vocabulary.js';

export interface SliceParams {
  around: string | null;
  depth: number;
  types: string[] | null;
  relTypes: readonly RelationshipType[];
  /** ISO dates: events outside [from, to] (POSSIBLY reading) are left out. */
  from: string | null;
  to: string | null;
}

/**
 * The entities an export selects (all, or those within `depth` hops of `around` over the chosen
 * relationship types), the relationships among them, and their citations: one round trip.
 */
export function exportSliceQuery(p: SliceParams): CypherQuery {
  for (const t of p.relTypes) if (!isRelationshipType(t)) throw new Error(`not a relationship type: ${String(t)}`);
  const rels = p.relTypes.join('|');
  const pick =
    p.around === null
      ? 'MATCH (n:Entity) WHERE NOT n:Source'
      : `MATCH (start:Entity {id: $around})
MATCH (start)-[:${rels}*0..${p.depth}]-(n:Entity)
WHERE NOT n:Source
WITH DISTINCT n`;
  return {
    cypher: `${pick}
WITH n WHERE ($types IS NULL OR n.type IN $types)
  AND (NOT n:Event OR (($from IS NULL OR n.latest IS NULL OR n.latest >= date($from)) AND ($to IS NULL OR n.earliest IS NULL OR n.earliest <= date($to))))
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r:${rels}]->(b)
  WHERE b IN nodes
  RETURN collect(r {.*, type: type(r), from: a {.*, text: null}, to: b {.*, text: null}}) AS relations, collect(r.id) AS relIds
}
CALL (nodes, relIds) {
  MATCH (c:Citation)-[:IN_SOURCE]->(s:Source)
  WHERE c.about IN relIds OR c.about IN [x IN nodes | x.id]
  WITH c, s ORDER BY c.about, s.id, c.start
  RETURN collect({about: c.about, sourceId: s.id, quote: c.quote}) AS citations
}
RETURN [x IN nodes | x {.*, text: null}] AS entities, relations, citations`,
    params: { around: p.around, types: p.types, from: p.from, to: p.to },
  };
}
