import type { Executor } from '../db/executor.js';
import { allSources, entityWithJoins, placesByLocation, type EntityJoins } from '../queries/entities.js';
import { AnnalsError, ErrorCode, badInput, checkArguments } from '../errors.js';
import { idArgument, intArgument } from '../model/arguments.js';
import type { Loaders } from './loaders.js';
import type { EntityRecord } from '../model/records.js';
import type { Projection } from '../queries/projection.js';
import { LABEL_OF_TYPE, RELATIONSHIP_TYPES, type EntityLabel } from '../model/vocabulary.js';

/** An id argument, checked as every look-up checks it (BAD_USER_INPUT). */
export const checkEntityId = (id: string, field = 'id'): string => checkArguments(() => idArgument(id, field));

/** The entity with this id (of this label, if given); NOT_FOUND otherwise, with the id in the message. */
export async function getEntity(loaders: Loaders, id: string, label?: EntityLabel): Promise<EntityRecord> {
  checkEntityId(id);
  const record = await loaders.entity.load(id);
  if (record === null) throw noEntity(id);
  return ofLabel(record, id, label);
}

/** What a look-up of an id no entity has answers. */
export const noEntity = (id: string): AnnalsError => new AnnalsError(ErrorCode.NOT_FOUND, `No entity has the id "${id}".`, { id });

/** What a look-up of ids no entity has answers. */
export const noEntities = (ids: readonly string[], field: string): AnnalsError =>
  new AnnalsError(ErrorCode.NOT_FOUND, `No entity has the id ${ids.map((m) => `"${m}"`).join(', ')}.`, { field });

/** The record, if it is of this label (when given); NOT_FOUND otherwise. */
function ofLabel(record: EntityRecord, id: string, label: EntityLabel | undefined): EntityRecord {
  if (label !== undefined && LABEL_OF_TYPE[record.type] !== label) {
    throw new AnnalsError(ErrorCode.NOT_FOUND, `"${id}" is a ${LABEL_OF_TYPE[record.type]}, not a ${label}.`, { id });
  }
  return record;
}

/**
 * getEntity, bringing along in the same round trip the citations and relationships the client
 * will read of it (primed into the loaders, which the field resolvers then find filled). With a
 * projection (the stored properties the selection reads), only those come back with the joins,
 * marked `projected`: such a record is returned, never primed as the whole entity.
 */
export async function getEntityJoined(
  executor: Executor,
  loaders: Loaders,
  id: string,
  label: EntityLabel | undefined,
  joins: EntityJoins,
  node: Projection = 'ALL',
): Promise<EntityRecord> {
  checkEntityId(id);
  // Without joins, the entity loader batches this lookup with others of the request (aliases): whole.
  if (joins.citations || joins.relations !== null || joins.typed.length > 0) {
    const [row] = await executor.read(entityWithJoins(id, joins, [...RELATIONSHIP_TYPES, 'MENTIONS'], node));
    if (row !== undefined) {
      const entity = row.node;
      if (entity.projected !== true) loaders.primeEntity(id, entity);
      if (joins.citations) loaders.primeCitations(entity.id, row.citations ?? []);
      if (joins.relations !== null) {
        const rows = row.relations ?? [];
        loaders.primeEveryRelation(entity, joins.relations, rows);
        if (joins.relations.citations)
          for (const r of rows) if (r.rel.type !== 'MENTIONS') loaders.primeCitations(r.rel.id, r.citations ?? []);
      }
      joins.typed.forEach((spec, n) => loaders.primeRelations(spec, entity, row[`typed${n}`] ?? [], spec.at));
      if (entity.projected === true) return ofLabel(entity, id, label);
    }
  }
  return getEntity(loaders, id, label);
}

/** Every id must exist; one batched round trip. */
export async function requireEntities(loaders: Loaders, ids: readonly string[], field: string): Promise<EntityRecord[]> {
  if (ids.length > 100) throw badInput(`${field} takes at most 100 ids`, field);
  ids.forEach((id) => checkEntityId(id, field));
  const found = await loaders.entity.loadMany(ids);
  const missing = ids.filter((_, n) => found[n] === null || found[n] instanceof Error);
  if (missing.length > 0) throw noEntities(missing, field);
  return found as EntityRecord[];
}

/** Every source, by id. */
export const SOURCES_MAX_FIRST = 500;

/** The first sources by id; first is capped like every list (see graphql/bounds.ts). */
export async function listSources(executor: Executor, first: number | null = null): Promise<EntityRecord[]> {
  const n = checkArguments(() => intArgument(first, { field: 'first', min: 0, max: SOURCES_MAX_FIRST, limit: true }, 100));
  return (await executor.read(allSources(n))).map((r) => r.node);
}

/** The first places by id, all of them or only those with (located: true) or without a location; first is capped by the list bounds. */
export async function listPlaces(executor: Executor, located: boolean | null = null, first: number | null = null): Promise<EntityRecord[]> {
  const n = checkArguments(() => intArgument(first, { field: 'first', min: 0, max: SOURCES_MAX_FIRST, limit: true }, 100));
  return (await executor.read(placesByLocation(located, n))).map((r) => r.node);
}
