// Assisted extraction without a database: what `annals propose` drafts from a text and a dictionary of known entities.
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/model/date-expressions.js';
import { extract, type KnownEntity } from '../../src/dataset/propose/extract.js';
import { draftYaml, readDraft } from '../../src/dataset/propose/draft.js';
import { parseDatasetText } from '../../src/dataset/load.js';
import { validateDataset } from '../../src/dataset/validate.js';
import { proposeFrom } from '../../src/domain/propose.js';

const KNOWN: KnownEntity[] = [
  { id: 'person-luo-fuhe', type: 'Person', name: '罗富和', names: [{ value: 'Luo Fuhe', lang: 'en', kind: 'PRIMARY' }] },
  {
    id: 'org-capd-guangdong',
    type: 'Organization',
    kind: 'COMMITTEE',
    name: '民进广东省委',
    names: [
      { value: '省委会', lang: 'zh-Hans', kind: 'ALIAS' },
      { value: 'CAPD Guangdong Provincial Committee', lang: 'en', kind: 'PRIMARY' },
    ],
  },
  { id: 'place-guangzhou', type: 'Place', kind: 'CITY', name: '广州市', names: [{ value: '广州', lang: 'zh-Hans', kind: 'ALIAS' }] },
];

/** The "Done means" note: two sentences about a known person, a new one, a title, a date and a meeting. */
export const NOTE = '2016年1月24日，民进广东省委在广州召开全体会议，主委罗富和出席并讲话。张明远副主委主持会议，会议共收到大会发言1件。';

describe('date expressions to EDTF', () => {
  const one = (text: string, year?: number) =>
    findDates(text, year === undefined ? {} : { year }).map((d) => [d.text, d.edtf, d.precision]);
  it.each([
    ['2016年1月24日召开', '2016年1月24日', '2016-01-24', 'DAY'],
    ['于2006年7月7-8日在清远', '2006年7月7-8日', '2006-07-07/2006-07-08', 'DAY'],
    ['2002年7月在中山', '2002年7月', '2002-07', 'MONTH'],
    ['2003年开展了', '2003年', '2003', 'YEAR'],
    ['2010年3月', '2010年3月', '2010-03', 'MONTH'],
    ['2010年上半年', '2010年上半年', '2010-01/2010-06', 'MONTH'],
    ['2010年底', '2010年底', '2010-12~', 'MONTH'],
    ['held in March 2010.', 'March 2010', '2010-03', 'MONTH'],
    ['on 7–8 July 2006', '7–8 July 2006', '2006-07-07/2006-07-08', 'DAY'],
    ['July 7, 2006', 'July 7, 2006', '2006-07-07', 'DAY'],
  ])('%s → %s', (text, words, edtf, precision) => {
    expect(one(text)).toEqual([[words, edtf, precision]]);
  });

  it('carries the year from the expression before, else from the text date', () => {
    expect(one('2006年5月筹备,7月7日至8日召开')).toEqual([
      ['2006年5月', '2006-05', 'MONTH'],
      ['7月7日至8日', '2006-07-07/2006-07-08', 'DAY'],
    ]);
    expect(one('年初,他到任', 2012)).toEqual([['年初', '2012-01~', 'MONTH']]);
    expect(one('7月7日至8日')).toEqual([]); // no year anywhere: no date rather than a made-up one
    expect(one('适应21世纪需要')).toEqual([]);
  });
});

