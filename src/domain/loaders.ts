import DataLoader from 'dataloader';
import type { Executor } from '../db/executor.js';
import type { CypherQuery } from '../db/query.js';
import {
  allRelationsOf,
  citationsOf,
  claimsAbout,
  entitiesByIds,
  findingsOf,
  relationsOf,
  type Direction,
  type RelationJoinRow,
  type RelationSpec,
} from '../queries/entities.js';
import { parseProjectionKey, projectionKey, type Projection } from '../queries/projection.js';
import {
  changesByIds,
  citationsByIds,
  citationWindows,
  findingsByIds,
  relationshipsByIds,
  type CitationWindowRow,
  type RelationshipByIdRow,
} from '../queries/nodes.js';
import type { StoredChange } from '../queries/curation.js';
import { CONTEXT_REACH } from '../model/citation-context.js';
import type { CitationRecord, EntityRecord, FindingRecord, RelationRecord, StoredClaim } from '../model/records.js';
import { RELATIONSHIP_TYPES, type EntityLinkType, type RelationshipType } from '../model/vocabulary.js';
import { appendTo } from '../model/multimap.js';

/** type|direction|earliest|latest|other-end projection|relationship projection|id: a date narrows the relationships in the database. */
type RelationKey = `${RelationshipType | 'MENTIONS'}|${Direction}|${string}|${string}|${string}|${string}|${string}`;

/** What to fetch of the relationships and of the entities at their other ends (see queries/projection.ts). */
export interface RelationProjection {
  other?: Projection;
  rel?: Projection;
}

/** Groups rows by their `key` column, keeping the query's order within each group. */
function groupByKey<Row extends { key: string }, T>(rows: readonly Row[], pick: (row: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    appendTo(out, row.key, pick(row));
  }
  return out;
}

/** A row of relationsOf/allRelationsOf (or a *Join list) as a relationship record, the anchor entity at its end. */
function toRelation(anchor: EntityRecord, row: RelationJoinRow, outgoing: boolean): RelationRecord {
  // The row's map is fresh from the driver and used once: it becomes the record (no copy).
  return Object.assign(row.rel, { from: outgoing ? anchor : row.node, to: outgoing ? row.node : anchor });
}

/** What a relation projection fetches, as key text: equal shapes batch together. */
const shapeKey = (p: RelationProjection): string => `${projectionKey(p.other ?? 'ALL')}|${projectionKey(p.rel ?? 'ALL')}`;

function relationKey(
  type: RelationshipType | 'MENTIONS',
  direction: Direction,
  at: { earliest: string; latest: string } | null,
  projection: RelationProjection,
  id: string,
): RelationKey {
  return `${type}|${direction}|${at?.earliest ?? ''}|${at?.latest ?? ''}|${shapeKey(projection)}|${id}` as RelationKey;
}

/**
 * Loads keys of the form `group|id`: one query per group (what to fetch) for all its ids, run
 * together; `load` returns each id's records.
 */
async function byGroup<T>(keys: readonly string[], load: (group: string, ids: string[]) => Promise<Map<string, T[]>>): Promise<T[][]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const cut = key.lastIndexOf('|');
    appendTo(groups, key.slice(0, cut), key.slice(cut + 1));
  }
  const results = new Map<string, T[]>();
  await Promise.all(
    [...groups].map(async ([group, ids]) => {
      for (const [id, list] of await load(group, ids)) results.set(`${group}|${id}`, list);
    }),
  );
  return keys.map((k) => results.get(k) ?? []);
}

/**
 * Per-request batching: every field that needs related data asks a loader, and each loader turns
 * all the asks of one tick into a single UNWIND query, so round trips do not grow with page size.
 */
