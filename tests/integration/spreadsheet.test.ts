// The spreadsheet import against the real graph: the example of docs/ through the command line
// (dry run, import, visible, idempotent), the mutation (statuses with candidates, a dry run that
// writes nothing, an ambiguity resolved by the id column, idempotency keys), and each refusal
// writing nothing. Everything added is removed at the end, and the graph is compared with how it was.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';
import { importSpreadsheetAs } from '../../src/domain/curation/import-spreadsheet.js';

const { gql, asCurator, executor } = connectApi();
const SEED_SRC = 'src-mj-gd-2006-qingyuan';
const CURATOR = 'test-sheet';

/** Ids this file adds: removed at the end, with their citations and relationships. */
const added = new Set<string>([
  'test-sheet-twin',
  'test-sheet-ident',
  'test-sheet-src',
  'src-annals-test-note-qinghe',
  'org-qinghe-society',
  'org-qinghe-society-editorial-office',
  'event-qinghe-society-2010-meeting',
]);
let initial: Awaited<ReturnType<typeof graphState>>;

beforeAll(async () => {
  initial = await graphState(executor, true);
});

function annals(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ANNALS_CURATOR: undefined, ...neo4jEnv(), LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

interface Row {
  line: number;
  status: string;
  id: string | null;
  name: string | null;
  candidates: { id: string; name: string; score: number; by: string }[];
  issues: { line: number | null; path: string; entry: string | null; message: string }[];
  notes: string[];
}
interface Counts {
  created: number;
  changed: number;
  unchanged: number;
}
interface SheetResult {
  dryRun: boolean;
  ok: boolean;
  rowCount: number;
  newRows: number;
  matchedRows: number;
  ambiguousRows: number;
  rowsWithIssues: number;
  issues: { file: string; line: number | null; path: string; message: string }[];
  rows: Row[];
  import: { entityCounts: Counts; relationshipCounts: Counts; citations: number; change: { id: string } | null } | null;
}

const IMPORT = `mutation($csv: String!, $mapping: String!, $dry: Boolean, $key: String) {
  importSpreadsheet(csv: $csv, mapping: $mapping, dryRun: $dry, idempotencyKey: $key) {
    dryRun ok rowCount newRows matchedRows ambiguousRows rowsWithIssues
    issues { file line path message }
    rows(first: 500) { line status id name candidates { id name score by } issues { line path entry message } notes }
    import { entityCounts { created changed unchanged } relationshipCounts { created changed unchanged } citations change { id } }
  }
}`;

async function sheet(csv: string, mapping: string, options: { dry?: boolean; key?: string; curator?: string | null } = {}) {
  const variables = { csv, mapping, dry: options.dry ?? false, key: options.key ?? null };
  const res =
    options.curator === null
      ? await gql<{ importSpreadsheet: SheetResult }>(IMPORT, variables)
      : await asCurator<{ importSpreadsheet: SheetResult }>(options.curator ?? CURATOR, IMPORT, variables);
  for (const row of res.data?.importSpreadsheet.rows ?? []) if (row.status === 'NEW' && row.id !== null) added.add(row.id);
  return res;
}

const TEST_TEXT = '测试资料:由 Annals 测试编写,其中人物均为虚构。甲乙丙,生于1950年,任民进广东省委测试员。丁戊己任民进广东省委测试员。';
const MAPPING = `type: Person
columns: { id: id, name: name, birthDate: born }
identifiers: { WIKIDATA: wikidata }
citation: { sourceColumn: source, quote: quote }
relationships:
  - type: HELD_POSITION
    to: { name: org }
    columns: { title: title, attestedAt: attested }
sources:
  - id: test-sheet-src
    title: 电子表格导入测试资料(虚构)
    text: "${TEST_TEXT}"
`;
const HEADER = 'id,name,born,wikidata,source,quote,org,title,attested';
const HU = '胡献副秘书长作了机关建设工作总结';
const LUO = '罗富和主委亲任领导小组组长';

describe('the example of docs/ through the command line', () => {
  const csv = 'docs/examples/people.csv';
  const mapping = 'docs/examples/people.mapping.yaml';

  it('imports the organizations of the test note first (a dry run of a dataset writes nothing)', async () => {
    const before = await graphState(executor);
    const dry = annals('import', 'docs/examples/qinghe-society.yaml', '--dry-run', '--json');
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dryRun: true, entityCounts: { created: 4, changed: 0, unchanged: 0 } });
    expect(await graphState(executor)).toEqual(before);
    const res = annals('import', 'docs/examples/qinghe-society.yaml', '--curator', CURATOR, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  });

  it('dry run: 3 people of the seed matched, 17 new, nothing written', async () => {
    const before = await graphState(executor);
    const res = annals('import', csv, '--mapping', mapping, '--dry-run', '--json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as SheetResult;
    expect(report).toMatchObject({
      dryRun: true,
      ok: true,
      rowCount: 20,
      matchedRows: 3,
      newRows: 17,
      ambiguousRows: 0,
      rowsWithIssues: 0,
    });
    const rows = report.rows as unknown as (Omit<Row, 'status'> & { status: string })[];
    expect(rows.slice(0, 4).map((r) => [r.line, r.status, r.id, r.candidates[0]?.by])).toEqual([
      [2, 'matched', 'person-luo-fuhe', 'name'],
      [3, 'matched', 'person-yao-bentang', 'name'],
      [4, 'matched', 'person-hu-xian', 'id'],
      [5, 'new', 'person-wang-qing-he', undefined],
    ]);
    expect(report.import!.entityCounts).toEqual({ created: 17, changed: 0, unchanged: 3 });
    expect(report.import!.change).toBeNull();
    expect(await graphState(executor)).toEqual(before);
  });

  it('imports the 20 rows, cited, and they are visible through the public API', async () => {
    const res = annals('import', csv, '--mapping', mapping, '--curator', CURATOR, '--json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as SheetResult;
    for (const row of report.rows) if (row.status === 'new') added.add(row.id!);
    expect(report.import!.entityCounts).toEqual({ created: 17, changed: 0, unchanged: 3 });
    // 17 positions and 3 participations are new; the seed's 3 positions and 3 participations are restated as they are.
    expect(report.import!.relationshipCounts).toEqual({ created: 20, changed: 0, unchanged: 6 });
    expect(report.import!.change).not.toBeNull();

    const person = await gql<{
      person: {
        name: string;
        birthDate: { edtf: string };
        names: { value: string }[];
        citations: { quote: string; line: number }[];
        positions: { title: string; period: { edtf: string }; organization: { id: string } }[];
        participations: { role: string; event: { id: string } }[];
      };
    }>(
      `{ person(id: "person-wang-qing-he") { name birthDate { edtf } names { value } citations { quote line }
          positions { title period { edtf } organization { id } } participations { role event { id } } } }`,
    );
    expect(person.errors).toBeUndefined();
    expect(person.data!.person).toMatchObject({
      name: '王青禾',
      birthDate: { edtf: '1948' },
      citations: [{ quote: '王青禾,字子禾,生于1948年,2008年至2012年任青禾文史学会会长。', line: 8 }],
      positions: [{ title: '会长', period: { edtf: '2008/2012' }, organization: { id: 'org-qinghe-society' } }],
      participations: [{ role: '主持会议', event: { id: 'event-qinghe-society-2010-meeting' } }],
    });
    expect(person.data!.person.names.map((n) => n.value)).toEqual(expect.arrayContaining(['Wang Qinghe', '子禾']));
    // The explorer searches in toneless pinyin.
    const found = await gql<{ search: { entity: { id: string } }[] }>('{ search(text: "wang qinghe", first: 3) { entity { id } } }');
    expect(found.data!.search[0]!.entity.id).toBe('person-wang-qing-he');
    const roster = await gql<{ organization: { positions: { person: { id: string } }[] } }>(
      '{ organization(id: "org-qinghe-society") { positions(at: "2010") { person { id } } } }',
    );
    expect(roster.data!.organization.positions.map((p) => p.person.id)).toContain('person-zhou-xiao-fan');
  });

  it('imported again, changes nothing and records nothing', async () => {
    const before = await graphState(executor);
    const res = annals('import', csv, '--mapping', mapping, '--curator', CURATOR, '--json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as SheetResult;
    expect(report).toMatchObject({ matchedRows: 20, newRows: 0 });
    expect(report.import!.entityCounts).toEqual({ created: 0, changed: 0, unchanged: 20 });
    expect(report.import!.change).toBeNull();
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('the importSpreadsheet mutation', () => {
  beforeAll(async () => {
    const create = 'mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }';
    const cite = [{ source: SEED_SRC, quote: HU }];
    // A second 胡献 makes the name ambiguous; an entity with a Wikidata id is found by it.
    for (const input of [
      { id: 'test-sheet-twin', type: 'PERSON', name: '胡献', citations: cite },
      {
        id: 'test-sheet-ident',
        type: 'PERSON',
        name: '测试甲',
        identifiers: [{ scheme: 'WIKIDATA', value: 'Q987650001' }],
        citations: cite,
      },
    ]) {
      const res = await asCurator(CURATOR, create, { input });
      expect(res.errors).toBeUndefined();
    }
  });

  const rows = (ambiguousId = '') =>
    [
      HEADER,
      `person-hu-xian,胡献,,,${SEED_SRC},${HU},,,`,
      `,测试甲的别名,,q987650001,${SEED_SRC},${HU},,,`,
      `,罗富和,,,${SEED_SRC},${LUO},,,`,
      `,Luofuhe,,,${SEED_SRC},${LUO},,,`,
      `${ambiguousId},胡献,,,${SEED_SRC},${HU},,,`,
      `,甲乙丙,1950,,test-sheet-src,"甲乙丙,生于1950年,任民进广东省委测试员",民进广东省委,测试员,2004`,
    ].join('\r\n');

  it('needs a write token, for a dry run too', async () => {
    const res = await sheet(rows(), MAPPING, { dry: true, curator: null });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('dry run: says new, matched (by id, identifier, name, pinyin) and ambiguous with candidates, and writes nothing', async () => {
    const before = await graphState(executor);
    const res = await sheet(rows(), MAPPING, { dry: true });
    expect(res.errors).toBeUndefined();
    const r = res.data!.importSpreadsheet;
    expect(r).toMatchObject({ dryRun: true, ok: false, rowCount: 6, matchedRows: 4, newRows: 1, ambiguousRows: 1, rowsWithIssues: 1 });
    expect(r.rows.map((x) => [x.line, x.status, x.id, x.candidates.find((c) => c.id === x.id)?.by ?? null])).toEqual([
      [2, 'MATCHED', 'person-hu-xian', 'id'],
      [3, 'MATCHED', 'test-sheet-ident', 'identifier'],
      [4, 'MATCHED', 'person-luo-fuhe', 'name'],
      [5, 'MATCHED', 'person-luo-fuhe', 'pinyin'],
      [6, 'AMBIGUOUS', null, null],
      [7, 'NEW', 'person-jia-yi-bing', null],
    ]);
    expect(r.rows[1]!.notes).toEqual(['"测试甲的别名" is added to test-sheet-ident as an alias']);
    expect(r.rows[4]!.candidates.map((c) => [c.id, c.score, c.by])).toEqual([
      ['person-hu-xian', 90, 'name'],
      ['test-sheet-twin', 90, 'name'],
    ]);
    expect(r.rows[4]!.issues[0]!.message).toMatch(/^ambiguous: matches person-hu-xian \(胡献, name 90\), test-sheet-twin/);
    // What the import would do once the row is resolved: the validation ran on the rest.
    expect(r.import!.entityCounts).toEqual({ created: 2, changed: 1, unchanged: 2 });
    expect(r.rows.filter((x) => x.status === 'AMBIGUOUS')).toHaveLength(1);
    const filtered = await asCurator<{ importSpreadsheet: { rows: { line: number }[] } }>(
      CURATOR,
      'mutation($csv: String!, $mapping: String!) { importSpreadsheet(csv: $csv, mapping: $mapping, dryRun: true) { rows(status: AMBIGUOUS) { line } } }',
      { csv: rows(), mapping: MAPPING },
    );
    expect(filtered.data!.importSpreadsheet.rows).toEqual([{ line: 6 }]);
    expect(await graphState(executor)).toEqual(before);
  });

  it('refuses the import while a row is ambiguous, listing the candidates, and writes nothing', async () => {
    const before = await graphState(executor);
    const res = await sheet(rows(), MAPPING);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/nothing was written/);
    expect(res.errors?.[0]?.message).toMatch(
      /csv:6 name: ambiguous: matches person-hu-xian \(胡献, name 90\), test-sheet-twin \(胡献, name 90\)/,
    );
    const refused = res.errors?.[0]?.extensions?.['rows'] as Row[];
    expect(refused.map((x) => x.line)).toEqual([6]);
    expect(await graphState(executor)).toEqual(before);
  });

  it('imports once the id column says which, records one change, and a retry with its key answers that change', async () => {
    const res = await sheet(rows('person-hu-xian'), MAPPING, { key: 'sheet-1' });
    expect(res.errors).toBeUndefined();
    const r = res.data!.importSpreadsheet;
    expect(r).toMatchObject({ dryRun: false, ok: true, matchedRows: 5, newRows: 1, ambiguousRows: 0 });
    expect(r.import!.entityCounts).toEqual({ created: 2, changed: 1, unchanged: 2 });
    expect(r.import!.relationshipCounts).toEqual({ created: 1, changed: 0, unchanged: 0 });
    const change = r.import!.change!.id;
    const person = await gql<{
      person: { name: string; positions: { title: string; attestedAt: { edtf: string }; organization: { id: string } }[] };
    }>('{ person(id: "person-jia-yi-bing") { name positions { title attestedAt { edtf } organization { id } } } }');
    expect(person.data!.person).toEqual({
      name: '甲乙丙',
      positions: [{ title: '测试员', attestedAt: { edtf: '2004' }, organization: { id: 'org-capd-guangdong' } }],
    });
    const alias = await gql<{ entity: { names: { value: string; kind: string }[] } }>(
      '{ entity(id: "test-sheet-ident") { names { value kind } } }',
    );
    expect(alias.data!.entity.names).toContainEqual({ value: '测试甲的别名', kind: 'ALIAS' });

    const before = await graphState(executor);
    const retried = await sheet(rows('person-hu-xian'), MAPPING, { key: 'sheet-1' });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.importSpreadsheet.import!.change!.id).toBe(change);
    const again = await sheet(rows('person-hu-xian'), MAPPING);
    expect(again.data!.importSpreadsheet.import).toMatchObject({ change: null, entityCounts: { created: 0, changed: 0, unchanged: 5 } });
    expect(await graphState(executor)).toEqual(before);
  });

  it('refuses with CONFLICT, writing nothing, when the graph changed between matching and the write', async () => {
    const csv = [HEADER, `,测试甲,,,${SEED_SRC},${HU},,,`, `,庚辛壬,,,test-sheet-src,丁戊己任民进广东省委测试员,,,`].join('\n');
    const input = { csv, csvFile: 'c.csv', mapping: MAPPING, mappingFile: 'm.yaml', baseDir: null };
    const edit = 'mutation($id: ID!, $input: EntityPatch!) { updateEntity(id: $id, input: $input) { changed } }';
    let before = await graphState(executor);
    // The matched entity is edited meanwhile: its revision moved.
    const moved = importSpreadsheetAs(executor, CURATOR, input, {
      afterMatching: async () => {
        expect(
          (await asCurator(CURATOR, edit, { id: 'test-sheet-ident', input: { descriptionEn: 'edited meanwhile' } })).errors,
        ).toBeUndefined();
        before = await graphState(executor);
      },
    });
    await expect(moved).rejects.toMatchObject({ extensions: { code: 'CONFLICT', ids: ['test-sheet-ident'] } });
    expect(await graphState(executor)).toEqual(before);
    // An entity appeared meanwhile under the id a new row was to get.
    const appeared = importSpreadsheetAs(executor, CURATOR, input, {
      afterMatching: async () => {
        const create = 'mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }';
        const input = { id: 'person-geng-xin-ren', type: 'PLACE', name: '别处', citations: [{ source: SEED_SRC, quote: HU }] };
        added.add('person-geng-xin-ren');
        expect((await asCurator(CURATOR, create, { input })).errors).toBeUndefined();
        before = await graphState(executor);
      },
    });
    await expect(appeared).rejects.toMatchObject({ extensions: { code: 'CONFLICT', ids: ['person-geng-xin-ren'] } });
    expect(await graphState(executor)).toEqual(before);
  });

  const one = (row: string, mapping = MAPPING, header = HEADER) => ({ csv: `${header}\n${row}`, mapping });
  const NEW_ROW = `,丁戊己,,,test-sheet-src,丁戊己任民进广东省委测试员,民进广东省委,测试员,2004`;

  it.each([
    ['a bad date', one(NEW_ROW.replace(',,,test-sheet-src', ',1950-13,,test-sheet-src')), /csv:2 born \(person-ding-wu-ji\): .*1950-13/],
    [
      'a quote not in the source',
      one(NEW_ROW.replace('丁戊己任民进广东省委测试员', '丁戊己任民进广东省委主任')),
      /csv:2 quote \(person-ding-wu-ji\): quote not found verbatim in source test-sheet-src/,
    ],
    [
      'a source not in the graph',
      one(NEW_ROW.replace('test-sheet-src', 'test-sheet-nowhere')),
      /csv:2 source \(person-ding-wu-ji\): cannot check the quote: no such source/,
    ],
    [
      'an unknown organization',
      one(NEW_ROW.replace('民进广东省委,', '不存在的测试组织,')),
      /csv:2 org \(person-ding-wu-ji\): HELD_POSITION: no entity "不存在的测试组织"/,
    ],
    [
      'an unknown identifier scheme',
      one(NEW_ROW, MAPPING.replace('WIKIDATA: wikidata', 'ORCID: wikidata')),
      /mapping:3 identifiers\.ORCID: unknown identifier scheme "ORCID"/,
    ],
    [
      'a bad identifier',
      one(NEW_ROW.replace(',,test-sheet-src', ',Q0x,test-sheet-src')),
      /csv:2 wikidata \(person-ding-wu-ji\): "Q0x" is not a Wikidata item id/,
    ],
    [
      'a column the sheet lacks',
      one(NEW_ROW, MAPPING, HEADER.replace('attested', 'when')),
      /mapping:8 relationships\[0\]\.columns\.attestedAt: the spreadsheet has no column "attested"/,
    ],
    [
      'a row without a quote',
      one(NEW_ROW.replace('丁戊己任民进广东省委测试员', '')),
      /csv:2 quote \(person-ding-wu-ji\): every row needs a quote/,
    ],
    ['broken CSV', one(`${NEW_ROW}\n,"unclosed`), /csv:3: not valid CSV: Quote Not Closed/],
  ])('refuses %s, naming where, and writes nothing (a dry run reports the same)', async (_what, { csv, mapping }, message) => {
    const before = await graphState(executor);
    const res = await sheet(csv, mapping);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
    const dry = await sheet(csv, mapping, { dry: true });
    expect(dry.errors).toBeUndefined();
    expect(dry.data!.importSpreadsheet.ok).toBe(false);
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('the command line', () => {
  it('refuses a CSV without --mapping as usage, a missing file with exit code 1, and prints a dry run for people', () => {
    const usage = annals('import', 'docs/examples/people.csv');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/a spreadsheet needs its mapping/);
    const missing = annals('import', 'nowhere.csv', '--mapping', 'docs/examples/people.mapping.yaml', '--dry-run');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/nowhere\.csv: file not found/);
    // For people: a line per row, then the counts and what would happen.
    const human = annals('import', 'docs/examples/people.csv', '--mapping', 'docs/examples/people.mapping.yaml', '--dry-run');
    expect(human.code, human.stdout + human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^line 2: MATCHED +person-luo-fuhe 罗富和 \(by name, 90\)$/m);
    expect(human.stdout).toMatch(/^line 4: MATCHED +person-hu-xian 胡献 \(by id, 100\)$/m);
    expect(human.stdout).toMatch(/^20 rows: 20 matched, 0 new, 0 ambiguous, 0 with issues$/m);
    expect(human.stdout).toMatch(
      /^dry run, nothing written: entities would be 0 created, 0 changed, 20 unchanged; relationships 0 created, 0 changed, 26 unchanged \(\d+ ms\)$/m,
    );
  });
});

describe('afterwards', () => {
  it('removes what this file added and leaves the graph as it was', async () => {
    const ids = [...added];
    await executor.write({
      cypher: `MATCH (n) WHERE n.id IN $ids OR any(i IN $ids WHERE n.about = i OR n.about STARTS WITH i + '--' OR n.about ENDS WITH '--' + i OR n.about CONTAINS '--' + i + '--')
DETACH DELETE n`,
      params: { ids },
    });
    expect(await graphState(executor, true)).toEqual(initial);
  });
});
