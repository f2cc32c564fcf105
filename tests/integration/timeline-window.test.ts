// The timeline's window is answered from indexes in parts (events starting in the window, events
// that began before it by span class, events with an open bound). Here every window is checked
// against the plain definition applied to all events, with long, open and undated-start events added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const { gql, asCurator } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const QUOTE = '机关21位同志参加了此次会议';

// Long spans of every size, open ends and an open start: the cases the index parts exist for.
const ADDED: [string, string][] = [
  ['tw-decade', '1995/2004'],
  ['tw-century', '1950/2049'],
  ['tw-open-end', '2001-05/..'],
  ['tw-open-start', '../2002-07-01'],
  ['tw-unknown-end', '2003-02-01/'],
  ['tw-month', '2002-12'],
  ['tw-approx', '2003~'],
];

interface Ev {
  id: string;
  date: { earliest: string | null; latest: string | null } | null;
}

async function allEvents(): Promise<Ev[]> {
  const out: Ev[] = [];
  let after: string | null = null;
  for (;;) {
    const res: Awaited<
      ReturnType<typeof gql<{ timeline: { edges: { node: Ev }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>>
    > = await gql(
      `query($after: String) { timeline(first: 200, after: $after) { edges { node { id ... on Event { date { earliest latest } } } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(res.errors).toBeUndefined();
    out.push(...res.data!.timeline.edges.map((e) => e.node));
    if (!res.data!.timeline.pageInfo.hasNextPage) return out;
    after = res.data!.timeline.pageInfo.endCursor;
  }
}

/** The definition: an open bound reaches forever; POSSIBLY may overlap, CERTAINLY lies inside. */
function inWindow(e: Ev, from: string | null, to: string | null, reading: 'POSSIBLY' | 'CERTAINLY'): boolean {
  const lo = e.date?.earliest ?? null;
  const hi = e.date?.latest ?? null;
  if (reading === 'POSSIBLY') return (from === null || hi === null || hi >= from) && (to === null || lo === null || lo <= to);
  return (from === null || (lo !== null && lo >= from)) && (to === null || (hi !== null && hi <= to));
}

describe('timeline windows', () => {
  beforeAll(async () => {
    for (const [id, date] of ADDED) {
      const res = await asCurator('timeline-test', `mutation($input: EntityInput!) { createEntity(input: $input) { revision } }`, {
        input: { id, type: 'EVENT', name: `时间窗测试 ${id}`, date, citations: [{ source: SRC, quote: QUOTE }] },
      });
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    for (const [id] of ADDED) await asCurator('timeline-test', `mutation($id: ID!) { deleteEntity(id: $id) { id } }`, { id });
  });

  it('returns exactly the events the definition admits, in order, for every window and reading', async () => {
    const all = await allEvents();
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining(ADDED.map(([id]) => id)));
    const order = new Map(all.map((e, i) => [e.id, i]));
    const bounds = [null, '1949-06-30', '1996-01-01', '2002-01-01', '2002-07-15', '2002-12-31', '2003-06-01', '2006-07-01', '2060-01-01'];
    let windows = 0;
    for (const reading of ['POSSIBLY', 'CERTAINLY'] as const) {
      for (const from of bounds) {
        for (const to of bounds) {
          if (from !== null && to !== null && from > to) continue;
          const res = await gql<{ timeline: { edges: { node: { id: string } }[]; totalCount: number } }>(
            `query($from: String, $to: String, $reading: WindowReading) { timeline(from: $from, to: $to, reading: $reading, first: 200) { edges { node { id } } totalCount } }`,
            { from, to, reading },
          );
          expect(res.errors).toBeUndefined();
          const expected = all.filter((e) => inWindow(e, from, to, reading)).map((e) => e.id);
          const got = res.data!.timeline.edges.map((e) => e.node.id);
          expect({ from, to, reading, got }).toEqual({ from, to, reading, got: expected });
          expect(res.data!.timeline.totalCount).toBe(expected.length);
          expect(got.map((id) => order.get(id))).toEqual([...got.map((id) => order.get(id))].sort((a, b) => a! - b!));
          windows += 1;
        }
      }
    }
    expect(windows).toBeGreaterThan(50);
  });

  it('pages through a window with cursors without losing or repeating an event', async () => {
    const whole = await gql<{ timeline: { edges: { node: { id: string } }[] } }>(
      `{ timeline(from: "2002", to: "2003", first: 200) { edges { node { id } } } }`,
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const res: Awaited<
        ReturnType<typeof gql<{ timeline: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>>
      > = await gql(
        `query($after: String) { timeline(from: "2002", to: "2003", first: 3, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...res.data!.timeline.edges.map((e) => e.node.id));
      if (!res.data!.timeline.pageInfo.hasNextPage) break;
      after = res.data!.timeline.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole.data!.timeline.edges.map((e) => e.node.id));
    expect(seen).toEqual(
      expect.arrayContaining(['tw-decade', 'tw-century', 'tw-open-end', 'tw-open-start', 'tw-unknown-end', 'tw-month', 'tw-approx']),
    );
  });
});
