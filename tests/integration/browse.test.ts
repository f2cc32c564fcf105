// Browsing: the entities connection (paging both ways, filters, orders, facets, cursors, caps) and
// the order of positions, as a researcher or a browsing UI would use them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const QUOTE = '机关21位同志参加了此次会议';
const CITE = [{ source: SRC, quote: QUOTE }];

// 华 (hua) comes after 胡献 (hu xian) syllable by syllable; 曾 as a surname is zeng, after 姚 (yao).
const PEOPLE = [
  { id: 'browse-hua', type: 'PERSON', name: '华浏览', identifiers: [{ scheme: 'WIKIDATA', value: 'Q24871' }] },
  { id: 'browse-zeng', type: 'PERSON', name: '曾浏览' },
];
const EVENTS = [
  { id: 'browse-ev-1995', type: 'EVENT', name: '浏览测试一', date: '1995-03', kind: 'MEETING' },
  { id: 'browse-ev-2004', type: 'EVENT', name: '浏览测试二', date: '2004~', kind: 'DECISION' },
  { id: 'browse-ev-open', type: 'EVENT', name: '浏览测试三', date: '2001-05/..', kind: 'CAMPAIGN' },
];
const POSITIONS = [
  { to: 'org-capd', title: '顾问', period: '2005/2007' },
  { to: 'org-capd-guangdong-office', title: '主任' },
  { to: 'org-minzhu-building', title: '委员', attestedAt: '2001' },
  { to: 'org-capd-guangdong', title: '副主委', period: '2005-01/2006' },
];

interface Node {
  id: string;
  type: string;
  name: string;
  kind?: string | null;
  date?: { earliest: string | null; latest: string | null } | null;
}
interface Page {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  facets: {
    types: { value: string; count: number }[];
    kinds: { value: string; count: number }[];
    decades: { value: string; count: number }[];
  };
}

const PAGE = `query($type: EntityType, $where: EntityWhere, $orderBy: EntityOrder, $first: Int, $after: String, $last: Int, $before: String) {
  entities(type: $type, where: $where, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id type name ... on Event { kind date { earliest latest } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
    facets { types { value count } kinds { value count } decades { value count } }
  }
}`;

type Vars = Record<string, unknown>;

async function page(vars: Vars): Promise<Page> {
  const res = await gql<{ entities: Page }>(PAGE, vars);
  expect(res.errors, JSON.stringify(vars)).toBeUndefined();
  return res.data!.entities;
}

/** Every entity of the filter, paging forward by `size`; checks PageInfo on every page. */
async function forward(vars: Vars, size: number): Promise<Node[]> {
  const out: Node[] = [];
  let after: string | null = null;
  for (let n = 0; n < 500; n += 1) {
    const p = await page({ ...vars, first: size, after });
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
    expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
    out.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage) return out;
    expect(p.edges).toHaveLength(size);
    after = p.pageInfo.endCursor;
  }
  throw new Error('no last page');
}

/** The same, backward from the end by `size`, returned in list order. */
async function backward(vars: Vars, size: number): Promise<Node[]> {
  const pages: Node[][] = [];
  let before: string | null = null;
  for (let n = 0; n < 500; n += 1) {
    const p = await page({ ...vars, last: size, before });
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    pages.unshift(p.edges.map((e) => e.node));
    if (!p.pageInfo.hasPreviousPage) return pages.flat();
    expect(p.edges).toHaveLength(size);
    before = p.pageInfo.startCursor;
  }
  throw new Error('no first page');
}

const ids = (nodes: readonly Node[]): string[] => nodes.map((n) => n.id);

