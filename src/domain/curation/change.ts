import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/executor.js';
import type { Runner } from '../../db/query.js';
import { markReverted, nextChangeSeq, recordChange, type ChangeRow } from '../../queries/curation.js';
import { readStates, type Snap } from './snapshot.js';

export type Operation =
  | 'CREATE_ENTITY'
  | 'UPDATE_ENTITY'
  | 'DELETE_ENTITY'
  | 'ADD_RELATIONSHIP'
  | 'REMOVE_RELATIONSHIP'
  | 'ADD_SOURCE'
  | 'ADD_CITATION'
  | 'MERGE_ENTITIES'
  | 'IMPORT_DATASET'
  | 'REVERT';

/** What a write did: the ids it changed, what they were, and the evidence it relied on. */
export interface WorkResult<T> {
  targets: { entities: string[]; relations: string[] };
  /** States before the write; null when history is too large to keep (then it cannot be reverted). */
  before: Record<string, Snap> | null;
  citations: { source: string; quote: string }[];
  revertOf?: string;
  result: T;
}

export interface ChangeRecord extends ChangeRow {
  revertedBy?: string | null;
}

/** Keys a change touched, for history and for revert's conflict check: ids and relationship ends. */
function keysOf(targets: WorkResult<unknown>['targets'], states: (Record<string, Snap> | null)[]): string[] {
  const keys = new Set([...targets.entities, ...targets.relations]);
  for (const map of states) {
    for (const snap of Object.values(map ?? {})) {
      if (snap?.kind === 'entity') snap.relations.forEach((r) => keys.add(r.id));
      if (snap?.kind === 'relation') [snap.from, snap.to].forEach((k) => keys.add(k));
    }
  }
  return [...keys].sort();
}

/**
 * Runs one write in one transaction and records it as a Change: `work` validates and applies; the
 * states after it are read back here, so history always shows what the graph really became.
 */
export async function recordedWrite<T>(
  executor: Executor,
  curator: string,
  operation: Operation,
  work: (run: Runner) => Promise<WorkResult<T>>,
): Promise<{ result: T; change: ChangeRecord }> {
  return executor.inWriteTransaction(async (run) => {
    // Taken first: its lock orders concurrent writers, so sequence numbers follow commit order.
    const [seqRow] = await run(nextChangeSeq());
    const done = await work(run);
    const after = done.before === null ? null : await readStates(run, done.targets);
    const change: ChangeRecord = {
      id: `chg-${randomUUID()}`,
      seq: seqRow!['seq'] as number,
      at: new Date().toISOString(),
      curator,
      operation,
      targets: keysOf(done.targets, [done.before, after]),
      before: done.before === null ? null : JSON.stringify(done.before),
      after: after === null ? null : JSON.stringify(after),
      citations: JSON.stringify(done.citations),
      revertOf: done.revertOf ?? null,
    };
    await run(recordChange(change));
    if (done.revertOf !== undefined) await run(markReverted(done.revertOf, change.id));
    return { result: done.result, change };
  });
}