export function createLoaders(executor: Executor) {
  // Relationship loaders are asked with the entity in hand; its end of each relationship is that record.
  const anchors = new Map<string, EntityRecord>();
  const anchorOf = (id: string): EntityRecord => anchors.get(id)!;
  const remember = (e: EntityRecord): void => {
    if (!anchors.has(e.id)) anchors.set(e.id, e);
  };

  const entity = new DataLoader<string, EntityRecord | null>(async (ids) => {
    const rows = await executor.read(entitiesByIds(ids));
    const byId = new Map(rows.map((r) => [r.key, r.node]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const relations = new DataLoader<RelationKey, RelationRecord[]>((keys) =>
    byGroup(keys, async (group, ids) => {
      const [type, direction, earliest, latest, other, rel] = group.split('|') as [
        RelationshipType,
        Direction,
        string,
        string,
        string,
        string,
      ];
      const at = earliest === '' ? null : { earliest, latest };
      const rows = await executor.read(relationsOf(type, direction, ids, at, parseProjectionKey(other), parseProjectionKey(rel)));
      return groupByKey(rows, (r) => toRelation(anchorOf(r.key), r, direction === 'OUT'));
    }),
  );

  const everyRelation = new DataLoader<string, RelationRecord[]>((keys) =>
    byGroup(keys, async (group, ids) => {
      const [other, rel] = group.split('|') as [string, string];
      const rows = await executor.read(
        allRelationsOf(ids, [...RELATIONSHIP_TYPES, 'MENTIONS'], parseProjectionKey(other), parseProjectionKey(rel)),
      );
      return groupByKey(rows, (r) => toRelation(anchorOf(r.key), r, r.outgoing));
    }),
  );

  const citations = new DataLoader<string, CitationRecord[]>(async (ids) => {
    const byId = groupByKey(await executor.read(citationsOf(ids)), (r) => r.citation);
    return ids.map((id) => byId.get(id) ?? []);
  });

  const findings = new DataLoader<string, FindingRecord[]>(async (ids) => {
    const byId = groupByKey(await executor.read(findingsOf(ids)), (r) => r.finding);
    return ids.map((id) => byId.get(id) ?? []);
  });

  const claims = new DataLoader<string, StoredClaim[]>(async (ids) => {
    const byId = groupByKey(await executor.read(claimsAbout(ids)), (r) => r.claim);
    return ids.map((id) => byId.get(id) ?? []);
  });

  // By id, for node(id), nodes(ids) and citation(id); relationships by `TYPE|id` (the type read from the id).
  const byId = <Row extends { key: string }, T>(query: (ids: readonly string[]) => CypherQuery<Row>, pick: (row: Row) => T) =>
    new DataLoader<string, T | null>(async (ids) => {
      const found = new Map((await executor.read(query(ids))).map((r) => [r.key, pick(r)]));
      return ids.map((id) => found.get(id) ?? null);
    });
  const relationship = new DataLoader<string, RelationshipByIdRow | null>((keys) =>
    byGroup(keys, async (type, ids) => {
      const rows = await executor.read(relationshipsByIds(type as EntityLinkType, ids));
      return new Map(rows.map((r) => [r.key, [r]]));
    }).then((lists) => lists.map((l) => l[0] ?? null)),
  );

  // What another query brought along, answered at once rather than through a loader's Promise: a
  // timeline page primes two lists for each of its 50 events, and each Promise costs the resolvers
  // a tick (a visible share of a page's CPU). A key not primed goes to the loader, as before.
  const primedRelations = new Map<RelationKey, RelationRecord[]>();
  const primedEvery = new Map<string, RelationRecord[]>();
  const primedCitations = new Map<string, CitationRecord[]>();

  return {
    entity,
    claims,
    /** A relationship by id and type, with the ids of its ends. */
    relationship: (type: EntityLinkType, id: string) => relationship.load(`${type}|${id}`),
    citation: byId(citationsByIds, (r) => r.citation),
    /** CONTEXT_REACH characters either side of a citation's quote (model/citation-context.ts). */
    citationWindow: byId(
      (ids) => citationWindows(ids, CONTEXT_REACH),
      (r): CitationWindowRow => r,
    ),
    finding: byId(findingsByIds, (r) => r.finding),
    change: byId(changesByIds, (r): StoredChange => r.change),
    /** The citations of a node or relationship (by its id); those primed come at once. */
    citations: {
      load: (about: string): CitationRecord[] | Promise<CitationRecord[]> => primedCitations.get(about) ?? citations.load(about),
    },
    findings,
    /** Every relationship touching an entity, whatever its type or direction; those primed come at once. */
    everyRelation: (entity: EntityRecord, projection: RelationProjection = {}): RelationRecord[] | Promise<RelationRecord[]> => {
      remember(entity);
      const key = `${shapeKey(projection)}|${entity.id}`;
      return primedEvery.get(key) ?? everyRelation.load(key);
    },
    /**
     * Relationships of a type leaving (OUT) or reaching (IN) an entity; with `at`, only those that
     * may overlap it; the projection says what of them and of their other ends to fetch.
     */
    relations: (
      type: RelationshipType | 'MENTIONS',
      direction: Direction,
      entity: EntityRecord,
      at: { earliest: string; latest: string } | null = null,
      projection: RelationProjection = {},
    ): RelationRecord[] | Promise<RelationRecord[]> => {
      remember(entity);
      const key = relationKey(type, direction, at, projection, entity.id);
      return primedRelations.get(key) ?? relations.load(key);
    },
    // What another query already brought along (rows as the *Join builders return them): no round trip later.
    primeRelations: (
      spec: RelationSpec,
      entity: EntityRecord,
      rows: readonly RelationJoinRow[],
      at: { earliest: string; latest: string } | null = null,
    ) => {
      remember(entity);
      const key = relationKey(spec.type, spec.direction, at, spec, entity.id);
      primedRelations.set(
        key,
        rows.map((row) => toRelation(entity, row, spec.direction === 'OUT')),
      );
    },
    primeEveryRelation: (
      entity: EntityRecord,
      projection: RelationProjection,
      rows: readonly (RelationJoinRow & { outgoing: boolean })[],
    ) => {
      remember(entity);
      const key = `${shapeKey(projection)}|${entity.id}`;
      primedEvery.set(
        key,
        rows.map((row) => toRelation(entity, row, row.outgoing)),
      );
    },
    primeEntity: (id: string, record: EntityRecord) => entity.clear(id).prime(id, record),
    primeCitations: (about: string, list: readonly CitationRecord[]) => primedCitations.set(about, [...list]),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
