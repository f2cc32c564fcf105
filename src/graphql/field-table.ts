import { isInterfaceType, isObjectType, type FieldNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { fieldReads, TABLE_TYPES, type FieldRead } from '../dataset/fields.js';
import type { Stored } from '../dataset/field-kit.js';
import { boundsOf } from '../domain/explore.js';
import type { EntityRecord, RelationRecord } from '../model/records.js';
import type { RelationProjection } from '../domain/loaders.js';
import { ENTITY_LABELS } from '../model/vocabulary.js';
import type { Context } from './context.js';
import { relationShape, complete } from './projection.js';
import { nowOrLater } from '../model/now-or-later.js';

/**
 * What graphql/ derives from the field table (dataset/fields.ts): the resolvers of stored and
 * relationship fields, and the startup check that the table and the schema declare the same fields.
 */

type Resolver = (parent: never, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => unknown;

/** The entities at the other end of each relationship, seen from `direction`. */
const otherEnds = (list: RelationRecord[], direction: 'OUT' | 'IN'): EntityRecord[] =>
  list.map((r) => (direction === 'OUT' ? r.to : r.from));

function relationResolver(read: Extract<FieldRead, { kind: 'relation' }>): Resolver {
  // The shape depends only on the selection, which graphql-js shares between the items of a list:
  // worked out once per selection, not once per entity of a page.
  const shapes = new WeakMap<readonly FieldNode[], RelationProjection>();
  return (e: EntityRecord, args, ctx, info) => {
    const at = read.dated ? boundsOf(args['at'] as string | null | undefined, 'at') : null;
    let shape = shapes.get(info.fieldNodes);
    if (shape === undefined) {
      shape = relationShape(info, [], read.end === undefined ? undefined : [read.end]);
      shapes.set(info.fieldNodes, shape);
    }
    const answer = (list: RelationRecord[]): RelationRecord[] | EntityRecord[] | EntityRecord | null => {
      if (read.returns === 'relationships') return list;
      const others = otherEnds(list, read.direction);
      return read.returns === 'one' ? (others[0] ?? null) : others;
    };
    // Most fields read one relationship type: its list as the loader gives it, no Promise.all and
    // copy; a list a page brought along comes at once, and so does the answer (no Promise).
    if (read.types.length === 1) return nowOrLater(ctx.loaders.relations(read.types[0]!, read.direction, e, at, shape), answer);
    return Promise.all(read.types.map((type) => ctx.loaders.relations(type, read.direction, e, at, shape))).then((lists) =>
      answer(lists.flat()),
    );
  };
}

function endResolver(which: 'from' | 'to' | 'other'): Resolver {
  return (r: RelationRecord & { direction?: 'OUT' | 'IN' }, _args, ctx, info) => {
    const entity = which === 'other' ? (r.direction === 'OUT' ? r.to : r.from) : r[which];
    return complete(entity, info, ctx);
  };
}

function derivedResolver(read: FieldRead): Resolver | undefined {
  switch (read.kind) {
    case 'stored': {
      const resolve = read.resolve;
      // Records are plain objects of stored properties (the executor turned Neo4j values into JSON).
      return resolve === undefined ? undefined : (parent: Stored, args) => resolve(parent, args);
    }
    case 'relation':
      return relationResolver(read);
    case 'end':
      return endResolver(read.end);
    case 'resolver':
      return undefined;
  }
}

/** The resolvers the table declares, by type: merged under the hand-written ones (which it must not overlap). */
export function tableResolvers(): Record<string, Record<string, Resolver>> {
  const all: Record<string, Record<string, Resolver>> = {};
  for (const type of TABLE_TYPES) {
    for (const [field, read] of Object.entries(fieldReads(type))) {
      const resolve = derivedResolver(read);
      if (resolve !== undefined) (all[type] ??= {})[field] = resolve;
    }
  }
  return all;
}

/**
 * The table and the schema must declare the same fields of every type the table covers, and each
 * field must be answered exactly once: by the table (stored, relation, end) or by a hand-written
 * resolver (`resolver` reads). Any mismatch is a startup error, never a silent fallback.
 */
export function checkFieldTable(schema: GraphQLSchema, handWritten: Readonly<Record<string, object>>): void {
  const problems: string[] = [];
  for (const type of TABLE_TYPES) {
    const gqlType = schema.getType(type);
    if (!isObjectType(gqlType)) {
      problems.push(`${type} is in the field table but is not an object type of the schema`);
      continue;
    }
    const reads = fieldReads(type);
    const hand = (handWritten[type] ?? {}) as Record<string, unknown>;
    for (const field of Object.keys(gqlType.getFields())) {
      const read = reads[field];
      if (read === undefined) problems.push(`${type}.${field} is in the schema but not in the field table (src/dataset/fields.ts)`);
      else if (read.kind === 'resolver' && typeof hand[field] !== 'function')
        problems.push(`${type}.${field} is declared as a hand-written resolver, which is missing`);
      else if (read.kind !== 'resolver' && field in hand)
        problems.push(`${type}.${field} is answered by the table: remove its hand-written resolver`);
    }
    for (const field of Object.keys(reads)) {
      if (!(field in gqlType.getFields())) problems.push(`${type}.${field} is in the field table but not in the schema`);
    }
  }
  // Every implementation of Entity is an entity type of the table.
  const entity = schema.getType('Entity');
  if (isInterfaceType(entity)) {
    for (const impl of schema.getImplementations(entity).objects) {
      if (!(ENTITY_LABELS as readonly string[]).includes(impl.name))
        problems.push(`${impl.name} implements Entity but is not an entity type of the table`);
    }
  }
  if (problems.length > 0) throw new Error(`The field table and the schema disagree:\n- ${problems.join('\n- ')}`);
}

/** The hand-written resolvers with the table's added, once the table is checked against the schema. */
export function withFieldTable<R extends Record<string, object>>(schema: GraphQLSchema, handWritten: R): R {
  checkFieldTable(schema, handWritten);
  const merged: Record<string, object> = { ...handWritten };
  for (const [type, fields] of Object.entries(tableResolvers())) merged[type] = { ...fields, ...(handWritten[type] ?? {}) };
  return merged as R;
}
