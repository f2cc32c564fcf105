import type { CypherQuery } from '../db/query.js';

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
  const parts: string[] = [];
  if (f.from !== null) parts.push(WINDOW_CONDITIONS[f.reading].from);
  if (f.to !== null) parts.push(WINDOW_CONDITIONS[f.reading].to);
  if (f.involving !== null) parts.push('EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }');
  parts.push(...extra);
  return parts.length === 0 ? '' : `\nWHERE ${parts.join('\n  AND ')}`;
}

/** One page of events in timeline order; fetches first + 1 rows so the caller knows if more follow. */
export function timelinePage(f: TimelineFilter, first: number, after: string | null): CypherQuery {
  const cursor = after === null ? [] : ['e.timelineKey > $after'];
  return {
    cypher: `MATCH (e:Event)${where(f, cursor)}
RETURN e {.*} AS node
ORDER BY e.timelineKey
LIMIT $limit`,
    params: { from: f.from, to: f.to, involving: f.involving, after, limit: first + 1 },
  };
}

/** How many events match the filter, over all pages. */
export function timelineCount(f: TimelineFilter): CypherQuery {
  return {
    cypher: `MATCH (e:Event)${where(f)}
RETURN count(e) AS count`,
    params: { from: f.from, to: f.to, involving: f.involving },
  };
}
