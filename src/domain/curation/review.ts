/**
 * Review: drafts of proposed facts kept apart from the facts (ProposalDraft and Proposal nodes, which
 * no read of the graph, export or search matches) until a curator with a write token accepts them,
 * through the one recorded write path (importRecorded), the change naming proposer and reviewer,
 * or rejects them with a reason. A propose token may submit drafts and read them, never write facts.
 */
import { randomUUID } from 'node:crypto';
import { requireProposer, requireWriter, type Principal } from '../../auth/tokens.js';
import type { Executor } from '../../db/executor.js';
import { datasetOf, readDraft } from '../../dataset/propose/draft.js';
import { AnnalsError, ErrorCode, badInput, checkArguments } from '../../errors.js';
import { intArgument } from '../../model/arguments.js';
import { importTimeoutMs } from '../../config.js';
import {
  createDraft,
  draftById,
  lockProposals,
  markProposals,
  proposalsBy,
  proposalsByIds,
  type ProposalStatusValue,
  type StoredDraft,
  type StoredProposal,
} from '../../queries/propose.js';
import { DatasetInvalidError, type ImportSummary } from '../import.js';
import type { ChangeRecord } from './change.js';
import { dryRunImport, IMPORT_MAX_BYTES, importRecorded } from './import-dataset.js';

/** A draft holds at most this many items (entities and relationships). */
export const DRAFT_MAX_ITEMS = 2000;
/** One accept or reject names at most this many items. */
export const REVIEW_MAX_IDS = 500;
export const REASON_MAX = 2000;
export const PROPOSALS_MAX_FIRST = 500;

/**
 * Stores a draft for review: a dataset (YAML or JSON, the format of seed/data) with its source's
 * text, as `annals propose` writes it. It must validate against the graph as an import would
 * (nothing is written to the facts); each entry becomes one proposal with its quote and offsets.
 */
export async function proposeDataset(executor: Executor, principal: Principal, document: string): Promise<StoredDraft> {
  const { curator } = requireProposer(principal);
  if (document.length > IMPORT_MAX_BYTES) throw badInput(`the document is over ${IMPORT_MAX_BYTES} characters; split it`, 'document');
  const draft = readDraft(document);
  if (draft === null) throw badInput('the document is not a YAML or JSON mapping (a dataset, as annals propose writes it)', 'document');
  if (draft.source === null) {
    throw badInput('a draft carries the text of its source (sources[0].text), so a reviewer can read each quote in it', 'document');
  }
  if (draft.items.length === 0) throw badInput('the draft proposes nothing (no entities, no relationships)', 'document');
  if (draft.items.length > DRAFT_MAX_ITEMS) throw badInput(`the draft has over ${DRAFT_MAX_ITEMS} items; split it`, 'document');
  // Validated as an import is, under the import's own time budget (ANNALS_IMPORT_TIMEOUT_MS), not a read's.
  executor = executor.withTimeout(importTimeoutMs());
  const { issues } = await dryRunImport(executor, [{ text: document, file: 'document', baseDir: null }]);
  if (issues.length > 0) throw new DatasetInvalidError(issues);
  const sources = (JSON.parse(JSON.stringify(readSources(document))) as unknown[]) ?? [];
  const id = `draft-${randomUUID()}`;
  const at = new Date().toISOString();
  const stored: StoredDraft = {
    id,
    proposer: curator,
    proposedAt: at,
    sourceId: draft.source.id,
    sourceTitle: draft.source.title,
    sourceText: draft.source.text,
    sources: JSON.stringify(sources),
    itemCount: draft.items.length,
  };
  const items: StoredProposal[] = draft.items.map((item) => ({
    id: `${id}-${item.n + 1}`,
    draft: id,
    n: item.n,
    section: item.section,
    label: item.label,
    summary: item.summary,
    note: item.note,
    entry: JSON.stringify(item.entry),
    quote: item.quote,
    sourceId: item.sourceId,
    start: item.start,
    end: item.end,
    highlights: JSON.stringify(item.highlights.map((h) => [h.start, h.end])),
    status: 'PROPOSED',
    proposer: curator,
    proposedAt: at,
    reviewer: null,
    reviewedAt: null,
    reason: null,
    change: null,
  }));
  await executor.inWriteTransaction((run) => run(createDraft(stored, items)));
  return stored;
}

function readSources(document: string): unknown[] {
  // readDraft has parsed it already; the sources section is read again here as plain data.
  const parsed = readDraft(document);
  if (parsed === null || parsed.source === null) return [];
  const { id, title, text, language } = parsed.source;
  return [{ id, title, text, ...(language === '' ? {} : { language }) }];
}

/** Proposals by status, for a propose or write token (they are not facts: anonymous readers never see them). */
export async function listProposals(
  executor: Executor,
  principal: Principal,
  args: { status?: ProposalStatusValue | null; draft?: string | null; first?: number | null; whole?: boolean },
): Promise<StoredProposal[]> {
  requireProposer(principal);
  // One draft's proposals (ProposalDraft.proposals) are all of it, at most DRAFT_MAX_ITEMS; a page of the queue, PROPOSALS_MAX_FIRST.
  const max = args.whole === true ? DRAFT_MAX_ITEMS : PROPOSALS_MAX_FIRST;
  const first = checkArguments(() => intArgument(args.first, { field: 'first', min: 1, max }, 50));
  return (await executor.read(proposalsBy(args.status ?? null, args.draft ?? null, first))).map((r) => r.proposal);
}

