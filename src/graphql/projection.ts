import type { GraphQLResolveInfo } from 'graphql';
import type { EntityRecord } from '../model/records.js';
import type { Context } from './context.js';
import type { RelationProjection } from '../domain/loaders.js';
import type { Projection } from '../queries/projection.js';
import { perSelection, selectedFieldNodes } from './selection.js';
import { fieldReads, RELATIONSHIP_VIEWS } from '../dataset/fields.js';
import { ENTITY_LABELS } from '../model/vocabulary.js';

/** Stored properties, or ALL. */
type Needs = readonly string[] | 'ALL';

/** What a GraphQL field reads of its parent: with arguments, and asked with none (`name` without `lang` reads only `name`). */
export interface FieldNeeds {
  props: Needs;
  bare: Needs;
}

const union = (a: Needs | undefined, b: Needs): Needs => (a === 'ALL' || b === 'ALL' ? 'ALL' : [...new Set([...(a ?? []), ...b])]);

/** What each GraphQL field of these types reads of its parent, from the field table (a field of several types: all they read). */
export function propsByField(types: readonly string[]): Readonly<Record<string, FieldNeeds>> {
  const map: Record<string, FieldNeeds> = { __typename: { props: [], bare: [] } };
  for (const type of types) {
    for (const [field, read] of Object.entries(fieldReads(type))) {
      // A field that loads its own data (relationships, citations...) needs only the id, which always comes along.
      const needs = read.kind === 'stored' || read.kind === 'resolver' ? read.props : [];
      const bare = read.kind === 'stored' ? (read.bare ?? needs) : needs;
      const before = map[field];
      map[field] = { props: union(before?.props, needs), bare: union(before?.bare, bare) };
    }
  }
  return map;
}

const ENTITY_FIELD_PROPS = propsByField(ENTITY_LABELS);
const RELATION_FIELD_PROPS = propsByField(RELATIONSHIP_VIEWS);

// Resolvers run once per parent object (50 events, 300 participants...) but the selection is the
// same for all of them: the answer is kept with the selection (perSelection).
function project(info: GraphQLResolveInfo, paths: (readonly string[])[], map: Readonly<Record<string, FieldNeeds>>): Projection {
  // Runs for every parent of a list: a plain join, not JSON, makes the key (names hold no '.' or '|').
  let key = map === ENTITY_FIELD_PROPS ? 'pe' : 'pr';
  for (const path of paths) key += `|${path.join('.')}`;
  return perSelection(info, key, () => projectUncached(info, paths, map));
}

function projectUncached(info: GraphQLResolveInfo, paths: (readonly string[])[], map: Readonly<Record<string, FieldNeeds>>): Projection {
  const props = new Set<string>();
  for (const path of paths.length === 0 ? [[]] : paths) {
    for (const node of selectedFieldNodes(info, path)) {
      const field = node.name.value;
      const read = map[field];
      // The startup check (field-table.ts) makes this unreachable: every field of these types is in the table.
      if (read === undefined) throw new Error(`${field} (below ${info.parentType.name}.${info.fieldName}) is not in the field table`);
      // Only what the document says counts: an argument given, even as a variable that turns out null, reads all.
      const needs = (node.arguments?.length ?? 0) === 0 ? read.bare : read.props;
      if (needs === 'ALL') return 'ALL';
      for (const p of needs) props.add(p);
    }
  }
  return Object.freeze([...props]);
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
