import type { CypherQuery } from '../db/query.js';
import type { CitationRecord, EntityRecord, FindingRecord, RelationFields, StoredClaim } from '../model/records.js';
import { ENTITY_CORE, packMap, type Packed, type Projection } from './projection.js';
import {
  isEntityLabel,
  isRelationshipType,
  RELATIONSHIP_RULES,
  type DerivedRelationshipType,
  type Direction,
  type EntityLabel,
  type RelationshipType,
} from '../model/vocabulary.js';

/** An entity under the id it was asked by (`key`: a merged-away id finds its survivor). */
export interface EntityByIdRow {
  key: string;
  node: EntityRecord;
}

/** Entities by id, one round trip for any number of ids; an optional label narrows the match. */
export function entitiesByIds(ids: readonly string[], label?: EntityLabel): CypherQuery<EntityByIdRow> {
  if (label !== undefined && !isEntityLabel(label)) throw new Error(`not an entity label: ${String(label)}`);
  return {
    // An id merged into another resolves to the survivor (the node carries its own id).
    cypher: `UNWIND $ids AS id
OPTIONAL MATCH (r:Redirect {id: id})
WITH id, coalesce(r.to, id) AS target
MATCH (n:${label ?? 'Entity'} {id: target})
RETURN id AS key, n {.*} AS node`,
    params: { ids },
  };
}

export type { Direction };

const otherEnd = (p: Projection): Packed => packMap('other', p, ENTITY_CORE, 'other {.*, text: null}');
// A relationship's type always comes along; its id only when asked (citations are found by it).
// Of one known type (a typed join), the type is set on the map here rather than sent with every row.
const relationship = (p: Projection, type?: RelationSpec['type']): Packed =>
  type === undefined
    ? packMap('r', p, [], 'r {.*, type: type(r)}', [['type', 'type(r)']], {})
    : packMap('r', p, [], 'r {.*, type: type(r)}', [], { type });

/** Unpacks the `rel` and `node` of a row (or of a list item) in place. */
function unpackRelation<T>(row: Record<string, unknown>, rel: Packed, node: Packed): T {
  row['rel'] = rel.unpack(row['rel']);
  row['node'] = node.unpack(row['node']);
  return row as T;
}

/** One relationship type in one direction, with what to fetch of it and of its other ends. */
export interface RelationSpec {
  type: RelationshipType | 'MENTIONS';
  direction: Direction;
  other: Projection;
  rel: Projection;
}

function relationPattern(spec: RelationSpec, anchor: string): string {
  if (spec.type !== 'MENTIONS' && !isRelationshipType(spec.type)) throw new Error(`not a relationship type: ${String(spec.type)}`);
  return spec.direction === 'OUT' ? `(${anchor})-[r:${spec.type}]->(other:Entity)` : `(other:Entity)-[r:${spec.type}]->(${anchor})`;
}

/**
 * One relationship of an entity, as the *Join list expressions hold it: the relationship's own
 * properties (or those projected) and the entity at its other end.
 */
export interface RelationJoinRow {
  rel: RelationFields;
  node: EntityRecord;
}

/** A row of relationsOf: the id asked for (`key`), a relationship of it and its other end. */
export interface RelationRow extends RelationJoinRow {
  key: string;
}

// The order of one entity's relationships, wherever they are fetched: by the other end in time, then ids.
const RELATION_ORDER = "coalesce(other.timelineKey, ''), other.id, r.id";
// Only events have a timelineKey: where the other end cannot be an event, the same order by ids alone
// (without looking, on every other end, for a property it lacks).
const ID_ORDER = 'other.id, r.id';
// Positions by their own dates (the period, else the attestation): earliest first, undated last, then id.
const POSITION_ORDER = 'r.earliest IS NULL, r.earliest, r.id';
function orderOf(type: RelationSpec['type'], direction: Direction): string {
  if (type === 'HELD_POSITION') return POSITION_ORDER;
  if (!isRelationshipType(type)) return RELATION_ORDER;
  const ends: readonly EntityLabel[] = RELATIONSHIP_RULES[type][direction === 'OUT' ? 'to' : 'from'];
  return ends.includes('Event') ? RELATION_ORDER : ID_ORDER;
}

/**
 * Relationships of one type touching each of the ids, with the other end, in one round trip.
 * OUT: (id)-[r]->(other); IN: (other)-[r]->(id). The caller holds the entity of each id, so it is
 * not sent back on every row (that alone was most of the cost on busy entities).
 */
