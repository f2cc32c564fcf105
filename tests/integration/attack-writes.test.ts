// Adversarial review of "nothing curated is lost by a valid write" (README): each test is a
// sequence of valid writes followed by a check that the claimed property holds. Tests marked "Was a
// FINDING" reproduced a defect the review found (each failed before its fix); the others prove a
// protection holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

/** Every data node and relationship as one line each (change log left out), to diff two states. */
async function dataLines(): Promise<string[]> {
  const nodes = await executor.read({
    cypher: 'MATCH (n) WHERE NOT (n:Change OR n:ChangeKey OR n:ChangeSeq) RETURN labels(n) AS l, properties(n) AS p',
    params: {},
  });
  const rels = await executor.read({
    cypher:
      'MATCH (a)-[r]->(b) WHERE NOT (a:Change OR a:ChangeKey OR a:ChangeSeq) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p',
    params: {},
  });
  const line = (x: unknown) =>
    JSON.stringify(x, (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort()) : v,
    );
  return [...nodes.map(line), ...rels.map(line)].sort();
}
/** What differs between two states: lines only before (lost) and only after (gained). */
function diffLines(before: string[], after: string[]): { lost: string[]; gained: string[] } {
  const a = new Set(after);
  const b = new Set(before);
  return { lost: before.filter((x) => !a.has(x)), gained: after.filter((x) => !b.has(x)) };
}
const NO_DIFF = { lost: [], gained: [] };

const { asCurator, executor } = connectApi();
const P = 'test-atk';
const SRC = `${P}-src`;
const TEXT =
  '测试来源正文。张三任秘书长。李四任副秘书长。王五任主任委员。会议于2006年在清远召开。成果一:机关建设。成果二:队伍建设。备注甲。备注乙。';
const cite = (quote: string) => [{ source: SRC, quote }];

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n', params: { p: P } });
  await executor.write({ cypher: 'MATCH (r:Redirect) WHERE r.id STARTS WITH $p DELETE r', params: { p: P } });
});

type Res = {
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown> }[] | undefined;
};
const must = async (p: Promise<Res>): Promise<Record<string, unknown>> => {
  const r = await p;
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};
const IMPORT =
  'mutation($d: String!, $k: String) { importDataset(document: $d, idempotencyKey: $k) { change { id } entityCounts { created changed unchanged } relationshipCounts { created changed unchanged } } }';
const importDoc = async (doc: unknown, curator = 'alice', key?: string) => {
  const data = await must(asCurator(curator, IMPORT, { d: JSON.stringify(doc), k: key ?? null }));
  return (data['importDataset'] as { change: { id: string } | null }).change?.id ?? null;
};
const revert = async (changeId: string) => must(asCurator('alice', `mutation { revert(changeId: "${changeId}") { id } }`));
const read = (cypher: string, params: Record<string, unknown> = {}) => executor.read({ cypher, params });

/** Everything in the data graph outside one set of ids (by prefix): the "nothing else changed" check. */
async function everythingOutside(prefix: string): Promise<string> {
  const rows = await read(
    `MATCH (n) WHERE NOT (n:Change OR n:ChangeKey OR n:ChangeSeq) AND NOT coalesce(n.id, '') STARTS WITH $p AND NOT coalesce(n.about, '') STARTS WITH $p
OPTIONAL MATCH (n)-[r]->(m) WHERE NOT coalesce(m.id, '') STARTS WITH $p
// In a stable order: a node's relationships come back in storage order, which updates may change.
WITH n, r, m ORDER BY type(r), m.id, r.id
WITH n, collect([type(r), properties(r), m.id]) AS out
RETURN labels(n) AS labels, properties(n) AS props, out ORDER BY n.id, props.about, props.id`,
    { p: prefix },
  );
  return JSON.stringify(rows);
}

/** Citations about an id that still reach their source (what the API can show). */
async function visibleCitations(about: string): Promise<string[]> {
  const rows = await read('MATCH (c:Citation {about: $about})-[:IN_SOURCE]->(:Source) RETURN c.quote AS q ORDER BY q', { about });
  return rows.map((r) => r['q'] as string);
}