describe('extract', () => {
  const x = extract(NOTE, { sourceId: 'src-note', date: '2016-01-24', known: KNOWN });
  const of = (kind: string) => x.proposals.filter((p) => p.kind === kind);

  it('matches the known person, proposes the new one with a generated id, each quote verbatim at its offsets', () => {
    expect(of('mention').map((p) => p.entry['id'])).toEqual(['org-capd-guangdong', 'place-guangzhou', 'person-luo-fuhe']);
    const [zhang, ...more] = of('new-person');
    expect(more).toEqual([]);
    expect(zhang!.entry).toMatchObject({ id: 'person-zhang-ming-yuan', type: 'Person', name: '张明远' });
    for (const p of x.proposals) {
      expect(NOTE.slice(p.start, p.end)).toBe(p.quote);
      for (const c of p.entry['citations'] as { quote: string }[]) expect(NOTE).toContain(c.quote);
    }
  });

  it('proposes positions with the title, the organization named nearby and the text date', () => {
    expect(of('position').map((p) => p.entry)).toEqual([
      expect.objectContaining({
        type: 'HELD_POSITION',
        from: 'person-luo-fuhe',
        to: 'org-capd-guangdong',
        title: '主委',
        titleEn: 'Chair',
        attestedAt: '2016-01-24',
      }),
      expect.objectContaining({
        type: 'HELD_POSITION',
        from: 'person-zhang-ming-yuan',
        to: 'org-capd-guangdong',
        title: '副主委',
        attestedAt: '2016-01-24',
      }),
    ]);
  });

  it('proposes the event with its date, place, organizer, participants and quantity', () => {
    const [event, ...more] = of('event');
    expect(more).toEqual([]);
    expect(event!.entry).toMatchObject({
      type: 'Event',
      kind: 'MEETING',
      name: '全体会议',
      date: '2016-01-24',
      quantities: [{ value: 1, what: '大会发言' }],
    });
    const id = event!.entry['id'];
    expect(of('place').map((p) => [p.entry['from'], p.entry['to']])).toEqual([[id, 'place-guangzhou']]);
    expect(of('organizer').map((p) => [p.entry['from'], p.entry['to']])).toEqual([['org-capd-guangdong', id]]);
    expect(of('participation').map((p) => [p.entry['from'], p.entry['role']])).toEqual([
      ['person-luo-fuhe', '出席并讲话'],
      ['person-zhang-ming-yuan', '主持会议'],
    ]);
  });

  it('ranks candidates when the words name more than one entity', () => {
    const twins: KnownEntity[] = [
      { id: 'person-wang-a', type: 'Person', name: '王芳', names: [] },
      { id: 'person-wang-b', type: 'Person', name: '王芳芳', names: [{ value: '王芳', lang: 'zh-Hans', kind: 'ALIAS' }] },
    ];
    const [mention] = extract('王芳同志出席。', { sourceId: 's', known: twins }).mentions;
    expect(mention!.candidates.map((c) => [c.id, c.by, c.score])).toEqual([
      ['person-wang-a', 'name', 90],
      ['person-wang-b', 'alias', 80],
    ]);
  });

  it('finds English names and pinyin in an English text, on word boundaries', () => {
    const y = extract('In March 2010 Luo Fuhe met the CAPD Guangdong Provincial Committee.', { sourceId: 's', known: KNOWN });
    expect(y.mentions.map((m) => [m.text, m.candidates[0]!.id])).toEqual([
      ['Luo Fuhe', 'person-luo-fuhe'],
      ['CAPD Guangdong Provincial Committee', 'org-capd-guangdong'],
    ]);
    expect(y.dates.map((d) => d.edtf)).toEqual(['2010-03']);
  });
});

