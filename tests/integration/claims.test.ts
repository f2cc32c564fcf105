// Competing claims on real data: the article and a curator's note disagree on two facts.
import { describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const { gql } = connectApi();

type ClaimSet = {
  preferred: { value: string; sources: { id: string }[] };
  rule: string;
  claims: { value: string; preferred: boolean; sources: { id: string }[]; citations: { quote: string; source: { id: string } }[] }[];
};
const SET = 'preferred { value sources { id } } rule claims { value preferred sources { id } citations { quote source { id } } }';

describe('competing claims', () => {
  it("keeps the note's month and the article's days for the symposium, preferring the more precise", async () => {
    const res = await gql<{ event: { date: { edtf: string }; dateClaims: ClaimSet } }>(
      `{ event(id: "event-2006-qingyuan-symposium") { date { edtf } dateClaims { ${SET} } } }`,
    );
    expect(res.errors).toBeUndefined();
    const set = res.data!.event.dateClaims;
    expect(set.claims.map((c) => c.value).sort()).toEqual(['2006-07', '2006-07-07/2006-07-08']);
    expect(set.preferred.value).toBe('2006-07-07/2006-07-08');
    expect(set.preferred.sources.map((s) => s.id)).toEqual(['src-mj-gd-2006-qingyuan']);
    expect(set.rule).toBe('more precise (DAY over MONTH)');
    const month = set.claims.find((c) => c.value === '2006-07')!;
    expect(month.preferred).toBe(false);
    expect(month.citations).toEqual([{ quote: '座谈会于2006年7月在清远市召开', source: { id: 'src-curator-note-001' } }]);
    expect(res.data!.event.date.edtf).toBe('2006-07-07/2006-07-08');
  });

  it("keeps both titles of 罗富和 with their citations and prefers the newer source's full form", async () => {
    const res = await gql<{ person: { positions: { title: string; titleClaims: ClaimSet }[] } }>(
      `{ person(id: "person-luo-fuhe") { positions { title titleClaims { ${SET} } } } }`,
    );
    const [position] = res.data!.person.positions;
    expect(position!.title).toBe('主委');
    expect(position!.titleClaims.claims.map((c) => c.value)).toEqual(['主委', '主任委员']);
    expect(position!.titleClaims.preferred.value).toBe('主任委员');
    expect(position!.titleClaims.rule).toMatch(/^newer source \(2026-11-26 over undated\)$/);
    expect(position!.titleClaims.claims[0]!.citations[0]!.quote).toContain('罗富和主委');
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
