// The importer's CSVs of an import plan, and the statement that sets what the importer cannot store.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBulkCsv } from '../../src/dataset/bulk-csv.js';
import type { ImportPlan, NodeRow } from '../../src/model/rows.js';
import { setEmptyListsOnNodes, setEmptyListsOnRelationships } from '../../src/queries/bulk.js';

const dir = mkdtempSync(join(tmpdir(), 'annals-bulk-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan: ImportPlan = {
  nodes: new Map([
    [
      'Person',
      <NodeRow[]>[
        {
          id: 'p-1',
          props: { id: 'p-1', name: 'a "quoted", name\nover lines', aliases: ['x', 'y'], earliest: '2002-01-01', gone: null, n: 3 },
        },
        { id: 'p-2', props: { id: 'p-2', name: 'b', quantities: [] } },
      ],
    ],
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

describe('writeBulkCsv', () => {
  const csv = writeBulkCsv(plan, join(dir, 'out'));
  const file = (name: string) => readFileSync(csv.files.find((f) => basename(f.path) === name)!.path, 'utf8');

  it('writes one file per property signature, typed columns, quoted text, dates for entities, revision 1', () => {
    expect(csv.files.map((f) => [basename(f.path), f.kind, f.rows])).toEqual([
      ['nodes-Person-1.csv', 'nodes', 1],
      ['nodes-Person-2.csv', 'nodes', 1],
      ['rels-HELD_POSITION-1.csv', 'relationships', 1],
      ['nodes-Citation-1.csv', 'nodes', 1],
      ['rels-IN_SOURCE-1.csv', 'relationships', 1],
      ['rels-MENTIONS-1.csv', 'relationships', 1],
    ]);
    expect(file('nodes-Person-1.csv')).toBe(
      '"id:ID(Entity)",":LABEL","aliases:string[]","earliest:date","n:long","name:string","revision:long"\n' +
        '"p-1","Entity;Person","x\u001fy","2002-01-01",3,"a ""quoted"", name\nover lines",1\n',
    );
    expect(file('rels-HELD_POSITION-1.csv')).toBe(
      '":START_ID(Entity)",":END_ID(Entity)",":TYPE","id:string","share:double"\n"p-1","p-2","HELD_POSITION","p-1--held-position--p-2",0.5\n',
    );
    // One MENTIONS per source and entity, as MERGE makes it.
    expect(file('rels-MENTIONS-1.csv')).toBe(
      '":START_ID(Entity)",":END_ID(Entity)",":TYPE","id:string"\n"s","p-1","MENTIONS","s--mentions--p-1"\n',
    );
    expect([csv.nodes, csv.relationships]).toEqual([3, 3]);
  });

  it('leaves empty lists to a statement after the importer', () => {
    expect(file('nodes-Person-2.csv')).toBe('"id:ID(Entity)",":LABEL","name:string","revision:long"\n"p-2","Entity;Person","b",1\n');
    expect(csv.emptyLists.nodes.get('Entity')).toEqual([{ id: 'p-2', props: { quantities: [] } }]);
    expect(setEmptyListsOnNodes('Entity', [{ id: 'p-2', props: { quantities: [] } }])).toMatchInlineSnapshot(`
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
    expect(setEmptyListsOnRelationships('HELD_POSITION', []).cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH ()-[r:HELD_POSITION {id: row.id}]->()
      SET r += row.props"
    `);
    expect(() => setEmptyListsOnNodes('Person; DROP' as 'Entity', [])).toThrow('not a bulk node kind');
  });
});
