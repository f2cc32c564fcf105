// Global object identification as a client uses it: take each kind's id from a real query, give it
// to node(), get the same object back; citations with their sentence and context, without the text.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { gql, asCurator, executor } = connectApi();
const P = 'test-node';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
});

type Ids = Record<string, unknown>;

async function ok<T = Ids>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(query, variables);
  expect(res.errors, query).toBeUndefined();
  return res.data!;
}

const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;

describe('node(id) finds every kind again by the id a query gave', () => {
  /** [expected __typename, id] of one object of every kind, each read from a real query. */
  let kinds: [string, string][] = [];

  beforeAll(async () => {
    const d = await ok<{
      event: {
        id: string;
        participants: { id: string; entity: { id: string }; citations: { id: string }[] }[];
        place: { id: string };
        findings: { id: string }[];
        dateClaims: { claims: { id: string; value: string }[] };
      };
      person: {
        id: string;
        positions: { id: string; organization: { id: string }; titleClaims: { claims: { id: string; value: string }[] } }[];
      };
      initiative: { id: string; relations: { id: string; type: string }[] };
      source: { id: string; relations: { id: string; type: string }[] };
      changes: { id: string }[];
    }>(`{
      event(id: "event-2006-qingyuan-symposium") {
        id participants { id entity { id } citations { id } } place { id } findings { id } dateClaims { claims { id value } }
      }
      person(id: "person-luo-fuhe") { id positions { id organization { id } titleClaims { claims { id value } } } }
      initiative(id: "initiative-three-projects") { id relations(types: [COMPONENT_OF]) { id type } }
      source(id: "src-mj-gd-2006-qingyuan") { id relations(types: [MENTIONS], first: 1) { id type } }
      changes(first: 1) { id }
    }`);
    // His chair of the provincial committee, whose title two sources give differently (positions are
    // sorted by date, and he has others since the seed names the 2003 groups).
    const position = d.person.positions.find((p) => p.organization.id === 'org-capd-guangdong')!;
    kinds = [
      ['Event', d.event.id],
      ['Person', d.person.id],
      ['Organization', position.organization.id],
      ['Initiative', d.initiative.id],
      ['Place', d.event.place.id],
      ['Source', d.source.id],
      ['Position', position.id],
      ['Participation', d.event.participants[0]!.id],
      ['Relation', d.initiative.relations[0]!.id],
      ['Relation', d.source.relations[0]!.id],
      ['Citation', d.event.participants[0]!.citations[0]!.id],
      ['Finding', d.event.findings[0]!.id],
      ['Claim', d.event.dateClaims.claims.find((c) => c.value === '2006-07')!.id],
      ['Claim', position.titleClaims.claims.find((c) => c.value === '主任委员')!.id],
      ['Change', d.changes[0]!.id],
    ];
  });

  it('gives each kind its own form of id, never another kind’s', () => {
    const ids = new Map(kinds);
    expect(ids.get('Citation')).toMatch(/^citation:[0-9a-f]{24}$/);
    expect(ids.get('Finding')).toBe('finding:finding-2006-achievement-1');
    expect(ids.get('Change')).toMatch(/^change:chg-/);
    expect(ids.get('Position')).toBe('person-luo-fuhe--held-position--org-capd-guangdong');
    expect(kinds.find(([t, id]) => t === 'Claim' && id.startsWith('claim:title:'))![1]).toBe(
      'claim:title:person-luo-fuhe--held-position--org-capd-guangdong:主任委员',
    );
    expect(new Set(kinds.map(([, id]) => id)).size).toBe(kinds.length);
  });

  it('round-trips every kind through node(id): same type, same id', async () => {
    for (const [type, id] of kinds) {
      const d = await ok<{ node: { __typename: string; id: string } | null }>(NODE, { id });
      expect(d.node, id).toEqual({ __typename: type, id });
    }
  });

  it('nodes(ids) answers them all in order, with null where nothing has the id', async () => {
    const ids = [...kinds.map(([, id]) => id), 'person-nobody'];
    const d = await ok<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids },
    );
    expect(d.nodes).toEqual([...kinds.map(([__typename, id]) => ({ __typename, id })), null]);
  });

  it('batches: the citations of an event with their sentences cost the round trips of one', async () => {
    const d = await ok<{ event: { citations: { id: string }[]; participants: { citations: { id: string }[] }[] } }>(
      '{ event(id: "event-2006-qingyuan-symposium") { citations { id } participants { citations { id } } } }',
    );
    const ids = [...d.event.citations, ...d.event.participants.flatMap((p) => p.citations)].map((c) => c.id);
    expect(ids.length).toBeGreaterThan(3);
    const Q = 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Citation { sentence context { before } source { id } } } }';
    const one = await gql<{ nodes: unknown[] }>(Q, { ids: ids.slice(0, 1) });
    const all = await gql<{ nodes: { id: string }[] }>(Q, { ids });
    expect(all.errors).toBeUndefined();
    expect(all.data!.nodes.map((n) => n.id)).toEqual(ids);
    expect(all.roundTrips).toBe(one.roundTrips);
  });

  it('resolves a relationship whole, whichever view it is', async () => {
    const [, relation] = kinds.find(([t]) => t === 'Relation')!;
    const d = await ok<{ position: unknown; relation: unknown }>(
      `query($p: ID!, $r: ID!) {
        position: node(id: $p) { ... on Position { person { name } organization { name } title period { edtf } attestedAt { edtf } citations { quote } } }
        relation: node(id: $r) { ... on Relation { type direction from { id } to { id } other { id } } }
      }`,
      { p: 'person-luo-fuhe--held-position--org-capd-guangdong', r: relation },
    );
    expect(d.position).toEqual({
      person: { name: '罗富和' },
      organization: { name: '民进广东省委' },
      title: '主委',
      period: null,
      attestedAt: { edtf: '2003' },
      citations: [{ quote: expect.stringContaining('罗富和主委') }],
    });
    const [from, , to] = relation.split('--');
    expect(d.relation).toEqual({ type: 'COMPONENT_OF', direction: 'OUT', from: { id: from }, to: { id: to }, other: { id: to } });
  });

  it('resolves a Claim with its value, sources and citations, as the claim set gave it', async () => {
    const id = 'claim:date:event-2006-qingyuan-symposium:2006-07';
    const d = await ok<{ node: unknown; event: { dateClaims: { claims: unknown[] } } }>(
      `query($id: ID!) {
        node(id: $id) { ... on Claim { id property value preferred date { edtf } sources { id } citations { quote } } }
        event(id: "event-2006-qingyuan-symposium") { dateClaims { claims { id property value preferred date { edtf } sources { id } citations { quote } } } }
      }`,
      { id },
    );
    expect(d.node).toEqual({
      id,
      property: 'date',
      value: '2006-07',
      preferred: false,
      date: { edtf: '2006-07' },
      sources: [{ id: 'src-curator-note-001' }],
      citations: [{ quote: '座谈会于2006年7月在清远市召开' }],
    });
    expect(d.event.dateClaims.claims).toContainEqual(d.node);
  });

  it('resolves a Change with what it recorded, as history() listed it', async () => {
    // The oldest change of 罗富和 is the seed's import, whatever other tests wrote since.
    const d = await ok<{ history: { id: string; operation: string; curator: string; at: string }[] }>(
      '{ history(id: "person-luo-fuhe", first: 500) { id operation curator at } }',
    );
    const change = d.history.at(-1);
    const n = await ok<{ node: unknown }>('query($id: ID!) { node(id: $id) { ... on Change { id operation curator at } } }', {
      id: change!.id,
    });
    expect(n.node).toEqual(change);
    expect(change!.operation).toBe('IMPORT_DATASET');
  });

  it('resolves a Finding with its text and citations', async () => {
    const d = await ok<{ node: { id: string; kind: string; citations: { quote: string }[] } }>(
      '{ node(id: "finding:finding-2006-achievement-1") { ... on Finding { id kind citations { quote } } } }',
    );
    expect(d.node).toMatchObject({ id: 'finding:finding-2006-achievement-1', kind: 'ACHIEVEMENT' });
    expect(d.node.citations.length).toBeGreaterThan(0);
  });
});

