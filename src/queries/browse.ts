import type { CypherQuery } from '../db/query.js';
import type { EntityRecord } from '../model/records.js';
import { isEntityLabel, LABEL_OF_TYPE, type EntityTypeName } from '../model/vocabulary.js';
import { ENTITY_CORE, projectMap, type Projection } from './projection.js';
import { WINDOW_CONDITIONS, type WindowReading } from './timeline.js';

/** The orders of the entities connection. */
export type EntityOrder = 'NAME' | 'EARLIEST';

/** What the entities connection keeps, checked and folded by the domain (values only: they are parameters). */
export interface EntityFilter {
  type: EntityTypeName | null;
  /** Folded forms of the typed text (see nameQueryForms): a name matches if it matches any form. */
  name: { eq: string[] | null; contains: string[] | null; startsWith: string[] | null } | null;
  kinds: string[] | null;
  /** ISO days, as timeline() takes them; null bounds are open. */
  date: { from: string | null; to: string | null; reading: WindowReading } | null;
  involving: string[] | null;
  hasIdentifier: string | null;
}

/** A position in an order: the sort key and the id that breaks ties. */
export interface SortPosition {
  key: string;
  id: string;
}

// The sort keys, read from properties written with the names (sortName) and the date (timelineKey).
// A graph stored before sortName existed sorts by the lowercase name until an import restates it.
const NAME_KEY = 'coalesce(e.sortName, toLower(e.name))';
const SORT_KEYS: Record<EntityOrder, string> = {
  NAME: NAME_KEY,
  // Dated entities by the timeline key (earliest, coarser precision first, id); undated ones after ('~'), by name.
  EARLIEST: `coalesce(e.timelineKey, '~' + ${NAME_KEY})`,
};
/** The orders, as the EntityOrder enum mirrors them (tests/unit/vocabulary.test.ts). */
export const ENTITY_ORDERS = Object.keys(SORT_KEYS) as EntityOrder[];

// Names are compared in their folded forms (nameKeys), or lowercase for entities stored before them.
const NAME_LIST = 'coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)])';
const NAME_TESTS = {
  eq: `ANY(k IN ${NAME_LIST} WHERE k IN $nameEq)`,
  contains: `ANY(k IN ${NAME_LIST} WHERE ANY(q IN $nameContains WHERE k CONTAINS q))`,
  startsWith: `ANY(k IN ${NAME_LIST} WHERE ANY(q IN $nameStartsWith WHERE k STARTS WITH q))`,
} as const;

/** The entities of the type, as a pattern: its label (from the vocabulary, never from a client's text), or every entity. */
function entityPattern(type: EntityTypeName | null): string {
  if (type === null) return '(e:Entity)';
  const label = LABEL_OF_TYPE[type];
  if (!isEntityLabel(label)) throw new Error(`not an entity type: ${String(type)}`);
  return `(e:${label})`;
}

/** The conditions of the filter on `e` but its type (a label, see entityPattern), with their parameters. */
function conditions(f: EntityFilter): { parts: string[]; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.name !== null) {
    if (f.name.eq !== null) {
      parts.push(NAME_TESTS.eq);
      params['nameEq'] = f.name.eq;
    }
    if (f.name.contains !== null) {
      parts.push(NAME_TESTS.contains);
      params['nameContains'] = f.name.contains;
    }
    if (f.name.startsWith !== null) {
      parts.push(NAME_TESTS.startsWith);
      params['nameStartsWith'] = f.name.startsWith;
    }
  }
  if (f.kinds !== null) {
    parts.push('e.kind IN $kinds');
    params['kinds'] = f.kinds;
  }
  if (f.date !== null) {
    // The same window as timeline(); an entity without a date of its own (all but events) is outside any window.
    parts.push('e.edtf IS NOT NULL');
    if (f.date.from !== null) parts.push(WINDOW_CONDITIONS[f.date.reading].from);
    if (f.date.to !== null) parts.push(WINDOW_CONDITIONS[f.date.reading].to);
    params['from'] = f.date.from;
    params['to'] = f.date.to;
  }
  if (f.involving !== null) {
    parts.push('EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }');
    params['involving'] = f.involving;
  }
  if (f.hasIdentifier !== null) {
    parts.push('$scheme IN coalesce(e.identifierSchemes, [])');
    params['scheme'] = f.hasIdentifier;
  }
  return { parts, params };
}