export function relationsOf(
  type: RelationshipType | 'MENTIONS',
  direction: Direction,
  ids: readonly string[],
  at: { earliest: string; latest: string } | null = null,
  other: Projection = 'ALL',
  rel: Projection = 'ALL',
): CypherQuery<RelationRow> {
  const spec = { type, direction, other, rel };
  const [r, node] = [relationship(rel, type), otherEnd(other)];
  // With a date, only relationships whose span or attestation may overlap it (open ends reach forever).
  const when = at === null ? '' : `\nWHERE ${overlapsAt({ earliest: 'atEarliest', latest: 'atLatest' })}`;
  return {
    cypher: `UNWIND $ids AS key
MATCH ${relationPattern(spec, ':Entity {id: key}')}${when}
RETURN key, ${r.cypher} AS rel, ${node.cypher} AS node
ORDER BY key, ${orderOf(type, direction)}`,
    params: at === null ? { ids } : { ids, atEarliest: at.earliest, atLatest: at.latest },
    decode: (row) => unpackRelation(row, r, node),
  };
}

/** A list expression of a query's RETURN and how to turn what it sends into the rows of its type. */
export interface Joined<T> {
  cypher: string;
  unpack(value: unknown): T[];
}

/**
 * The same rows as relationsOf, for one node already matched as `anchor`, as a list expression
 * (each item `[rel, node]`, packed): a query that fetches entities can bring their relationships
 * along instead of a round trip later.
 */
export function relationsJoin(
  spec: RelationSpec,
  anchor: string,
  atParams: { earliest: string; latest: string } | null = null,
): Joined<RelationJoinRow> {
  const [rel, node] = [relationship(spec.rel, spec.type), otherEnd(spec.other)];
  const when = atParams === null ? '' : ` WHERE ${overlapsAt(atParams)}`;
  return {
    cypher: `COLLECT { MATCH ${relationPattern(spec, anchor)}${when} WITH r, other ORDER BY ${orderOf(spec.type, spec.direction)} RETURN [${rel.cypher}, ${node.cypher}] }`,
    unpack: (value) =>
      (value as unknown[][]).map(([r, n]) => ({ rel: rel.unpack<RelationFields>(r)!, node: node.unpack<EntityRecord>(n)! })),
  };
}

/** Relationship r may overlap the date whose bounds are in these parameters (open ends reach forever). */
const overlapsAt = (p: { earliest: string; latest: string }): string =>
  `(r.earliest IS NULL OR r.earliest <= date($${p.latest})) AND (r.latest IS NULL OR r.latest >= date($${p.earliest}))`;

/**
 * A citation's stored properties (its source's id comes from IN_SOURCE): every field of
 * CitationRecord but sourceId, which the type below checks, so a new field cannot be left out of
 * the packed rows unnoticed.
 */
const CITATION_PROPS = ['id', 'about', 'quote', 'start', 'end', 'line'] as const satisfies readonly Exclude<
  keyof CitationRecord,
  'sourceId'
>[];
type Unlisted = Exclude<keyof CitationRecord, 'sourceId' | (typeof CITATION_PROPS)[number]>;
const CITATION: Packed & ([Unlisted] extends [never] ? unknown : { missing: Unlisted }) = packMap(
  'c',
  CITATION_PROPS,
  [],
  '',
  [['sourceId', 's.id']],
  {},
);
const CITATION_ROW = CITATION.cypher;
const unpackCitations = (value: unknown): CitationRecord[] => (value as unknown[]).map((c) => CITATION.unpack<CitationRecord>(c)!);
const CITATION_ORDER = 's.id, c.start';

export interface CitationOfRow {
  key: string;
  citation: CitationRecord;
}

