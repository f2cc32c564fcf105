import type { CypherQuery } from '../db/query.js';

/** Node and relationship totals; used to prove imports are idempotent and failures write nothing. */
export function graphCounts(): CypherQuery<{ nodes: number; relationships: number }> {
  return {
    cypher: `CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships`,
    params: {},
  };
}

export function entityCount(): CypherQuery<{ count: number }> {
  return { cypher: 'MATCH (n:Entity) RETURN count(n) AS count', params: {} };
}
