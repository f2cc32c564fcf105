// Assisted extraction and review against the real graph: `annals propose` drafts a two-sentence
// note about a known person; a propose token submits the draft (and can write nothing else); the
// proposals stay out of every read of the graph; a write token rejects one and accepts the rest
// through the one import path, the change naming proposer and reviewer; accepting again is a no-op.
// At the end the accepted change is reverted and the proposals removed: the graph is as it was.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/tokens.js';
import { dryRunImport } from '../../src/domain/curation/import-dataset.js';
import { proposeText } from '../../src/domain/propose.js';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const PROPOSER: Principal = { kind: 'curator', curator: 'pat', role: 'propose' };
const READER: Principal = { kind: 'curator', curator: 'rita', role: 'read' };

/** The "Done means" note: 罗富和 is in the seed, 张明远 is not. */
const NOTE = '2016年1月24日，民进广东省委在广州召开全体会议，主委罗富和出席并讲话。张明远副主委主持会议，会议共收到大会发言1件。';

let initial: Awaited<ReturnType<typeof graphState>>;
let draftYaml = '';
beforeAll(async () => {
  initial = await graphState(executor, true);
});

/** A checksum of the facts only: the change log and the proposals under review left out. */
async function factsState() {
  const rows = await executor.read<{ labels: string[]; props: Record<string, unknown> }>({
    cypher: `MATCH (n) WHERE NOT (n:Change OR n:ChangeKey OR n:ChangeSeq OR n:ProposalDraft OR n:Proposal)
RETURN labels(n) AS labels, properties(n) AS props ORDER BY elementId(n)`,
    params: {},
  });
  const [rels] = await executor.read<{ n: number }>({
    cypher: 'MATCH (a)-[r]->(b) WHERE a:Entity OR a:Citation RETURN count(r) AS n',
    params: {},
  });
  return { nodes: JSON.stringify(rows), relationships: rels!.n };
}

const PROPOSE = `mutation($doc: String!) { proposeDataset(document: $doc) { id proposer sourceId sourceText itemCount
  proposals { id status section label summary note quote start end highlights { start end } } } }`;

interface ProposalJson {
  id: string;
  status: string;
  section: string;
  label: string;
  summary: string;
  note: string | null;
  quote: string | null;
  start: number | null;
  end: number | null;
  highlights: { start: number; end: number }[];
}

describe('annals propose on a note about a known person', () => {
  it('drafts the matched person, a new person, the position with its title and date, and the event, each quote in the note; the draft validates', async () => {
    const { yaml, extraction } = await proposeText(executor.reader, { text: NOTE, fileName: 'note-2016.txt', date: '2016-01-24' });
    draftYaml = yaml;
    const entries = extraction.proposals.map((p) => p.entry);
    expect(extraction.mentions.find((m) => m.text === '罗富和')!.candidates[0]).toMatchObject({
      id: 'person-luo-fuhe',
      by: 'name',
      score: 90,
    });
    expect(entries).toContainEqual(expect.objectContaining({ id: 'person-zhang-ming-yuan', type: 'Person', name: '张明远' }));
    expect(entries).toContainEqual(
      expect.objectContaining({
        type: 'HELD_POSITION',
        from: 'person-luo-fuhe',
        to: 'org-capd-guangdong',
        title: '主委',
        attestedAt: '2016-01-24',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ type: 'HELD_POSITION', from: 'person-zhang-ming-yuan', to: 'org-capd-guangdong', title: '副主委' }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ type: 'Event', kind: 'MEETING', name: '全体会议', date: '2016-01-24' }));
    for (const p of extraction.proposals) {
      expect(NOTE).toContain(p.quote);
      expect(NOTE.slice(p.start, p.end)).toBe(p.quote);
    }
    const { issues, counts } = await dryRunImport(executor, [{ text: yaml, file: 'draft.yaml', baseDir: null }]);
    expect(issues).toEqual([]);
    expect(counts!.entityCounts.created).toBeGreaterThanOrEqual(3); // the source, 张明远, the event (广州 if new)
  });

  it('works from the command line against the reachable graph, and the written draft validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'annals-propose-'));
    writeFileSync(join(dir, 'note.txt'), NOTE);
    const env = { ...process.env, ...neo4jEnv(), LOG_LEVEL: 'silent' };
    const run = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env, timeout: 120_000 });
    const made = run('propose', join(dir, 'note.txt'), '--date', '2016-01-24', '--out', join(dir, 'draft.yaml'));
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/wrote .*draft\.yaml: .*new-person.*matched against the graph/);
    const draft = readFileSync(join(dir, 'draft.yaml'), 'utf8');
    expect(draft).toMatch(/# proposed: mention \[\d+-\d+\) mention 罗富和 @\d+-\d+ → person-luo-fuhe \(name 90\)/);
    const checked = run('validate', join(dir, 'draft.yaml'));
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^valid: 1 source\(s\)/m);
    const usage = run('propose');
    expect(usage.status).toBe(2);
  }, 300_000); // three CLI processes (tsx starts, a driver connects): a bound on a shared machine, not a measurement
});

