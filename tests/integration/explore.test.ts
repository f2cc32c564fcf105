// Historians' exploration: how are two entities connected, who was around whom, what happened before what.
import { describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const api = connectApi();
const { gql } = api;

describe('connections', () => {
  const Q = `query($from: ID!, $to: ID!, $at: String, $maxHops: Int) { connections(from: $from, to: $to, at: $at, maxHops: $maxHops) {
    length entities { id } steps { from { id } to { id } relation { type direction title citations { quote } } } } }`;
  type R = {
    connections: {
      length: number;
      entities: { id: string }[];
      steps: {
        from: { id: string };
        to: { id: string };
        relation: { type: string; direction: string; title: string | null; citations: { quote: string }[] };
      }[];
    }[];
  };

  it('finds that 罗富和 and 胡献 both held posts in the provincial committee, and says who attests it', async () => {
    const res = await gql<R>(Q, { from: 'person-luo-fuhe', to: 'person-hu-xian' });
    expect(res.errors).toBeUndefined();
    const viaCommittee = res.data!.connections.find(
      (p) => p.entities.map((e) => e.id).join() === 'person-luo-fuhe,org-capd-guangdong,person-hu-xian',
    );
    expect(viaCommittee).toBeDefined();
    expect(viaCommittee!.length).toBe(2);
    expect(viaCommittee!.steps.map((s) => [s.relation.type, s.relation.direction, s.relation.title])).toEqual([
      ['HELD_POSITION', 'OUT', '主委'],
      ['HELD_POSITION', 'IN', '副秘书长'],
    ]);
    for (const step of viaCommittee!.steps) expect(step.relation.citations.length).toBeGreaterThan(0);
  });

  it('keeps only relationships valid at the date asked: in 2003 胡献 is not yet attested there', async () => {
    const res = await gql<R>(Q, { from: 'person-luo-fuhe', to: 'person-hu-xian', at: '2003' });
    expect(res.errors).toBeUndefined();
    for (const path of res.data!.connections) {
      expect(path.entities.map((e) => e.id).join()).not.toBe('person-luo-fuhe,org-capd-guangdong,person-hu-xian');
    }
    const in2006 = await gql<R>(Q, { from: 'person-hu-xian', to: 'place-qingyuan', at: '2006-07' });
    expect(in2006.data!.connections[0]!.entities.map((e) => e.id)).toEqual([
      'person-hu-xian',
      'event-2006-qingyuan-symposium',
      'place-qingyuan',
    ]);
  });

  it('refuses a maxHops above the cap with a clear error', async () => {
    const res = await gql<R>(Q, { from: 'person-luo-fuhe', to: 'person-hu-xian', maxHops: 50 });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxHops' });
    expect(res.errors?.[0]?.message).toContain('capped at 6');
  });
});

describe('neighborhood', () => {
  it('returns nodes and edges that vis-network and Cytoscape take as they are', async () => {
    const res = await gql<{
      neighborhood: {
        nodes: { id: string; label: string; group: string; depth: number }[];
        edges: { id: string; from: string; to: string; source: string; target: string; label: string }[];
        elements: { nodes: { data: { id: string } }[]; edges: { data: { source: string; target: string } }[] };
      };
    }>(
      `{ neighborhood(id: "person-luo-fuhe", depth: 1) { nodes { id label group depth } edges { id from to source target label }
         elements { nodes { data { id } } edges { data { source target } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const n = res.data!.neighborhood;
    expect(n.nodes[0]).toEqual({ id: 'person-luo-fuhe', label: '罗富和', group: 'person', depth: 0 });
    expect(n.nodes.map((x) => x.id)).toEqual(expect.arrayContaining(['org-capd-guangdong', 'event-2003-work-style-year']));
    const ids = new Set(n.nodes.map((x) => x.id));
    for (const e of n.edges) {
      expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
      expect([e.source, e.target]).toEqual([e.from, e.to]);
    }
    expect(n.edges.map((e) => e.label)).toEqual(expect.arrayContaining(['主委', '领导小组组长']));
    expect(n.elements.nodes).toHaveLength(n.nodes.length);
    expect(n.elements.edges).toHaveLength(n.edges.length);
  });

  it('fetches only what is asked, yet answers every field the same whatever else is asked', async () => {
    // The database query is projected from the selection; each field must not depend on which others came along.
    const full = await gql<{
      neighborhood: {
        nodes: { id: string; label: string; title: string | null; type: string; entity: { name: string; description: string | null } }[];
        edges: {
          id: string;
          label: string;
          type: string;
          relation: { type: string; other: { name: string }; citations: { quote: string }[] };
        }[];
      };
    }>(
      `{ neighborhood(id: "org-capd-guangdong", depth: 2) {
          nodes { id label title type entity { name description(lang: "en") } }
          edges { id label type relation { type other { name } citations { quote } } } } }`,
    );
    expect(full.errors).toBeUndefined();
    const idsOnly = await gql<{ neighborhood: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      '{ neighborhood(id: "org-capd-guangdong", depth: 2) { nodes { id } edges { id } } }',
    );
    const labels = await gql<{
      neighborhood: {
        elements: {
          nodes: { data: { id: string; label: string; title: string | null } }[];
          edges: { data: { id: string; label: string } }[];
        };
      };
    }>(
      '{ neighborhood(id: "org-capd-guangdong", depth: 2) { elements { nodes { data { id label title } } edges { data { id label } } } } }',
    );
    const n = full.data!.neighborhood;
    expect(n.nodes.length).toBeGreaterThan(10);
    expect(idsOnly.data!.neighborhood.nodes.map((x) => x.id)).toEqual(n.nodes.map((x) => x.id));
    expect(idsOnly.data!.neighborhood.edges.map((x) => x.id)).toEqual(n.edges.map((x) => x.id));
    expect(labels.data!.neighborhood.elements.nodes.map((x) => x.data)).toEqual(
      n.nodes.map(({ id, label, title }) => ({ id, label, title })),
    );
    expect(labels.data!.neighborhood.elements.edges.map((x) => x.data)).toEqual(n.edges.map(({ id, label }) => ({ id, label })));
    for (const node of n.nodes) expect(node.entity.name).toBe(node.label);
    expect(n.nodes.find((x) => x.id === 'person-luo-fuhe')?.entity.description).toMatch(/Chair/);
    for (const edge of n.edges) {
      expect(edge.relation.type).toBe(edge.type);
      expect(edge.relation.citations.length).toBeGreaterThan(0);
    }
  });

  it('slices by date: as of 2006 the 2003 campaign link no longer counts', async () => {
    const res = await gql<{ neighborhood: { nodes: { id: string }[] } }>(
      '{ neighborhood(id: "person-luo-fuhe", depth: 1, asOf: "2006") { nodes { id } } }',
    );
    expect(res.data!.neighborhood.nodes.map((x) => x.id)).toEqual(['person-luo-fuhe']);
    const depth2 = await gql<{ neighborhood: { nodes: { id: string; depth: number }[] } }>(
      '{ neighborhood(id: "org-capd-guangdong", depth: 2, types: [PART_OF]) { nodes { id depth } } }',
    );
    expect(depth2.data!.neighborhood.nodes).toEqual(
      expect.arrayContaining([
        { id: 'org-capd', depth: 1 },
        { id: 'org-capd-guangdong-office', depth: 1 },
      ]),
    );
  });
});

describe('date algebra', () => {
  const Q =
    'query($before: String, $after: String, $during: String, $reading: WindowReading) { events(before: $before, after: $after, during: $during, reading: $reading) { id ... on Event { date { edtf } } } }';
  type R = { events: { id: string; date: { edtf: string } }[] };
  const dates = async (v: Record<string, string>) => (await gql<R>(Q, v)).data!.events.map((e) => e.date.edtf);

  it('reads before, after and during over outer bounds, CERTAINLY and POSSIBLY', async () => {
    expect(await dates({ before: '2003', reading: 'CERTAINLY' })).toEqual(['2002-06', '2002-07', '2002-12']);
    // POSSIBLY adds the events dated "within the term", one date of the set [2002-06..2006-07].
    expect(await dates({ before: '2003', reading: 'POSSIBLY' })).toEqual(
      expect.arrayContaining(['2002-06', '2002-07', '2002-12', '[2002-06..2006-07]']),
    );
    expect(await dates({ after: '2005', reading: 'CERTAINLY' })).toEqual(['2006-07-07/2006-07-08']);
    expect(await dates({ during: '2005', reading: 'CERTAINLY' })).toEqual(['2005', '2005-03', '2005-06']);
    expect(await dates({ after: '2002-06', before: '2003', reading: 'CERTAINLY' })).toEqual(['2002-07', '2002-12']);
  });
});

describe('stats', () => {
  it('counts by label and relationship type, with the date range and sources', async () => {
    const res = await gql<{
      stats: {
        entities: { label: string; count: number }[];
        relationships: { label: string; count: number }[];
        sources: number;
        citations: number;
        earliest: string;
        latest: string;
      };
    }>('{ stats { entities { label count } relationships { label count } sources citations earliest latest } }');
    const s = res.data!.stats;
    expect(s.entities.find((e) => e.label === 'Person')!.count).toBeGreaterThanOrEqual(3);
    expect(s.relationships.find((r) => r.label === 'HELD_POSITION')!.count).toBeGreaterThanOrEqual(3);
    expect(s.sources).toBeGreaterThanOrEqual(1);
    expect(s.citations).toBeGreaterThan(100);
    expect(s.earliest <= '2002-06-01').toBe(true);
    expect(s.latest >= '2006-07-08').toBe(true);
  });
});

describe('bounded queries', () => {
  it('stops a read past its time limit with a coded error, not a hang', async () => {
    const { executor } = api;
    const slow = { cypher: 'UNWIND range(1, 500000000) AS x RETURN sum(x) AS s', params: {} };
    const error = (await executor.read(slow, { timeoutMs: 50 }).catch((e: unknown) => e)) as { extensions?: Record<string, unknown> };
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TIMEOUT' });
  });
});
