// A new source restating what the graph holds adds its evidence and never replaces a curated value:
// a sequence of valid writes (curate, propose from a new text, accept, accept again, revert; then
// the same through importDataset from a third source), checking after each what the whole graph
// holds, not only the fields in question.
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/tokens.js';
import { connectApi } from '../helpers/api.js';

const { gql, asCurator, executor } = connectApi();
const PROPOSER: Principal = { kind: 'curator', curator: 'pat', role: 'propose' };
const P = 'test-restate';
const PERSON = `person-${P}-wang`;
const ORG = `org-${P}-society`;
const EVENT = `event-${P}-meeting`;
const POSITION = `${PERSON}--held-position--${ORG}`;

const CURATED_TEXT = '2005年,王某担任青松学会会长。青松学会于2005年3月召开年会。';
const NOTE_TEXT = '据2010年3月的记载,王某担任青松学会会长。';
const LATER_TEXT = '另据记载,2012年时王某担任青松学会会长;青松学会的年会于2005年召开。';

const curated = {
  sources: [{ id: `src-${P}-a`, title: '测试资料甲', text: CURATED_TEXT, published: '2005' }],
  entities: [
    { id: PERSON, type: 'Person', name: '王某', citations: [{ source: `src-${P}-a`, quote: '王某担任青松学会会长' }] },
    { id: ORG, type: 'Organization', name: '青松学会', citations: [{ source: `src-${P}-a`, quote: '青松学会会长' }] },
    {
      id: EVENT,
      type: 'Event',
      kind: 'MEETING',
      name: '青松学会年会',
      date: '2005-03',
      citations: [{ source: `src-${P}-a`, quote: '青松学会于2005年3月召开年会' }],
    },
  ],
  relationships: [
    {
      type: 'HELD_POSITION',
      from: PERSON,
      to: ORG,
      title: '会长',
      attestedAt: '2005',
      citations: [{ source: `src-${P}-a`, quote: '2005年,王某担任青松学会会长' }],
    },
  ],
};

/** A draft as `annals propose` writes it: the new text as its source, the position restated at the text's date. */
const draft = {
  sources: [{ id: `src-${P}-note`, title: '测试资料乙', text: NOTE_TEXT }],
  relationships: [
    {
      type: 'HELD_POSITION',
      from: PERSON,
      to: ORG,
      title: '会长',
      attestedAt: '2010-03',
      citations: [{ source: `src-${P}-note`, quote: '王某担任青松学会会长' }],
    },
  ],
};

/** Another source restating the position and the event, each at another date, imported by a curator. */
const later = {
  sources: [{ id: `src-${P}-later`, title: '测试资料丙', text: LATER_TEXT, published: '2012' }],
  entities: [
    {
      id: EVENT,
      type: 'Event',
      kind: 'MEETING',
      name: '青松学会年会',
      date: '2005',
      citations: [{ source: `src-${P}-later`, quote: '青松学会的年会于2005年召开' }],
    },
  ],
  relationships: [
    {
      type: 'HELD_POSITION',
      from: PERSON,
      to: ORG,
      title: '会长',
      attestedAt: '2012',
      citations: [{ source: `src-${P}-later`, quote: '2012年时王某担任青松学会会长' }],
    },
  ],
};

const stable = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stable).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/** Every fact of the graph, one line per node and relationship (the change log and the review queue aside). */
async function facts(): Promise<Set<string>> {
  const skip = 'n:Change OR n:ChangeKey OR n:ChangeSeq OR n:ProposalDraft OR n:Proposal';
  const nodes = await executor.read<Record<string, unknown>>({
    cypher: `MATCH (n) WHERE NOT (${skip}) RETURN labels(n) AS labels, properties(n) AS props`,
    params: {},
  });
  const rels = await executor.read<Record<string, unknown>>({
    cypher: `MATCH (a)-[r]->(b) WHERE NOT (${skip.replaceAll('n:', 'a:')}) AND NOT (${skip.replaceAll('n:', 'b:')})
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props`,
    params: {},
  });
  return new Set([...nodes, ...rels].map(stable));
}

/** What changed between two states: the lines added and removed. */
function diff(before: Set<string>, after: Set<string>): { added: string[]; removed: string[] } {
  return { added: [...after].filter((l) => !before.has(l)).sort(), removed: [...before].filter((l) => !after.has(l)).sort() };
}

const kindOf = (line: string): string => {
  const row = JSON.parse(line) as { labels?: string[]; type?: string };
  return row.labels !== undefined ? row.labels.filter((l) => l !== 'Entity').join(':') : row.type!;
};