export async function getDraft(executor: Executor, principal: Principal, id: string): Promise<StoredDraft | null> {
  requireProposer(principal);
  const [row] = await executor.read(draftById(id));
  return row?.draft ?? null;
}

function checkIds(ids: readonly string[]): void {
  if (ids.length === 0) throw badInput('name at least one proposal', 'ids');
  if (ids.length > REVIEW_MAX_IDS) throw badInput(`at most ${REVIEW_MAX_IDS} proposals at once`, 'ids');
}

export interface AcceptOutcome {
  accepted: StoredProposal[];
  /** Already accepted before: accepting again changes nothing. */
  alreadyAccepted: StoredProposal[];
  import: (ImportSummary & { change: ChangeRecord | null }) | null;
}

/**
 * Accepts proposals of one draft (all of it when `ids` is null): their entries and the draft's
 * source are imported as one recorded change by the reviewer, naming the proposer; the items are
 * marked accepted in the same transaction. Items accepted before are skipped (accepting twice is a
 * no-op); rejected ones are refused. An entry that refers to an item left out fails validation
 * (nothing written), naming the id.
 */
export async function acceptProposals(
  executor: Executor,
  principal: Principal,
  draftId: string,
  ids: readonly string[] | null,
): Promise<AcceptOutcome> {
  const reviewer = requireWriter(principal);
  if (ids !== null) checkIds(ids);
  // An accept is an import, with its time budget (ANNALS_IMPORT_TIMEOUT_MS) for all of it: the marking after it too.
  executor = executor.withTimeout(importTimeoutMs());
  const [row] = await executor.read(draftById(draftId));
  if (row === undefined) throw new AnnalsError(ErrorCode.NOT_FOUND, `No draft "${draftId}".`, { field: 'draft' });
  const draft = row.draft;
  const wanted = ids ?? Array.from({ length: draft.itemCount }, (_, n) => `${draft.id}-${n + 1}`);
  const items = (await executor.read(proposalsByIds(wanted))).map((r) => r.proposal);
  const found = new Set(items.map((i) => i.id));
  const missing = wanted.filter((id) => !found.has(id) || !id.startsWith(`${draft.id}-`));
  if (missing.length > 0)
    throw new AnnalsError(ErrorCode.NOT_FOUND, `No proposal "${missing[0]}" in draft "${draft.id}".`, { field: 'ids' });
  const rejected = items.filter((i) => i.status === 'REJECTED');
  if (rejected.length > 0 && ids !== null) {
    throw badInput(
      `proposal ${rejected[0]!.id} was rejected (${rejected[0]!.reason ?? 'no reason'}); propose it again to accept it`,
      'ids',
    );
  }
  const alreadyAccepted = items.filter((i) => i.status === 'ACCEPTED');
  const chosen = items.filter((i) => i.status === 'PROPOSED');
  if (chosen.length === 0) return { accepted: [], alreadyAccepted, import: null };
  const text = datasetOf(
    JSON.parse(draft.sources) as Record<string, unknown>[],
    chosen.map((i) => ({ section: i.section, entry: JSON.parse(i.entry) as Record<string, unknown> })),
  );
  const reviewedAt = new Date().toISOString();
  const chosenIds = chosen.map((i) => i.id);
  const mark = (change: string | null) => markProposals(chosenIds, { status: 'ACCEPTED', reviewer, reviewedAt, reason: null, change });
  const outcome = await importRecorded(executor, reviewer, [{ text, file: `draft ${draft.id}`, baseDir: null }], {
    proposedBy: draft.proposer,
    inTransaction: async (run) => {
      // Locked again inside the import's transaction: a concurrent accept of the same items waits, then finds them accepted.
      const now = (await run(lockProposals(chosenIds))).map((r) => r.proposal);
      if (now.some((p) => p.status !== 'PROPOSED')) {
        throw new AnnalsError(ErrorCode.CONFLICT, 'These proposals were reviewed meanwhile; list them again.', { field: 'ids' });
      }
      await run(mark(null));
    },
  });
  // The change id is known once the import is recorded; an import that changed nothing (the facts
  // were already in the graph) records no change and rolled the marking back with it: mark here.
  await executor.inWriteTransaction((run) => run(mark(outcome.change?.id ?? null)));
  const accepted = (await executor.read(proposalsByIds(chosenIds))).map((r) => r.proposal);
  return { accepted, alreadyAccepted, import: outcome };
}

/** Rejects proposals with a reason (a write token); what was accepted stays accepted (revert its change instead). */
export async function rejectProposals(
  executor: Executor,
  principal: Principal,
  ids: readonly string[],
  reason: string,
): Promise<StoredProposal[]> {
  const reviewer = requireWriter(principal);
  checkIds(ids);
  if (reason.trim() === '' || reason.length > REASON_MAX) throw badInput(`a reason of 1 to ${REASON_MAX} characters`, 'reason');
  return executor.inWriteTransaction(async (run) => {
    const items = (await run(lockProposals(ids))).map((r) => r.proposal);
    const found = new Set(items.map((i) => i.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AnnalsError(ErrorCode.NOT_FOUND, `No proposal "${missing[0]}".`, { field: 'ids' });
    const accepted = items.find((i) => i.status === 'ACCEPTED');
    if (accepted !== undefined) {
      throw badInput(`proposal ${accepted.id} was accepted (change ${accepted.change ?? '?'}); revert that change instead`, 'ids');
    }
    await run(
      markProposals(ids, { status: 'REJECTED', reviewer, reviewedAt: new Date().toISOString(), reason: reason.trim(), change: null }),
    );
    return (await run(lockProposals(ids))).map((r) => r.proposal);
  });
}