const source = (id = SRC, text = TEXT, title = '测试来源') => ({ id, title, text });
const person = (id: string, name: string, quote = '张三任秘书长') => ({ id, type: 'Person', name, citations: cite(quote) });
const org = (id: string) => ({ id, type: 'Organization', name: '测试机关', citations: cite('测试来源正文') });
const event = (id: string) => ({ id, type: 'Event', name: '测试会议', date: '2006', citations: cite('会议于2006年在清远召开') });

beforeAll(async () => {
  await importDoc({ sources: [source()] });
});

describe('findings of an event (RECORDED links)', () => {
  // Was a FINDING, fixed: applyStates removes and recreates an entity (removeEntities does DETACH DELETE n), and an
  // entity snapshot only keeps relationships to :Entity nodes; the (Event)-[:RECORDED]->(Finding) link
  // is not one of them, so any update of an event silently detaches every finding it recorded.
  it('updateEntity of an event keeps its findings', async () => {
    const p = `${P}-f1`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
    });
    const links = () => read('MATCH (:Event {id: $e})-[:RECORDED]->(f:Finding) RETURN f.id AS id', { e: `${p}-ev` });
    expect(await links()).toHaveLength(1);
    await must(asCurator('alice', `mutation { updateEntity(id: "${p}-ev", input: { descriptionEn: "a test meeting" }) { changed } }`));
    expect(await links()).toHaveLength(1);
  });

  // Was a FINDING, fixed: same root cause; deleteEntity then revert brings the event back but not its findings' links.
  it('deleteEntity of an event and its revert restore the findings link', async () => {
    const p = `${P}-f2`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
    });
    const before = await dataLines();
    const del = (await must(asCurator('alice', `mutation { deleteEntity(id: "${p}-ev") { id } }`)))['deleteEntity'] as { id: string };
    await revert(del.id);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });
  // Was a FINDING, fixed: same root cause through addCitation: adding one citation to an event detaches its findings.
  it('addCitation about an event keeps its findings', async () => {
    const p = `${P}-f3`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
    });
    const before = await dataLines();
    await must(asCurator('alice', `mutation { addCitation(about: "${p}-ev", citation: { source: "${SRC}", quote: "备注乙" }) { id } }`));
    expect(diffLines(before, await dataLines()).lost.filter((l) => l.includes('RECORDED'))).toEqual([]);
  });

  // Was a FINDING: merging two events detached the findings of both. Now the survivor is updated in
  // place (its findings stay), and a duplicate that findings name is not merged (CONFLICT, nothing
  // written) until they are re-pointed: a merge could not move them and a revert bring them back.
  it('merging two events never strands a finding: refused while the duplicate has findings, nothing written', async () => {
    const p = `${P}-f4`;
    await importDoc({
      entities: [event(`${p}-a`), event(`${p}-b`)],
      findings: [
        { id: `${p}-fa`, event: `${p}-a`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
        { id: `${p}-fb`, event: `${p}-b`, kind: 'ACHIEVEMENT', order: 2, text: '队伍建设', citations: cite('成果二:队伍建设') },
      ],
    });
    const before = await dataLines();
    const refused = await asCurator('alice', `mutation { mergeEntities(survivor: "${p}-a", duplicate: "${p}-b") { revision } }`);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain(`${p}-fb`);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });
  // Was a FINDING, fixed: restating a finding with another `event` updates f.event but upsertFindings only MERGEs
  // a new RECORDED link: the old event keeps recording it, so the finding shows under two events.
  it('restating a finding with another event moves it, not copies it', async () => {
    const p = `${P}-f5`;
    await importDoc({
      entities: [event(`${p}-a`), event(`${p}-b`)],
      findings: [{ id: `${p}-f`, event: `${p}-a`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') }],
    });
    await importDoc({
      findings: [{ id: `${p}-f`, event: `${p}-b`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') }],
    });
    const rows = await read('MATCH (e:Event)-[:RECORDED]->(:Finding {id: $f}) RETURN e.id AS id ORDER BY id', { f: `${p}-f` });
    expect(rows.map((r) => r['id'])).toEqual([`${p}-b`]);
  });
});

describe('sources: a quoted source keeps its citations', () => {
  // Was a FINDING, fixed: revert of ADD_SOURCE checks only the source's own snapshot (which holds no incoming
  // citations), then removeEntities DETACH DELETEs the source node: every citation of other entities
  // that quotes it loses its IN_SOURCE link and vanishes from the API. deleteEntity refuses exactly
  // this ("Source is quoted by N citation(s)"), revert does not.
  it('revert of addSource after an entity quoted it is refused (or keeps the citation)', async () => {
    const p = `${P}-s1`;
    const add = (
      await must(
        asCurator('alice', 'mutation($i: SourceInput!) { addSource(input: $i) { change { id } } }', {
          i: { id: `${p}-src`, title: '第二来源', text: '第二来源正文。赵六任秘书长。' },
        }),
      )
    )['addSource'] as { change: { id: string } };
    await must(
      asCurator('alice', 'mutation($i: EntityInput!) { createEntity(input: $i) { revision } }', {
        i: { id: `${p}-zhao`, type: 'PERSON', name: '赵六', citations: [{ source: `${p}-src`, quote: '赵六任秘书长' }] },
      }),
    );
    expect(await visibleCitations(`${p}-zhao`)).toEqual(['赵六任秘书长']);
    const res = await asCurator('alice', `mutation { revert(changeId: "${add.change.id}") { id } }`);
    if (res.errors === undefined) {
      // The revert went through: the person must still have a citation reaching a source.
      expect(await visibleCitations(`${p}-zhao`)).toEqual(['赵六任秘书长']);
    } else {
      expect(res.errors[0]!.extensions?.['code']).toBe('CONFLICT');
    }
  });

  // Was a FINDING, fixed: a restating import may change a quoted source's title (the text stays the same, so the
  // diff allows it); reverting that import removes and recreates the Source node through
  // applyStates, which DETACH DELETEs it: every citation quoting the source, anywhere in the graph,
  // loses its IN_SOURCE link (and every MENTIONS from it is gone).
  it('reverting an import that retitled a quoted source keeps every citation of that source', async () => {
    const p = `${P}-s2`;
    await importDoc({
      sources: [{ id: `${p}-src`, title: '第三来源', text: '第三来源正文。孙七任秘书长。' }],
      entities: [{ id: `${p}-sun`, type: 'Person', name: '孙七', citations: [{ source: `${p}-src`, quote: '孙七任秘书长' }] }],
    });
    const before = await dataLines();
    const chg = await importDoc({ sources: [{ id: `${p}-src`, title: '第三来源(改题)' }] });
    expect(chg).not.toBeNull();
    await revert(chg!);
    expect(await visibleCitations(`${p}-sun`)).toEqual(['孙七任秘书长']);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });

  // Was a FINDING, fixed: addCitation about a Source (sources are entities) goes through applyStates, which
  // DETACH DELETEs and recreates the Source node: every citation anywhere that quotes that source
  // loses its IN_SOURCE link. One valid addCitation empties a source of all its citations.
  it('addCitation about a quoted source keeps every citation that quotes it', async () => {
    const p = `${P}-s4`;
    await importDoc({
      sources: [{ id: `${p}-src`, title: '第五来源', text: '第五来源正文。吴九任秘书长。' }],
      entities: [{ id: `${p}-wu`, type: 'Person', name: '吴九', citations: [{ source: `${p}-src`, quote: '吴九任秘书长' }] }],
    });
    const res = await asCurator(
      'alice',
      `mutation { addCitation(about: "${p}-src", citation: { source: "${SRC}", quote: "备注甲" }) { id } }`,
    );
    if (res.errors === undefined) expect(await visibleCitations(`${p}-wu`)).toEqual(['吴九任秘书长']);
  });

  it('restating a quoted source with the same text and another title keeps its text and citations', async () => {
    const p = `${P}-s3`;
    await importDoc({
      sources: [{ id: `${p}-src`, title: '第四来源', text: '第四来源正文。周八任秘书长。' }],
      entities: [{ id: `${p}-zhou`, type: 'Person', name: '周八', citations: [{ source: `${p}-src`, quote: '周八任秘书长' }] }],
    });
    await importDoc({ sources: [{ id: `${p}-src`, title: '第四来源(改题)', text: '第四来源正文。周八任秘书长。' }] });
    const [row] = await read('MATCH (s:Source {id: $id}) RETURN s.text AS text, s.title AS title', { id: `${p}-src` });
    expect(row).toMatchObject({ text: '第四来源正文。周八任秘书长。', title: '第四来源(改题)' });
    expect(await visibleCitations(`${p}-zhou`)).toEqual(['周八任秘书长']);
    const refused = await asCurator('mallory', IMPORT, {
      d: JSON.stringify({ sources: [{ id: `${p}-src`, title: 'x', text: '另一段正文。周八任秘书长。' }] }),
      k: null,
    });
    expect(refused.errors?.[0]?.message).toContain('cannot change');
  });
});

describe('merges', () => {
  // Was a FINDING, fixed: mergeSnapshots re-keys the duplicate's relationships to the survivor's ends; when the
  // survivor already has a relationship of that type to the same entity (same derived id, or the
  // same explicit suffix), the two collapse and only the survivor's properties are kept: the
  // duplicate's title/period are dropped, and its citations now "support" the survivor's title.
  it('merging two people who both held a position in one organization keeps both titles', async () => {
    const p = `${P}-m1`;
    await importDoc({
      entities: [person(`${p}-zhang`, '张三'), person(`${p}-zhang2`, '张三丰', '张三任秘书长'), org(`${p}-org`)],
      relationships: [
        { type: 'HELD_POSITION', from: `${p}-zhang`, to: `${p}-org`, title: '秘书长', period: '2005', citations: cite('张三任秘书长') },
        {
          type: 'HELD_POSITION',
          from: `${p}-zhang2`,
          to: `${p}-org`,
          title: '副秘书长',
          period: '2003',
          citations: cite('李四任副秘书长'),
        },
      ],
    });
    await must(asCurator('alice', `mutation { mergeEntities(survivor: "${p}-zhang", duplicate: "${p}-zhang2") { revision } }`));
    const titles = await read(
      'MATCH (:Person {id: $id})-[r:HELD_POSITION]->(:Organization {id: $org}) RETURN r.title AS t, r.periodEdtf AS p ORDER BY t',
      { id: `${p}-zhang`, org: `${p}-org` },
    );
    expect(titles.map((r) => r['t'])).toEqual(['副秘书长', '秘书长']);
  });

  // Was a FINDING, fixed: the same with explicit suffix ids (--2 on both sides).
  it('merging two people whose suffixed positions re-key to one id keeps both', async () => {
    const p = `${P}-m2`;
    await importDoc({
      entities: [person(`${p}-a`, '张三'), person(`${p}-b`, '张三丰'), org(`${p}-org`)],
      relationships: [
        {
          id: `${p}-a--held-position--${p}-org--2`,
          type: 'HELD_POSITION',
          from: `${p}-a`,
          to: `${p}-org`,
          title: '秘书长',
          citations: cite('张三任秘书长'),
        },
        {
          id: `${p}-b--held-position--${p}-org--2`,
          type: 'HELD_POSITION',
          from: `${p}-b`,
          to: `${p}-org`,
          title: '主任委员',
          citations: cite('王五任主任委员'),
        },
      ],
    });
    await must(asCurator('alice', `mutation { mergeEntities(survivor: "${p}-a", duplicate: "${p}-b") { revision } }`));
    const titles = await read('MATCH (:Person {id: $id})-[r:HELD_POSITION]->() RETURN r.title AS t ORDER BY t', { id: `${p}-a` });
    expect(titles.map((r) => r['t'])).toEqual(['主任委员', '秘书长']);
  });

  // Was a FINDING: the merge re-keyed the relationship but not the claim about it. Now a merge whose
  // duplicate (or one of its relationships) is what claims are about is refused, nothing written.
  it('a claim about a relationship that a merge would re-key is never orphaned: the merge is refused', async () => {
    const p = `${P}-m3`;
    const relId = `${p}-b--held-position--${p}-org`;
    await importDoc({
      entities: [person(`${p}-a`, '张三'), person(`${p}-b`, '张三丰'), org(`${p}-org`)],
      relationships: [{ type: 'HELD_POSITION', from: `${p}-b`, to: `${p}-org`, title: '秘书长', citations: cite('张三任秘书长') }],
      claims: [{ id: `${p}-claim`, about: relId, property: 'title', value: '主任委员', citations: cite('王五任主任委员') }],
    });
    const before = await dataLines();
    const refused = await asCurator('alice', `mutation { mergeEntities(survivor: "${p}-a", duplicate: "${p}-b") { revision } }`);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain(`${p}-claim refers to ${relId}`);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
    const target = await read('MATCH ()-[r:HELD_POSITION {id: $about}]->() RETURN r.id AS id', { about: relId });
    expect(target).toHaveLength(1);
  });

  // Was a FINDING, fixed: the first revert is exact, but the revert of that revert (redoing the merge) does not
  // bring back the Redirect from the duplicate's id: the Redirect is not part of any snapshot, so
  // after undo/redo the old id no longer resolves to the survivor.
  it('revert of a merge restores both entities, their relationships and citations exactly; and revert of that revert redoes it', async () => {
    const p = `${P}-m4`;
    await importDoc({
      entities: [person(`${p}-a`, '张三'), person(`${p}-b`, '张三丰', '李四任副秘书长'), org(`${p}-org`)],
      relationships: [{ type: 'HELD_POSITION', from: `${p}-b`, to: `${p}-org`, title: '副秘书长', citations: cite('李四任副秘书长') }],
    });
    const before = await dataLines();
    const merge = (await must(asCurator('alice', `mutation { mergeEntities(survivor: "${p}-a", duplicate: "${p}-b") { change { id } } }`)))[
      'mergeEntities'
    ] as { change: { id: string } };
    const merged = await dataLines();
    const rev = (await revert(merge.change.id))['revert'] as { id: string };
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
    await revert(rev.id);
    expect(diffLines(merged, await dataLines())).toEqual(NO_DIFF);
  });
});

describe('revert of imports', () => {
  // Was a FINDING: revert restored the import's entities and relationships but not its findings and
  // claims (half a revert). Now an import that changes findings or claims keeps no before-state: its
  // revert is refused (CONFLICT, nothing written) rather than done by half.
  it('revert of an import that created an event with a finding and a claim is refused, never half done', async () => {
    const p = `${P}-r1`;
    const before = await dataLines();
    const chg = await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
      claims: [{ id: `${p}-claim`, about: `${p}-ev`, property: 'date', value: '2006~', citations: cite('备注甲') }],
    });
    const imported = await dataLines();
    expect(diffLines(before, imported).gained.length).toBeGreaterThan(0);
    const refused = await asCurator('alice', `mutation { revert(changeId: "${chg!}") { id } }`);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    // Refused for the finding (revert restores claims now, findings not).
    expect(refused.errors?.[0]?.message).toContain('it changed findings');
    expect(diffLines(imported, await dataLines())).toEqual(NO_DIFF);
  });

  // Was a FINDING, same root cause: an import that only restates a finding's text.
  it('revert of an import that changed a finding text is refused, and the text stays as imported', async () => {
    const p = `${P}-r2`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
    });
    const before = await dataLines();
    const chg = await importDoc({
      findings: [
        { id: `${p}-finding`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '改写后的成果', citations: cite('成果一:机关建设') },
      ],
    });
    expect(chg).not.toBeNull();
    const imported = await dataLines();
    expect(diffLines(before, imported).gained.some((l) => l.includes('改写后的成果'))).toBe(true);
    const refused = await asCurator('alice', `mutation { revert(changeId: "${chg!}") { id } }`);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(diffLines(imported, await dataLines())).toEqual(NO_DIFF);
  });

  it('revert of an import that created entities and relationships removes exactly them', async () => {
    const p = `${P}-r3`;
    const before = await dataLines();
    const chg = await importDoc({
      entities: [person(`${p}-a`, '张三'), org(`${p}-org`)],
      relationships: [{ type: 'HELD_POSITION', from: `${p}-a`, to: `${p}-org`, title: '秘书长', citations: cite('张三任秘书长') }],
    });
    await revert(chg!);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });

  it('revert of an import that restated a seeded entity restores it exactly, and touches nothing else', async () => {
    const before = await dataLines();
    const [luo] = await read("MATCH (n:Person {id: 'person-luo-fuhe'}) RETURN n.name AS name");
    const chg = await importDoc({
      entities: [{ id: 'person-luo-fuhe', type: 'Person', name: luo!['name'], descriptionEn: 'attack test' }],
    });
    expect(chg).not.toBeNull();
    await revert(chg!);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });
});

