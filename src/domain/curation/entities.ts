import type { Executor } from '../../db/executor.js';
import type { Runner } from '../../db/query.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { AnnalsError, ErrorCode, badInput } from '../../errors.js';
import { lockEntities } from '../../queries/curation.js';
import { takenIds } from '../../queries/import.js';
import { slugFor } from '../../model/slug.js';
import { LABEL_OF_TYPE, type EntityLabel, type EntityTypeName } from '../../model/vocabulary.js';
import { applyStates } from './apply.js';
import { recordedChange, recordedWrite, type ChangeRecord, type WriteOptions } from './change.js';
import { entityAsInput, entityFromPlan, validateInput } from './input.js';
import { readEntities, sameState, type EntitySnap } from './snapshot.js';

export interface EntityWrite {
  id: string;
  revision: number;
  /** Null when the write changed nothing (then nothing was recorded and the revision stayed). */
  change: ChangeRecord | null;
  changed: boolean;
}

export { slugFor } from '../../model/slug.js';

/** Locks ids and checks they exist (NOT_FOUND) and, when asked, that the revision is current (CONFLICT). */
export async function lockExisting(
  run: Runner,
  ids: string[],
  expectedRevision?: number | null,
): Promise<Map<string, { revision: number; label: EntityLabel }>> {
  const rows = await run(lockEntities(ids));
  const found = new Map(rows.map((r) => [r.id, { revision: r.revision, label: r.label }]));
  for (const id of ids) if (!found.has(id)) throw new AnnalsError(ErrorCode.NOT_FOUND, `No entity has the id "${id}".`, { id });
  const first = found.get(ids[0]!)!;
  if (expectedRevision != null && expectedRevision !== first.revision) {
    throw new AnnalsError(
      ErrorCode.CONFLICT,
      `"${ids[0]}" is at revision ${first.revision}, not ${expectedRevision}: someone changed it since you read it.`,
      {
        id: ids[0],
        revision: first.revision,
      },
    );
  }
  return found;
}

/** The same state at another revision, to ask whether anything but the revision would change. */
export const withRevision = (snap: EntitySnap, revision: number): EntitySnap => ({ ...snap, props: { ...snap.props, revision } });

const citationsOf = (snap: EntitySnap) => snap.citations.map((c) => ({ source: c.sourceId, quote: c.quote }));

export interface EntityInputArgs {
  id?: string | null;
  type: EntityTypeName;
  name: string;
  [field: string]: unknown;
}

/** Creates an entity; the id must be new (CONFLICT otherwise), every field is validated first. */
export async function createEntity(
  executor: Executor,
  principal: Principal,
  input: EntityInputArgs,
  options: WriteOptions = {},
): Promise<EntityWrite> {
  const curator = requireWriter(principal);
  const label = LABEL_OF_TYPE[input.type];
  if (label === 'Source') throw badInput('use addSource to add a source', 'input.type');
  const { result, change } = await recordedChange(
    executor,
    curator,
    'CREATE_ENTITY',
    async (run) => {
      let id = input.id ?? slugFor(label, input.name);
      if (input.id == null) {
        for (let n = 2; (await run(takenIds([id]))).length > 0; n += 1) id = `${slugFor(label, input.name)}-${n}`;
      } else if ((await run(lockEntities([id]))).length > 0) {
        throw new AnnalsError(ErrorCode.CONFLICT, `An entity with the id "${id}" already exists.`, { id });
      }
      const { plan } = await validateInput(run, 'entities', { ...input, id, type: label });
      const state = entityFromPlan(plan, label, id, [], 1);
      await applyStates(run, { [id]: state });
      return {
        targets: { entities: [id], relations: [] },
        before: { [id]: null },
        citations: citationsOf(state),
        result: { id, revision: 1 },
      };
    },
    { ...options, request: input },
  );
  return { ...result, change, changed: true };
}

/** Replaces the given fields of an entity; names and citations are replaced whole when given. */
export async function updateEntity(
  executor: Executor,
  principal: Principal,
  id: string,
  patch: Record<string, unknown>,
  expectedRevision?: number | null,
  options: WriteOptions = {},
): Promise<EntityWrite> {
  const curator = requireWriter(principal);
  if ('name' in patch && (patch['name'] === null || patch['name'] === '')) throw badInput('name cannot be removed', 'input.name');
  if ('citations' in patch && patch['citations'] === null)
    throw badInput('citations cannot be removed: every entity needs one', 'input.citations');
  const { result, change } = await recordedWrite(
    executor,
    curator,
    'UPDATE_ENTITY',
    async (run) => {
      const locked = await lockExisting(run, [id], expectedRevision);
      const before = (await readEntities(run, [id])).get(id)!;
      if (before.label === 'Source') throw badInput('sources are changed with addSource', 'id');
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const merged = { ...entityAsInput(before, 'name' in given && !('names' in given)), ...given, id, type: before.label };
      const { plan } = await validateInput(run, 'entities', merged);
      const current = locked.get(id)!.revision;
      const state = entityFromPlan(plan, before.label, id, before.relations, current + 1);
      const unchanged = sameState(withRevision(state, current), before);
      if (!unchanged) await applyStates(run, { [id]: state });
      const revision = unchanged ? current : current + 1;
      return {
        unchanged,
        targets: { entities: [id], relations: [] },
        before: { [id]: before },
        citations: citationsOf(state),
        result: { id, revision },
      };
    },
    { ...options, request: { id, patch, expectedRevision } },
  );
  return { ...result, change, changed: change !== null };
}

/** Deletes an entity with its relationships and citations; revert restores all of them. */
export async function deleteEntity(
  executor: Executor,
  principal: Principal,
  id: string,
  expectedRevision?: number | null,
  options: WriteOptions = {},
): Promise<ChangeRecord> {
  const curator = requireWriter(principal);
  const { change } = await recordedChange(
    executor,
    curator,
    'DELETE_ENTITY',
    async (run) => {
      await lockExisting(run, [id], expectedRevision);
      const before = (await readEntities(run, [id])).get(id)!;
      // A quoted source is refused by applyStates (CONFLICT), as for every write that would remove one.
      await applyStates(run, { [id]: null }, () => 'entity');
      return {
        targets: { entities: [id], relations: before.relations.map((r) => r.id) },
        before: { [id]: before },
        citations: [],
        result: null,
      };
    },
    { ...options, request: { id, expectedRevision } },
  );
  return change;
}
