// Related entities are fetched whole or as id/type/name only, depending on what the client selects.
// Whatever the selection, every field must answer the same: each query here is asked twice, once
// reading only names and once reading much more, and the shared fields must agree.
import { describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const { gql } = connectApi();

/** The query with `{{more}}` removed and with it filled in; both must succeed. */
async function both(query: string, more: string) {
  const [lean, full] = await Promise.all([gql(query.replaceAll('{{more}}', '')), gql(query.replaceAll('{{more}}', more))]);
  expect(lean.errors).toBeUndefined();
  expect(full.errors).toBeUndefined();
  return { lean: lean.data!, full: full.data! };
}

/** Drops every key not present in `shape`, recursively, so a fuller answer can be compared to a leaner one. */
function like(shape: unknown, value: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(value)) return value.map((v, i) => like(shape[i], v));
  if (shape !== null && typeof shape === 'object' && value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(shape).map((k) => [k, like((shape as Record<string, unknown>)[k], (value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const MORE = 'description(lang: "en") names { value lang } citations { quote } relations { type }';

describe('selection-shaped fetching', () => {
  it.each([
    [
      'timeline participants and places',
      `{ timeline(from: "2002", to: "2006", first: 20) { edges { node { id name ... on Event { place { id name {{more}} } participants { role entity { __typename id name type {{more}} } } } } } } }`,
    ],
    ['a roster at a date', `{ organization(id: "org-capd-guangdong") { positions(at: "2003") { title person { name {{more}} } } } }`],
    [
      'positions and participations of a person',
      `{ person(id: "person-luo-fuhe") { positions { title organization { name {{more}} } } participations { role event { name {{more}} } } } }`,
    ],
    [
      'relations through other, from and to',
      `{ entity(id: "person-yao-bentang") { relations { type direction other { id name {{more}} } from { name } to { name } } } }`,
    ],
    [
      'units and parent of an organization',
      `{ organization(id: "org-capd-guangdong") { parent { name {{more}} } units { id name {{more}} } } }`,
    ],
    ['components of an initiative', `{ initiative(id: "initiative-three-projects") { components { name {{more}} } } }`],
  ])('%s', async (_name, query) => {
    const { lean, full } = await both(query, MORE);
    expect(JSON.stringify(lean).length).toBeGreaterThan(40);
    expect(like(lean, full)).toEqual(lean);
  });

  it('completes the entity a relationship was reached from when the selection there reads more', async () => {
    // The page fetched events with names only; the same events, met again through their participants, are asked for more.
    const res = await gql<{
      timeline: {
        edges: {
          node: { id: string; name: string; participants: { event: { id: string; description: string | null; date: { edtf: string } } }[] };
        }[];
      };
    }>(
      '{ timeline(from: "2003", to: "2003", first: 5) { edges { node { id name ... on Event { participants { event { id description(lang: "en") date { edtf } } } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const seen = res.data!.timeline.edges.flatMap((e) => e.node.participants.map((p) => ({ page: e.node.id, event: p.event })));
    expect(seen.length).toBeGreaterThan(0);
    for (const { page, event } of seen) {
      expect(event.id).toBe(page);
      const whole = await gql<{ event: { description: string | null; date: { edtf: string } } }>(
        `{ event(id: "${page}") { description(lang: "en") date { edtf } } }`,
      );
      expect(event.description).toBe(whole.data!.event.description);
      expect(event.date).toEqual(whole.data!.event.date);
    }
    expect(seen.some(({ event }) => event.description !== null)).toBe(true);
  });

  it('answers the extra fields from whole records, not empty ones', async () => {
    const res = await gql<{
      organization: { positions: { person: { name: string; description: string | null; names: { value: string }[] } }[] };
    }>('{ organization(id: "org-capd-guangdong") { positions(at: "2003") { person { name description(lang: "en") names { value } } } } }');
    expect(res.errors).toBeUndefined();
    const luo = res.data!.organization.positions.find((p) => p.person.name === '罗富和');
    expect(luo?.person.description).toMatch(/Chair/);
    expect(luo?.person.names.map((n) => n.value)).toContain('Luo Fuhe');
  });
});
