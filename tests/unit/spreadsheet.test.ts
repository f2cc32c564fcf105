// The spreadsheet import without a database: CSV parsing with line numbers, the mapping's checks
// (with the mapping's lines), and rows → dataset document given what matching found.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSheet } from '../../src/dataset/spreadsheet/csv.js';
import { parseMapping } from '../../src/dataset/spreadsheet/mapping.js';
import {
  buildDocument,
  columnIndex,
  freeId,
  groupRows,
  originOf,
  pathList,
  readRows,
  targetKey,
  type RowMatch,
} from '../../src/dataset/spreadsheet/convert.js';
import { parseDatasetText } from '../../src/dataset/load.js';
import { validateDataset, type GraphFacts } from '../../src/dataset/validate.js';
import { formatIssue } from '../../src/dataset/issues.js';

const MAPPING = `type: Person
columns:
  id: id
  name: name
  birthDate: born
  descriptionEn: about
names:
  - { column: name_en, lang: en, kind: PRIMARY }
identifiers:
  WIKIDATA: wikidata
citation:
  source: src
  quote: quote
relationships:
  - type: HELD_POSITION
    to: { name: org }
    columns: { title: title, period: period }
`;

const parsed = (text = MAPPING) => {
  const { parsed: p, issues } = parseMapping(text, 'm.yaml', null);
  expect(issues.map(formatIssue)).toEqual([]);
  return p!;
};

