import { badInput } from '../errors.js';
import type { Executor } from '../db/executor.js';
import { timelineCount, timelinePage, type TimelineFilter, type WindowReading } from '../queries/timeline.js';
import type { Projection } from '../queries/projection.js';
import type { RelationSpec } from '../queries/entities.js';
import { DateParseError, normalizeWindowBound, tryParseDate } from '../model/dates.js';
import type { EntityRecord } from '../model/records.js';
import { requireEntities } from './lookup.js';
import type { Loaders } from './loaders.js';

export const TIMELINE_MAX_FIRST = 200;

export interface EventPage {
  edges: { cursor: string; node: EntityRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when a client asks for it. */
  totalCount: () => Promise<number>;
}

export interface TimelineArgs {
  from?: string | null;
  to?: string | null;
  reading?: WindowReading | null;
  involving?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

// Cursors are opaque to clients but are the event's timeline key, so paging is an index range scan.
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  const date = /^(\d{4}-\d{2}-\d{2})\|[0-2]\|.+$/.exec(key)?.[1];
  if (date === undefined || (date !== '0000-00-00' && tryParseDate(date) === null))
    throw badInput('after is not a cursor this API gave out', 'after');
  return key;
}

function bound(value: string | null | undefined, side: 'from' | 'to'): string | null {
  if (value === null || value === undefined) return null;
  try {
    return normalizeWindowBound(value, side);
  } catch (e) {
    throw badInput(e instanceof DateParseError ? e.message : `invalid date "${value}"`, side);
  }
}

/** Events in date order within a window, as a Relay connection; validates every argument first. */
export async function timeline(
  executor: Executor,
  loaders: Loaders,
  args: TimelineArgs,
  node: Projection = 'ALL',
  joins: readonly RelationSpec[] = [],
): Promise<EventPage> {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 0 || first > TIMELINE_MAX_FIRST) {
    throw badInput(`first must be between 0 and ${TIMELINE_MAX_FIRST}`, 'first');
  }
  const filter: TimelineFilter = {
    from: bound(args.from, 'from'),
    to: bound(args.to, 'to'),
    reading: args.reading ?? 'POSSIBLY',
    involving: args.involving && args.involving.length > 0 ? [...args.involving] : null,
  };
  if (filter.from !== null && filter.to !== null && filter.from > filter.to) {
    throw badInput(`the window is empty: from (${filter.from}) is after to (${filter.to})`, 'to');
  }
  const after = args.after === null || args.after === undefined ? null : decodeCursor(args.after);
  if (filter.involving !== null) await requireEntities(loaders, filter.involving, 'involving');

  const rows = await executor.read(timelinePage(filter, first, after, node, joins));
  const page = rows.slice(0, first);
  page.forEach((row) => joins.forEach((spec, j) => loaders.primeRelations(spec, row.node, row[`join${j}`] ?? [])));
  const nodes = page.map((r) => r.node);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.timelineKey), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: async () => (await executor.read(timelineCount(filter)))[0]?.count ?? 0,
  };
}
