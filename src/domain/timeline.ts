import { badInput, checkArguments } from '../errors.js';
import type { Executor } from '../db/executor.js';
import { timelineCount, timelinePage, type TimelineFilter, type WindowReading } from '../queries/timeline.js';
import type { Projection } from '../queries/projection.js';
import type { RelationSpec } from '../queries/entities.js';
import { dateWindow, intArgument } from '../model/arguments.js';
import { tryParseDate } from '../model/dates.js';
import type { EntityRecord } from '../model/records.js';
import { requireEntities } from './lookup.js';
import type { Loaders } from './loaders.js';

export const TIMELINE_MAX_FIRST = 200;

export interface EventPage {
  edges: { cursor: string; node: EntityRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
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
const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  const date = /^(\d{4}-\d{2}-\d{2})\|[0-2]\|.+$/.exec(key)?.[1];
  if (date === undefined || (date !== '0000-00-00' && tryParseDate(date) === null))
    throw badInput('after is not a cursor this API gave out', 'after');
  return key;
}

/** Events in date order within a window, as a Relay connection; validates every argument first. */
export async function timeline(
  executor: Executor,
  loaders: Loaders,
  args: TimelineArgs,
  node: Projection = 'ALL',
  joins: readonly RelationSpec[] = [],
): Promise<EventPage> {
  const { first, window } = checkArguments(() => ({
    first: intArgument(args.first, { field: 'first', min: 0, max: TIMELINE_MAX_FIRST }, 50),
    window: dateWindow(args.from, args.to),
  }));
  const filter: TimelineFilter = {
    ...window,
    reading: args.reading ?? 'POSSIBLY',
    involving: args.involving && args.involving.length > 0 ? [...args.involving] : null,
  };
  const after = args.after === null || args.after === undefined ? null : decodeCursor(args.after);
  if (filter.involving !== null) await requireEntities(loaders, filter.involving, 'involving');

  const rows = await executor.read(timelinePage(filter, first, after, node, joins));
  const page = rows.slice(0, first);
  page.forEach((row) => joins.forEach((spec, j) => loaders.primeRelations(spec, row.node, row[`join${j}`] ?? [])));
  const nodes = page.map((r) => r.node);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.timelineKey), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      // Forward paging only: the event an after cursor names comes before this page.
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: async () => (await executor.read(timelineCount(filter)))[0]?.count ?? 0,
  };
}