const whereClause = (parts: readonly string[]): string => (parts.length === 0 ? '' : `\nWHERE ${parts.join('\n  AND ')}`);
const indent = (text: string): string => text.replaceAll('\n', '\n  ');

/** Beyond a position held in parameters `$<param>Key`/`$<param>Id`, in key then id order: after it (>) or before it (<). */
const beyond = (key: string, cmp: '>' | '<', param: string, inclusive = false): string =>
  `(${key} ${cmp} $${param}Key OR (${key} = $${param}Key AND e.id ${cmp}${inclusive ? '=' : ''} $${param}Id))`;

/** The row of entitiesPage: the page in order, and whether entities lie on the far side of the cursor the page started from. */
export interface EntitiesPageRow {
  page: { node: EntityRecord; key: string }[];
  more: boolean;
}

/**
 * One page of entities in `order`: `limit` rows after `after` (forward) or, backward, the last
 * `limit` before `before` (returned in descending order; the caller reverses them), both cursors
 * applying when given. `more` tells whether any entity of the filter lies at or behind the cursor
 * the page starts from (the page before, going forward; the page after, going backward), so both
 * sides of PageInfo come in the one round trip. Only the properties asked for come back.
 */
export function entitiesPage(
  f: EntityFilter,
  order: EntityOrder,
  page: { limit: number; backward: boolean; after: SortPosition | null; before: SortPosition | null },
  node: Projection = 'ALL',
): CypherQuery<EntitiesPageRow> {
  const key = SORT_KEYS[order];
  const { parts, params } = conditions(f);
  const match = `MATCH ${entityPattern(f.type)}`;
  const cursors = [
    ...(page.after === null ? [] : [beyond('key', '>', 'after')]),
    ...(page.before === null ? [] : [beyond('key', '<', 'before')]),
  ];
  const direction = page.backward ? ' DESC' : '';
  // The cursor the page starts from, and whether an entity of the filter lies at it or behind it.
  const start = page.backward ? page.before : page.after;
  const behind =
    start === null
      ? 'false'
      : `EXISTS {\n  ${match}${indent(whereClause([...parts, beyond(key, page.backward ? '>' : '<', 'start', true)]))}\n}`;
  return {
    cypher: `CALL () {
  ${match}${indent(whereClause(parts))}
  WITH e, ${key} AS key${indent(whereClause(cursors))}
  RETURN e, key ORDER BY key${direction}, e.id${direction} LIMIT $limit
}
WITH collect({node: ${projectMap('e', node, ENTITY_CORE)}, key: key}) AS page
RETURN page, ${behind} AS more`,
    params: {
      ...params,
      ...(page.after === null ? {} : { afterKey: page.after.key, afterId: page.after.id }),
      ...(page.before === null ? {} : { beforeKey: page.before.key, beforeId: page.before.id }),
      ...(start === null ? {} : { startKey: start.key, startId: start.id }),
      limit: page.limit,
    },
  };
}

/** A group of the filtered entities: type, kind and decade ("2000": 2000–2009; null undated), with how many. */
export interface EntityGroupRow {
  type: EntityTypeName;
  kind: string | null;
  decade: string | null;
  count: number;
}

/**
 * The entities of the filter, all types (the types facet ignores the type), grouped by type, kind
 * and decade of their earliest date: totalCount and every facet are sums over these few rows.
 */
export function entityGroups(f: EntityFilter): CypherQuery<EntityGroupRow> {
  const { parts, params } = conditions(f);
  return {
    cypher: `MATCH (e:Entity)${whereClause(parts)}
WITH e.type AS type, e.kind AS kind, CASE WHEN e.earliest IS NULL THEN null ELSE toString(toInteger(floor(e.earliest.year / 10.0)) * 10) END AS decade
RETURN type, kind, decade, count(*) AS count`,
    params,
  };
}
