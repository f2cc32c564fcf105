// The importer's CSVs of an import plan, and the statement that sets what the importer cannot store.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARRAY_DELIMITER, BulkCsvError, BulkCsvWriter, laterStatements, writeBulkCsv, type BulkCsv } from '../../src/dataset/bulk-csv.js';
import type { ImportPlan, NodeRow } from '../../src/model/rows.js';
import { setLaterPropsOnNodes, setLaterPropsOnRelationships } from '../../src/queries/bulk.js';

const dir = mkdtempSync(join(tmpdir(), 'annals-bulk-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan: ImportPlan = {
  nodes: new Map([
    [
      'Person',
      <NodeRow[]>[
        {
          id: 'p-1',
          props: {
            id: 'p-1',
            name: 'a "quoted", name',
            note: 'over\r\nlines',
            aliases: ['x', 'y'],
            earliest: '2002-01-01',
            gone: null,
            n: 3,
          },
        },
        { id: 'p-2', props: { id: 'p-2', name: 'b', quantities: [] } },
      ],
    ],
    ['Source', <NodeRow[]>[{ id: 's', props: { id: 's', title: 't' } }]],
  ]),
  relationships: new Map([
    ['HELD_POSITION', [{ id: 'p-1--held-position--p-2', from: 'p-1', to: 'p-2', props: { id: 'p-1--held-position--p-2', share: 0.5 } }]],
  ]),
  findings: [],
  claims: [],
  citations: [{ id: 'c-1', sourceId: 's', props: { id: 'c-1', quote: 'q', start: 1, end: 2 } }],
  mentions: [
    { sourceId: 's', entityId: 'p-1' },
    { sourceId: 's', entityId: 'p-1' },
  ],
};

/** The statements of the later file, collected. */
async function later(csv: BulkCsv, batchRows?: number, batchChars?: number) {
  const out = [];
  for await (const q of laterStatements(csv.later, batchRows, batchChars)) out.push(q);
  return out;
}

describe('writeBulkCsv', () => {
  const csv = writeBulkCsv(plan, join(dir, 'out'));
  const file = (name: string) => readFileSync(csv.files.find((f) => basename(f.path) === name)!.path, 'utf8');

  it('writes one file per property signature, typed columns, quoted text, dates for entities, revision 1', () => {
    expect(csv.files.map((f) => [basename(f.path), f.kind, f.rows])).toEqual([
      ['nodes-Citation-1.csv', 'nodes', 1],
      ['rels-IN_SOURCE-1.csv', 'relationships', 1],
      ['rels-MENTIONS-1.csv', 'relationships', 1],
      ['nodes-Person-1.csv', 'nodes', 1],
      ['nodes-Person-2.csv', 'nodes', 1],
      ['nodes-Source-1.csv', 'nodes', 1],
      ['rels-HELD_POSITION-1.csv', 'relationships', 1],
    ]);
    // Nodes numbered as written (the importer's ids: --id-type=actual), the text id a property.
    expect(file('nodes-Person-1.csv')).toBe(
      '":ID","id:string",":LABEL","aliases:string[]","earliest:date","n:long","name:string","revision:long"\n' +
        '0,"p-1","Entity\u001fPerson","x\u001fy","2002-01-01",3,"a ""quoted"", name",1\n',
    );
    expect(file('nodes-Source-1.csv')).toBe(
      '":ID","id:string",":LABEL","revision:long","title:string"\n2,"s","Entity\u001fSource",1,"t"\n',
    );
    expect(file('rels-HELD_POSITION-1.csv')).toBe(
      '":START_ID",":END_ID",":TYPE","id:string","share:double"\n0,1,"HELD_POSITION","p-1--held-position--p-2",0.5\n',
    );
    expect(file('nodes-Citation-1.csv')).toBe(
      '":ID","id:string",":LABEL","end:long","quote:string","start:long"\n3,"c-1","Citation",2,"q",1\n',
    );
    expect(file('rels-IN_SOURCE-1.csv')).toBe('":START_ID",":END_ID",":TYPE"\n3,2,"IN_SOURCE"\n');
    // One MENTIONS per source and entity, as MERGE makes it.
    expect(file('rels-MENTIONS-1.csv')).toBe('":START_ID",":END_ID",":TYPE","id:string"\n2,0,"MENTIONS","s--mentions--p-1"\n');
    expect([csv.nodes, csv.relationships]).toEqual([4, 3]);
    expect(csv.longestLine).toBe(
      '":ID","id:string",":LABEL","aliases:string[]","earliest:date","n:long","name:string","revision:long"\n'.length,
    );
  });

  it('leaves empty lists and text spanning lines to a statement after the importer', async () => {
    expect(file('nodes-Person-2.csv')).toBe(
      '":ID","id:string",":LABEL","name:string","revision:long"\n1,"p-2","Entity\u001fPerson","b",1\n',
    );
    expect(await later(csv)).toEqual([
      setLaterPropsOnNodes('Entity', [
        { id: 'p-1', props: { note: 'over\r\nlines' } },
        { id: 'p-2', props: { quantities: [] } },
      ]),
    ]);
    // Batches by rows (and by characters): one statement per batch.
    expect((await later(csv, 1)).map((q) => q.params)).toEqual([
      { rows: [{ id: 'p-1', props: { note: 'over\r\nlines' } }] },
      { rows: [{ id: 'p-2', props: { quantities: [] } }] },
    ]);
    expect(await later(csv, 10, 20)).toHaveLength(2);
    expect(setLaterPropsOnNodes('Entity', [{ id: 'p-2', props: { quantities: [] } }])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $rows AS row
      MATCH (n:Entity {id: row.id})
      SET n += row.props",
        "params": {
          "rows": [
            {
              "id": "p-2",
              "props": {
                "quantities": [],
              },
            },
          ],
        },
      }
    `);
    expect(setLaterPropsOnRelationships('HELD_POSITION', []).cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH ()-[r:HELD_POSITION {id: row.id}]->()
      SET r += row.props"
    `);
    expect(() => setLaterPropsOnNodes('Person; DROP' as 'Entity', [])).toThrow('not a bulk node kind');
  });
});