describe('the README', () => {
  it('shows what node() and citation context really answer', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('## Global ids and citations in context'),
      readme.indexOf('## Exports and the command line'),
    );
    const shown = [...section.matchAll(/```graphql\n([^`]*)```\n```json\n([^`]*)```/g)];
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const [, query, json] of shown) {
      const res = await gql(query!);
      expect({ data: res.data, errors: res.errors }, query).toEqual({ data: JSON.parse(json!).data, errors: undefined });
    }
  });
});

describe('ids that name nothing, and ids that cannot be ids', () => {
  it.each([
    'person-nobody',
    'person-nobody--held-position--org-nowhere',
    'person-luo-fuhe--no-such-type--org-capd-guangdong',
    'citation:000000000000000000000000',
    'finding:finding-nowhere',
    'change:chg-00000000-0000-0000-0000-000000000000',
    'claim:date:event-nowhere:2003',
    'claim:date:event-2006-qingyuan-symposium:1999',
    // A title claim is about a position, not an event (and the reverse).
    'claim:title:event-2006-qingyuan-symposium:主委',
    'claim:date:person-luo-fuhe--held-position--org-capd-guangdong:2003',
  ])('answers null for %s', async (id) => {
    const res = await gql(NODE, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null });
  });

  it.each(['', 'citation:xyz', 'foo:bar', 'claim:colour:event-x:red', 'x'.repeat(701)])(
    'refuses %j as BAD_USER_INPUT naming the argument, before any look-up',
    async (id) => {
      const res = await gql(NODE, { id });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(res.roundTrips).toBe(0);
    },
  );

  it('refuses nodes() with a malformed id at its index, or with more than 100 ids', async () => {
    const bad = await gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['person-luo-fuhe', 'event-x', 'nope:1'] });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[2]' });
    expect(bad.roundTrips).toBe(0);
    const many = await gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 101 }, (_, n) => `p-${n}`) });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'ids', max: 100 });
  });

  it('answers citation(id) null for an id of something else', async () => {
    const d = await ok('{ citation(id: "person-luo-fuhe") { id } }');
    expect(d).toEqual({ citation: null });
  });
});

