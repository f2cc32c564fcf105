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