/** Citations of entities, relationships or findings (by the id they attest), with their order in the source. */
export function citationsOf(ids: readonly string[]): CypherQuery<CitationOfRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Citation {about: key})-[:IN_SOURCE]->(s:Source)
RETURN key, ${CITATION_ROW} AS citation
ORDER BY key, ${CITATION_ORDER}`,
    params: { ids },
    decode(row) {
      row['citation'] = CITATION.unpack(row['citation']);
      return row as unknown as CitationOfRow;
    },
  };
}

/** The same rows as citationsOf for one id expression, as a list. */
const citationsJoin = (about: string): string =>
  `COLLECT { MATCH (c:Citation {about: ${about}})-[:IN_SOURCE]->(s:Source) WITH c, s ORDER BY ${CITATION_ORDER} RETURN ${CITATION_ROW} }`;

/** What an entity lookup brings along, as the fields the client reads will ask for it. */
export interface EntityJoins {
  citations: boolean;
  /** Every relationship (Entity.relations), with the citations of each when asked. */
  relations: (Omit<RelationSpec, 'type' | 'direction'> & { citations: boolean }) | null;
  /** Relationships of one type and direction, optionally only those that may overlap a date. */
  typed: (RelationSpec & { at: { earliest: string; latest: string } | null })[];
}

/** A relationship of entityWithJoins' `relations` list: which way it points, and its citations when asked. */
export interface JoinedRelation extends RelationJoinRow {
  outgoing: boolean;
  citations?: CitationRecord[];
}

/**
 * The row of entityWithJoins: the entity, and the lists its joins asked for (`citations` and
 * `relations` when asked; `typed0`, `typed1`… for each of joins.typed, in order).
 */
export interface EntityWithJoinsRow {
  node: EntityRecord;
  citations?: CitationRecord[];
  relations?: JoinedRelation[];
  [typed: `typed${number}`]: RelationJoinRow[];
}

/**
 * One entity by id (following a merge redirect) with the relationships and citations its
 * selection reads, in one round trip; the rows match relationsOf, allRelationsOf and citationsOf.
 */
export function entityWithJoins(
  id: string,
  joins: EntityJoins,
  types: readonly (RelationshipType | 'MENTIONS')[],
  node: Projection = 'ALL',
): CypherQuery<EntityWithJoinsRow> {
  const params: Record<string, unknown> = { id, types };
  const lists: string[] = [];
  const unpacks: [string, (value: unknown) => unknown[]][] = [];
  if (joins.citations) {
    lists.push(`${citationsJoin('n.id')} AS citations`);
    unpacks.push(['citations', unpackCitations]);
  }
  if (joins.relations !== null) {
    const { citations } = joins.relations;
    // Citations are primed by relationship id, so the id comes along with them.
    const rel = relationship(citations && joins.relations.rel !== 'ALL' ? [...joins.relations.rel, 'id'] : joins.relations.rel);
    const other = otherEnd(joins.relations.other);
    lists.push(`COLLECT { MATCH (n)-[r]-(other:Entity) WHERE type(r) IN $types
    WITH r, other ORDER BY type(r), ${RELATION_ORDER}
    RETURN [${rel.cypher}, ${other.cypher}, startNode(r) = n${citations ? `, ${citationsJoin('r.id')}` : ''}] } AS relations`);
    unpacks.push([
      'relations',
      (value) =>
        (value as unknown[][]).map(([r, o, outgoing, cited]): JoinedRelation => ({
          rel: rel.unpack<RelationFields>(r)!,
          node: other.unpack<EntityRecord>(o)!,
          outgoing: outgoing as boolean,
          ...(citations ? { citations: unpackCitations(cited) } : {}),
        })),
    ]);
  }
  joins.typed.forEach((spec, n) => {
    const at = spec.at === null ? null : { earliest: `typed${n}Earliest`, latest: `typed${n}Latest` };
    if (spec.at !== null) Object.assign(params, { [`typed${n}Earliest`]: spec.at.earliest, [`typed${n}Latest`]: spec.at.latest });
    const join = relationsJoin(spec, 'n', at);
    lists.push(`${join.cypher} AS typed${n}`);
    unpacks.push([`typed${n}`, join.unpack]);
  });
  const entity = packMap('n', node, ENTITY_CORE, 'n {.*}');
  return {
    cypher: `OPTIONAL MATCH (redirect:Redirect {id: $id})
WITH coalesce(redirect.to, $id) AS target
MATCH (n:Entity {id: target})
RETURN ${entity.cypher} AS node${lists.map((l) => `,\n  ${l}`).join('')}`,
    params,
    decode(row) {
      row['node'] = entity.unpack(row['node']);
      for (const [key, unpack] of unpacks) row[key] = unpack(row[key]);
      return row as unknown as EntityWithJoinsRow;
    },
  };
}

export interface FindingOfRow {
  key: string;
  finding: FindingRecord;
}

/** Findings an event recorded, in their kind and order. */
export function findingsOf(eventIds: readonly string[]): CypherQuery<FindingOfRow> {
  const recorded: DerivedRelationshipType = 'RECORDED';
  return {
    cypher: `UNWIND $ids AS key
