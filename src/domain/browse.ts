import { createHash } from 'node:crypto';
import { badInput, checkArguments } from '../errors.js';
import type { Executor } from '../db/executor.js';
import {
  entitiesPage,
  entityGroups,
  type EntityFilter,
  type EntityGroupRow,
  type EntityOrder,
  type SortPosition,
} from '../queries/browse.js';
import type { Projection } from '../queries/projection.js';
import type { WindowReading } from '../queries/timeline.js';
import { dateWindow, intArgument } from '../model/arguments.js';
import { nameQueryForms } from '../model/chinese.js';
import { IDENTIFIER_SCHEME_NAMES } from '../model/identifiers.js';
import type { EntityRecord } from '../model/records.js';
import { KINDS, type EntityTypeName } from '../model/vocabulary.js';
import { requireEntities } from './lookup.js';
import type { Loaders } from './loaders.js';

export const ENTITIES_DEFAULT_FIRST = 50;
export const ENTITIES_MAX_FIRST = 200;
/** The longest text a name filter takes, and the most kinds a kind filter lists. */
export const NAME_FILTER_MAX = 200;
export const KIND_FILTER_MAX = 50;

const ALL_KINDS = new Set(Object.values(KINDS).flat());

export interface EntitiesArgs {
  type?: EntityTypeName | null;
  where?: {
    name?: { eq?: string | null; contains?: string | null; startsWith?: string | null } | null;
    kind?: { in?: readonly string[] | null } | null;
    date?: { from?: string | null; to?: string | null; reading?: WindowReading | null } | null;
    involving?: readonly string[] | null;
    hasIdentifier?: string | null;
  } | null;
  orderBy?: EntityOrder | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface EntityFacets {
  types: FacetCount[];
  kinds: FacetCount[];
  decades: FacetCount[];
}

export interface EntityPage {
  edges: { cursor: string; node: EntityRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when a client asks for totalCount or facets: one round trip for both. */
  totalCount: () => Promise<number>;
  facets: () => Promise<EntityFacets>;
}

function nameText(value: string | null | undefined, field: string): string[] | null {
  if (value === null || value === undefined) return null;
  if (value.length > NAME_FILTER_MAX) throw badInput(`${field} takes at most ${NAME_FILTER_MAX} characters`, field);
  return nameQueryForms(value);
}

/** The arguments as a filter of values (every one a parameter), refusing what no entity could match. */
function filterOf(args: EntitiesArgs): EntityFilter {
  const where = args.where ?? {};
  const name = where.name ?? null;
  const kinds = where.kind?.in ?? null;
  if (kinds !== null) {
    if (kinds.length > KIND_FILTER_MAX) throw badInput(`where.kind.in takes at most ${KIND_FILTER_MAX} kinds`, 'where.kind.in');
    const unknown = kinds.find((k) => !ALL_KINDS.has(k));
    if (unknown !== undefined) throw badInput(`"${unknown}" is no kind of the vocabulary (${[...ALL_KINDS].join(', ')})`, 'where.kind.in');
  }
  const scheme = where.hasIdentifier ?? null;
  if (scheme !== null && !(IDENTIFIER_SCHEME_NAMES as readonly string[]).includes(scheme))
    throw badInput(`hasIdentifier must be one of ${IDENTIFIER_SCHEME_NAMES.join(', ')}`, 'where.hasIdentifier');
  const date = where.date ?? null;
  return {
    type: args.type ?? null,
    name:
      name === null
        ? null
        : {
            eq: nameText(name.eq, 'where.name.eq'),
            contains: nameText(name.contains, 'where.name.contains'),
            startsWith: nameText(name.startsWith, 'where.name.startsWith'),
          },
    kinds: kinds === null ? null : [...kinds],
    date: date === null ? null : { ...checkArguments(() => dateWindow(date.from, date.to)), reading: date.reading ?? 'POSSIBLY' },
    involving: where.involving && where.involving.length > 0 ? [...where.involving] : null,
    hasIdentifier: scheme,
  };
}

// A cursor is the position of an entity in its order (sort key and id), with a check of the order,
// the filter and the position: a cursor edited by hand, or given with another filter or order, is
// refused rather than read as some other place in some other list. Opaque to clients (base64url).
const checksum = (order: EntityOrder, filter: EntityFilter, p: SortPosition): string =>
  createHash('sha256')
    .update(JSON.stringify([order, filter, p.key, p.id]))
    .digest('base64url')
    .slice(0, 16);

function encodeCursor(order: EntityOrder, filter: EntityFilter, p: SortPosition): string {
  return Buffer.from(JSON.stringify([p.key, p.id, checksum(order, filter, p)]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | null | undefined, order: EntityOrder, filter: EntityFilter, field: string): SortPosition | null {
  if (cursor === null || cursor === undefined) return null;
  const refuse = () =>
    badInput(`${field} is not a cursor of this list (cursors hold for the type, where and orderBy that gave them)`, field);
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === 'string')) throw refuse();
  const [key, id, check] = parsed as [string, string, string];
  if (checksum(order, filter, { key, id }) !== check) throw refuse();
  return { key, id };
}

/** Sums of the groups: totalCount and the facets (types over every type; kinds and decades within the type asked for). */
function summarize(rows: readonly EntityGroupRow[], type: EntityTypeName | null): { total: number; facets: EntityFacets } {
  const sum = (key: (r: EntityGroupRow) => string | null, within: readonly EntityGroupRow[]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const r of within) {
      const value = key(r);
      if (value !== null) out.set(value, (out.get(value) ?? 0) + r.count);
    }
    return out;
  };
  const byCount = (m: Map<string, number>): FacetCount[] =>
    [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  const own = type === null ? rows : rows.filter((r) => r.type === type);
  return {
    total: own.reduce((n, r) => n + r.count, 0),
    facets: {
      types: byCount(sum((r) => r.type, rows)),
      kinds: byCount(sum((r) => r.kind, own)),
      decades: [...sum((r) => r.decade, own)].map(([value, count]) => ({ value, count })).sort((a, b) => Number(a.value) - Number(b.value)),
    },
  };
}

/**
 * Entities of a type (or all), filtered and ordered, as a Relay connection: `first`/`after`
 * forward, `last`/`before` backward (not both sizes at once). One round trip per page; totalCount
 * and facets, when asked, one more. Validates every argument before anything runs.
 */
export async function entities(executor: Executor, loaders: Loaders, args: EntitiesArgs, node: Projection = 'ALL'): Promise<EntityPage> {
  if (args.first != null && args.last != null) throw badInput('give first or last, not both', 'last');
  const backward = args.last != null;
  const size = checkArguments(() =>
    backward
      ? intArgument(args.last, { field: 'last', min: 0, max: ENTITIES_MAX_FIRST, limit: true }, ENTITIES_DEFAULT_FIRST)
      : intArgument(args.first, { field: 'first', min: 0, max: ENTITIES_MAX_FIRST, limit: true }, ENTITIES_DEFAULT_FIRST),
  );
  const order: EntityOrder = args.orderBy ?? 'NAME';
  const filter = filterOf(args);
  const after = decodeCursor(args.after, order, filter, 'after');
  const before = decodeCursor(args.before, order, filter, 'before');
  if (filter.involving !== null) await requireEntities(loaders, filter.involving, 'where.involving');

  const [row] = await executor.read(entitiesPage(filter, order, { limit: size + 1, backward, after, before }, node));
  const rows = row?.page ?? [];
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const edges = page.map((r) => ({ cursor: encodeCursor(order, filter, { key: r.key, id: r.node.id }), node: r.node }));
  const full = rows.length > size;
  let summary: Promise<{ total: number; facets: EntityFacets }> | undefined;
  const summarized = () => (summary ??= executor.read(entityGroups(filter)).then((groups) => summarize(groups, filter.type)));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? (row?.more ?? false) : full,
      hasPreviousPage: backward ? full : (row?.more ?? false),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: async () => (await summarized()).total,
    facets: async () => (await summarized()).facets,
  };
}