describe('writeBulkCsv with the change of a large load', () => {
  it('writes the change (pending until recorded), a ChangeKey per key and an AFFECTED link to each, counted apart from the dataset', () => {
    const csv = writeBulkCsv(plan, join(dir, 'change'), { id: 'chg-1', keys: ['p-1', 'p-1--held-position--p-2'] });
    const file = (name: string) => readFileSync(csv.files.find((f) => basename(f.path) === name)!.path, 'utf8');
    // Numbered after the dataset's four nodes.
    expect(file('nodes-Change-1.csv')).toBe('":ID","id:string",":LABEL"\n4,"chg-1","PendingChange"\n');
    expect(file('nodes-ChangeKey-1.csv')).toBe(
      '":ID","id:string",":LABEL"\n5,"p-1","ChangeKey"\n6,"p-1--held-position--p-2","ChangeKey"\n',
    );
    expect(file('rels-AFFECTED-1.csv')).toBe('":START_ID",":END_ID",":TYPE"\n4,5,"AFFECTED"\n4,6,"AFFECTED"\n');
    expect(csv.history).toEqual({ nodes: 3, relationships: 2 });
    const again = new BulkCsvWriter(join(dir, 'twice'));
    again.addChange('chg-2', []);
    expect(() => again.addChange('chg-3', [])).toThrow(/one change/);
    again.close();
    // The dataset's counts stay the dataset's (relsPerS is of them).
    expect([csv.nodes, csv.relationships]).toEqual([4, 3]);
  });
});