describe('citations with their context', () => {
  it('gives a citation of the seed its sentence and context, and citation(id) finds it again', async () => {
    const d = await ok<{ event: { participants: { citations: { id: string; quote: string; start: number; end: number }[] }[] } }>(
      '{ event(id: "event-2003-work-style-year") { participants { citations { id quote start end } } } }',
    );
    const cited = d.event.participants.flatMap((p) => p.citations).find((c) => c.quote === '罗富和主委亲任领导小组组长')!;
    const res = await gql<{ citation: Record<string, unknown> }>(
      'query($id: ID!) { citation(id: $id) { id quote start end line source { id } sentence context(chars: 10) { before quote after start end } } }',
      { id: cited.id },
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.citation;
    expect(c).toMatchObject({
      id: cited.id,
      quote: cited.quote,
      start: 487,
      end: 500,
      line: 16,
      source: { id: 'src-mj-gd-2006-qingyuan' },
    });
    expect(c['sentence']).toMatch(
      /^为了适应“把广东民进建设成.*2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长,姚本棠副主委担任工作班子的组长,.*提出和谐机关建设目标。$/,
    );
    expect(c['context']).toEqual({
      before: '机关作风建设年活动,',
      quote: '罗富和主委亲任领导小组组长',
      after: ',姚本棠副主委担任工',
      start: 477,
      end: 510,
    });
    // The context is the source's text at those offsets.
    const text = (await ok<{ source: { text: string } }>('{ source(id: "src-mj-gd-2006-qingyuan") { text } }')).source.text;
    expect(text.slice(477, 510)).toBe('机关作风建设年活动,罗富和主委亲任领导小组组长,姚本棠副主委担任工');
  });

  it('refuses context(chars) outside 0..500 as BAD_USER_INPUT', async () => {
    const d = await ok<{ event: { citations: { id: string }[] } }>(
      '{ event(id: "event-2003-work-style-year") { citations(first: 1) { id } } }',
    );
    const id = d.event.citations[0]!.id;
    for (const chars of [-1, 501]) {
      const res = await gql('query($id: ID!, $n: Int) { citation(id: $id) { context(chars: $n) { before } } }', { id, n: chars });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'chars', max: 500 });
    }
  });

  describe('at the very start and end of a source, and after characters beyond U+FFFF', () => {
    // 𠀀 (U+20000) is two UTF-16 code units and one code point: the database counts code points, the
    // API UTF-16 code units. The filler puts it more than 500 code units before the middle quote.
    const FILLER = '长'.repeat(600);
    const TEXT = `开头第一句。𠀀字在前。${FILLER}。引文在此处！Then a Western sentence. And the end`;
    const QUOTES = ['开头第一句', '引文在此处', 'Western sentence', 'And the end'];
    type Cit = { id: string; quote: string; start: number; end: number; sentence: string; context: Record<string, unknown> };
    let citations: Cit[] = [];
    const changes: string[] = [];

    beforeAll(async () => {
      const src = await asCurator<{ addSource: { change: { id: string } } }>(
        'alice',
        'mutation($input: SourceInput!) { addSource(input: $input) { change { id } } }',
        {
          input: { id: `${P}-src`, title: '测试来源', text: TEXT },
        },
      );
      expect(src.errors).toBeUndefined();
      const made = await asCurator<{ createEntity: { change: { id: string }; entity: { citations: Cit[] } } }>(
        'alice',
        `mutation($input: EntityInput!) { createEntity(input: $input) { change { id } entity {
          citations { id quote start end sentence context(chars: 5) { before quote after start end } } } } }`,
        { input: { id: `${P}-person`, type: 'PERSON', name: '测试人', citations: QUOTES.map((quote) => ({ source: `${P}-src`, quote })) } },
      );
      expect(made.errors).toBeUndefined();
      citations = made.data!.createEntity.entity.citations;
      changes.push(src.data!.addSource.change.id, made.data!.createEntity.change.id);
    });

    const of = (quote: string): Cit => citations.find((c) => c.quote === quote)!;

    it('at the start: nothing before, offsets from 0, 𠀀 counted as two code units', () => {
      expect(of('开头第一句')).toMatchObject({
        start: 0,
        sentence: '开头第一句。',
        context: { before: '', after: '。𠀀字在', start: 0, end: 10 },
      });
    });

    it('after 𠀀 and 600 characters: UTF-16 offsets, the right sentence and context', () => {
      const c = of('引文在此处');
      expect(c.start).toBe(TEXT.indexOf('引文在此处'));
      expect(c).toMatchObject({
        sentence: '引文在此处！',
        context: { before: '长长长长。', quote: '引文在此处', after: '！Then', start: c.start - 5, end: c.end + 5 },
      });
      expect(TEXT.slice(c.start - 5, c.end + 5)).toBe('长长长长。引文在此处！Then');
      expect(of('Western sentence').sentence).toBe('Then a Western sentence.');
    });

    it('at the end: nothing after, and the sentence runs to the end of the text', () => {
      const c = of('And the end');
      expect(c).toMatchObject({ end: TEXT.length, sentence: 'And the end', context: { after: '', end: TEXT.length } });
    });

    it('answers the same through citation(id), and reads without writing', async () => {
      const before = await graphState(executor);
      for (const c of citations) {
        const d = await ok<{ citation: Cit }>(
          'query($id: ID!) { citation(id: $id) { id quote start end sentence context(chars: 5) { before quote after start end } } }',
          { id: c.id },
        );
        expect(d.citation).toEqual(c);
      }
      expect(await graphState(executor)).toEqual(before);
    });

    it("gives a place's location the id of the citation it quotes, which node() resolves", async () => {
      const quote = 'Western sentence';
      const made = await asCurator<{
        createEntity: { entity: { citations: { id: string }[]; location: { source: { id: string; sentence: string } } } };
      }>(
        'alice',
        'mutation($input: EntityInput!) { createEntity(input: $input) { entity { ... on Place { citations { id } location { source { id sentence } } } } } }',
        {
          input: {
            id: `${P}-place`,
            type: 'PLACE',
            name: '测试地点',
            citations: [{ source: `${P}-src`, quote }],
            location: { latitude: 23.1, longitude: 113.3, source: { source: `${P}-src`, quote } },
          },
        },
      );
      expect(made.errors).toBeUndefined();
      const { citations: cited, location } = made.data!.createEntity.entity;
      expect(location.source).toEqual({ id: cited[0]!.id, sentence: 'Then a Western sentence.' });
      const d = await ok<{ node: unknown }>(`query($id: ID!) { node(id: $id) { __typename ... on Citation { quote } } }`, {
        id: location.source.id,
      });
      expect(d.node).toEqual({ __typename: 'Citation', quote });
      // Gone again, so that reverting the source below finds nothing quoting it.
      const gone = await asCurator('alice', `mutation { deleteEntity(id: "${P}-place") { id } }`);
      expect(gone.errors).toBeUndefined();
    });

    it('reverts by the global id of a change (change:…) or by its stored id (chg-…), and revertOf gives the global id', async () => {
      const [source, entity] = changes as [string, string];
      const REVERT = 'mutation($id: ID!) { revert(changeId: $id) { id operation revertOf } }';
      const undoEntity = await asCurator<{ revert: { id: string; revertOf: string } }>('alice', REVERT, {
        id: entity.replace(/^change:/, ''),
      });
      expect(undoEntity.errors).toBeUndefined();
      expect(undoEntity.data!.revert).toMatchObject({ operation: 'REVERT', revertOf: entity, id: expect.stringMatching(/^change:chg-/) });
      const undoSource = await asCurator<{ revert: { revertOf: string } }>('alice', REVERT, { id: source });
      expect(undoSource.errors).toBeUndefined();
      expect(undoSource.data!.revert.revertOf).toBe(source);
      const gone = await ok('query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }', {
        a: `${P}-person`,
        b: citations[0]!.id,
      });
      expect(gone).toEqual({ a: null, b: null });
      const reverted = await ok<{ node: { revertedBy: string } }>('query($id: ID!) { node(id: $id) { ... on Change { revertedBy } } }', {
        id: entity,
      });
      expect(reverted.node.revertedBy).toBe(undoEntity.data!.revert.id);
    });
  });
});
