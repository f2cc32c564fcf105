import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { importTimeoutMs } from '../../config.js';
import type { DatasetText, GraphFactsData, ImportCounts } from '../../dataset/prepare.js';
import type { DatasetIssue } from '../../dataset/issues.js';
import { AnnalsError, badInput } from '../../errors.js';
import { importPreparer } from '../../workers/import-preparer.js';
import { DatasetInvalidError, ImportTimeoutError, lookUpFacts, type ImportSummary } from '../import.js';
import { recordedWrite, type ChangeRecord, type WriteOptions } from './change.js';
import { readClaims, readStates } from './snapshot.js';
import type { Runner } from '../../db/query.js';

/** Above this many entities and relationships an import keeps no before-state (and cannot be reverted). */
export const IMPORT_SNAPSHOT_LIMIT = 500;
export const IMPORT_MAX_BYTES = 5_000_000;

/** How an import is run: an idempotency key, and what the caller checks of the graph before anything is written. */
export interface ImportOptions extends WriteOptions {
  /**
   * Called in the import's transaction with what it read of the graph (the records under the
   * dataset's ids among them), before validation: throwing refuses the import, nothing written.
   * The spreadsheet import checks here that the graph is still as its rows were matched against.
   */
  check?: (facts: GraphFactsData) => void;
  /** Runs in the import's transaction after its statements (review marks the proposals it accepts). */
  inTransaction?: (run: Runner) => Promise<void>;
}

/**
 * Every import (the `importDataset` mutation, `annals import`, the seed): parsed, validated and
 * planned in the import worker, written in one transaction under the import's own time budget
 * (ANNALS_IMPORT_TIMEOUT_MS), and recorded as one change by `curator`. All or nothing: an invalid
 * dataset throws DatasetInvalidError, a timeout ImportTimeoutError, and neither writes anything.
 */
export async function importRecorded(
  executor: Executor,
  curator: string,
  texts: DatasetText[],
  options: ImportOptions = {},
): Promise<ImportSummary & { change: ChangeRecord | null }> {
  const preparer = importPreparer();
  const budget = importTimeoutMs();
  // The budget covers the whole import, parsing and validation included; the server enforces it on
  // the statements (transaction timeout), this deadline between the steps.
  const deadline = performance.now() + budget;
  const inBudget = (): void => {
    if (performance.now() > deadline) throw new ImportTimeoutError(budget);
  };
  const { job, issues, needs } = await preparer.open(texts);
  try {
    if (issues.length > 0) throw new DatasetInvalidError(issues);
    const small = needs.entityIds.length + needs.relationIds.length <= IMPORT_SNAPSHOT_LIMIT;
    const { result, change } = await recordedWrite(
      executor.withTimeout(budget),
      curator,
      'IMPORT_DATASET',
      async (run) => {
        // Before-states under the ids validation will give, then the facts validation needs: both read in this transaction.
        const before = small ? await readStates(run, { entities: needs.entityIds, relations: needs.relationIds }) : null;
        const facts = await lookUpFacts(run, needs);
        options.check?.(facts);
        const { prepared, issues: invalid } = await preparer.prepare(job, facts);
        if (prepared === undefined) throw new DatasetInvalidError(invalid);
        // The claims it writes, as they were (absent for those it creates): read before its statements run.
        const claimsBefore = small ? await readClaims(run, prepared.claimIds) : null;
        for (const statement of prepared.statements) {
          inBudget();
          await run(statement);
        }
        await options.inTransaction?.(run);
        inBudget();
        // Only what the import created or changed is a target of its change (and what a revert restores);
        // an import that changes nothing is no change at all.
        const targets = { entities: prepared.entityIds, relations: prepared.relationIds, claims: prepared.claimIds };
        const touched = new Set([...targets.entities, ...targets.relations]);
        return {
          unchanged: !prepared.changesAnything,
          targets,
          // Revert restores entities, relationships and claims: an import that changed findings keeps
          // no before-state, so it cannot be half reverted.
          before:
            before === null || claimsBefore === null || prepared.changesFindings
              ? null
              : {
                  ...Object.fromEntries(Object.entries(before).filter(([id]) => touched.has(id))),
                  ...Object.fromEntries(prepared.claimIds.map((id) => [id, claimsBefore.get(id) ?? null])),
                },
          citations: prepared.citations,
          claimAbouts: prepared.claimAbouts,
          result: prepared.counts,
        };
      },
      {
        idempotencyKey: options.idempotencyKey ?? null,
        request: options.request ?? texts.map((t) => [t.file, t.text]),
        proposedBy: options.proposedBy ?? null,
      },
    );
    return { ...result, change };
  } catch (err) {
    // The driver reports the server's transaction timeout as a query timeout (BAD_USER_INPUT): for an import it is the budget.
    if (err instanceof AnnalsError && err.extensions['reason'] === 'TIMEOUT') throw new ImportTimeoutError(budget);
    throw err;
  } finally {
    await preparer.close(job).catch(() => undefined);
  }
}

/** The mutation behind `importDataset`; authorization is checked before the text is read. */
export async function importDataset(
  executor: Executor,
  principal: Principal,
  document: string,
  options: WriteOptions = {},
): Promise<ImportSummary & { change: ChangeRecord | null }> {
  const curator = requireWriter(principal);
  if (document.length > IMPORT_MAX_BYTES) throw badInput(`the document is over ${IMPORT_MAX_BYTES} characters; split it`, 'document');
  return importRecorded(executor, curator, [{ text: document, file: 'document', baseDir: null }], options);
}

/**
 * An import's dry run: the same parsing, look-ups, validation and plan as importRecorded, in the
 * import worker, with the look-ups as plain reads; nothing is written or recorded. The counts say
 * what the import would create, change and leave unchanged; issues, what would refuse it.
 */
export async function dryRunImport(executor: Executor, texts: DatasetText[]): Promise<{ counts?: ImportCounts; issues: DatasetIssue[] }> {
  const preparer = importPreparer();
  const { job, issues, needs } = await preparer.open(texts);
  try {
    if (issues.length > 0) return { issues };
    const facts = await lookUpFacts((query) => executor.read(query), needs);
    const { prepared, issues: invalid } = await preparer.prepare(job, facts);
    return prepared === undefined ? { issues: invalid } : { counts: prepared.counts, issues: [] };
  } finally {
    await preparer.close(job).catch(() => undefined);
  }
}
