// Exports cost what they return: PROFILEd database hits of a whole-graph export grow linearly with
// the graph, an export around one entity does not grow with the rest of the graph, and no export
// statement scans a label. The test adds people, committees, positions and citations of its own
// (ids "scale-…"), and removes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import type { CypherQuery } from '../../src/db/query.js';
import { exportToString, openExport, type ExportRequest } from '../../src/export/export.js';
import { startApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { driver, executor, logger } = connectApi();
let before: Awaited<ReturnType<typeof graphState>>;

const remove = (): Promise<unknown> => executor.write({ cypher: "MATCH (n) WHERE n.id STARTS WITH 'scale-' DETACH DELETE n", params: {} });

/** `people` people, one committee per ten, each person holding two positions, each position cited. */
async function grow(people: number): Promise<void> {
  await remove();
  await executor.write({
    cypher: `CREATE (s:Entity:Source {id: 'scale-src', type: 'SOURCE', name: 'scale', nameValues: ['scale'], nameLangs: ['en'], nameKinds: ['PRIMARY'], text: 'q'})
WITH s
UNWIND range(0, $orgs - 1) AS k
CREATE (:Entity:Organization {id: 'scale-o-' + k, type: 'ORGANIZATION', name: '委员会' + k, nameValues: ['委员会' + k], nameLangs: ['zh-Hans'], nameKinds: ['PRIMARY']})`,
    params: { orgs: people / 10 },
  });
  await executor.write({
    cypher: `MATCH (s:Source {id: 'scale-src'})
UNWIND range(0, $people - 1) AS i
CREATE (p:Entity:Person {id: 'scale-p-' + i, type: 'PERSON', name: '人' + i, nameValues: ['人' + i], nameLangs: ['zh-Hans'], nameKinds: ['PRIMARY']})
WITH s, p, i
UNWIND [0, 1] AS n
MATCH (o:Organization {id: 'scale-o-' + ((i + n) % $orgs)})
CREATE (p)-[:HELD_POSITION {id: 'scale-r-' + i + '-' + n, title: '委员'}]->(o)
CREATE (:Citation {id: 'scale-c-' + i + '-' + n, about: 'scale-r-' + i + '-' + n, quote: 'q', start: 0, end: 1})-[:IN_SOURCE]->(s)`,
    params: { people, orgs: people / 10 },
  });
}

/** Runs an export to the end, recording its statements, then PROFILEs each. */
async function costOf(
  req: Omit<ExportRequest, 'format'>,
  format = 'graphml',
): Promise<{ dbHits: number; bytes: number; operators: string[]; statements: Set<string> }> {
  const queries: CypherQuery<unknown>[] = [];
  const recording = new Executor({ driver, onQuery: (q) => queries.push(q) });
  let bytes = 0;
  for await (const piece of (await openExport(recording, { format, ...req })).write()) bytes += piece.length;
  let dbHits = 0;
  const operators: string[] = [];
  for (const q of queries) {
    const p = await executor.profile(q);
    dbHits += p.dbHits;
    operators.push(...p.operators);
  }
  return { dbHits, bytes, operators, statements: new Set(queries.map((q) => q.cypher)) };
}

beforeAll(async () => {
  before = await graphState(executor);
});
afterAll(async () => {
  await remove();
  expect(await graphState(executor)).toEqual(before);
});

describe('export cost', () => {
  it('grows linearly with the graph, with index seeks only and a fixed set of statements', { timeout: 240_000 }, async () => {
    const seed = await costOf({});
    await grow(300);
    const small = await costOf({});
    await grow(1200);
    const large = await costOf({});
    const ratio = (large.dbHits - seed.dbHits) / (small.dbHits - seed.dbHits);
    // Four times the added data: four times the added hits (a quadratic join would be sixteen).
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5.5);
    expect(large.bytes).toBeGreaterThan(3 * small.bytes);
    for (const op of large.operators)
      expect(op).not.toMatch(/^(NodeByLabelScan|AllNodesScan|DirectedRelationshipTypeScan|UndirectedRelationshipTypeScan)/);
    // Chunks differ by their parameters only.
    expect(large.statements.size).toBeLessThanOrEqual(3);
  });

  it('costs the same around one entity however large the rest of the graph is', { timeout: 240_000 }, async () => {
    await remove();
    const around = { around: 'person-hu-xian', depth: 1 };
    const alone = await costOf(around, 'edges.csv');
    await grow(1200);
    const amid = await costOf(around, 'edges.csv');
    expect(amid.bytes).toBe(alone.bytes);
    expect(amid.dbHits).toBeLessThan(alone.dbHits * 1.2 + 50);
  });

  it('streams a large export over HTTP in chunks, byte for byte what the CLI path writes', { timeout: 240_000 }, async () => {
    await grow(1200);
    const app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${app.url.replace('/graphql', '')}/export/edges.csv?lang=zh`);
      expect(res.status).toBe(200);
      // Past the 64 KiB held back, the body streams: chunked, no length known up front.
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const body = await res.text();
      expect(body.length).toBeGreaterThan(64 * 1024);
      expect(body.split('\r\n').filter((l) => l.startsWith('scale-r-'))).toHaveLength(2400);
      expect(body).toBe(await exportToString(executor, { format: 'edges.csv', lang: 'zh' }));
    } finally {
      await app.stop();
    }
  });

  it('passes type lists as parameters: any filter, the same statement texts', async () => {
    const a = await costOf({ relationshipTypes: ['PART_OF', 'HELD_POSITION', 'PART_OF'], types: ['PERSON', 'ORGANIZATION'] }, 'edges.csv');
    const b = await costOf({ relationshipTypes: ['ORGANIZED'], types: ['EVENT'] }, 'edges.csv');
    expect([...a.statements].sort()).toEqual([...b.statements].sort());
  });
});