describe('review', () => {
  let draft: { id: string; itemCount: number; sourceId: string; sourceText: string; proposals: ProposalJson[] };

  it('a propose token submits the draft: proposals with quotes and offsets into the stored text, nothing in the facts', async () => {
    const before = await factsState();
    const res = await gql<{ proposeDataset: typeof draft & { proposer: string } }>(PROPOSE, { doc: draftYaml }, PROPOSER);
    expect(res.errors).toBeUndefined();
    draft = res.data!.proposeDataset;
    expect(res.data!.proposeDataset.proposer).toBe('pat');
    expect(draft.sourceText).toBe(NOTE);
    expect(draft.proposals).toHaveLength(draft.itemCount);
    for (const p of draft.proposals) {
      expect(p.status).toBe('PROPOSED');
      expect(p.note).toMatch(/^proposed: /);
      expect(draft.sourceText.slice(p.start!, p.end!)).toBe(p.quote);
      for (const h of p.highlights) expect(h.end).toBeGreaterThan(h.start);
    }
    expect(await factsState()).toEqual(before);
    // Not visible in reads of the graph: lookups, search, stats.
    const reads = await gql<{ person: unknown; search: unknown[] }>(
      '{ person(id: "person-zhang-ming-yuan") { id } search(text: "张明远") { entity { id } } }',
    );
    expect(reads.data).toEqual({ person: null, search: [] });
    const listed = await gql<{ proposals: ProposalJson[] }>(
      `{ proposals(status: PROPOSED, draft: "${draft.id}", first: 500) { id quote } }`,
      undefined,
      PROPOSER,
    );
    expect(listed.data!.proposals.map((p) => p.id)).toEqual(draft.proposals.map((p) => p.id));
  });

  it('proposals are not for anonymous readers or read tokens; a read token cannot propose', async () => {
    const anonymous = await gql('{ proposals { id } }');
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const reader = await gql(PROPOSE, { doc: draftYaml }, READER);
    expect(reader.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('a propose token writes no fact: every write mutation is FORBIDDEN and the graph unchanged', async () => {
    const before = await graphState(executor);
    const first = draft.proposals[0]!.id;
    const writes = [
      'mutation { createEntity(input: { type: PERSON, name: "某人", citations: [{ source: "src-mj-gd-2006-qingyuan", quote: "胡献副秘书长" }] }) { revision } }',
      'mutation { updateEntity(id: "person-hu-xian", input: { descriptionEn: "x" }) { changed } }',
      'mutation { deleteEntity(id: "person-hu-xian") { id } }',
      'mutation { addRelationship(input: { type: HELD_POSITION, from: "person-hu-xian", to: "org-capd", title: "x", citations: [{ source: "src-mj-gd-2006-qingyuan", quote: "胡献副秘书长" }] }) { id } }',
      'mutation { removeRelationship(id: "person-hu-xian--held-position--org-capd-guangdong") { id } }',
      'mutation { addSource(input: { id: "src-x", title: "x", text: "x" }) { revision } }',
      'mutation { addCitation(about: "person-hu-xian", citation: { source: "src-mj-gd-2006-qingyuan", quote: "胡献副秘书长" }) { id } }',
      'mutation { mergeEntities(survivor: "person-hu-xian", duplicate: "person-yao-bentang") { revision } }',
      'mutation { importDataset(document: "entities: []") { entities } }',
      'mutation { importSpreadsheet(csv: "id\\n", mapping: "type: Person") { ok } }',
      'mutation { revert(changeId: "chg-x") { id } }',
      `mutation { acceptProposals(draft: "${draft.id}") { accepted { id } } }`,
      `mutation { acceptProposal(id: "${first}") { accepted { id } } }`,
      `mutation { rejectProposal(id: "${first}", reason: "x") { id } }`,
    ];
    for (const w of writes) {
      const res = await gql(w, undefined, PROPOSER);
      expect(res.errors?.[0]?.extensions?.['code'], w).toBe('FORBIDDEN');
    }
    expect(await graphState(executor)).toEqual(before);
  });

  it('refuses a draft that does not validate, naming the issue, and stores nothing', async () => {
    const before = await graphState(executor);
    const bad = draftYaml.replace('quote: 张明远副主委主持会议', 'quote: 张明远副主委没有主持会议');
    const res = await gql(PROPOSE, { doc: bad }, PROPOSER);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/not found|does not occur|quote/);
    const noText = await gql(PROPOSE, { doc: 'entities: []' }, PROPOSER);
    expect(noText.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(await graphState(executor)).toEqual(before);
  });

  it('a write token rejects one with a reason and accepts the rest: one change by the reviewer naming the proposer', async () => {
    const organizer = draft.proposals.find((p) => p.label === 'ORGANIZED')!;
    const rejected = await asCurator<{ rejectProposal: { status: string; reason: string; reviewer: string } }>(
      'rita',
      `mutation { rejectProposal(id: "${organizer.id}", reason: "the note does not say who organized it") { status reason reviewer } }`,
    );
    expect(rejected.data!.rejectProposal).toEqual({
      status: 'REJECTED',
      reason: 'the note does not say who organized it',
      reviewer: 'rita',
    });

    const accept = `mutation { acceptProposals(draft: "${draft.id}") { accepted { id status reviewer change } alreadyAccepted { id }
      import { entityCounts { created } change { id curator proposedBy } } } }`;
    const res = await asCurator<{
      acceptProposals: {
        accepted: { id: string; status: string; reviewer: string; change: string }[];
        alreadyAccepted: unknown[];
        import: { entityCounts: { created: number }; change: { id: string; curator: string; proposedBy: string } };
      };
    }>('rita', accept);
    expect(res.errors).toBeUndefined();
    const out = res.data!.acceptProposals;
    expect(out.accepted).toHaveLength(draft.itemCount - 1);
    expect(out.import.change).toMatchObject({ curator: 'rita', proposedBy: 'pat' });
    for (const a of out.accepted) expect(a).toMatchObject({ status: 'ACCEPTED', reviewer: 'rita', change: out.import.change.id });

    const facts = await gql<{
      person: { name: string; positions: { title: string; attestedAt: { edtf: string } | null; organization: { id: string } }[] };
      luo: {
        positions: {
          title: string;
          attestedAt: { edtf: string } | null;
          attestedAtClaims: { preferred: { value: string }; claims: { value: string; sources: { id: string }[] }[] } | null;
        }[];
      };
      history: { curator: string; proposedBy: string }[];
    }>(`{ person(id: "person-zhang-ming-yuan") { name positions { title attestedAt { edtf } organization { id } } }
      luo: person(id: "person-luo-fuhe") { positions { title attestedAt { edtf }
        attestedAtClaims { preferred { value } claims { value sources { id } } } } }
      history(id: "person-zhang-ming-yuan") { curator proposedBy } }`);
    expect(facts.errors).toBeUndefined();
    expect(facts.data!.person).toMatchObject({
      name: '张明远',
      positions: [{ title: '副主委', organization: { id: 'org-capd-guangdong' } }],
    });
    // The note restates the article's position at its own date: the curated 2003 stays, the note's date is a claim.
    const chair = facts.data!.luo.positions.find((p) => p.title === '主委')!;
    expect(chair.attestedAt).toEqual({ edtf: '2003' });
    expect(chair.attestedAtClaims!.preferred.value).toBe('2003');
    expect(chair.attestedAtClaims!.claims.map((c) => c.value)).toEqual(['2003', '2016-01-24']);
    expect(chair.attestedAtClaims!.claims[1]!.sources.map((s) => s.id)).toEqual([draft.sourceId]);
    expect(facts.data!.history).toEqual([{ curator: 'rita', proposedBy: 'pat' }]);
    // The rejected organizer was not written.
    const org = await gql<{ event: { organizers: { id: string }[]; date: { edtf: string } } | null }>(
      `{ event(id: "${JSON.parse(JSON.stringify(draftYaml.match(/id: (event-2016-[a-z-]+)/)![1]))}") { date { edtf } organizers { id } } }`,
    );
    expect(org.data!.event).toEqual({ date: { edtf: '2016-01-24' }, organizers: [] });
    changeId = out.import.change.id;
  });

  it('accepting again is a no-op, and a rejected proposal cannot be accepted by name', async () => {
    const before = await graphState(executor);
    const again = await asCurator<{ acceptProposals: { accepted: unknown[]; alreadyAccepted: unknown[]; import: unknown } }>(
      'rita',
      `mutation { acceptProposals(draft: "${draft.id}") { accepted { id } alreadyAccepted { id } import { entities } } }`,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.acceptProposals).toMatchObject({ accepted: [], import: null });
    expect(again.data!.acceptProposals.alreadyAccepted).toHaveLength(draft.itemCount - 1);
    const organizer = draft.proposals.find((p) => p.label === 'ORGANIZED')!;
    const refused = await asCurator('rita', `mutation { acceptProposal(id: "${organizer.id}") { accepted { id } } }`);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const unknown = await asCurator(
      'rita',
      'mutation { acceptProposals(draft: "draft-00000000-0000-0000-0000-000000000000") { accepted { id } } }',
    );
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(await graphState(executor)).toEqual(before);
    const listed = await gql<{ proposals: { status: string }[] }>(`{ proposals(status: REJECTED) { status } }`, undefined, PROPOSER);
    expect(listed.data!.proposals).toHaveLength(1);
  });
});

let changeId = '';
describe('afterwards', () => {
  it('reverting the accepted change and removing the proposals leaves the graph as it was', async () => {
    const res = await asCurator('rita', `mutation { revert(changeId: "${changeId}") { id } }`);
    expect(res.errors).toBeUndefined();
    await executor.write({ cypher: 'MATCH (n) WHERE n:ProposalDraft OR n:Proposal DETACH DELETE n', params: {} });
    expect(await graphState(executor, true)).toEqual(initial);
  });
});
