import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { parseDatasetText } from '../../dataset/load.js';
import { relationshipId } from '../../dataset/validate.js';
import { badInput } from '../../errors.js';
import { DatasetInvalidError, importInTransaction, type ImportSummary } from '../import.js';
import { recordedWrite, type ChangeRecord, type WriteOptions } from './change.js';
import { readStates } from './snapshot.js';

/** Above this many entities and relationships an import keeps no before-state (and cannot be reverted). */
export const IMPORT_SNAPSHOT_LIMIT = 500;
export const IMPORT_MAX_BYTES = 5_000_000;

/**
 * The mutation behind `importDataset`: the same validation and write path as the seed and the CLI,
 * in one transaction, recorded as one change. Authorization is checked before the text is read.
 */
export async function importDataset(
  executor: Executor,
  principal: Principal,
  document: string,
  options: WriteOptions = {},
): Promise<ImportSummary & { change: ChangeRecord | null }> {
  const curator = requireWriter(principal);
  if (document.length > IMPORT_MAX_BYTES) throw badInput(`the document is over ${IMPORT_MAX_BYTES} characters; split it`, 'document');
  const { doc, issues } = parseDatasetText(document, 'document', null);
  if (doc === undefined) throw new DatasetInvalidError(issues);
  const { result, change } = await recordedWrite(executor, curator, 'IMPORT_DATASET', async (run) => {
    const data = (doc.data ?? {}) as { entities?: unknown[]; sources?: unknown[]; relationships?: unknown[] };
    const field = (x: unknown, k: string): string | undefined => {
      const v = (x as Record<string, unknown> | null)?.[k];
      return typeof v === 'string' ? v : undefined;
    };
    const entityIds = [...(data.entities ?? []), ...(data.sources ?? [])].map((e) => field(e, 'id')).filter((id): id is string => id !== undefined);
    // Relationship ids as validation will derive them, so their before-state can be read first.
    const relationIds = (data.relationships ?? []).map((r) => {
      const [type, from, to] = [field(r, 'type'), field(r, 'from'), field(r, 'to')];
      return field(r, 'id') ?? (type && from && to ? relationshipId(type, from, to) : undefined);
    }).filter((id): id is string => id !== undefined);
    const small = entityIds.length + relationIds.length <= IMPORT_SNAPSHOT_LIMIT;
    const before = small ? await readStates(run, { entities: entityIds, relations: relationIds }) : null;
    const { dataset, changed, changesAnything, ...summary } = await importInTransaction(run, [doc]);
    // Only what the import created or changed is a target of its change (and what a revert restores).
    const targets = { entities: changed.entities, relations: changed.relations };
    const touched = new Set([...targets.entities, ...targets.relations]);
    return {
      unchanged: !changesAnything,
      targets,
      before: before === null ? null : Object.fromEntries(Object.entries(before).filter(([id]) => touched.has(id))),
      citations: dataset.entities.flatMap((e) => e.citations.map((c) => ({ source: c.sourceId, quote: c.quote }))).slice(0, 1000),
      result: summary,
    };
  }, { ...options, request: { document } });
  return { ...result, change };
}
