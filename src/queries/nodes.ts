// Look-ups by id of what node(id) and citation(id) resolve besides entities (entitiesByIds): a
// relationship of a known type, citations, findings and changes. Each is one index seek per id.
import type { CypherQuery } from '../db/query.js';
import type { CitationRecord, FindingRecord, RelationFields } from '../model/records.js';
import { isRelationshipType, type EntityLinkType } from '../model/vocabulary.js';
import type { StoredChange } from './curation.js';

export interface RelationshipByIdRow {
  key: string;
  rel: RelationFields;
  from: string;
  to: string;
}

/**
 * Relationships of one type by id (the type is read from the id: from--type--to), with the ids of
 * their ends. The type comes from the closed vocabulary, so the seek uses that type's id index.
 */
export function relationshipsByIds(type: EntityLinkType, ids: readonly string[]): CypherQuery<RelationshipByIdRow> {
  if (type !== 'MENTIONS' && !isRelationshipType(type)) throw new Error(`not a relationship type: ${String(type)}`);
  return {
    cypher: `UNWIND $ids AS key
MATCH (a:Entity)-[r:${type} {id: key}]->(b:Entity)
RETURN key, r {.*, type: type(r)} AS rel, a.id AS from, b.id AS to`,
    params: { ids },
  };
}

export interface CitationByIdRow {
  key: string;
  citation: CitationRecord;
}

/** Citations by their stored id, with their source's id. */
export function citationsByIds(ids: readonly string[]): CypherQuery<CitationByIdRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Citation {id: key})-[:IN_SOURCE]->(s:Source)
RETURN key, c {.*, sourceId: s.id} AS citation`,
    params: { ids },
  };
}

/** A window of a citation's source around its quote (see citationWindows). */
export interface CitationWindowRow {
  key: string;
  /** The window, in the database's string (code points: a character beyond U+FFFF is one). */
  window: string;
  /**
   * Whether no character beyond U+FFFF precedes the window: then code point and UTF-16 offsets agree
   * up to it, and the window starts at UTF-16 offset `from`. Otherwise the quote is `quoteAt` code
   * points into the window.
   */
  plain: boolean;
  from: number;
  quoteAt: number;
  /** Whether the window reaches the end of the text. */
  atEnd: boolean;
}

/**
 * `reach` characters either side of each citation's quote, cut from its source's text in the
 * database, so a 10 MB source sends back about 2 × reach characters, not its text. Neo4j counts
 * strings in code points and citations are stored in UTF-16 offsets: they agree unless a character
 * beyond U+FFFF comes first (checked by a pattern on the text before the window); then the quote,
 * which a citation always locates at its first occurrence, is found by splitting at it.
 */
export function citationWindows(ids: readonly string[], reach: number): CypherQuery<CitationWindowRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Citation {id: key})-[:IN_SOURCE]->(s:Source)
WITH key, c, s.text AS text, CASE WHEN c.start < $reach THEN 0 ELSE c.start - $reach END AS guess
WITH key, c, text, guess, left(text, guess) =~ $bmpOnly AS plain
WITH key, c, text, plain,
  CASE WHEN plain THEN c.start ELSE size(split(text, c.quote)[0]) END AS quoteCp
WITH key, c, text, plain, quoteCp, CASE WHEN quoteCp < $reach THEN 0 ELSE quoteCp - $reach END AS from
WITH key, text, plain, quoteCp, from, (quoteCp - from) + size(c.quote) + $reach AS length
RETURN key, substring(text, from, length) AS window, plain, from, quoteCp - from AS quoteAt, from + length >= size(text) AS atEnd`,
    params: { ids, reach, bmpOnly: '[^\\x{10000}-\\x{10FFFF}]*' },
  };
}

export interface FindingByIdRow {
  key: string;
  finding: FindingRecord;
}

/** Findings by id, with the id of the event that recorded them. */
export function findingsByIds(ids: readonly string[]): CypherQuery<FindingByIdRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (f:Finding {id: key})
RETURN key, f {.*} AS finding`,
    params: { ids },
  };
}

export interface ChangeByIdRow {
  key: string;
  change: StoredChange;
}

/** Recorded changes by id. */
export function changesByIds(ids: readonly string[]): CypherQuery<ChangeByIdRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Change {id: key})
RETURN key, c {.*} AS change`,
    params: { ids },
  };
}
