import type { CypherQuery } from '../db/query.js';
import type { EntityRecord } from '../model/records.js';
import { MAX_SPAN_CLASS } from '../model/props.js';
import { ENTITY_CORE, packMap, type Projection } from './projection.js';
import { relationsJoin, type RelationJoinRow, type RelationSpec } from './entities.js';

export type WindowReading = 'POSSIBLY' | 'CERTAINLY';

export interface TimelineFilter {
  /** ISO date (YYYY-MM-DD): the window's first day, already normalized from EDTF. */
  from: string | null;
  /** ISO date: the window's last day. */
  to: string | null;
  reading: WindowReading;
  involving: string[] | null;
}

// An open bound (null earliest/latest) reaches forever: POSSIBLY lets it in, CERTAINLY never does.
export const WINDOW_CONDITIONS: Record<WindowReading, { from: string; to: string }> = {
  POSSIBLY: {
    from: '(e.latest IS NULL OR e.latest >= date($from))',
    to: '(e.earliest IS NULL OR e.earliest <= date($to))',
  },
  CERTAINLY: {
    from: 'e.earliest >= date($from)',
    to: 'e.latest <= date($to)',
  },
};

function where(f: TimelineFilter, extra: string[] = []): string {
  const parts: string[] = [...extra];
  if (f.from !== null) parts.push(WINDOW_CONDITIONS[f.reading].from);
  if (f.to !== null) parts.push(WINDOW_CONDITIONS[f.reading].to);
  if (f.involving !== null) parts.push('EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }');
  return parts.length === 0 ? '' : `\nWHERE ${parts.join('\n  AND ')}`;
}

/** Span classes 0..MAX_SPAN_CLASS with their reach in days (class k: latest - earliest <= 2^k days). */
const SPANS = Array.from({ length: MAX_SPAN_CLASS + 1 }, (_, k) => ({ k, days: 2 ** k }));

/**
 * Events in the window as up to three index-backed parts, each filtered by the whole window:
 * those starting inside it (one ordered range of the timeline key, cut at the page size), those
 * that began before it but may run into it (per span class, only starts within that class's
 * reach), and those with an open or missing bound. Cost follows the page, not the archive.
 */
function windowParts(f: TimelineFilter, after: string | null, pageLimit: boolean): string {
  const cursor = after === null ? [] : ['e.timelineKey > $after'];
  const starting = `MATCH (e:Event)${where(f, ['e.timelineKey >= $startKey', 'e.timelineKey < $endKey', ...cursor])}
  RETURN e${pageLimit ? ' ORDER BY e.timelineKey LIMIT $limit' : ''}`;
  // Both bounds are known here and the start lies before the window, so reaching it is all that is left to check.
  const spanning =
    f.from === null || f.reading === 'CERTAINLY'
      ? []
      : [
          `UNWIND $spans AS span
  MATCH (e:Event)${where({ ...f, from: null, to: null }, ['e.spanClass = span.k', 'e.earliest >= date($from) - duration({days: span.days})', 'e.earliest < date($from)', 'e.latest >= date($from)', ...cursor])}
  RETURN e`,
        ];
  const open = `MATCH (e:Event)${where(f, ['e.openBounds = true', ...cursor])}
  RETURN e`;
  return `CALL () {
  ${[starting, ...spanning, open].join('\n  UNION\n  ').replaceAll('\nWHERE', '\n  WHERE').replaceAll('\n  AND', '\n    AND')}
}`;
}

function windowParams(f: TimelineFilter, after: string | null): Record<string, unknown> {
  return {
    from: f.from,
    to: f.to,
    involving: f.involving,
    after,
    // Timeline keys start with the earliest day, so a window bounds them as text ('~' sorts after digits).
    startKey: f.from ?? '',
    endKey: f.to === null ? '~' : `${f.to}|~`,
    ...(f.from === null || f.reading === 'CERTAINLY' ? {} : { spans: SPANS }),
  };
}

/** An event of a timeline page with its timeline key (the cursor), and the relationships of each join (`join0`, `join1`…). */
export interface TimelineRow {
  node: EntityRecord & { timelineKey: string };
  [join: `join${number}`]: RelationJoinRow[];
}

/**
 * One page of events in timeline order, with the properties asked for (and the timeline key, the
 * cursor); fetches first + 1 rows so the caller knows if more follow.
 */
export function timelinePage(
  f: TimelineFilter,
  first: number,
  after: string | null,
  node: Projection = 'ALL',
  joins: readonly RelationSpec[] = [],
): CypherQuery<TimelineRow> {
  // Relationships the client reads of each event come along (join0, join1...), saving a round trip.
  const lists = joins.map((spec) => relationsJoin(spec, 'e'));
  const event = packMap('e', node, [...ENTITY_CORE, 'timelineKey'], 'e {.*}');
  return {
    cypher: `${windowParts(f, after, true)}
WITH e ORDER BY e.timelineKey LIMIT $limit
RETURN ${event.cypher} AS node${lists.map((l, n) => `,\n  ${l.cypher} AS join${n}`).join('')}`,
    params: { ...windowParams(f, after), limit: first + 1 },
    decode(row) {
      row['node'] = event.unpack(row['node']);
      lists.forEach((l, n) => (row[`join${n}`] = l.unpack(row[`join${n}`])));
      return row as unknown as TimelineRow;
    },
  };
}

/** How many events match the filter, over all pages. */
export function timelineCount(f: TimelineFilter): CypherQuery<{ count: number }> {
  return {
    cypher: `${windowParts(f, null, false)}
RETURN count(e) AS count`,
    params: windowParams(f, null),
  };
}