describe('positions: a standing rank and an appointment in one clause', () => {
  const group = (id: string, name: string, alias: string): KnownEntity => ({
    id,
    type: 'Organization',
    kind: 'COMMITTEE',
    name,
    names: [{ value: alias, lang: 'zh-Hans', kind: 'ALIAS' }],
  });
  const LEXICON: KnownEntity[] = [
    ...KNOWN,
    { id: 'person-yao-bentang', type: 'Person', name: '姚本棠', names: [] },
    { id: 'person-wang-lixin', type: 'Person', name: '王立新', names: [] },
    { id: 'person-chen-si', type: 'Person', name: '陈思', names: [] },
    group('org-leading-group', '机关作风建设年活动领导小组', '领导小组'),
    group('org-working-team', '机关作风建设年活动工作班子', '工作班子'),
    group('org-preparatory-group', '青年读书月活动筹备组', '筹备组'),
    group('org-review-committee', '青年读书月活动评审委员会', '评审委员会'),
  ];
  /** The seed article's sentence, verbatim. */
  const ARTICLE = '2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长,姚本棠副主委担任工作班子的组长';
  const positionsIn = (text: string) => {
    const x = extract(text, { sourceId: 's', known: LEXICON });
    return x.proposals
      .filter((p) => p.kind === 'position')
      .map((p) => ({
        from: p.entry['from'],
        to: p.entry['to'],
        title: p.entry['title'],
        attestedAt: p.entry['attestedAt'],
        quote: p.quote,
        highlights: p.highlights.map((h) => text.slice(h.start, h.end)),
      }));
  };

  it('the article: each 组长 at the organization after 亲任/担任, the ranks never at those organizations', () => {
    expect(positionsIn(ARTICLE)).toEqual([
      {
        from: 'person-luo-fuhe',
        to: 'org-leading-group',
        title: '组长',
        attestedAt: '2003',
        quote: '罗富和主委亲任领导小组组长',
        highlights: ['罗富和', '领导小组', '组长'],
      },
      {
        from: 'person-yao-bentang',
        to: 'org-working-team',
        title: '组长',
        attestedAt: '2003',
        quote: '姚本棠副主委担任工作班子的组长',
        highlights: ['姚本棠', '工作班子', '组长'],
      },
    ]);
  });

  it('the article after a sentence naming the committee: the ranks go to the committee, the 组长 to the groups', () => {
    const text = `省委会采取了一系列步骤,不断推动机关建设工作向前发展。${ARTICLE}`;
    expect(positionsIn(text).map((p) => [p.from, p.title, p.to, p.attestedAt])).toEqual([
      ['person-luo-fuhe', '主委', 'org-capd-guangdong', '2003'],
      ['person-luo-fuhe', '组长', 'org-leading-group', '2003'],
      ['person-yao-bentang', '副主委', 'org-capd-guangdong', '2003'],
      ['person-yao-bentang', '组长', 'org-working-team', '2003'],
    ]);
  });

  it('an organization after the appointment verb is never the rank of the person, even when no title follows it', () => {
    const text = '省委会召开全委会。2003年,罗富和主委亲任领导小组的负责人';
    expect(positionsIn(text).map((p) => [p.from, p.title, p.to])).toEqual([['person-luo-fuhe', '主委', 'org-capd-guangdong']]);
  });

  it('the same shape with other names, verbs and a title before the name', () => {
    const text = '民进广东省委召开全委会。2010年开展了青年读书月活动,王立新主委兼任筹备组组长,副主委陈思出任评审委员会的主任';
    expect(positionsIn(text)).toEqual([
      expect.objectContaining({ from: 'person-wang-lixin', to: 'org-capd-guangdong', title: '主委', attestedAt: '2010' }),
      {
        from: 'person-wang-lixin',
        to: 'org-preparatory-group',
        title: '组长',
        attestedAt: '2010',
        quote: '王立新主委兼任筹备组组长',
        highlights: ['王立新', '筹备组', '组长'],
      },
      expect.objectContaining({ from: 'person-chen-si', to: 'org-capd-guangdong', title: '副主委', attestedAt: '2010' }),
      {
        from: 'person-chen-si',
        to: 'org-review-committee',
        title: '主任',
        attestedAt: '2010',
        quote: '副主委陈思出任评审委员会的主任',
        highlights: ['陈思', '评审委员会', '主任'],
      },
    ]);
  });
});

describe('the draft', () => {
  const { yaml } = proposeFrom({ text: NOTE, fileName: 'note.txt', date: '2016-01-24' }, KNOWN);

  it('marks every entry as proposed, keeps the text verbatim, and reads back into items with offsets', () => {
    const draft = readDraft(yaml)!;
    expect(draft.source!.text).toBe(NOTE);
    expect(draft.items.length).toBeGreaterThan(5);
    for (const item of draft.items) {
      expect(item.note).toMatch(/^proposed: /);
      expect(NOTE.slice(item.start!, item.end!)).toBe(item.quote);
    }
    expect(yaml.match(/# proposed:/g)!.length).toBe(draft.items.length);
  });

  it('validates as a dataset, the known ids given as the graph would', () => {
    const { doc, issues } = parseDatasetText(yaml, 'draft.yaml', null);
    expect(issues).toEqual([]);
    const labels: Record<string, string> = {
      'person-luo-fuhe': 'Person',
      'org-capd-guangdong': 'Organization',
      'place-guangzhou': 'Place',
    };
    const checked = validateDataset([doc!], { label: (id: string) => labels[id] as never, sourceText: () => undefined });
    expect(checked.issues).toEqual([]);
  });

  it('refuses a date that is not EDTF and an empty text', () => {
    expect(() => proposeFrom({ text: NOTE, fileName: 'n.txt', date: '24.1.2016' }, KNOWN)).toThrow(/EDTF/);
    expect(() => proposeFrom({ text: '  ', fileName: 'n.txt' }, KNOWN)).toThrow(/empty/);
  });

  it('makes the same draft from the same text (ids stable)', () => {
    expect(proposeFrom({ text: NOTE, fileName: 'note.txt', date: '2016-01-24' }, KNOWN).yaml).toBe(yaml);
    expect(draftYaml).toBeTypeOf('function');
  });
});
