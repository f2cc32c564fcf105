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
    [
      'the entities and relationships of paths',
      `{ connections(from: "person-luo-fuhe", to: "org-capd-guangdong", maxHops: 3) { entities { id name {{more}} } steps { from { name {{more}} } to { id {{more}} } relation { type direction {{rel}} from { name {{more}} } other { id {{more}} } } } } }`,
    ],
  ])('%s', async (_name, query) => {
    const { lean, full } = await both(query.replaceAll('{{rel}}', ''), MORE);
    if (query.includes('{{rel}}')) {
      // The relationship's own fields too: a narrow and a wide selection agree.
      const rel = await both(
        query.replaceAll('{{rel}}', '{{more}}').replaceAll('{{more}}', ''),
        'id title titleEn role period { edtf } attestedAt { edtf } citations { quote }',
      );
      expect(like(rel.lean, rel.full)).toEqual(rel.lean);
    }
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

// Every field a type answers from its own stored properties, derived from the schema (introspection):
// leaves, and the leaves of value objects (a date, names, a location). A projection that forgot a
// property some field reads makes that field differ from the whole record's answer below.
interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { type: IntrospectedType }[];
  type: IntrospectedType;
}
const named = (t: IntrospectedType): IntrospectedType => (t.ofType === null ? t : named(t.ofType));
const TYPE_QUERY = `query ($name: String!) { __type(name: $name) { fields { name args { type { kind } }
  type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;

async function fieldsOf(type: string): Promise<IntrospectedField[]> {
  const res = await gql<{ __type: { fields: IntrospectedField[] } }>(TYPE_QUERY, { name: type });
  expect(res.errors).toBeUndefined();
  return res.data!.__type.fields.filter((f) => f.args.every((a) => a.type.kind !== 'NON_NULL'));
}

/** Every leaf field of the type, and every leaf of its value objects (not entities, relationships or pages). */
async function wideSelection(type: string): Promise<string> {
  const out: string[] = [];
  for (const f of await fieldsOf(type)) {
    const t = named(f.type);
    if (t.kind === 'SCALAR' || t.kind === 'ENUM') out.push(f.name);
    else if (t.kind === 'OBJECT' && f.args.length === 0) {
      const leaves = (await fieldsOf(t.name!)).filter((g) => ['SCALAR', 'ENUM'].includes(named(g.type).kind) && g.args.length === 0);
      const entityLike = leaves.some((g) => g.name === 'id') && !['Location'].includes(t.name!);
      if (leaves.length > 0 && !entityLike) out.push(`${f.name} { ${leaves.map((g) => g.name).join(' ')} }`);
    }
  }
  // The arguments that read more than the bare field: other languages, no fallback.
  out.push('nameEn: name(lang: "en")', 'nameZh: name(lang: "zh")', 'descriptionZh: description(lang: "zh", fallback: false)');
  return out.join(' ');
}

describe('a lookup that brings its relationships along fetches only what the selection reads', () => {
  it.each([
    ['person', 'Person', 'person-luo-fuhe'],
    ['organization', 'Organization', 'org-capd-guangdong'],
    ['event', 'Event', 'event-2002-zhongshan-meeting'],
    ['entity', 'Person', 'person-luo-fuhe'],
  ])('%s(id) with every field of %s answers as the whole record does', async (field, type, id) => {
    const wide = await wideSelection(type);
    const on = field === 'entity' ? `... on ${type} { ${wide} }` : wide;
    // With citations: one round trip with the joins, the entity projected; without: the whole entity by the loader.
    const joined = await gql<Record<string, Record<string, unknown>>>(`{ x: ${field}(id: "${id}") { ${on} citations { quote } } }`);
    const whole = await gql<Record<string, Record<string, unknown>>>(`{ x: ${field}(id: "${id}") { ${on} } }`);
    expect(joined.errors).toBeUndefined();
    expect(whole.errors).toBeUndefined();
    const { citations, ...rest } = joined.data!['x']!;
    expect(citations).not.toEqual([]);
    expect(rest).toEqual(whole.data!['x']);
    // Not a test that cannot fail: the wide selection reads many stored fields, names in other languages among them.
    expect(Object.keys(rest).length).toBeGreaterThan(8);
    expect(rest['nameEn']).not.toBe(rest['name']);
  });

  it('a narrow one returns the entity in one round trip, with only the properties it reads', async () => {
    const res = await gql<{ person: { name: string; citations: unknown[] } }>(
      '{ person(id: "person-luo-fuhe") { name citations { quote } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.person.name).toBe('罗富和');
    expect(res.roundTrips).toBe(1);
  });
});
