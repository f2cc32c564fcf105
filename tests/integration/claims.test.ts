// Competing claims on real data: the article and a curator's note disagree on two facts.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';
import { disagreeingClaimsDataset, disagreeingClaimsMessage } from '../helpers/claims-fixture.js';

const { gql, asCurator, executor } = connectApi();
const P = 'test-claims-agree';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n', params: { p: P } });
});

type ClaimSet = {
  preferred: { value: string; sources: { id: string }[] };
  rule: string;
  claims: { value: string; preferred: boolean; sources: { id: string }[]; citations: { quote: string; source: { id: string } }[] }[];
};
const SET = 'preferred { value sources { id } } rule claims { value preferred sources { id } citations { quote source { id } } }';

describe('competing claims', () => {
  it("keeps the note's month and the article's days for the symposium, preferring the contemporary article", async () => {
    const res = await gql<{ event: { date: { edtf: string }; dateClaims: ClaimSet } }>(
      `{ event(id: "event-2006-qingyuan-symposium") { date { edtf } dateClaims { ${SET} } } }`,
    );
    expect(res.errors).toBeUndefined();
    const set = res.data!.event.dateClaims;
    expect(set.claims.map((c) => c.value).sort()).toEqual(['2006-07', '2006-07-07/2006-07-08']);
    expect(set.preferred.value).toBe('2006-07-07/2006-07-08');
    expect(set.preferred.sources.map((s) => s.id)).toEqual(['src-mj-gd-2006-qingyuan']);
    // Published on or after 2006-07-08, the article overlaps what it dates; the note came 20 years later.
    expect(set.rule).toMatch(/^contemporary source \(published 2006-07-08\/\.\., 0 days from the fact, over 2026-11-26, \d+ days\)$/);
    const month = set.claims.find((c) => c.value === '2006-07')!;
    expect(month.preferred).toBe(false);
    expect(month.citations).toEqual([{ quote: '座谈会于2006年7月在清远市召开', source: { id: 'src-curator-note-001' } }]);
    expect(res.data!.event.date.edtf).toBe(set.preferred.value);
  });

  it("keeps both titles of 罗富和 with their citations and prefers the contemporary article's 主委, as Position.title says", async () => {
    const res = await gql<{ person: { positions: { title: string; titleClaims: ClaimSet }[] } }>(
      `{ person(id: "person-luo-fuhe") { positions { title titleClaims { ${SET} } } } }`,
    );
    const [position] = res.data!.person.positions;
    expect(position!.title).toBe('主委');
    expect(position!.titleClaims.claims.map((c) => c.value)).toEqual(['主委', '主任委员']);
    expect(position!.titleClaims.preferred.value).toBe('主委');
    expect(position!.title).toBe(position!.titleClaims.preferred.value);
    // Attested in 2003: the article (2006-07-08 on) is 920 days from it, the 2026 note 8366.
    expect(position!.titleClaims.rule).toBe(
      'contemporary source (published 2006-07-08/.., 920 days from the fact, over 2026-11-26, 8366 days)',
    );
    expect(position!.titleClaims.claims[0]!.citations[0]!.quote).toContain('罗富和主委');
  });

  it('gives every seeded claim set a plain field equal to its preferred claim, and every event and position too', async () => {
    const claims = readdirSync('seed/data')
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => (parse(readFileSync(`seed/data/${f}`, 'utf8')) as { claims?: { about: string; property: string }[] }).claims ?? []);
    expect(claims.length).toBeGreaterThanOrEqual(2);
    for (const c of claims) {
      if (c.property === 'date') {
        const res = await gql<{ event: { date: { edtf: string }; dateClaims: { preferred: { value: string }; claims: unknown[] } } }>(
          `{ event(id: "${c.about}") { date { edtf } dateClaims { preferred { value } claims { value } } } }`,
        );
        expect(res.data!.event.dateClaims.claims.length).toBeGreaterThan(1);
        expect(res.data!.event.date.edtf, c.about).toBe(res.data!.event.dateClaims.preferred.value);
      } else {
        const person = c.about.split('--')[0]!;
        const res = await gql<{
          person: { positions: { id: string; title: string; titleClaims: { preferred: { value: string }; claims: unknown[] } }[] };
        }>(`{ person(id: "${person}") { positions { id title titleClaims { preferred { value } claims { value } } } } }`);
        const position = res.data!.person.positions.find((x) => x.id === c.about)!;
        expect(position.titleClaims.claims.length).toBeGreaterThan(1);
        expect(position.title, c.about).toBe(position.titleClaims.preferred.value);
      }
    }
    const all = await gql<{
      timeline: { edges: { node: { id: string; date: { edtf: string }; dateClaims: { preferred: { value: string } } } }[] };
      organization: { positions: { id: string; title: string; titleClaims: { preferred: { value: string } } }[] };
    }>(`{ timeline(first: 200) { edges { node { id ... on Event { date { edtf } dateClaims { preferred { value } } } } } }
      organization(id: "org-capd-guangdong") { positions { id title titleClaims { preferred { value } } } } }`);
    expect(all.errors).toBeUndefined();
    expect(all.data!.timeline.edges.length).toBeGreaterThan(10);
    for (const { node } of all.data!.timeline.edges) expect(node.date.edtf, node.id).toBe(node.dateClaims.preferred.value);
    expect(all.data!.organization.positions.length).toBe(3);
    for (const p of all.data!.organization.positions) expect(p.title, p.id).toBe(p.titleClaims.preferred.value);
  });

  it('refuses a write whose claims would prefer another value than the fact states, writing nothing', async () => {
    const doc = disagreeingClaimsDataset(P);
    const before = await graphState(executor);
    const res = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { change { id } } }', {
      d: JSON.stringify(doc),
    });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toBe(disagreeingClaimsMessage(P));
    expect(await graphState(executor)).toEqual(before);
    // Stated the other way round, the contemporary report is the fact and the memoir a claim: accepted.
    const fixed = {
      ...doc,
      entities: [{ ...doc.entities[0]!, date: '2009', citations: [{ source: `${P}-early`, quote: '会议在2009年召开' }] }],
      claims: [
        {
          id: `${P}-claim`,
          about: `${P}-ev`,
          property: 'date',
          value: '2010',
          citations: [{ source: `${P}-late`, quote: '会议在2010年召开' }],
        },
      ],
    };
    const ok = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { change { id } } }', {
      d: JSON.stringify(fixed),
    });
    expect(ok.errors).toBeUndefined();
    const read = await gql<{ event: { date: { edtf: string }; dateClaims: { preferred: { value: string } } } }>(
      `{ event(id: "${P}-ev") { date { edtf } dateClaims { preferred { value } } } }`,
    );
    expect(read.data!.event.date.edtf).toBe('2009');
    expect(read.data!.event.dateClaims.preferred.value).toBe('2009');
  });

  it('says all sources agree where nobody disagrees', async () => {
    const res = await gql<{ event: { dateClaims: ClaimSet } }>(
      '{ event(id: "event-2003-work-style-year") { dateClaims { rule claims { value } } } }',
    );
    expect(res.data!.event.dateClaims.rule).toBe('all 1 source(s) agree');
  });

  it("marks the curator's note as such in its own text", async () => {
    const res = await gql<{ source: { text: string; published: { edtf: string } } }>(
      '{ source(id: "src-curator-note-001") { text published { edtf } } }',
    );
    expect(res.data!.source.text).toContain("Curator's note written by the Annals project; it is not a historical source.");
    expect(res.data!.source.published.edtf).toBe('2026-11-26');
  });
});
