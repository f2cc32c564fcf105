import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from './executor.js';

/** Splits a .cypher file into statements: one per `;`, comments (`//`) dropped. */
function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** What applying the graph schema did: statements in the files, and those that had to run. */
export interface SchemaApplied {
  statements: number;
  applied: number;
}

/** A statement that creates or drops an index or constraint (anything else, e.g. `MATCH … SET`, migrates data). */
const SCHEMA_STATEMENT = /^(?:CREATE|DROP)\s+(?:[A-Z]+\s+)?(?:INDEX|CONSTRAINT)\b/i;

/** The name a statement creates (`CREATE … <name> IF NOT EXISTS`) or drops (`DROP … <name> IF EXISTS`), if it says one. */
function namedBy(cypher: string): { create: string } | { drop: string } | undefined {
  const create = /^CREATE\s+(?:[A-Z]+\s+)?(?:INDEX|CONSTRAINT)\s+([A-Za-z_][\w]*)\s+IF\s+NOT\s+EXISTS\b/i.exec(cypher);
  if (create) return { create: create[1]! };
  const drop = /^DROP\s+(?:INDEX|CONSTRAINT)\s+([A-Za-z_][\w]*)\s+IF\s+EXISTS\s*$/i.exec(cypher);
  if (drop) return { drop: drop[1]! };
  return undefined;
}

/**
 * Applies schema/graph/*.cypher (every statement written with IF NOT EXISTS / IF EXISTS), then waits
 * for indexes (unless none was created and all were online already: a restart). The names of the indexes and constraints already there are read first (one round
 * trip), and a statement that would be a no-op (creating a name that exists, dropping one that does
 * not) is not sent: a restart on an existing graph sends none of them, where each used to be a
 * schema transaction of its own. Any other statement always runs.
 */
export async function applyGraphSchema(
  executor: Executor,
  dir: string,
  { awaitIndexesS = 300 }: { awaitIndexesS?: number } = {},
): Promise<SchemaApplied> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort();
  const [indexes, constraints] = await Promise.all([
    executor.read<{ name: string; state: string }>({ cypher: 'SHOW INDEXES YIELD name, state RETURN name, state', params: {} }),
    executor.read<{ name: string }>({ cypher: 'SHOW CONSTRAINTS YIELD name RETURN name', params: {} }),
  ]);
  const present = new Set([...indexes, ...constraints].map((r) => r.name));
  let statements = 0;
  let applied = 0;
  // Whether an index or constraint may have been created or dropped (a data migration creates none).
  let schemaChanged = false;
  for (const file of files) {
    for (const cypher of splitStatements(readFileSync(join(dir, file), 'utf8'))) {
      statements += 1;
      const named = namedBy(cypher);
      if (named !== undefined && ('create' in named ? present.has(named.create) : !present.has(named.drop))) continue;
      await executor.write({ cypher, params: {} });
      applied += 1;
      if (SCHEMA_STATEMENT.test(cypher)) schemaChanged = true;
      if (named !== undefined) {
        if ('create' in named) present.add(named.create);
        else present.delete(named.drop);
      }
    }
  }
  // At most awaitIndexesS seconds: more for a freshly bulk-loaded large graph, whose indexes are populated here.
  // A restart that created no index and found every index online has nothing to wait for.
  if (schemaChanged || indexes.some((i) => i.state !== 'ONLINE'))
    await executor.write({ cypher: 'CALL db.awaitIndexes($seconds)', params: { seconds: awaitIndexesS } });
  return { statements, applied };
}
