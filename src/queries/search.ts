import type { CypherQuery } from '../db/query.js';

export const FULLTEXT_INDEX = 'entity_names';

/**
 * Full-text search over names, aliases and pinyin. `lucene` must come from domain/search's
 * escaping builder; types filter on the stored EntityType.
 */
export function searchEntities(lucene: string, types: string[] | null, first: number): CypherQuery {
  return {
    cypher: `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
WHERE $types IS NULL OR node.type IN $types
RETURN node {.*, text: null} AS node, score
ORDER BY score DESC, node.id
LIMIT $first`,
    params: { index: FULLTEXT_INDEX, lucene, types, first },
  };
}
