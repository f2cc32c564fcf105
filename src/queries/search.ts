import type { CypherQuery } from '../db/query.js';
import type { EntityRecord } from '../model/records.js';
import { ENTITY_CORE, projectMap, type Projection } from './projection.js';

export const FULLTEXT_INDEX = 'entity_names';

/** How much an exact match of a whole name, alias or abbreviation multiplies the Lucene score. */
export const EXACT_NAME_BOOST = 4.0;

export interface SearchRow {
  node: EntityRecord;
  score: number;
}

/**
 * Full-text search over names, aliases and pinyin. `lucene` must come from domain/search's
 * sanitizing builder; `exact` is the lowercased text, to lift whole-name matches (民进 is an
 * abbreviation of 中国民主促进会, not just a bigram of 民进广东省委); types filter on EntityType.
 */
export function searchEntities(
  lucene: string,
  exact: string,
  types: string[] | null,
  first: number,
  node: Projection = 'ALL',
): CypherQuery<SearchRow> {
  return {
    // Lucene ranks first; only its best hits are boosted and filtered, so common words stay cheap.
    cypher: `CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $scan}) YIELD node, score
WHERE $types IS NULL OR node.type IN $types
WITH node, score * CASE WHEN any(v IN node.nameValues WHERE toLower(v) = $exact) THEN $boost ELSE 1.0 END AS score
RETURN ${projectMap('node', node, ENTITY_CORE, 'node {.*, text: null}')} AS node, score
ORDER BY score DESC, node.id
LIMIT $first`,
    params: { index: FULLTEXT_INDEX, lucene, exact, boost: EXACT_NAME_BOOST, types, first, scan: Math.min(2000, first * 20) },
  };
}