MATCH (:Event {id: key})-[:${recorded}]->(f:Finding)
RETURN key, f {.*} AS finding
ORDER BY key, f.kind, f.order, f.id`,
    params: { ids: eventIds },
  };
}

/** The first sources by id (their text is fetched separately when asked for). */
export function allSources(first: number): CypherQuery<{ node: EntityRecord }> {
  return {
    cypher: `MATCH (s:Source)
RETURN s {.*, text: null} AS node
ORDER BY s.id
LIMIT $first`,
    params: { first },
  };
}

/**
 * Places by id; `located` keeps those with a location (true) or without (false). The located ones
 * are found by the place_location index, not by a scan of every place.
 */
export function placesByLocation(located: boolean | null, first: number): CypherQuery<{ node: EntityRecord }> {
  const where = located === null ? '' : located ? '\nWHERE p.locationLatitude IS NOT NULL' : '\nWHERE p.locationLatitude IS NULL';
  return {
    cypher: `MATCH (p:Place)${where}
RETURN p {.*} AS node
ORDER BY p.id
LIMIT $first`,
    params: { first },
  };
}

/** A row of allRelationsOf: a relationship of the entity `key`, its other end, and whether it leaves `key`. */
export interface AnyRelationRow extends RelationRow {
  outgoing: boolean;
}

/** Every relationship of the given types touching each id, both directions, with the other end and which way it points. */
export function allRelationsOf(
  ids: readonly string[],
  types: readonly (RelationshipType | 'MENTIONS')[],
  other: Projection = 'ALL',
  rel: Projection = 'ALL',
): CypherQuery<AnyRelationRow> {
  const [r, node] = [relationship(rel), otherEnd(other)];
  return {
    cypher: `UNWIND $ids AS key
MATCH (a:Entity {id: key})-[r]-(other:Entity)
WHERE type(r) IN $types
RETURN key, ${r.cypher} AS rel, ${node.cypher} AS node, startNode(r) = a AS outgoing
ORDER BY key, type(r), ${RELATION_ORDER}`,
    params: { ids, types },
    decode: (row) => unpackRelation(row, r, node),
  };
}

export interface ClaimAboutRow {
  key: string;
  claim: StoredClaim;
}

/** Competing claims about facts (entities or relationships), by the id of the fact. */
export function claimsAbout(ids: readonly string[]): CypherQuery<ClaimAboutRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Claim {about: key})
RETURN key, c {.*} AS claim
ORDER BY key, c.id`,
    params: { ids },
  };
}

/** What the claims about one fact need to be resolved in a write: the fact's value and time, and every source cited. */
export interface ClaimCheckRow {
  key: string;
  claims: { id: string; property: string; value: string }[];
  /** The event's curated date (EDTF), when the fact is an Event. */
  date: string | null;
  /** The position's curated title and its bounds, when the fact is a HELD_POSITION relationship. */
  title: string | null;
  earliest: string | null;
  latest: string | null;
  /** Each citation of the fact or of its claims: what it attests, its source and the source's publication date. */
  cited: { about: string; source: string; published: string | null }[];
}

/** The facts among ids that claims are about, with what resolving their claims needs; facts without claims give no row. */
export function claimCheckInputs(ids: readonly string[]): CypherQuery<ClaimCheckRow> {
  return {
    cypher: `UNWIND $ids AS key
MATCH (c:Claim {about: key})
WITH key, collect(c {.id, .property, .value}) AS claims
OPTIONAL MATCH (e:Event {id: key})
OPTIONAL MATCH ()-[r:HELD_POSITION {id: key}]->()
WITH key, claims, e, r, [key] + [x IN claims | x.id] AS abouts
RETURN key, claims, e.edtf AS date, r.title AS title, r.earliest AS earliest, r.latest AS latest,
  COLLECT { UNWIND abouts AS a MATCH (ct:Citation {about: a})-[:IN_SOURCE]->(s:Source)
    RETURN DISTINCT {about: a, source: s.id, published: s.publishedEdtf} AS cited } AS cited
ORDER BY key`,
    params: { ids },
  };
}