describe('parseSheet', () => {
  it('reads a BOM, CRLF, quoted delimiters, doubled quotes and line breaks, and gives each row the line it starts on', () => {
    const csv = '\uFEFFid,name,quote\r\n,张三,"一句,话"\r\n\r\n,"李\r\n四","他说""好"""\r\n   ,  ,  \r\n,王五,x';
    const { sheet, issues } = parseSheet(csv, 'a.csv');
    expect(issues).toEqual([]);
    expect(sheet!.header).toEqual(['id', 'name', 'quote']);
    expect(sheet!.rows.map((r) => [r.line, r.cells])).toEqual([
      [2, ['', '张三', '一句,话']],
      [4, ['', '李\r\n四', '他说"好"']],
      [7, ['', '王五', 'x']],
    ]);
  });

  it('counts lines the same with LF line ends', () => {
    const { sheet } = parseSheet('a,b\n1,"x\ny"\n\n2,3\n', 'a.csv');
    expect(sheet!.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('refuses broken CSV naming its line, rows wider than the header, an empty sheet, and too many rows', () => {
    expect(parseSheet('a,b\n1,"x\n2,3', 'a.csv').issues[0]).toMatchObject({
      file: 'a.csv',
      message: expect.stringMatching(/not valid CSV: Quote Not Closed/),
    });
    expect(parseSheet('a,b\n1,2,3\n4,5,', 'a.csv').issues).toEqual([
      { file: 'a.csv', path: '', line: 2, message: 'the row has 3 cells, the header 2' },
    ]);
    expect(parseSheet('\r\n\r\n', 'a.csv').issues[0]!.message).toMatch(/empty/);
    expect(parseSheet('a\n1\n2\n3\n', 'a.csv', { maxRows: 2 }).issues[0]!.message).toBe('the spreadsheet has more than 2 rows; split it');
    expect(parseSheet('a\n1\n2\n', 'a.csv', { maxRows: 2 }).issues).toEqual([]);
  });

  it('takes another delimiter', () => {
    expect(parseSheet('a;b\n1;2', 'a.csv', { delimiter: ';' }).sheet!.rows[0]!.cells).toEqual(['1', '2']);
  });
});

describe('parseMapping', () => {
  it('accepts the example of docs/', () => {
    const text = readFileSync('docs/examples/people.mapping.yaml', 'utf8');
    const { parsed: p, issues } = parseMapping(text, 'people.mapping.yaml', 'docs/examples');
    expect(issues).toEqual([]);
    expect(p!.mapping.relationships.map((r) => r.type)).toEqual(['HELD_POSITION', 'PARTICIPATED_IN']);
  });

  it.each([
    [
      'an unknown identifier scheme',
      MAPPING.replace('WIKIDATA: wikidata', 'ORCID: orcid'),
      'identifiers.ORCID',
      10,
      /unknown identifier scheme "ORCID"; known: WIKIDATA, CBDB/,
    ],
    ['a field the type lacks', MAPPING.replace('born', 'born\n  date: when'), 'columns.date', 6, /a Person has no field "date"/],
    [
      'a relationship the type cannot start',
      MAPPING.replace('type: Person', 'type: Place'),
      'relationships[0].type',
      15,
      /HELD_POSITION goes from Person, not from a Place/,
    ],
    [
      'a property of another relationship type',
      MAPPING.replace('title: title,', 'title: title, role: role,'),
      'relationships[0].columns.role',
      17,
      /HELD_POSITION has no "role"/,
    ],
    [
      'a required property not mapped',
      MAPPING.replace('title: title, ', ''),
      'relationships[0].columns',
      17,
      /HELD_POSITION needs "title"/,
    ],
    [
      'a fixed source and a source column',
      MAPPING.replace('source: src', 'source: src\n  sourceColumn: s'),
      'citation',
      12,
      /either `source`/,
    ],
    ['a key of no meaning', MAPPING.replace('type: Person', 'type: Person\nsheet: 1'), '', 1, /Unrecognized key/],
    ['an unknown entity type', MAPPING.replace('type: Person', 'type: Robot'), 'type', 1, /Invalid option/],
    ['no name column', MAPPING.replace('  name: name\n', ''), 'columns', 3, /map the column of the name/],
  ])('refuses %s, naming the mapping line', (_what, text, path, line, message) => {
    const { parsed: p, issues } = parseMapping(text, 'm.yaml', null);
    expect(p).toBeUndefined();
    expect(issues).toContainEqual({ file: 'm.yaml', path, line, message: expect.stringMatching(message) });
  });

  it('refuses columns the sheet lacks or has twice, naming the mapping line', () => {
    const { sheet } = parseSheet('id,name,name,born,about,name_en,wikidata,quote,org,title\n', 'a.csv');
    const { issues } = columnIndex(sheet!, parsed());
    expect(issues.map(formatIssue)).toEqual([
      'm.yaml:4 columns.name: the spreadsheet has two columns named "name"',
      expect.stringMatching(/^m\.yaml:17 relationships\[0\]\.columns\.period: the spreadsheet has no column "period"/),
    ]);
  });
});

const HEADER = 'id,name,born,about,name_en,wikidata,quote,org,title,period';
const SOURCE = '罗富和主委亲任领导小组组长。张三,生于1950年,任某会会长。李四任某会理事。';

function convert(
  csv: string,
  matches: (row: number) => RowMatch,
  targets: Record<string, RowMatch>,
  stored = new Map<string, Record<string, unknown>>(),
  mapping = MAPPING,
) {
  const { sheet } = parseSheet(`${HEADER}\n${csv}`, 'a.csv');
  const p = parsed(mapping);
  const { index } = columnIndex(sheet!, p);
  const rows = readRows(sheet!, p.mapping, index);
  const grouping = groupRows(
    sheet!,
    'Person',
    rows,
    rows.map((_r, n) => matches(n)),
  );
  for (const g of grouping.groups) g.id ??= freeId(g.slug, () => false);
  const targetMap = new Map<string, RowMatch>();
  for (const row of rows) for (const r of row.relations) targetMap.set(targetKey(r), targets[r.toName?.value ?? ''] ?? NEW);
  return buildDocument(sheet!, p, rows, grouping, { stored, targets: targetMap, between: [] });
}

const NEW: RowMatch = { status: 'new', id: null, by: null, candidates: [] };
const ORG: RowMatch = { status: 'matched', id: 'org-x', by: 'name', candidates: [{ id: 'org-x', name: '某会', score: 90, by: 'name' }] };
const facts: GraphFacts = {
  label: (id) => (id === 'org-x' ? 'Organization' : id === 'person-luo' ? 'Person' : undefined),
  sourceText: (id) => (id === 'src' ? SOURCE : undefined),
};

function validate(document: unknown) {
  const { doc } = parseDatasetText(JSON.stringify(document), 'a.csv', null);
  return validateDataset([doc!], facts);
}

describe('rows → dataset document', () => {
  it('makes new people with slug ids, names, identifiers and positions, each cited, and valid', () => {
    const out = convert(
      [',张三,1950,,Zhang San,Q42,"张三,生于1950年,任某会会长",某会,会长,2008/2012', ',李四,,,,,李四任某会理事,某会,理事,'].join('\n'),
      () => NEW,
      { 某会: ORG },
    );
    expect(out.reports.map((r) => [r.line, r.status, r.id, r.issues])).toEqual([
      [2, 'new', 'person-zhang-san', []],
      [3, 'new', 'person-li-si', []],
    ]);
    expect(out.document.entities[0]).toEqual({
      id: 'person-zhang-san',
      type: 'Person',
      name: '张三',
      birthDate: '1950',
      names: [{ value: 'Zhang San', lang: 'en', kind: 'PRIMARY' }],
      identifiers: [{ scheme: 'WIKIDATA', value: 'Q42' }],
      citations: [{ source: 'src', quote: '张三,生于1950年,任某会会长' }],
    });
    expect(out.document.relationships[0]).toEqual({
      id: 'person-zhang-san--held-position--org-x',
      type: 'HELD_POSITION',
      from: 'person-zhang-san',
      to: 'org-x',
      title: '会长',
      period: '2008/2012',
      citations: [{ source: 'src', quote: '张三,生于1950年,任某会会长' }],
    });
    expect(validate(out.document).issues).toEqual([]);
  });

  it('restates a matched entity: keeps its primary name, adds names, notes a kept value, and takes a second position under --2', () => {
    const luo: RowMatch = {
      status: 'matched',
      id: 'person-luo',
      by: 'name',
      candidates: [{ id: 'person-luo', name: '罗富和', score: 90, by: 'name' }],
    };
    const stored = new Map([
      [
        'person-luo',
        {
          id: 'person-luo',
          type: 'PERSON',
          name: '罗富和',
          nameValues: ['罗富和'],
          nameLangs: ['zh-Hans'],
          nameKinds: ['PRIMARY'],
          descriptionEn: 'Chair',
        },
      ],
    ]);
    const out = convert(
      [',罗富和,,Someone else,Luo Fuhe,,罗富和主委亲任领导小组组长,某会,主委,', ',罗富和,,,,,罗富和主委,某会,组长,'].join('\n'),
      () => luo,
      { 某会: ORG },
      stored,
    );
    expect(out.document.entities).toEqual([
      {
        id: 'person-luo',
        type: 'Person',
        names: [{ value: 'Luo Fuhe', lang: 'en', kind: 'PRIMARY' }],
        citations: [
          { source: 'src', quote: '罗富和主委亲任领导小组组长' },
          { source: 'src', quote: '罗富和主委' },
        ],
      },
    ]);
    expect(out.reports[0]!.notes).toEqual([`descriptionEn: the graph's value is kept ("Chair"); onMatch: overwrite replaces it`]);
    expect(out.document.relationships.map((r) => r['id'])).toEqual([
      'person-luo--held-position--org-x',
      'person-luo--held-position--org-x--2',
    ]);
    // onMatch: overwrite gives the cell instead.
    const overwritten = convert(',罗富和,,Someone else,,,罗富和主委,,,', () => luo, {}, stored, `onMatch: overwrite\n${MAPPING}`);
    expect(overwritten.document.entities[0]).toMatchObject({ id: 'person-luo', descriptionEn: 'Someone else' });
    expect(overwritten.reports[0]!.notes).toEqual([]);
  });

  it('refuses ambiguous rows and unknown or ambiguous other ends, listing the candidates, and rows without a quote', () => {
    const twins: RowMatch = {
      status: 'ambiguous',
      id: null,
      by: null,
      candidates: [
        { id: 'person-a', name: '胡献', score: 90, by: 'name' },
        { id: 'person-b', name: '胡献', score: 90, by: 'name' },
      ],
    };
    const out = convert(
      [',胡献,,,,,q,某会,主委,', ',张三,,,,,q,无名会,会长,', ',李四,,,,,,某会,理事,'].join('\n'),
      (n) => (n === 0 ? twins : NEW),
      {
        某会: ORG,
      },
    );
    expect(out.reports.map((r) => [r.status, r.issues.map(formatIssue)])).toEqual([
      [
        'ambiguous',
        [
          'a.csv:2 name: ambiguous: matches person-a (胡献, name 90), person-b (胡献, name 90); fill in the id column to say which (or give a new id)',
        ],
      ],
      ['new', ['a.csv:3 org (person-zhang-san): HELD_POSITION: no entity "无名会" of the type it links to is in the graph']],
      ['new', ['a.csv:4 quote (person-li-si): every row needs a quote of its source (a verbatim sentence)']],
    ]);
    expect(out.document.entities.map((e) => e['id'])).toEqual(['person-zhang-san', 'person-li-si']);
  });

  it('finds the row and column of a dataset path', () => {
    const out = convert(',张三,1950x,,,,张三,某会,会长,2008/2012', () => NEW, { 某会: ORG });
    const { issues } = validate(out.document);
    expect(issues.map((i) => i.path)).toContain('entities[0].birthDate');
    expect(originOf(out.origins, 'entities[0].birthDate')).toEqual({ row: 0, column: 'born' });
    expect(originOf(out.origins, 'entities[0].citations[0].quote')).toEqual({ row: 0, column: 'quote' });
    expect(originOf(out.origins, 'relationships[0].period')).toEqual({ row: 0, column: 'period' });
    expect(originOf(out.origins, 'relationships[0].citations[0].quote')).toEqual({ row: 0, column: 'quote' });
    expect(pathList('sources[2].file')).toEqual(['sources', 2, 'file']);
    // A required property left empty is its column's issue.
    const untitled = convert(',张三,,,,,张三,某会,,', () => NEW, { 某会: ORG });
    const missing = validate(untitled.document).issues.find((i) => i.path === 'relationships[0].title');
    expect(missing?.message).toBe('HELD_POSITION needs "title"');
    expect(originOf(untitled.origins, missing!.path)).toEqual({ row: 0, column: 'title' });
  });

  it('gives new rows of one name one entity, and new ids past the taken ones', () => {
    const out = convert([',张三,,,,,张三,,,', ',张三,,,,,张三,,,'].join('\n'), () => NEW, {});
    expect(out.document.entities).toHaveLength(1);
    expect(out.reports.map((r) => r.id)).toEqual(['person-zhang-san', 'person-zhang-san']);
    expect(freeId('person-a', (id) => ['person-a', 'person-a-2'].includes(id))).toBe('person-a-3');
  });
});