describe('BulkCsvWriter', () => {
  // The values the seed and the generated archives hold that CSV or the importer could get wrong:
  // Chinese text, quotes, commas, newlines, text that looks like a number or a date, empty text,
  // booleans, whole and fractional numbers, lists of text and of numbers, EDTF next to DATE bounds.
  const tricky = (id: string, extra: Record<string, unknown> = {}): NodeRow => ({
    id,
    props: {
      id,
      name: '民进广东省委机关建设工作座谈会(清远)',
      descriptionZh: '他说:"三大工程",同心',
      descriptionEn: 'over\nlines',
      lines: ['一\n二', '三'],
      edtf: '[2002-06..2006-07]',
      earliest: '2002-06-01',
      latest: '2006-07-31',
      sortName: 'min jin\u0001民进',
      code: '2002',
      empty: '',
      approximate: false,
      uncertain: true,
      precisionRank: 1,
      share: 0.25,
      nameValues: ['民进', 'CAPD, "the association"', 'min jin'],
      quantityValues: [4, 21],
      ...extra,
    } as NodeRow['props'],
  });
  const out = join(dir, 'writer');
  const writer = new BulkCsvWriter(out);
  // Two plans, as a large archive is written chunk by chunk; the second links to the first and
  // mentions a pair the first already made; the first mentions from a source only the second holds.
  writer.add({
    nodes: new Map([['Event', [tricky('e-1')]]]),
    relationships: new Map(),
    findings: [{ id: 'f-1', event: 'e-1', props: { id: 'f-1', kind: 'COUNT', value: 3, note: null } }],
    claims: [{ id: 'k-1', props: { id: 'k-1', about: 'e-1', property: 'date', value: '2006-07-07' } }],
    citations: [],
    mentions: [{ sourceId: 's-1', entityId: 'e-1' }],
  } as ImportPlan);
  writer.add({
    nodes: new Map([
      ['Event', [tricky('e-2')]],
      ['Source', [{ id: 's-1', props: { id: 's-1', title: 't' } }]],
    ]),
    relationships: new Map([
      ['FOLLOWED', [{ id: 'e-1--followed--e-2', from: 'e-1', to: 'e-2', props: { id: 'e-1--followed--e-2', earliest: null } }]],
    ]),
    findings: [],
    claims: [],
    citations: [],
    mentions: [
      { sourceId: 's-1', entityId: 'e-1' },
      { sourceId: 's-1', entityId: 'e-2' },
    ],
  } as ImportPlan);
  const csv = writer.close();
  const file = (name: string) => readFileSync(csv.files.find((f) => basename(f.path) === name)!.path, 'utf8');

  it('pins the header and cells of each file, appending plan after plan', () => {
    const U = ARRAY_DELIMITER;
    const row = (n: number, id: string) =>
      [
        String(n),
        `"${id}"`,
        `"Entity${U}Event"`,
        'false',
        '"2002"',
        '"他说:""三大工程"",同心"',
        '"2002-06-01"',
        '"[2002-06..2006-07]"',
        '""',
        '"2006-07-31"',
        '"民进广东省委机关建设工作座谈会(清远)"',
        `"民进${U}CAPD, ""the association""${U}min jin"`,
        '1',
        `"4${U}21"`,
        '1',
        '0.25',
        '"min jin\u0001民进"',
        'true',
      ].join(',') + '\n';
    expect(file('nodes-Event-1.csv')).toBe(
      '":ID","id:string",":LABEL","approximate:boolean","code:string","descriptionZh:string","earliest:date","edtf:string","empty:string",' +
        '"latest:date","name:string","nameValues:string[]","precisionRank:long","quantityValues:long[]","revision:long","share:double",' +
        '"sortName:string","uncertain:boolean"\n' +
        row(0, 'e-1') +
        row(4, 'e-2'),
    );
    expect(file('nodes-Finding-1.csv')).toBe('":ID","id:string",":LABEL","kind:string","value:long"\n1,"f-1","Finding","COUNT",3\n');
    expect(file('rels-RECORDED-1.csv')).toBe('":START_ID",":END_ID",":TYPE"\n0,1,"RECORDED"\n');
    expect(file('nodes-Claim-1.csv')).toBe(
      '":ID","id:string",":LABEL","about:string","property:string","value:string"\n2,"k-1","Claim","e-1","date","2006-07-07"\n',
    );
    // s-1 was named by a MENTIONS of the first plan before the second held it: it takes the number given then.
    expect(file('nodes-Source-1.csv')).toBe(
      '":ID","id:string",":LABEL","revision:long","title:string"\n3,"s-1","Entity\u001fSource",1,"t"\n',
    );
    // A null property is not stored (SET r = props leaves it out): the row has only its id.
    expect(file('rels-FOLLOWED-1.csv')).toBe('":START_ID",":END_ID",":TYPE","id:string"\n0,4,"FOLLOWED","e-1--followed--e-2"\n');
    expect(file('rels-MENTIONS-1.csv')).toBe(
      '":START_ID",":END_ID",":TYPE","id:string"\n3,0,"MENTIONS","s-1--mentions--e-1"\n3,4,"MENTIONS","s-1--mentions--e-2"\n',
    );
    expect([csv.nodes, csv.relationships]).toEqual([5, 4]);
    // No cell spans lines: such text (or a list of text with one) is set after the importer.
    for (const f of csv.files) expect(readFileSync(f.path, 'utf8').match(/[\r\n]/g)).toHaveLength(f.rows + 1);
  });

  it('sets text spanning lines after the importer, text or list of text', async () => {
    const props = { descriptionEn: 'over\nlines', lines: ['一\n二', '三'] };
    expect(await later(csv)).toEqual([
      setLaterPropsOnNodes('Entity', [
        { id: 'e-1', props },
        { id: 'e-2', props },
      ]),
    ]);
  });

  it('refuses what the importer would store differently from the statements', () => {
    const refused = (props: Record<string, unknown>) => () =>
      writeBulkCsv(
        {
          nodes: new Map([['Person', [{ id: 'x', props: { id: 'x', ...props } } as NodeRow]]]),
          relationships: new Map(),
          findings: [],
          claims: [],
          citations: [],
          mentions: [],
        },
        join(dir, 'refused'),
      );
    expect(refused({ note: `a${ARRAY_DELIMITER}b` })).toThrow(BulkCsvError);
    expect(refused({ list: ['a', 1] })).toThrow(BulkCsvError);
  });

  it('refuses a relationship to a node no plan holds, and two nodes of one id space with one id', () => {
    const empty = { nodes: new Map(), relationships: new Map(), findings: [], claims: [], citations: [], mentions: [] };
    const person = (id: string) => ({ id, props: { id } }) as NodeRow;
    const dangling = new BulkCsvWriter(join(dir, 'dangling'));
    dangling.add({ ...empty, nodes: new Map([['Person', [person('a')]]]), mentions: [{ sourceId: 'gone', entityId: 'a' }] });
    // Numbered already (another plan could still hold it); refused when nothing more can come.
    expect(() => dangling.close()).toThrow(new BulkCsvError('a relationship ends at Entity "gone", which is not in the dataset'));
    const twice = new BulkCsvWriter(join(dir, 'twice-node'));
    twice.add({ ...empty, nodes: new Map([['Person', [person('a')]]]) });
    expect(() => twice.add({ ...empty, nodes: new Map([['Place', [person('a')]]]) })).toThrow(
      new BulkCsvError('two Entity nodes have the id "a"'),
    );
    twice.close();
    // A quote cited twice for one thing is one citation, as the statements MERGE it (in one plan or two).
    const cite = { id: 'c-x', sourceId: 's', props: { id: 'c-x', about: 'a', quote: 'q', start: 0, end: 1, line: 1 } };
    const source = { id: 's', props: { id: 's' } } as NodeRow;
    const cited = new BulkCsvWriter(join(dir, 'cited-twice'));
    cited.add({ ...empty, nodes: new Map([['Source', [source]]]), citations: [cite, cite] });
    cited.add({ ...empty, citations: [cite] });
    const once = cited.close();
    expect([once.nodes, once.relationships]).toEqual([2, 1]);
    expect(once.files.filter((f) => /Citation|IN_SOURCE/.test(f.path)).map((f) => f.rows)).toEqual([1, 1]);
    // The same text id in two spaces is two nodes, as two constraints allow.
    const spaces = writeBulkCsv(
      {
        ...empty,
        nodes: new Map([['Person', [person('x')]]]),
        claims: [{ id: 'x', props: { id: 'x', about: 'x', property: 'p', value: 'v' } }],
      },
      join(dir, 'spaces'),
    );
    expect(spaces.nodes).toBe(2);
  });
});
