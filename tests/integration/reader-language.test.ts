// Answers in the reader's language: Chinese text where the source is Chinese, English that falls
// back to pinyin (never to Chinese), and the Chinese timeline grouped under Chinese labels.
import { afterAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../src/export/formats.js';
import type { TimelineJsDocument } from '../../src/export/formats/timelinejs.js';
import type { VisTimelineDocument } from '../../src/export/formats/vis-timeline.js';
import { loadSlice } from '../../src/export/slice.js';
import { hasHan } from '../../src/model/pinyin.js';
import { EVENT_KINDS, KIND_LABELS } from '../../src/model/vocabulary.js';
import { connectApi } from '../helpers/api.js';

const { gql, asCurator, executor } = connectApi();
const P = 'test-reader-language';

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n', params: { p: P } });
});

describe("answers in the reader's language", () => {
  it("gives every finding of the symposium its full Chinese text, in the article's words, beside the heading and the English", async () => {
    const res = await gql<{ event: { findings: { id: string; text: string; detail: string | null; textEn: string | null }[] } }>(
      '{ event(id: "event-2006-qingyuan-symposium") { findings { id text detail textEn } } }',
    );
    expect(res.errors).toBeUndefined();
    const findings = res.data!.event.findings;
    expect(findings).toHaveLength(12);
    for (const f of findings) {
      expect(f.detail, f.id).not.toBeNull();
      expect(hasHan(f.detail!), f.id).toBe(true);
      expect(f.detail!.length, f.id).toBeGreaterThan(f.text.length);
      expect(f.textEn, f.id).not.toBeNull();
    }
    const study = findings.find((f) => f.id === 'finding:finding-2006-shortcoming-1')!;
    expect(study.text).toBe('学习积极性不够');
    expect(study.detail).toBe(
      '除了机关举办的学习和培训外,机关同志应变被动学习为主动学习,注意培养良好的学习习惯,加强统战理论和业务学习,不断提高综合素质和理论水平。',
    );
  });

  it('describes places in Chinese when asked in Chinese, and links the cities to their province', async () => {
    const res = await gql<
      Record<string, { name: string; zh: string; en: string; relations: { other: { id: string }; citations: { quote: string }[] }[] }>
    >(
      `{ qy: place(id: "place-qingyuan") { ...P } zs: place(id: "place-zhongshan") { ...P } gd: place(id: "place-guangdong") { ...P } }
       fragment P on Place { name zh: description(lang: "zh") en: description(lang: "en")
         relations(types: [LOCATED_IN], direction: OUT) { other { id } citations { quote } } }`,
    );
    expect(res.errors).toBeUndefined();
    const { qy, zs, gd } = res.data!;
    expect(qy!.zh).toBe('广东省清远市,2006年7月民进广东省委机关建设工作座谈会的召开地。');
    expect(zs!.zh).toMatch(/^广东省中山市/);
    expect(gd!.zh).toMatch(/^广东省/);
    for (const p of [qy!, zs!, gd!]) expect(hasHan(p.en)).toBe(false);
    expect(qy!.relations.map((r) => r.other.id)).toEqual(['place-guangdong']);
    expect(qy!.relations[0]!.citations[0]!.quote).toContain('在清远市召开');
    expect(zs!.relations.map((r) => r.other.id)).toEqual(['place-guangdong']);
    expect(gd!.relations).toEqual([]);
  });

  it('answers description(lang: "en") with the Chinese text when there is no English (documented), and null with fallback: false', async () => {
    const doc = {
      sources: [{ id: `${P}-dsrc`, text: '李四出席。', title: '测试' }],
      entities: [
        {
          id: `${P}-described`,
          type: 'Person',
          name: '李四',
          descriptionZh: '只有中文描述',
          citations: [{ source: `${P}-dsrc`, quote: '李四' }],
        },
      ],
    };
    const imported = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { change { id } } }', {
      d: JSON.stringify(doc),
    });
    expect(imported.errors).toBeUndefined();
    const res = await gql<{ entity: Record<string, string | null> }>(
      `{ entity(id: "${P}-described") { en: description(lang: "en") enOnly: description(lang: "en", fallback: false)
          zh: description(lang: "zh") zhOnly: description(lang: "zh", fallback: false) } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.entity).toEqual({ en: '只有中文描述', enOnly: null, zh: '只有中文描述', zhOnly: '只有中文描述' });
  });

  it('answers name(lang: "en") with the English name, else toneless pinyin, never Chinese', async () => {
    const doc = {
      sources: [{ id: `${P}-src`, text: '张飞与某会议。', title: '测试' }],
      entities: [
        { id: `${P}-person`, type: 'Person', name: '张飞', citations: [{ source: `${P}-src`, quote: '张飞' }] },
        {
          id: `${P}-event`,
          type: 'Event',
          kind: 'MEETING',
          name: '某会议',
          date: '2003',
          citations: [{ source: `${P}-src`, quote: '某会议' }],
        },
      ],
    };
    const imported = await asCurator('alice', 'mutation($d: String!) { importDataset(document: $d) { change { id } } }', {
      d: JSON.stringify(doc),
    });
    expect(imported.errors).toBeUndefined();
    const res = await gql<Record<string, { name: string; zh: string; en: string; fr: string }>>(
      `{ luo: person(id: "person-luo-fuhe") { ...N } qy: place(id: "place-qingyuan") { ...N }
         zf: person(id: "${P}-person") { ...N } ev: event(id: "${P}-event") { ...N } }
       fragment N on Entity { name zh: name(lang: "zh") en: name(lang: "en") fr: name(lang: "fr") }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!['luo']).toEqual({ name: '罗富和', zh: '罗富和', en: 'Luo Fuhe', fr: 'Luo Fuhe' });
    expect(res.data!['qy']).toEqual({ name: '清远市', zh: '清远市', en: 'Qingyuan City', fr: 'Qingyuan City' });
    // No English name given: the pinyin generated at write time, toneless.
    expect(res.data!['zf']).toEqual({ name: '张飞', zh: '张飞', en: 'Zhang Fei', fr: 'Zhang Fei' });
    expect(res.data!['ev']).toEqual({ name: '某会议', zh: '某会议', en: 'mou hui yi', fr: 'mou hui yi' });
  });

  it('groups the Chinese TimelineJS export under Chinese kind labels, and the English one under English', async () => {
    const slice = await loadSlice(executor, {});
    const zh = JSON.parse(renderExport('timelinejs', slice, { lang: 'zh' }).body) as TimelineJsDocument;
    const en = JSON.parse(renderExport('timelinejs', slice, { lang: 'en' }).body) as TimelineJsDocument;
    const group = (doc: TimelineJsDocument, id: string) => doc.events.find((e) => e.unique_id === id)?.group;
    expect(group(zh, 'event-2002-term-change')).toBe('换届');
    expect(group(zh, 'event-term-rules')).toBe('制度');
    expect(group(zh, 'event-2006-qingyuan-symposium')).toBe('会议');
    expect(group(en, 'event-2002-term-change')).toBe('Change of term');
    const zhGroups = new Set(zh.events.map((e) => e.group));
    for (const kind of EVENT_KINDS) expect(zhGroups.has(kind), kind).toBe(false);
    for (const g of zhGroups)
      expect(
        Object.values(KIND_LABELS).some((l) => l.zh === g),
        String(g),
      ).toBe(true);
    const vis = JSON.parse(renderExport('vis-timeline', slice, { lang: 'zh' }).body) as VisTimelineDocument;
    expect(vis.groups.find((g) => g.id === 'TERM_CHANGE')?.content).toBe('换届');
  });

  it('records where the article appeared and when it can have been published', async () => {
    const res = await gql<{ source: { column: string; published: { edtf: string; earliest: string; latest: string | null } } }>(
      '{ source(id: "src-mj-gd-2006-qingyuan") { column published { edtf earliest latest } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.source.column).toBe('民进专题 > 民进各级组织机关建设巡礼专题 > 广东民进');
    expect(res.data!.source.published).toEqual({ edtf: '2006-07-08/..', earliest: '2006-07-08', latest: null });
  });

  it('gives the 2003 campaign its leading group and working team, each headed by whom the article says', async () => {
    const res = await gql<{
      event: { participants: { role: string; entity: { id: string } }[] };
      lead: { parent: { id: string }; positions: { title: string; person: { name: string } }[] };
      team: { parent: { id: string }; positions: { title: string; person: { name: string } }[] };
    }>(`{ event(id: "event-2003-work-style-year") { participants { role entity { id } } }
      lead: organization(id: "org-capd-guangdong-work-style-leading-group") { parent { id } positions { title person { name } } }
      team: organization(id: "org-capd-guangdong-work-style-working-team") { parent { id } positions { title person { name } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.event.participants.map((p) => p.entity.id)).toEqual(
      expect.arrayContaining(['org-capd-guangdong-work-style-leading-group', 'org-capd-guangdong-work-style-working-team']),
    );
    expect(res.data!.lead.parent.id).toBe('org-capd-guangdong');
    expect(res.data!.lead.positions).toEqual([{ title: '组长', person: { name: '罗富和' } }]);
    expect(res.data!.team.positions).toEqual([{ title: '组长', person: { name: '姚本棠' } }]);
  });
});
