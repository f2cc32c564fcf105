import { createHash } from 'node:crypto';
import type { Executor } from '../../src/db/executor.js';

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const LOG = 'n:Change OR n:ChangeKey OR n:ChangeSeq';

/**
 * One line per node and relationship with all its labels and properties, sorted; with `dataOnly`,
 * the change log (Change, ChangeKey, ChangeSeq) is left out. With `typed`, each line also holds
 * the Neo4j type of every property (`valueType`: a DATE and its ISO text, or an INTEGER and a
 * FLOAT of the same value, read back alike), for comparing graphs written by different paths.
 */
export async function graphLines(executor: Executor, opts: { dataOnly?: boolean; typed?: boolean } = {}): Promise<string[]> {
  const { nodes, relationships } = await lineSets(executor, opts);
  return [...nodes, ...relationships].sort();
}

async function lineSets(
  executor: Executor,
  opts: { dataOnly?: boolean; typed?: boolean },
): Promise<{ nodes: string[]; relationships: string[] }> {
  const where = opts.dataOnly === true ? `WHERE NOT (${LOG})` : '';
  const types = (v: string) => (opts.typed === true ? `, [k IN keys(${v}) | k + ': ' + valueType(${v}[k])] AS types` : '');
  const nodes = await executor.read<Record<string, unknown>>({
    cypher: `MATCH (n) ${where} RETURN labels(n) AS labels, properties(n) AS props${types('n')}`,
    params: {},
  });
  // A relationship's ends by label and id (their contents are in the node lines): a change of a
  // large import links to every key it touched, and repeating its before/after JSON on each of
  // those links made one checksum hash tens of megabytes.
  const end = (v: string) => `CASE WHEN ${v}.id IS NULL THEN properties(${v}) ELSE {labels: labels(${v}), id: ${v}.id} END`;
  const rels = await executor.read<Record<string, unknown>>({
    cypher: `MATCH (a)-[r]->(b) ${opts.dataOnly === true ? 'WHERE NOT (a:Change OR a:ChangeKey OR a:ChangeSeq)' : ''}
RETURN type(r) AS type, ${end('a')} AS a, ${end('b')} AS b, properties(r) AS props${types('r')}`,
    params: {},
  });
  const line = (row: Record<string, unknown>) =>
    stable(row['types'] === undefined ? row : { ...row, types: (row['types'] as string[]).sort() });
  return { nodes: nodes.map(line), relationships: rels.map(line) };
}

/**
 * Counts and a checksum of every node and relationship with all labels and properties (graphLines);
 * with `dataOnly`, the change log (Change, ChangeKey, ChangeSeq) is left out.
 */
export async function graphState(
  executor: Executor,
  dataOnly = false,
): Promise<{ nodes: number; relationships: number; checksum: string }> {
  const { nodes, relationships } = await lineSets(executor, { dataOnly });
  const lines = [...nodes, ...relationships].sort();
  return {
    nodes: nodes.length,
    relationships: relationships.length,
    checksum: createHash('sha256').update(lines.join('\n')).digest('hex'),
  };
}

/**
 * The change log without what differs between two runs of the same writes (change ids and times):
 * per change in order its number, operation, curator, targets, before/after and citations, and
 * the keys it affected.
 */
export async function changeLog(executor: Executor): Promise<Record<string, unknown>[]> {
  return executor.read({
    cypher: `MATCH (c:Change)
OPTIONAL MATCH (c)-[:AFFECTED]->(k:ChangeKey)
WITH c, k ORDER BY k.id
RETURN c.seq AS seq, c.operation AS operation, c.curator AS curator, c.targets AS targets, c.before AS before,
  c.after AS after, c.citations AS citations, collect(k.id) AS keys
ORDER BY seq`,
    params: {},
  });
}