beforeAll(async () => {
  for (const input of [...PEOPLE, ...EVENTS]) {
    const res = await asCurator('browse-test', `mutation($input: EntityInput!) { createEntity(input: $input) { revision } }`, {
      input: { ...input, citations: CITE },
    });
    expect(res.errors).toBeUndefined();
  }
  for (const p of POSITIONS) {
    const res = await asCurator('browse-test', `mutation($i: RelationshipInput!) { addRelationship(input: $i) { id } }`, {
      i: { type: 'HELD_POSITION', from: 'browse-zeng', ...p, citations: CITE },
    });
    expect(res.errors).toBeUndefined();
  }
});
afterAll(async () => {
  for (const { id } of [...PEOPLE, ...EVENTS])
    await asCurator('browse-test', `mutation($id: ID!) { deleteEntity(id: $id) { id } }`, { id });
});

describe('entities: paging', () => {
  it.each([
    ['every entity', {}, 7],
    ['people', { type: 'PERSON' }, 2],
    ['events by date', { type: 'EVENT', orderBy: 'EARLIEST' }, 4],
    ['initiatives', { type: 'INITIATIVE' }, 5],
  ])('forward and backward over %s visit each entity once, in one order, as totalCount says', async (_what, vars, size) => {
    const whole = await page({ ...vars, first: 200 });
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const all = ids(whole.edges.map((e) => e.node));
    expect(all.length).toBe(whole.totalCount);
    expect(new Set(all).size).toBe(all.length);
    expect(ids(await forward(vars, size))).toEqual(all);
    expect(ids(await backward(vars, size))).toEqual(all);
    // last without before is the end of the list; first without after its start.
    expect(ids((await page({ ...vars, last: 2 })).edges.map((e) => e.node))).toEqual(all.slice(-2));
    expect(ids((await page({ ...vars, first: 2 })).edges.map((e) => e.node))).toEqual(all.slice(0, 2));
  });

  it('after and before together bound the page from both sides', async () => {
    const whole = await page({ type: 'EVENT', first: 200 });
    const c = whole.edges.map((e) => e.cursor);
    const middle = await page({ type: 'EVENT', after: c[1], before: c[6], first: 200 });
    expect(ids(middle.edges.map((e) => e.node))).toEqual(ids(whole.edges.slice(2, 6).map((e) => e.node)));
    expect(middle.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await page({ type: 'EVENT', after: c[1], before: c[6], last: 2 });
    expect(ids(back.edges.map((e) => e.node))).toEqual(ids(whole.edges.slice(4, 6).map((e) => e.node)));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('a page and its counts take two round trips, whatever the page size', async () => {
    const res = await gql(`{ entities(first: 40) { edges { node { id name } } totalCount facets { types { value count } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.roundTrips).toBe(2);
    const plain = await gql(`{ entities(first: 40) { edges { node { id name } } } }`);
    expect(plain.roundTrips).toBe(1);
  });
});

describe('entities: orders', () => {
  it('NAME is pinyin collation of the primary name, syllable by syllable, a surname read as one', async () => {
    const people = ids(await forward({ type: 'PERSON' }, 200));
    const at = (id: string) => people.indexOf(id);
    // hu xian < hua < luo fuhe < yao bentang < zeng (曾 as a surname; ceng would come first).
    const expected = ['person-hu-xian', 'browse-hua', 'person-luo-fuhe', 'person-yao-bentang', 'browse-zeng'];
    expected.forEach((id) => expect(at(id), id).toBeGreaterThanOrEqual(0));
    expect([...expected].sort((a, b) => at(a) - at(b))).toEqual(expected);
  });

  it('EARLIEST puts dated entities by their earliest day, then undated ones', async () => {
    const all = await forward({ orderBy: 'EARLIEST' }, 50);
    const dated = all.filter((n) => n.type === 'EVENT');
    expect(all.slice(0, dated.length)).toEqual(dated);
    const days = dated.map((n) => n.date?.earliest ?? '0000-00-00');
    expect(days).toEqual([...days].sort());
    expect(ids(dated).indexOf('browse-ev-1995')).toBeLessThan(ids(dated).indexOf('browse-ev-open'));
    expect(ids(dated).indexOf('browse-ev-open')).toBeLessThan(ids(dated).indexOf('browse-ev-2004'));
  });
});

describe('entities: filters', () => {
  it('date windows select exactly the events timeline() selects, under both readings', async () => {
    const windows: [string | null, string | null][] = [
      ['2002-06', '2003'],
      ['1990', '1999'],
      ['2005', null],
      [null, '2002-07'],
      ['2003', '2003'],
    ];
    for (const reading of ['POSSIBLY', 'CERTAINLY']) {
      for (const [from, to] of windows) {
        const tl = await gql<{ timeline: { edges: { node: { id: string } }[] } }>(
          `query($from: String, $to: String, $reading: WindowReading) { timeline(from: $from, to: $to, reading: $reading, first: 200) { edges { node { id } } } }`,
          { from, to, reading },
        );
        const got = await page({ where: { date: { from, to, reading } }, orderBy: 'EARLIEST', first: 200 });
        expect({ from, to, reading, ids: ids(got.edges.map((e) => e.node)).sort() }).toEqual({
          from,
          to,
          reading,
          ids: tl.data!.timeline.edges.map((e) => e.node.id).sort(),
        });
        expect(got.totalCount).toBe(got.edges.length);
      }
    }
    // The open-ended event may reach into 2005 but certainly does not lie inside it.
    const possibly = await page({ where: { date: { from: '2005', to: '2005' } } });
    const certainly = await page({ where: { date: { from: '2005', to: '2005', reading: 'CERTAINLY' } } });
    expect(ids(possibly.edges.map((e) => e.node))).toContain('browse-ev-open');
    expect(ids(certainly.edges.map((e) => e.node))).not.toContain('browse-ev-open');
  });

  it.each([
    ['eq, in the other script', { eq: '羅富和' }, ['person-luo-fuhe']],
    ['eq on the pinyin name, any case', { eq: 'LUO FUHE' }, ['person-luo-fuhe']],
    ['startsWith', { startsWith: '罗富' }, ['person-luo-fuhe']],
    ['startsWith pinyin', { startsWith: 'luo' }, ['person-luo-fuhe']],
    ['contains', { contains: '浏览' }, ['browse-hua', 'browse-zeng']],
    ['contains and startsWith together', { contains: '浏览', startsWith: '华' }, ['browse-hua']],
  ])('name %s', async (_what, name, expected) => {
    const p = await page({ type: 'PERSON', where: { name }, first: 50 });
    expect(ids(p.edges.map((e) => e.node)).sort()).toEqual([...expected].sort());
    expect(p.totalCount).toBe(expected.length);
  });

  it('kind keeps the kinds listed, and agrees with the kinds facet', async () => {
    const events = await page({ type: 'EVENT', first: 200 });
    const meetings = events.facets.kinds.find((k) => k.value === 'MEETING')!.count;
    const p = await page({ type: 'EVENT', where: { kind: { in: ['MEETING', 'DECISION'] } }, first: 200 });
    expect(p.edges.every((e) => e.node.kind === 'MEETING' || e.node.kind === 'DECISION')).toBe(true);
    expect(p.facets.kinds.find((k) => k.value === 'MEETING')?.count).toBe(meetings);
    expect(p.totalCount).toBe(events.edges.filter((e) => ['MEETING', 'DECISION'].includes(e.node.kind ?? '')).length);
    // Kinds of any type: COMMITTEE finds organizations.
    const committees = await page({ where: { kind: { in: ['COMMITTEE'] } }, first: 200 });
    expect(committees.facets.types).toEqual([{ value: 'ORGANIZATION', count: committees.totalCount }]);
  });

  it('involving keeps entities linked to any of the ids, either direction', async () => {
    const p = await page({ where: { involving: ['browse-zeng'] }, first: 200 });
    // Its positions' organizations, and the source that mentions it (MENTIONS is a link too).
    expect(ids(p.edges.map((e) => e.node)).sort()).toEqual([...POSITIONS.map((x) => x.to), SRC].sort());
    const luo = await page({ type: 'EVENT', where: { involving: ['person-luo-fuhe'] }, first: 200 });
    expect(ids(luo.edges.map((e) => e.node))).toContain('event-2003-work-style-year');
    const unknown = await gql(`{ entities(where: { involving: ["no-such-entity"] }) { totalCount } }`);
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('hasIdentifier keeps entities with an identifier in that authority file', async () => {
    const p = await page({ where: { hasIdentifier: 'WIKIDATA' }, first: 200 });
    expect(ids(p.edges.map((e) => e.node))).toContain('browse-hua');
    expect(ids(p.edges.map((e) => e.node))).not.toContain('browse-zeng');
    expect((await page({ where: { hasIdentifier: 'GEONAMES' } })).edges.map((e) => e.node.id)).not.toContain('browse-hua');
  });
});

describe('entities: facets', () => {
  it('count the filtered set whatever the page; types ignore the type argument', async () => {
    const where = { involving: ['org-capd-guangdong'] };
    const all = await forward({ where }, 200);
    const typed = await page({ type: 'EVENT', where, first: 1 });
    const byType = new Map<string, number>();
    all.forEach((n) => byType.set(n.type, (byType.get(n.type) ?? 0) + 1));
    expect(new Map(typed.facets.types.map((t) => [t.value, t.count]))).toEqual(byType);
    expect(typed.totalCount).toBe(byType.get('EVENT'));
    const events = all.filter((n) => n.type === 'EVENT');
    const kinds = new Map<string, number>();
    events.forEach((n) => n.kind && kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1));
    expect(new Map(typed.facets.kinds.map((k) => [k.value, k.count]))).toEqual(kinds);
    const decades = new Map<string, number>();
    events.forEach((n) => {
      const year = n.date?.earliest?.slice(0, 4);
      if (year) decades.set(`${Math.floor(Number(year) / 10) * 10}`, (decades.get(`${Math.floor(Number(year) / 10) * 10}`) ?? 0) + 1);
    });
    expect(new Map(typed.facets.decades.map((d) => [d.value, d.count]))).toEqual(decades);
    expect(typed.facets.decades.map((d) => Number(d.value))).toEqual([...typed.facets.decades.map((d) => Number(d.value))].sort());
  });

  it('the decade facet of all events includes the 1990s and 2000s', async () => {
    const p = await page({ type: 'EVENT', first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasNextPage: true });
    expect(p.facets.decades.find((d) => d.value === '1990')?.count).toBe(1);
    expect(p.facets.decades.reduce((n, d) => n + d.count, 0)).toBe(p.totalCount);
  });
});

describe('entities: refusals', () => {
  const code = async (query: string, vars?: Vars) => (await gql(query, vars)).errors?.[0]?.extensions?.['code'];

  it('refuse garbage, edited and borrowed cursors, and first with last, and sizes over their cap, changing nothing', async () => {
    const before = await graphState(executor);
    const p = await page({ type: 'PERSON', first: 2 });
    const cursor = p.pageInfo.endCursor!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
    const edited = Buffer.from(JSON.stringify([decoded[0], 'person-hu-xian', decoded[2]]), 'utf8').toString('base64url');
    const cases: [string, Vars][] = [
      ['garbage', { type: 'PERSON', after: 'not a cursor!' }],
      ['base64 of nothing useful', { type: 'PERSON', after: Buffer.from('{"a":1}').toString('base64url') }],
      ['an edited position', { type: 'PERSON', after: edited }],
      ['a cursor of another type', { type: 'EVENT', after: cursor }],
      ['a cursor of another order', { type: 'PERSON', orderBy: 'EARLIEST', after: cursor }],
      ['a cursor of another filter', { type: 'PERSON', where: { name: { contains: '罗' } }, after: cursor }],
      ['as before, garbage', { type: 'PERSON', before: 'zzz' }],
      ['first and last', { first: 2, last: 2 }],
      ['first over its cap', { first: 201 }],
      ['last over its cap', { last: 201 }],
      ['a negative size', { first: -1 }],
      ['an unknown kind', { where: { kind: { in: ['PICNIC'] } } }],
      ['a date that is no EDTF', { where: { date: { from: '2003-13' } } }],
      ['an empty window', { where: { date: { from: '2004', to: '2003' } } }],
      ['a name over 200 characters', { where: { name: { contains: '罗'.repeat(201) } } }],
    ];
    for (const [what, vars] of cases) {
      const res = await gql(PAGE, vars);
      expect({ what, code: res.errors?.[0]?.extensions?.['code'] }).toEqual({ what, code: 'BAD_USER_INPUT' });
      expect(res.data ?? null, what).toBeNull();
    }
    expect(await graphState(executor)).toEqual(before);
  });

  it('cost counts last like first, and a page size when neither is given', async () => {
    const nested = (size: string) =>
      `{ entities${size} { edges { node { relations(first: 500) { other { relations(first: 500) { id } } } } } } }`;
    expect(await code(nested('(last: 200)'))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await code(nested(''))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await code(`{ entities(last: 200) { edges { node { relations(first: 500) { id } } } } }`)).toBeUndefined();
  });
});

describe('lists that grow', () => {
  it('positions come by date: earliest first, undated last', async () => {
    const res = await gql<{ person: { positions: { organization: { id: string } }[] } }>(
      `{ person(id: "browse-zeng") { positions { organization { id } } } }`,
    );
    expect(res.errors).toBeUndefined();
    // 2001 (attested), 2005 (period 2005/2007, id …org-capd), 2005-01 (same day, id …org-capd-guangdong), undated.
    expect(res.data!.person.positions.map((p) => p.organization.id)).toEqual([
      'org-minzhu-building',
      'org-capd',
      'org-capd-guangdong',
      'org-capd-guangdong-office',
    ]);
    // The same order through the batched loader (a list of people), and first cuts it.
    const list = await gql<{ entities: { edges: { node: { positions: { organization: { id: string } }[] } }[] } }>(
      `{ entities(type: PERSON, where: { name: { eq: "曾浏览" } }) { edges { node { ... on Person { positions(first: 2) { organization { id } } } } } } }`,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.entities.edges[0]!.node.positions.map((p) => p.organization.id)).toEqual(['org-minzhu-building', 'org-capd']);
  });

  it('take first, capped at 500', async () => {
    for (const field of [
      'person(id: "person-luo-fuhe") { positions(first: 501) { id } }',
      'person(id: "person-luo-fuhe") { participations(first: 501) { id } }',
      'event(id: "event-2003-work-style-year") { participants(first: 501) { id } }',
      'entity(id: "person-luo-fuhe") { relations(first: 501) { id } }',
      'entity(id: "person-luo-fuhe") { citations(first: 501) { quote } }',
    ]) {
      const res = await gql(`{ ${field} }`);
      expect(res.errors?.[0]?.extensions?.['code'], field).toBe('BAD_USER_INPUT');
    }
  });
});

describe('timeline PageInfo', () => {
  it('has startCursor and hasPreviousPage', async () => {
    const first = await gql<{ timeline: Page }>(
      `{ timeline(first: 2) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    const info = first.data!.timeline.pageInfo;
    expect(info).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.data!.timeline.edges[0]!.cursor });
    const next = await gql<{ timeline: Page }>(
      `query($after: String) { timeline(first: 2, after: $after) { edges { cursor } pageInfo { hasPreviousPage startCursor } } }`,
      { after: info.endCursor },
    );
    expect(next.data!.timeline.pageInfo).toEqual({ hasPreviousPage: true, startCursor: next.data!.timeline.edges[0]!.cursor });
  });
});
