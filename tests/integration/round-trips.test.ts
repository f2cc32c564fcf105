// No N+1: the Cypher round trips of a request do not grow with the page size.
import { describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const { gql } = connectApi();

const TIMELINE = `query($first: Int) { timeline(first: $first) { edges { node { id name citations { quote source { id } }
  ... on Event { date { label } place { name } organizers { name } initiatives { name components { name } }
    participants { role entity { name ... on Person { positions { title organization { name } } } } citations { quote } }
    findings { text citations { quote } } } } } } }`;

describe('round trips per request', () => {
  // Fields of TIMELINE that fetch data: the page, event citations, their sources, place, organizers,
  // launched and advanced initiatives, components, participants, positions, findings, and the
  // citations of participations and of findings. Each costs at most one batched query.
  const FETCHING_FIELDS = 13;

  it('stay within one query per fetching field, for every page size', async () => {
    for (const first of [1, 4, 8, 14]) {
      const res = await gql<{ timeline: { edges: unknown[] } }>(TIMELINE, { first });
      expect(res.errors).toBeUndefined();
      expect(res.roundTrips).toBeLessThanOrEqual(FETCHING_FIELDS);
    }
  });

  it('do not grow from a page of 1 event to a page of 14, though the larger loads far more objects', async () => {
    const small = await gql<{ timeline: { edges: unknown[] } }>(TIMELINE, { first: 1 });
    const large = await gql<{ timeline: { edges: unknown[] } }>(TIMELINE, { first: 14 });
    expect(large.data!.timeline.edges.length).toBeGreaterThanOrEqual(13);
    // Batches can split across ticks by at most one query; they never multiply by the page size.
    expect(large.roundTrips).toBeLessThanOrEqual(FETCHING_FIELDS);
    expect(small.roundTrips).toBeLessThanOrEqual(FETCHING_FIELDS);
    // Resolving object by object would cost about one query per object; this costs one per field.
    const objects = (JSON.stringify(large.data).match(/\{/g) ?? []).length;
    expect(objects).toBeGreaterThan(10 * large.roundTrips);
  });

  it('are one for a timeline page with its places, organizers and participants: they come with the page', async () => {
    const page = `{ timeline(from: "2002", to: "2006", first: 20) { edges { node { id ... on Event { date { edtf } place { name } organizers { name } participants { role entity { name } } } } } } }`;
    const res = await gql<{ timeline: { edges: { node: { participants: unknown[] } }[] } }>(page);
    expect(res.errors).toBeUndefined();
    expect(res.data!.timeline.edges.flatMap((e) => e.node.participants).length).toBeGreaterThan(5);
    expect(res.roundTrips).toBe(1);
    // Reading further from a participant costs its own query, once for the whole page.
    const deeper = await gql(page.replace('entity { name }', 'entity { name citations { quote } }'));
    expect(deeper.roundTrips).toBe(2);
  });

  it('are one for a lookup with its citations, relationships and their citations, or a roster at a date', async () => {
    const entity = await gql<{ entity: { relations: { citations: unknown[] }[] } }>(
      '{ entity(id: "person-yao-bentang") { name citations { quote } relations { type other { name } citations { quote source { id } } } } }',
    );
    expect(entity.errors).toBeUndefined();
    expect(entity.data!.entity.relations.flatMap((r) => r.citations).length).toBeGreaterThan(1);
    // The citations' sources are the one thing left to fetch.
    expect(entity.roundTrips).toBe(2);
    const roster = await gql<{ organization: { positions: unknown[] } }>(
      '{ organization(id: "org-capd-guangdong") { positions(at: "2003") { title person { name } } } }',
    );
    expect(roster.data!.organization.positions.length).toBeGreaterThan(1);
    expect(roster.roundTrips).toBe(1);
    // A date that does not parse is still refused by the field, with its code.
    const bad = await gql('{ organization(id: "org-capd-guangdong") { name positions(at: "2003-13") { title } } }');
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('are one for connections and for a neighbourhood: the ends and the center come with them', async () => {
    const paths = await gql<{ connections: { entities: { id: string }[]; steps: { relation: { type: string } }[] }[] }>(
      '{ connections(from: "person-luo-fuhe", to: "org-capd-guangdong", maxHops: 3) { entities { id name } steps { relation { type } } } }',
    );
    expect(paths.errors).toBeUndefined();
    expect(paths.data!.connections[0]!.entities.map((e) => e.id)).toEqual(['person-luo-fuhe', 'org-capd-guangdong']);
    expect(paths.roundTrips).toBe(1);
    const same = await gql<{ connections: unknown[] }>('{ connections(from: "person-luo-fuhe", to: "person-luo-fuhe") { length } }');
    expect(same.data!.connections).toEqual([]);
    expect(same.roundTrips).toBe(1);
    const hood = await gql<{ neighborhood: { nodes: { id: string; depth: number }[]; edges: unknown[] } }>(
      '{ neighborhood(id: "person-luo-fuhe", depth: 1) { nodes { id depth } edges { id } } }',
    );
    expect(hood.errors).toBeUndefined();
    expect(hood.data!.neighborhood.nodes[0]).toEqual({ id: 'person-luo-fuhe', depth: 0 });
    expect(hood.data!.neighborhood.edges.length).toBeGreaterThan(0);
    expect(hood.roundTrips).toBe(1);
    // The center as a whole entity is loaded when asked for.
    const center = await gql<{ neighborhood: { center: { name: string; description: string | null } } }>(
      '{ neighborhood(id: "person-luo-fuhe", depth: 1) { center { name description(lang: "en") } } }',
    );
    const whole = await gql<{ person: { name: string; description: string | null } }>(
      '{ person(id: "person-luo-fuhe") { name description(lang: "en") } }',
    );
    expect(center.data!.neighborhood.center).toEqual(whole.data!.person);
    expect(center.data!.neighborhood.center.description).toMatch(/Chair/);
    // Unknown ids are refused as the look-ups refuse them, naming each.
    const gone = await gql('{ connections(from: "person-nobody", to: "org-nothing") { length } }');
    expect(gone.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(gone.errors?.[0]?.message).toBe('No entity has the id "person-nobody", "org-nothing".');
    const half = await gql('{ connections(from: "person-luo-fuhe", to: "org-nothing") { length } }');
    expect(half.errors?.[0]?.message).toBe('No entity has the id "org-nothing".');
    const noCenter = await gql('{ neighborhood(id: "person-nobody") { nodes { id } } }');
    expect(noCenter.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(noCenter.errors?.[0]?.message).toBe('No entity has the id "person-nobody".');
  });

  it('are the same for a search returning 1 hit and one returning 10', async () => {
    const q = `query($t: String!, $n: Int) { search(text: $t, first: $n) { entity { id citations { quote } ... on Event { date { edtf } participants { entity { name } } } } } }`;
    const one = await gql<{ search: unknown[] }>(q, { t: '民进', n: 1 });
    const ten = await gql<{ search: unknown[] }>(q, { t: '民进', n: 10 });
    expect(ten.data!.search.length).toBeGreaterThan(one.data!.search.length);
    expect(ten.roundTrips).toBeLessThanOrEqual(one.roundTrips + 2);
  });
});
