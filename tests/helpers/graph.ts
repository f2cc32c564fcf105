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
 * Counts and a checksum of every node and relationship with all labels and properties; with
 * `dataOnly`, the change log (Change, ChangeKey, ChangeSeq) is left out.
 */
export async function graphState(
  executor: Executor,
  dataOnly = false,
): Promise<{ nodes: number; relationships: number; checksum: string }> {
  const where = dataOnly ? `WHERE NOT (${LOG})` : '';
  const nodes = await executor.read({ cypher: `MATCH (n) ${where} RETURN labels(n) AS labels, properties(n) AS props`, params: {} });
  // A relationship's ends by label and id (their contents are in the node lines): a change of a
  // large import links to every key it touched, and repeating its before/after JSON on each of
  // those links made one checksum hash tens of megabytes.
  const end = (v: string) => `CASE WHEN ${v}.id IS NULL THEN properties(${v}) ELSE {labels: labels(${v}), id: ${v}.id} END`;
  const rels = await executor.read({
    cypher: `MATCH (a)-[r]->(b) ${dataOnly ? 'WHERE NOT (a:Change OR a:ChangeKey OR a:ChangeSeq)' : ''}
RETURN type(r) AS type, ${end('a')} AS a, ${end('b')} AS b, properties(r) AS props`,
    params: {},
  });
  const lines = [...nodes.map(stable), ...rels.map(stable)].sort();
  return { nodes: nodes.length, relationships: rels.length, checksum: createHash('sha256').update(lines.join('\n')).digest('hex') };
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
