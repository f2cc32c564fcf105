import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { AnnalsError, ErrorCode } from '../../errors.js';
import type { Runner } from '../../db/query.js';
import { changeById, laterChangesOnSameKeys, redirect, restoreRedirects } from '../../queries/curation.js';
import { changeNodeId, storedChangeId } from '../../model/node-ids.js';
import { applyStates } from './apply.js';
import { recordedChange, type ChangeRecord, type WriteOptions } from './change.js';
import { readClaims, readEntities, readRelations, sameState, type Snap } from './snapshot.js';

/**
 * Undoes a change by restoring its "before" states, if what it changed is still as it left it
 * (otherwise CONFLICT naming the later changes); the revert is itself a change, and can be reverted.
 */
export async function revertChange(
  executor: Executor,
  principal: Principal,
  id: string,
  options: WriteOptions = {},
): Promise<ChangeRecord> {
  const curator = requireWriter(principal);
  // The change's global id (change:chg-…, as the API gives it) or its stored id (chg-…, as the CLI prints it).
  const changeId = storedChangeId(id);
  const shown = changeNodeId(changeId);
  const { change } = await recordedChange(
    executor,
    curator,
    'REVERT',
    async (run) => {
      const [row] = await run(changeById(changeId));
      if (row === undefined) throw new AnnalsError(ErrorCode.NOT_FOUND, `No change has the id "${id}".`, { id });
      const original = row.change;
      if (original.revertedBy)
        throw new AnnalsError(ErrorCode.CONFLICT, `Change ${shown} was already reverted by ${changeNodeId(original.revertedBy)}.`);
      if (original.before == null) {
        throw new AnnalsError(
          ErrorCode.CONFLICT,
          `Change ${shown} kept no before-state (it was too large, or it changed findings, which revert does not restore), so it cannot be reverted.`,
        );
      }
      const before = JSON.parse(original.before) as Record<string, Snap>;
      const after = JSON.parse(original.after ?? '{}') as Record<string, Snap>;
      // Revertible only while what it changed is still exactly as it left it.
      const keys = Object.keys(after);
      const kindOf = (id: string) => (after[id] ?? before[id])?.kind;
      const [entities, relations, claims] = await Promise.all([
        readEntities(
          run,
          keys.filter((k) => kindOf(k) === 'entity' || kindOf(k) === undefined),
        ),
        readRelations(
          run,
          keys.filter((k) => kindOf(k) === 'relation' || kindOf(k) === undefined),
        ),
        readClaims(
          run,
          keys.filter((k) => kindOf(k) === 'claim'),
        ),
      ]);
      const drifted = keys.filter((id) => !sameState(entities.get(id) ?? relations.get(id) ?? claims.get(id) ?? null, after[id]));
      if (drifted.length > 0) {
        const later = (await run(laterChangesOnSameKeys(changeId))).map((l) => l.change);
        const names = later.map((c) => `${changeNodeId(c.id)} (${c.operation} by ${c.curator} at ${c.at})`);
        throw new AnnalsError(
          ErrorCode.CONFLICT,
          `Change ${shown} cannot be reverted: ${drifted.join(', ')} changed since${names.length > 0 ? `, by ${names.join(', ')}` : ''}.`,
          { dependents: later.map((c) => changeNodeId(c.id)), drifted },
        );
      }
      // Ids the change created (null before) are removed; ids it changed or removed are restored.
      const states: Record<string, Snap> = { ...Object.fromEntries(Object.keys(after).map((id) => [id, null])), ...before };
      await applyStates(run, states, (id) => kindOf(id) ?? 'entity');
      await redirectsAfterRevert(run, original);
      return {
        targets: {
          entities: Object.entries(states)
            .filter(([id, s]) => (s ?? after[id])?.kind === 'entity')
            .map(([id]) => id),
          relations: Object.entries(states)
            .filter(([id, s]) => (s ?? after[id])?.kind === 'relation')
            .map(([id]) => id),
          claims: Object.entries(states)
            .filter(([id, s]) => (s ?? after[id])?.kind === 'claim')
            .map(([id]) => id),
        },
        before: after,
        citations: [],
        revertOf: changeId,
        result: null,
      };
    },
    { ...options, request: { changeId } },
  );
  return change;
}

/**
 * The redirects of a merge, after a revert in a chain that starts at it. Reverting a chain of
 * reverts alternates: reverting the merge undoes it (applyStates restores the duplicate and removes
 * its redirect; the redirects the merge re-pointed from it lead to it again), reverting that revert
 * redoes it (the duplicate's id leads to the survivor again, and so do the redirects that led to
 * it), and so on: a revert redoes the merge when the change it reverts lies an odd number of
 * reverts away from the merge, and undoes it when that number is even.
 */
async function redirectsAfterRevert(run: Runner, original: ChangeRecord): Promise<void> {
  let change = original;
  let reverts = 0;
  while (change.operation === 'REVERT' && change.revertOf != null) {
    const [row] = await run(changeById(change.revertOf));
    if (row === undefined) return;
    change = row.change;
    reverts += 1;
  }
  if (change.operation !== 'MERGE_ENTITIES' || change.after === null) return;
  const after = JSON.parse(change.after) as Record<string, Snap>;
  const duplicate = Object.keys(after).find((id) => after[id] === null);
  const survivor = Object.keys(after).find((id) => after[id] !== null);
  if (duplicate === undefined || survivor === undefined) return;
  await run(reverts % 2 === 1 ? redirect(duplicate, survivor) : restoreRedirects(duplicate, survivor));
}
