import type { GraphQLResolveInfo } from 'graphql';
import type { EntityRecord } from '../model/records.js';
import type { Context } from './context.js';
import type { RelationProjection } from '../domain/loaders.js';
import type { Projection } from '../queries/projection.js';
import { selectedFields } from './selection.js';

// Which stored properties each field reads. A field that loads its own data (citations,
// relationships...) needs only the id, which always comes along; a field missing from the map
// makes the projection ALL, so a new field is never answered from a partial record.
const ENTITY_FIELD_PROPS: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  type: [],
  name: [],
  names: ['nameValues', 'nameLangs', 'nameKinds'],
  description: ['descriptionZh', 'descriptionEn'],
  revision: ['revision'],
  kind: ['kind'],
  date: ['edtf'],
  dateClaims: ['edtf'],
  quantities: ['quantityValues', 'quantityWhat', 'quantityWhatEn'],
  title: ['title'],
  titleEn: ['titleEn'],
  publisher: ['publisher'],
  language: ['language'],
  published: ['publishedEdtf'],
  text: [], // Source.text loads the text itself
  ...Object.fromEntries(
    [
      'citations',
      'relations',
      'positions',
      'participations',
      'parent',
      'units',
      'organized',
      'launched',
      'place',
      'participants',
      'organizers',
      'initiatives',
      'reviewed',
      'follows',
      'followedBy',
      'findings',
      'components',
      'partOf',
      'launchedBy',
      'advancedBy',
      'events',
      'mentions',
    ].map((f) => [f, []]),
  ),
};

const RELATION_FIELD_PROPS: Record<string, readonly string[]> = {
  __typename: [],
  id: ['id'],
  type: [],
  direction: [],
  from: [],
  to: [],
  other: [],
  person: [],
  organization: [],
  entity: [],
  event: [],
  citations: ['id'],
  title: ['title'],
  titleClaims: ['id', 'title'],
  titleEn: ['titleEn'],
  role: ['role'],
  roleEn: ['roleEn'],
  period: ['periodEdtf'],
  attestedAt: ['attestedEdtf'],
};

// Resolvers run once per parent object (50 events, 300 participants...) but the selection is the
// same for all of them: graphql-js shares fieldNodes between list items, so the answer is kept there.
const computed = new WeakMap<object, Map<string, Projection>>();

function project(info: GraphQLResolveInfo, paths: (readonly string[])[], map: Record<string, readonly string[]>): Projection {
  const key = `${map === ENTITY_FIELD_PROPS ? 'e' : 'r'}:${JSON.stringify(paths)}`;
  let cache = computed.get(info.fieldNodes);
  if (cache === undefined) {
    cache = new Map();
    computed.set(info.fieldNodes, cache);
  }
  let found = cache.get(key);
  if (found === undefined) {
    found = projectUncached(info, paths, map);
    cache.set(key, found);
  }
  return found;
}

function projectUncached(info: GraphQLResolveInfo, paths: (readonly string[])[], map: Record<string, readonly string[]>): Projection {
  const props = new Set<string>();
  for (const path of paths.length === 0 ? [[]] : paths) {
    for (const field of selectedFields(info, path)) {
      const needs = map[field];
      if (needs === undefined) return 'ALL';
      for (const p of needs) props.add(p);
    }
  }
  return [...props];
}

/** The stored properties the client reads of the entities at these paths below this field (none: the field itself). */
export const entityProjection = (info: GraphQLResolveInfo, ...paths: (readonly string[])[]): Projection =>
  project(info, paths, ENTITY_FIELD_PROPS);

/** The stored properties the client reads of the relationships at `path` (none: this field's own). */
export const relationProjection = (info: GraphQLResolveInfo, path: readonly string[] = []): Projection =>
  project(info, [path], RELATION_FIELD_PROPS);

/**
 * What to fetch for a relationship field at `at` below this field: with `end`, the field returns
 * relationships whose other end is read at that sub-path; without, it returns the other ends.
 */
export function relationShape(info: GraphQLResolveInfo, at: readonly string[], end?: readonly string[]): RelationProjection {
  return end === undefined
    ? { other: entityProjection(info, at), rel: [] }
    : { other: entityProjection(info, [...at, ...end]), rel: relationProjection(info, at) };
}

/**
 * The entity as this field needs it. A record fetched for one selection (projected) may meet
 * another, e.g. the entity a relationship was reached from: if it lacks a property this
 * selection reads, the whole entity is loaded (batched) instead.
 */
export function complete(record: EntityRecord, info: GraphQLResolveInfo, ctx: Context): EntityRecord | Promise<EntityRecord> {
  if (record.projected !== true) return record;
  const needs = entityProjection(info);
  if (needs !== 'ALL' && needs.every((p) => p in record)) return record;
  return ctx.loaders.entity.load(record.id).then((whole) => whole ?? record);
}