describe('one id names one thing: claims and findings', () => {
  // Holds: a claim cannot take the id of an entity already in the graph (refused, naming the id).
  it('a claim cannot take the id of an entity', async () => {
    const p = `${P}-i1`;
    await importDoc({ entities: [event(`${p}-ev`), person(`${p}-x`, '张三')] });
    const res = await asCurator('alice', IMPORT, {
      d: JSON.stringify({ claims: [{ id: `${p}-x`, about: `${p}-ev`, property: 'date', value: '2006-07', citations: cite('备注乙') }] }),
      k: null,
    });
    if (res.errors === undefined) {
      // Accepted: then the person must not have gained the claim's citation.
      expect(await visibleCitations(`${p}-x`)).toEqual(['张三任秘书长']);
    } else {
      expect(res.errors[0]!.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(res.errors[0]!.message).toContain(`${p}-x`);
    }
  });

  // Was a FINDING, fixed: Checker.collectIds registers sources, entities and findings, not claims: in one dataset a
  // finding and a claim may share an id; both are created and, citations being keyed on `about`
  // alone, each shows the other's citations (and readStored's byId lets one shadow the other).
  it('a dataset cannot give a finding and a claim the same id', async () => {
    const p = `${P}-i2`;
    const res = await asCurator('alice', IMPORT, {
      d: JSON.stringify({
        entities: [event(`${p}-ev`)],
        findings: [
          { id: `${p}-same`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
        ],
        claims: [{ id: `${p}-same`, about: `${p}-ev`, property: 'date', value: '2006-07', citations: cite('备注甲') }],
      }),
      k: null,
    });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  // Holds: across imports, a claim cannot take the id of a finding already in the graph (refused, or
  // at least the finding's citations stay its own).
  it('a claim cannot take the id of a finding already in the graph', async () => {
    const p = `${P}-i5`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      findings: [
        { id: `${p}-same`, event: `${p}-ev`, kind: 'ACHIEVEMENT', order: 1, text: '机关建设', citations: cite('成果一:机关建设') },
      ],
    });
    const res = await asCurator('alice', IMPORT, {
      d: JSON.stringify({ claims: [{ id: `${p}-same`, about: `${p}-ev`, property: 'date', value: '2006-07', citations: cite('备注甲') }] }),
      k: null,
    });
    if (res.errors === undefined) expect(await visibleCitations(`${p}-same`)).toEqual(['成果一:机关建设']);
  });

  it('an entity id and a relationship id cannot be confused; entity ids refuse "--"; one id in two sections is refused', async () => {
    const p = `${P}-i3`;
    const bad = await asCurator('alice', IMPORT, { d: JSON.stringify({ entities: [person(`${p}--x`, '张三')] }), k: null });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const two = await asCurator('alice', IMPORT, {
      d: JSON.stringify({ sources: [source(`${p}-dup`)], entities: [person(`${p}-dup`, '张三')] }),
      k: null,
    });
    expect(two.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const claimBad = await asCurator('alice', IMPORT, {
      d: JSON.stringify({
        entities: [event(`${p}-ev`)],
        claims: [{ id: `${p}--c`, about: `${p}-ev`, property: 'date', value: '2006', citations: cite('备注甲') }],
      }),
      k: null,
    });
    expect(claimBad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('addCitation about a finding or claim id is refused without writing', async () => {
    const before = await dataLines();
    for (const about of ['finding-2006-achievement-1', 'claim-symposium-date-curator-note']) {
      const res = await asCurator(
        'alice',
        `mutation { addCitation(about: "${about}", citation: { source: "${SRC}", quote: "备注甲" }) { id } }`,
      );
      expect(res.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    }
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });

  it('deleteEntity of an event that claims are about, and its revert, leave the claims and their citations', async () => {
    const p = `${P}-i4`;
    await importDoc({
      entities: [event(`${p}-ev`)],
      claims: [{ id: `${p}-claim`, about: `${p}-ev`, property: 'date', value: '2006~', citations: cite('备注甲') }],
    });
    const before = await dataLines();
    const del = (await must(asCurator('alice', `mutation { deleteEntity(id: "${p}-ev") { id } }`)))['deleteEntity'] as { id: string };
    expect(await visibleCitations(`${p}-claim`)).toEqual(['备注甲']);
    await revert(del.id);
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
  });
});

describe('updates and restating imports keep what they do not mention', () => {
  it('updateEntity changing the name gives new pinyin and keeps other names and fields', async () => {
    const p = `${P}-u1`;
    await importDoc({
      entities: [{ ...person(`${p}-a`, '张三'), names: [{ value: 'Zhang San', lang: 'en', kind: 'PRIMARY' }], descriptionEn: 'desc' }],
    });
    await must(asCurator('alice', `mutation { updateEntity(id: "${p}-a", input: { name: "李四" }) { changed } }`));
    const [row] = await read('MATCH (n:Person {id: $id}) RETURN n.pinyinText AS py, n.nameValues AS names, n.descriptionEn AS d', {
      id: `${p}-a`,
    });
    expect(String(row!['py'])).toContain('li');
    expect(String(row!['py'])).not.toContain('zhang');
    expect(row!['names']).toContain('Zhang San');
    expect(row!['d']).toBe('desc');
  });

  it('restating a relationship with title: null keeps everything else (a required title refuses)', async () => {
    const p = `${P}-u2`;
    await importDoc({
      entities: [person(`${p}-a`, '张三'), org(`${p}-org`)],
      relationships: [
        {
          type: 'HELD_POSITION',
          from: `${p}-a`,
          to: `${p}-org`,
          title: '秘书长',
          titleEn: 'Secretary-General',
          period: '2005',
          citations: cite('张三任秘书长'),
        },
      ],
    });
    const before = await dataLines();
    const res = await asCurator('alice', IMPORT, {
      d: JSON.stringify({ relationships: [{ type: 'HELD_POSITION', from: `${p}-a`, to: `${p}-org`, title: null }] }),
      k: null,
    });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(diffLines(before, await dataLines())).toEqual(NO_DIFF);
    await importDoc({
      relationships: [{ type: 'HELD_POSITION', from: `${p}-a`, to: `${p}-org`, titleEn: null, citations: cite('李四任副秘书长') }],
    });
    const [r] = await read('MATCH ()-[r:HELD_POSITION {id: $id}]->() RETURN properties(r) AS props', {
      id: `${p}-a--held-position--${p}-org`,
    });
    expect(r!['props']).toMatchObject({ title: '秘书长', periodEdtf: '2005' });
    expect((r!['props'] as Record<string, unknown>)['titleEn']).toBeUndefined();
    expect(await visibleCitations(`${p}-a--held-position--${p}-org`)).toEqual(['张三任秘书长', '李四任副秘书长']);
  });

  it('a restating import of an entity with only new citations keeps the old ones (citations add up)', async () => {
    const p = `${P}-u3`;
    await importDoc({ entities: [person(`${p}-a`, '张三')] });
    await importDoc({ entities: [{ id: `${p}-a`, type: 'Person', citations: cite('备注甲') }] });
    expect(await visibleCitations(`${p}-a`)).toEqual(['备注甲', '张三任秘书长']);
  });
});

describe('no-op writes and idempotency keys', () => {
  it('updateEntity with the same values, repeated addCitation, and a re-import record nothing', async () => {
    const p = `${P}-n1`;
    const doc = { entities: [person(`${p}-a`, '张三')] };
    await importDoc(doc);
    const before = await graphState(executor);
    expect(await importDoc(doc)).toBeNull();
    const upd = await must(asCurator('alice', `mutation { updateEntity(id: "${p}-a", input: { name: "张三" }) { changed revision } }`));
    expect(upd['updateEntity']).toEqual({ changed: false, revision: 1 });
    const again = await must(
      asCurator('alice', `mutation { addCitation(about: "${p}-a", citation: { source: "${SRC}", quote: "张三任秘书长" }) { id } }`),
    );
    expect(again['addCitation']).toBeNull();
    expect(await graphState(executor)).toEqual(before);
  });

  it('concurrent identical writes with one key write once; keys are per curator; other args conflict', async () => {
    const p = `${P}-k1`;
    const CREATE = 'mutation($i: EntityInput!, $k: String) { createEntity(input: $i, idempotencyKey: $k) { change { id } } }';
    const input = { id: `${p}-a`, type: 'PERSON', name: '张三', citations: cite('张三任秘书长') };
    const results = await Promise.all([1, 2, 3, 4].map(() => asCurator('alice', CREATE, { i: input, k: `${p}-key` })));
    const ids = results.map((r) => (r.data?.['createEntity'] as { change: { id: string } } | undefined)?.change.id);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(ids).size).toBe(1);
    const other = await asCurator('alice', CREATE, { i: { ...input, id: `${p}-b` }, k: `${p}-key` });
    expect(other.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    const bob = await asCurator('bob', CREATE, { i: { ...input, id: `${p}-c` }, k: `${p}-key` });
    expect(bob.errors).toBeUndefined();
    // Weird keys: the maximum, unicode, and one that is over the limit or has control characters.
    const weird = ['k'.repeat(200), '键🔑 with spaces', "'; MATCH (n) DETACH DELETE n //"];
    for (const [n, k] of weird.entries()) {
      expect((await asCurator('alice', CREATE, { i: { ...input, id: `${p}-w${n}` }, k })).errors).toBeUndefined();
      expect((await asCurator('alice', CREATE, { i: { ...input, id: `${p}-w${n}` }, k })).errors).toBeUndefined();
    }
    for (const k of ['k'.repeat(201), 'a\u0000b', '']) {
      expect((await asCurator('alice', CREATE, { i: { ...input, id: `${p}-z` }, k })).errors?.[0]?.extensions?.['code']).toBe(
        'BAD_USER_INPUT',
      );
    }
    expect(await read('MATCH (n:Person) WHERE n.id STARTS WITH $p RETURN n.id AS id ORDER BY id', { p })).toHaveLength(5);
  });

  // Known and kept (see the README): a key is bound to the first write that changed something. A
  // write that changed nothing leaves no trace at all, not even its key, so a later write with the
  // same key goes through once and then binds it.
  it('a key first used by a write that changed nothing binds to the first write that changes something', async () => {
    const p = `${P}-k3`;
    await importDoc({ entities: [person(`${p}-a`, '张三')] });
    const noop = await must(
      asCurator('alice', `mutation { updateEntity(id: "${p}-a", input: { name: "张三" }, idempotencyKey: "${p}-key") { changed } }`),
    );
    expect(noop['updateEntity']).toEqual({ changed: false });
    const other = await asCurator(
      'alice',
      `mutation { updateEntity(id: "${p}-a", input: { descriptionEn: "other" }, idempotencyKey: "${p}-key") { changed } }`,
    );
    expect(other.data).toEqual({ updateEntity: { changed: true } });
    const third = await asCurator(
      'alice',
      `mutation { updateEntity(id: "${p}-a", input: { descriptionEn: "third" }, idempotencyKey: "${p}-key") { changed } }`,
    );
    expect(third.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
  });

  it('a key that replays an import does not write again, and everything outside the test ids is unchanged', async () => {
    const p = `${P}-k2`;
    const outside = await everythingOutside(p);
    const doc = { entities: [person(`${p}-a`, '张三')] };
    const first = await importDoc(doc, 'alice', `${p}-imp`);
    const second = await importDoc(doc, 'alice', `${p}-imp`);
    expect(second).toBe(first);
    expect(await everythingOutside(p)).toBe(outside);
  });
});
