import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../../db/executor.js';
import type { Runner } from '../../db/query.js';
import { AnnalsError, ErrorCode, badInput } from '../../errors.js';
import {
  changeByIdempotencyScope,
  completeChange,
  markReverted,
  nextChangeSeq,
  recordChange,
  type StoredChange,
} from '../../queries/curation.js';
import type { ChangeOperation } from '../../model/vocabulary.js';
import { checkClaimsAgree } from '../claim-check.js';
import { readStates, type Snap, type Targets } from './snapshot.js';

/** What a write did: the ids it changed, what they were, and the evidence it relied on. */
export interface WorkResult<T> {
  /** Nothing would change: the transaction is rolled back, no change is recorded, no revision moves. */
  unchanged?: boolean;
  targets: Targets;
  /** States before the write; null when history is too large to keep (then it cannot be reverted). */
  before: Record<string, Snap> | null;
  citations: { source: string; quote: string }[];
  revertOf?: string;
  /** Facts that claims written here are about (beyond the targets): their plain value is checked against their claims too. */
  claimAbouts?: string[];
  /**
   * Every fact whose plain value may now disagree with its claims, when the work knows them
   * exactly: a first load into an empty graph names those its own claims are about, rather than
   * having each of its million targets looked up. By default every target and claimAbouts.
   */
  claimFacts?: string[];
  result: T;
}

/** A recorded write, as the graph holds it (codegen maps the GraphQL Change onto it). */
export type ChangeRecord = StoredChange;

/** How a client makes a write safe to retry: the same key (per curator) never writes twice. */
export interface WriteOptions {
  idempotencyKey?: string | null;
  /** The request's arguments: a key sent again with other arguments is refused, not replayed. */
  request?: unknown;
  /** Whose proposal this write accepts (review): recorded on the change beside the curator who accepted it. */
  proposedBy?: string | null;
  /**
   * The change's id when its node (a PendingChange) and the AFFECTED link to each of its keys
   * were written already, by Neo4j's importer in a first load (`annals import --bulk`): recording
   * sets its properties and makes it a Change. Such a change keeps no before-state, so its keys
   * are keysOf(targets) alone.
   */
  preLinked?: string;
}

export const IDEMPOTENCY_KEY_MAX = 200;

/** Thrown inside the transaction to roll it back and return without a change. */
class Unchanged<T> {
  constructor(readonly result: T) {}
}

/** Thrown inside the transaction when the key was used before: roll back, answer what was recorded. */
class Replayed {
  constructor(readonly change: ChangeRecord) {}
}

function idempotencyScope(
  curator: string,
  options: WriteOptions,
  operation: ChangeOperation,
): { scope: string; fingerprint: string } | null {
  const key = options.idempotencyKey;
  if (key == null) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || /[\u0000-\u001f\u007f]/.test(key)) {
    throw badInput(`idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX} printable characters`, 'idempotencyKey');
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([operation, options.request ?? null]))
    .digest('hex');
  return { scope: `${curator}\u0000${key}`, fingerprint };
}

/** Keys a change touched, for history and for revert's conflict check: ids and relationship ends. */
export function keysOf(targets: WorkResult<unknown>['targets'], states: (Record<string, Snap> | null)[]): string[] {
  const keys = new Set([...targets.entities, ...targets.relations, ...(targets.claims ?? [])]);
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
 * A write that would change nothing records nothing (change: null). With an idempotency key, a
 * write already recorded under it is not done again: its recorded result and change come back.
 */
export async function recordedWrite<T>(
  executor: Executor,
  curator: string,
  operation: ChangeOperation,
  work: (run: Runner) => Promise<WorkResult<T>>,
  options: WriteOptions = {},
): Promise<{ result: T; change: ChangeRecord | null }> {
  const idem = idempotencyScope(curator, options, operation);
  try {
    return await executor.inWriteTransaction(async (run) =>
      record(run, curator, operation, work, idem, options.proposedBy ?? null, options.preLinked),
    );
  } catch (err) {
    if (err instanceof Unchanged) return { result: err.result as T, change: null };
    if (err instanceof Replayed) return { result: JSON.parse(err.change.result ?? 'null') as T, change: err.change };
    throw err;
  }
}

/** A write that always changes something (create, delete, merge, revert…): its change is never null. */
export async function recordedChange<T>(
  executor: Executor,
  curator: string,
  operation: ChangeOperation,
  work: (run: Runner) => Promise<WorkResult<T>>,
  options: WriteOptions = {},
): Promise<{ result: T; change: ChangeRecord }> {
  const { result, change } = await recordedWrite(executor, curator, operation, work, options);
  if (change === null) throw new Error(`${operation} changed nothing, which it cannot`);
  return { result, change };
}

async function record<T>(
  run: Runner,
  curator: string,
  operation: ChangeOperation,
  work: (run: Runner) => Promise<WorkResult<T>>,
  idem: { scope: string; fingerprint: string } | null,
  proposedBy: string | null,
  preLinked: string | undefined,
): Promise<{ result: T; change: ChangeRecord }> {
  // Taken first: its lock orders concurrent writers, so sequence numbers follow commit order,
  // and a retry with the same key waits here until the first try committed or rolled back.
  const [seqRow] = await run(nextChangeSeq());
  if (idem !== null) {
    const [prior] = await run(changeByIdempotencyScope(idem.scope));
    if (prior !== undefined) {
      const change = prior.change;
      if (change.fingerprint !== idem.fingerprint) {
        throw new AnnalsError(
          ErrorCode.CONFLICT,
          `This idempotencyKey was used for another write (${change.operation}, change ${change.id}); use a new key for a new write.`,
          {
            field: 'idempotencyKey',
            change: change.id,
          },
        );
      }
      throw new Replayed(change);
    }
  }
  const done = await work(run);
  if (done.unchanged === true) throw new Unchanged(done.result);
  // Whatever a write changed, a fact's plain value stays the one its claims prefer.
  await checkClaimsAgree(run, done.claimFacts ?? [...done.targets.entities, ...done.targets.relations, ...(done.claimAbouts ?? [])]);
  const after = done.before === null ? null : await readStates(run, done.targets);
  // Linked beforehand from the targets alone: a change with states has keys of them too.
  if (preLinked !== undefined && done.before !== null) throw new Error('a pre-linked change keeps no before-state');
  const change: ChangeRecord = {
    id: preLinked ?? `chg-${randomUUID()}`,
    seq: seqRow!.seq,
    at: new Date().toISOString(),
    curator,
    operation,
    targets: keysOf(done.targets, [done.before, after]),
    before: done.before === null ? null : JSON.stringify(done.before),
    after: after === null ? null : JSON.stringify(after),
    citations: JSON.stringify(done.citations),
    revertOf: done.revertOf ?? null,
    result: JSON.stringify(done.result ?? null),
    idempotencyScope: idem?.scope ?? null,
    fingerprint: idem?.fingerprint ?? null,
    ...(proposedBy === null ? {} : { proposedBy }),
  };
  if (preLinked === undefined) await run(recordChange(change));
  else if ((await run(completeChange(change))).length === 0) throw new Error(`change ${preLinked} was not written beforehand`);
  if (done.revertOf !== undefined) await run(markReverted(done.revertOf, change.id));
  return { result: done.result, change };
}
