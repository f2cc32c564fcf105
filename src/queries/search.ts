import type { CypherQuery } from '../db/query.js';
import type { EntityRecord } from '../model/records.js';
import { ENTITY_CORE, packMap, type Projection } from './projection.js';

/** Names, aliases, pinyin and searchText of entities (schema/graph/002_indexes.cypher). */
export const FULLTEXT_INDEX = 'entity_search';
/** Titles of HELD_POSITION and roles of PARTICIPATED_IN relationships. */
export const POSITION_INDEX = 'position_search';

/** How much an exact match of a whole name, alias or abbreviation multiplies the Lucene score. */
export const EXACT_NAME_BOOST = 4.0;

/**
 * Match tiers, best first: the whole primary name, a whole other name (alias, abbreviation, English
 * name or pinyin), a name starting with the typed text (中山 for 中山市), any other part of a name
 * (bigrams, single characters, pinyin syllables or initials), the whole title or role of a
 * position the entity held (副秘书长), and a title or role holding the typed text.
 * Hits are ordered by tier, then by score.
 */
export const TIER = { NAME: 5, ALIAS: 4, PREFIX: 3, PART: 2, WHOLE_TITLE: 1, POSITION: 0 } as const;

/** The title or role through which a search found its holder. */
export interface ViaRow {
  id: string;
  type: string;
  title: string | null;
  titleEn: string | null;
  role: string | null;
  roleEn: string | null;
}

export interface SearchRow {
  node: EntityRecord;
  score: number;
  tier: number;
  nameValues: string[] | null;
  nameLangs: string[] | null;
  via: ViaRow | null;
}

/**
 * Full-text search over names, aliases, pinyin and search text, and over the titles and roles of
 * positions (whose hits are the holders: the relationship's start). `lucene` must come from
 * domain/search's sanitizing builder; `exact` holds the lowercased text in both scripts, to lift
 * whole-name matches (民进 is an abbreviation of 中国民主促进会, not just a bigram of 民进广东省委);
 * `compact` is the Latin text without spaces, matching a whole pinyin name (luofuhe); types filter
 * on EntityType. Each entity appears once, through its best match.
 */
export function searchEntities(
  lucene: string,
  exact: string[],
  compact: string,
  types: string[] | null,
  first: number,
  node: Projection = 'ALL',
): CypherQuery<SearchRow> {
  const hit = packMap('hit', node, ENTITY_CORE, 'hit {.*, text: null}');
  return {
    // Lucene ranks first; only its best hits are tiered and filtered, so common words stay cheap.
    // Each hit's names are read once (names, langs), not once per element the tiers look at; the
    // page is cut (ORDER BY … LIMIT) before its entities' properties are read, not after.
    // Every name tier outranks every position tier and the name index yields each entity once, so
    // when name hits fill the page no title can reach it: only the page's best name hits are kept
    // (in the page's own order, by the score it shows) before any list is built, and the position
    // index is asked only when they leave room (a common name then costs one index, not two).
    cypher: `CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $scan}) YIELD node, score
WITH node, score WHERE $types IS NULL OR node.type IN $types
WITH node, score, coalesce(node.nameValues, []) AS names, coalesce(node.nameLangs, []) AS langs
WITH node, score, CASE
    WHEN toLower(node.name) IN $exact THEN ${TIER.NAME}
    WHEN any(i IN range(0, size(names) - 1) WHERE toLower(names[i]) IN $exact
      OR (langs[i] = 'pinyin' AND replace(toLower(names[i]), ' ', '') = $compact)) THEN ${TIER.ALIAS}
    WHEN any(v IN names WHERE any(f IN $exact WHERE toLower(v) STARTS WITH f)) THEN ${TIER.PREFIX}
    ELSE ${TIER.PART} END AS tier
  ORDER BY tier DESC, score * CASE WHEN tier >= ${TIER.ALIAS} THEN $boost ELSE 1.0 END DESC, node.id LIMIT $first
WITH collect({hit: node, score: score, via: null, tier: tier}) AS named
CALL (named) {
  WITH named WHERE size(named) < $first
  CALL db.index.fulltext.queryRelationships($positionIndex, $lucene, {limit: $scan}) YIELD relationship, score
  WITH startNode(relationship) AS hit, relationship, score WHERE $types IS NULL OR hit.type IN $types
  RETURN collect({hit: hit, score: score, tier: CASE
    WHEN any(t IN [relationship.title, relationship.titleEn, relationship.role, relationship.roleEn] WHERE toLower(t) IN $exact)
    THEN ${TIER.WHOLE_TITLE} ELSE ${TIER.POSITION} END,
    via: relationship {.id, type: type(relationship), .title, .titleEn, .role, .roleEn}}) AS positioned
}
UNWIND named + positioned AS m
WITH m.hit AS hit, m.score * CASE WHEN m.tier >= ${TIER.ALIAS} THEN $boost ELSE 1.0 END AS score, m.tier AS tier, m.via AS via
ORDER BY tier DESC, score DESC
WITH hit, collect({score: score, tier: tier, via: via})[0] AS best
WITH hit, best ORDER BY best.tier DESC, best.score DESC, hit.id LIMIT $first
RETURN ${hit.cypher} AS node, best.score AS score, best.tier AS tier,
  hit.nameValues AS nameValues, hit.nameLangs AS nameLangs, best.via AS via
ORDER BY tier DESC, score DESC, hit.id
LIMIT $first`,
    params: {
      index: FULLTEXT_INDEX,
      positionIndex: POSITION_INDEX,
      lucene,
      exact,
      compact,
      boost: EXACT_NAME_BOOST,
      types,
      first,
      scan: Math.min(2000, first * 20),
    },
    decode(row) {
      row['node'] = hit.unpack(row['node']);
      return row as unknown as SearchRow;
    },
  };
}