async function changeCount(): Promise<number> {
  const [row] = await executor.read<{ n: number }>({ cypher: 'MATCH (c:Change) RETURN count(c) AS n', params: {} });
  return row!.n;
}

interface ClaimSetJson {
  preferred: { value: string };
  rule: string;
  claims: { value: string; sources: { id: string }[]; citations: { quote: string }[] }[];
}

async function position(): Promise<{
  attestedAt: { edtf: string };
  citations: { quote: string }[];
  attestedAtClaims: ClaimSetJson;
  titleClaims: { claims: { value: string }[] };
}> {
  const res = await gql<{ node: Awaited<ReturnType<typeof position>> }>(
    `{ node(id: "${POSITION}") { ... on Position { attestedAt { edtf } citations { quote }
      attestedAtClaims { preferred { value } rule claims { value sources { id } citations { quote } } } titleClaims { claims { value } } } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.node;
}

const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { change { id } } }';

async function revert(changeId: string): Promise<void> {
  const res = await asCurator('alice', 'mutation($id: ID!) { revert(changeId: $id) { id } }', { id: changeId });
  expect(res.errors).toBeUndefined();
}

describe('a new source restating a curated relationship', () => {
  let acceptedChange = '';
  let draftId = '';
  let beforeAccept = new Set<string>();

  it('curates the relationship with its date', async () => {
    const res = await asCurator<{ importDataset: { change: { id: string } } }>('alice', IMPORT, { d: JSON.stringify(curated) });
    expect(res.errors).toBeUndefined();
    expect((await position()).attestedAt).toEqual({ edtf: '2005' });
  });

  it('accepting a proposal from a new text at another date keeps the curated date, and adds the citation as a claim; nothing else changes', async () => {
    const proposed = await gql<{ proposeDataset: { id: string; proposals: { id: string }[] } }>(
      'mutation($d: String!) { proposeDataset(document: $d) { id proposals { id } } }',
      { d: JSON.stringify(draft) },
      PROPOSER,
    );
    expect(proposed.errors).toBeUndefined();
    draftId = proposed.data!.proposeDataset.id;
    const before = await facts();
    beforeAccept = before;
    const changes = await changeCount();

    const accept = `mutation { acceptProposals(draft: "${draftId}") { accepted { id change } import { relationshipCounts { created changed unchanged } change { id } } } }`;
    const res = await asCurator<{
      acceptProposals: { accepted: { change: string }[]; import: { relationshipCounts: unknown; change: { id: string } } };
    }>('rita', accept);
    expect(res.errors).toBeUndefined();
    acceptedChange = res.data!.acceptProposals.import.change.id;
    expect(res.data!.acceptProposals.import.relationshipCounts).toEqual({ created: 0, changed: 0, unchanged: 1 });
    expect(await changeCount()).toBe(changes + 1);

    const now = await position();
    expect(now.attestedAt).toEqual({ edtf: '2005' });
    // The relationship's own citations are the curated source's; the note's quote backs its claim.
    expect(now.citations.map((c) => c.quote)).toEqual(['2005年,王某担任青松学会会长']);
    expect(now.attestedAtClaims.preferred.value).toBe('2005');
    expect(now.attestedAtClaims.claims).toEqual([
      { value: '2005', sources: [{ id: `src-${P}-a` }], citations: [{ quote: '2005年,王某担任青松学会会长' }] },
      { value: '2010-03', sources: [{ id: `src-${P}-note` }], citations: [{ quote: '王某担任青松学会会长' }] },
    ]);
    expect(now.titleClaims.claims).toEqual([{ value: '会长' }]);

    // The whole graph: nothing removed or altered; added only the note, the claim and its citation.
    const { added, removed } = diff(before, await facts());
    expect(removed).toEqual([]);
    expect(added.map(kindOf).sort()).toEqual(['Citation', 'Claim', 'IN_SOURCE', 'Source']);
  });

  it('accepting again changes nothing and records no change', async () => {
    const before = await facts();
    const changes = await changeCount();
    const res = await asCurator<{ acceptProposals: { accepted: unknown[]; import: unknown } }>(
      'rita',
      `mutation { acceptProposals(draft: "${draftId}") { accepted { id } import { entities } } }`,
    );
    expect(res.data!.acceptProposals).toEqual({ accepted: [], import: null });
    expect(await changeCount()).toBe(changes);
    expect(diff(before, await facts())).toEqual({ added: [], removed: [] });
  });

  it('reverting the accept restores the exact prior state', async () => {
    const accepted = await facts();
    await revert(acceptedChange);
    const { added, removed } = diff(accepted, await facts());
    expect(added).toEqual([]);
    expect(removed.map(kindOf).sort()).toEqual(['Citation', 'Claim', 'IN_SOURCE', 'Source']);
    expect(diff(beforeAccept, await facts())).toEqual({ added: [], removed: [] });
    const now = await position();
    expect(now.attestedAt).toEqual({ edtf: '2005' });
    expect(now.attestedAtClaims.claims.map((c) => c.value)).toEqual(['2005']);
  });

  it('re-importing a dataset from another source keeps the curated dates (relationship and event), adds claims; again: no change; revert: as before', async () => {
    const before = await facts();
    const changes = await changeCount();
    const res = await asCurator<{ importDataset: { change: { id: string } } }>('alice', IMPORT, { d: JSON.stringify(later) });
    expect(res.errors).toBeUndefined();
    const changeId = res.data!.importDataset.change.id;

    const now = await position();
    expect(now.attestedAt).toEqual({ edtf: '2005' });
    expect(now.attestedAtClaims.claims.map((c) => [c.value, c.sources.map((s) => s.id)])).toEqual([
      ['2005', [`src-${P}-a`]],
      ['2012', [`src-${P}-later`]],
    ]);
    const event = await gql<{ event: { date: { edtf: string }; citations: { quote: string }[]; dateClaims: ClaimSetJson } }>(
      `{ event(id: "${EVENT}") { date { edtf } citations { quote } dateClaims { preferred { value } rule claims { value sources { id } citations { quote } } } } }`,
    );
    expect(event.data!.event.date).toEqual({ edtf: '2005-03' });
    expect(event.data!.event.citations.map((c) => c.quote)).toEqual(['青松学会于2005年3月召开年会']);
    expect(event.data!.event.dateClaims.preferred.value).toBe('2005-03');
    expect(event.data!.event.dateClaims.claims.map((c) => [c.value, c.sources.map((s) => s.id)])).toEqual([
      ['2005-03', [`src-${P}-a`]],
      ['2005', [`src-${P}-later`]],
    ]);
    const { added, removed } = diff(before, await facts());
    expect(removed).toEqual([]);
    expect(added.map(kindOf).sort()).toEqual(['Citation', 'Citation', 'Claim', 'Claim', 'IN_SOURCE', 'IN_SOURCE', 'Source']);

    const after = await facts();
    const again = await asCurator<{ importDataset: { change: null } }>('alice', IMPORT, { d: JSON.stringify(later) });
    expect(again.data!.importDataset.change).toBeNull();
    expect(await changeCount()).toBe(changes + 1);
    expect(diff(after, await facts())).toEqual({ added: [], removed: [] });

    await revert(changeId);
    expect(diff(before, await facts())).toEqual({ added: [], removed: [] });
  });

  it('the same source restating its own relationship corrects the value (a curator fixing a date)', async () => {
    const fix = {
      relationships: [{ ...curated.relationships[0]!, attestedAt: '2005-06' }],
    };
    const res = await asCurator<{ importDataset: { change: { id: string } } }>('alice', IMPORT, { d: JSON.stringify(fix) });
    expect(res.errors).toBeUndefined();
    expect((await position()).attestedAt).toEqual({ edtf: '2005-06' });
    await revert(res.data!.importDataset.change.id);
    expect((await position()).attestedAt).toEqual({ edtf: '2005' });
  });

  afterAll(async () => {
    // Test data only: the ids of this file, the claims about them and every citation of either.
    const prefixes = [`person-${P}`, `org-${P}`, `event-${P}`, `src-${P}`];
    await executor.write({
      cypher: `MATCH (c:Claim) WHERE any(p IN $prefixes WHERE c.about STARTS WITH p)
OPTIONAL MATCH (ct:Citation {about: c.id})
DETACH DELETE ct, c`,
      params: { prefixes },
    });
    await executor.write({
      cypher: 'MATCH (n) WHERE any(p IN $prefixes WHERE n.id STARTS WITH p OR n.about STARTS WITH p) DETACH DELETE n',
      params: { prefixes },
    });
    // The draft and its proposal, which later files do not expect in the review queue.
    await executor.write({
      cypher: 'MATCH (n) WHERE (n:ProposalDraft AND n.id = $d) OR (n:Proposal AND n.draft = $d) DETACH DELETE n',
      params: { d: draftId },
    });
  });
});
