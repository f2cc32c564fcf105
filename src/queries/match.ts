import type { CypherQuery } from '../db/query.js';
import type { EntityRecord } from '../model/records.js';
import { ENTITY_CORE, projectMap, type Projection } from './projection.js';
import { FULLTEXT_INDEX } from './search.js';

export const IDENTIFIER_INDEX = 'entity_identifiers';

/** One entity per query key (an identifier token, a match query's key). */
export interface KeyedEntityRow {
  key: string;
  node: EntityRecord;
}
export interface NameCandidateRow extends KeyedEntityRow {
  score: number;
}

/** What every match candidate carries: enough to compare names and show the entity. */
export const MATCH_PROPS = [
  'nameValues',
  'nameLangs',
  'nameKinds',
  'identifierSchemes',
  'identifierValues',
  'descriptionZh',
  'descriptionEn',
];

/**
 * Entities holding any of these identifier tokens ("WIKIDATA:Q42"), per token. Tokens are checked
 * per scheme before they get here (letters and digits after the colon), and go in quoted, so the
 * Lucene query is one exact term each; the exact comparison after it keeps only whole tokens.
 */
export function entitiesByIdentifierKeys(keys: readonly string[], node: Projection = MATCH_PROPS): CypherQuery<KeyedEntityRow> {
  for (const key of keys) if (!/^[A-Z]+:[A-Z0-9]+$/.test(key)) throw new Error(`not an identifier token: ${key}`);
  return {
    cypher: `UNWIND $keys AS key
CALL db.index.fulltext.queryNodes($index, '"' + key + '"', {limit: 10}) YIELD node
WITH key, node WHERE key IN split(node.identifierText, ' ')
RETURN key, ${projectMap('node', node, ENTITY_CORE, 'node {.*, text: null}', '')} AS node
ORDER BY key, node.id`,
    params: { index: IDENTIFIER_INDEX, keys: [...keys] },
  };
}

/**
 * Name candidates for several queries at once: the full-text index's best hits for each query's
 * sanitized Lucene text (see domain/search), of the query's types. The caller decides what counts
 * as a match by comparing names exactly; this only bounds what it compares.
 */
export function nameCandidates(
  queries: readonly { key: string; lucene: string; types: readonly string[] | null }[],
  perQuery: number,
  node: Projection = MATCH_PROPS,
): CypherQuery<NameCandidateRow> {
  return {
    cypher: `UNWIND $queries AS q
CALL db.index.fulltext.queryNodes($index, q.lucene, {limit: $scan}) YIELD node, score
WITH q, node, score WHERE q.types IS NULL OR node.type IN q.types
WITH q, node, score ORDER BY score DESC, node.id
WITH q, collect({node: node, score: score})[..$perQuery] AS hits
UNWIND hits AS hit
WITH q, hit.node AS node, hit.score AS score
RETURN q.key AS key, ${projectMap('node', node, ENTITY_CORE, 'node {.*, text: null}', '')} AS node, score`,
    params: {
      index: FULLTEXT_INDEX,
      queries: queries.map((q) => ({ ...q, types: q.types === null ? null : [...q.types] })),
      perQuery,
      scan: perQuery * 4,
    },
  };
}

/** A candidate of a match query to test against one piece of evidence (`n`: its index in the query's evidence). */
export interface EvidenceCheck {
  key: string;
  id: string;
  n: number;
}
export type EvidenceRow = EvidenceCheck;

/**
 * The checks whose candidate is linked to one of `others` (ids): by a curated relationship either
 * way, or through an event both are linked to (a person and an organization that took part in,
 * organized or were reviewed at the same event). `types` are the curated relationship types.
 */
export function linkedToAny(
  checks: readonly (EvidenceCheck & { others: readonly string[] })[],
  types: readonly string[],
): CypherQuery<EvidenceRow> {
  return {
    cypher: `UNWIND $checks AS c
MATCH (a:Entity {id: c.id})
WHERE EXISTS { MATCH (a)-[r]-(o:Entity) WHERE type(r) IN $types AND o.id IN c.others }
   OR EXISTS { MATCH (a)-[r1]-(:Event)-[r2]-(o:Entity) WHERE type(r1) IN $types AND type(r2) IN $types AND o.id IN c.others AND o <> a }
RETURN c.key AS key, c.id AS id, c.n AS n`,
    params: { checks: checks.map((c) => ({ ...c, others: [...c.others] })), types: [...types] },
  };
}

/**
 * The checks whose candidate has a date overlapping one of its ranges (ISO days): its own (an event's),
 * one of its curated relationships' (a position's period or attested date), or, unless it is an
 * event itself, that of an event it is linked to (a person is dated by the events they took part
 * in; an event by its own date, not by those it reviewed or followed). A bound left open reaches
 * forever; a thing with no bound at all has no date.
 */
export function datedWithin(
  checks: readonly (EvidenceCheck & { ranges: readonly { from: string; to: string }[] })[],
  types: readonly string[],
): CypherQuery<EvidenceRow> {
  const overlaps = (x: string) =>
    `(${x}.earliest IS NOT NULL OR ${x}.latest IS NOT NULL) AND any(d IN c.ranges WHERE (${x}.earliest IS NULL OR ${x}.earliest <= date(d.to)) AND (${x}.latest IS NULL OR ${x}.latest >= date(d.from)))`;
  return {
    cypher: `UNWIND $checks AS c
MATCH (a:Entity {id: c.id})
WHERE (${overlaps('a')})
   OR EXISTS { MATCH (a)-[r]-(o:Entity) WHERE type(r) IN $types AND ((${overlaps('r')}) OR (o:Event AND NOT a:Event AND ${overlaps('o')})) }
RETURN c.key AS key, c.id AS id, c.n AS n`,
    params: { checks: checks.map((c) => ({ ...c, ranges: [...c.ranges] })), types: [...types] },
  };
}
