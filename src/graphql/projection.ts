import type { GraphQLResolveInfo } from 'graphql';
import type { EntityRecord } from '../domain/records.js';
import type { Context } from '../server/context.js';
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
    ['citations', 'relations', 'positions', 'participations', 'parent', 'units', 'organized', 'launched', 'place', 'participants', 'organizers', 'initiatives', 'reviewed', 'follows', 'followedBy', 'findings', 'components', 'partOf', 'launchedBy', 'advancedBy', 'events', 'mentions'].map(
      (f) => [f, []],
    ),
  ),
};

const RELATION_FIELD_PROPS: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  type: [],
  direction: [],
  from: [],
  to: [],
  other: [],
  person: [],
  organization: [],
  entity: [],
  event: [],
  citations: [],
  title: ['title'],
  titleClaims: ['title'],
  titleEn: ['titleEn'],
  role: ['role'],
  roleEn: ['roleEn'],
  period: ['periodEdtf'],
  attestedAt: ['attestedEdtf'],
};

function project(info: GraphQLResolveInfo, paths: (readonly string[])[], map: Record<string, readonly string[]>): Projection {
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
export const entityProjection = (info: GraphQLResolveInfo, ...paths: (readonly string[])[]): Projection => project(info, paths, ENTITY_FIELD_PROPS);

/** The stored properties the client reads of the relationships this field returns. */
export const relationProjection = (info: GraphQLResolveInfo): Projection => project(info, [], RELATION_FIELD_PROPS);

/**
 * The entity as this field needs it. A record fetched for one selection (projected) may meet
 * another, e.g. the entity a relationship was reached from: if it lacks a property this
 * selection reads, the whole entity is loaded (batched) instead.
 */
export async function complete(record: EntityRecord, info: GraphQLResolveInfo, ctx: Context): Promise<EntityRecord> {
  if (record.projected !== true) return record;
  const needs = entityProjection(info);
  if (needs !== 'ALL' && needs.every((p) => p in record)) return record;
  return (await ctx.loaders.entity.load(record.id)) ?? record;
}
