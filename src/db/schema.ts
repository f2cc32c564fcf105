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

/**
 * Applies every statement of schema/graph/*.cypher (all written with IF NOT EXISTS), then waits for
 * indexes (at most `awaitIndexesS` seconds: more for a freshly bulk-loaded large graph, whose
 * indexes are populated here).
 */
export async function applyGraphSchema(
  executor: Executor,
  dir: string,
  { awaitIndexesS = 300 }: { awaitIndexesS?: number } = {},
): Promise<number> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort();
  let count = 0;
  for (const file of files) {
    for (const cypher of splitStatements(readFileSync(join(dir, file), 'utf8'))) {
      await executor.write({ cypher, params: {} });
      count += 1;
    }
  }
  await executor.write({ cypher: 'CALL db.awaitIndexes($seconds)', params: { seconds: awaitIndexesS } });
  return count;
}
