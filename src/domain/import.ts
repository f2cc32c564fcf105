import type { Executor } from '../db/executor.js';
import type { Runner } from '../db/query.js';
import { formatIssue, type DatasetIssue } from '../dataset/issues.js';
import type { ParsedDocument } from '../dataset/load.js';
import { graphFacts, graphNeeds, prepareDataset, type GraphFactsData, type GraphNeeds, type ImportCounts } from '../dataset/prepare.js';
import { validateDataset, type ValidDataset } from '../dataset/validate.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import { NOTHING_STORED, type StoredRecord, type StoredState } from '../dataset/restate.js';
import {
  citationCountsInSources,
  citationsAbout,
  labelsOfIds,
  mergedIds,
  relationshipEnds,
  relationshipsBetween,
  sourceTexts,
  storedEntities,
  storedFindingsAndClaims,
} from '../queries/import.js';
import { graphCounts } from '../queries/stats.js';
import { isEntityLabel, type EntityLabel, type RelationshipType } from '../model/vocabulary.js';

export type ImportSummary = ImportCounts;

/** Thrown when a dataset is invalid; carries every issue, and nothing has been written. */
export class DatasetInvalidError extends AnnalsError {
  constructor(readonly issues: DatasetIssue[]) {
    const shown = issues.slice(0, 50).map(formatIssue);
    const more = issues.length > shown.length ? [`…and ${issues.length - shown.length} more`] : [];
    super(
      ErrorCode.BAD_USER_INPUT,
      `The dataset is invalid (${issues.length} issue(s)); nothing was written:\n${[...shown, ...more].join('\n')}`,
      {
        issues: issues.slice(0, 200),
      },
    );
  }
}

/** Thrown when an import runs out of its time budget; its transaction is rolled back, so nothing was written. */
export class ImportTimeoutError extends AnnalsError {
  constructor(budgetMs: number) {
    super(
      ErrorCode.IMPORT_TIMEOUT,
      `The import did not finish within its time budget of ${budgetMs} ms (ANNALS_IMPORT_TIMEOUT_MS); nothing was written. Split the dataset, or raise the budget.`,
      { limit: 'ANNALS_IMPORT_TIMEOUT_MS', max: budgetMs },
    );
  }
}

/**
 * What the graph holds under the ids a dataset names (entities and sources, relationships by type,
 * findings, claims), with their citations: what restating merges over and the diff compares with.
 */
export async function readStored(
  run: Runner,
  needs: Pick<GraphNeeds, 'entityIds' | 'relationshipIds' | 'findingIds' | 'claimIds'>,
): Promise<StoredState> {
  const relationsQuery = relationshipEnds(new Map<RelationshipType, string[]>(needs.relationshipIds));
  const [entities, others, relations] = await Promise.all([
    run(storedEntities(needs.entityIds)),
    run(storedFindingsAndClaims(needs.findingIds, needs.claimIds)),
    relationsQuery === null ? [] : run(relationsQuery),
  ]);
  const byId = new Map<string, StoredRecord>();
  for (const r of entities) byId.set(r.id, { kind: 'entity', label: r.label, props: r.props, citations: [] });
  for (const r of others) byId.set(r.id, { kind: r.kind, props: r.props, citations: [] });
  for (const r of relations) byId.set(r.id, { kind: 'relationship', type: r.type, from: r.from, to: r.to, props: r.props, citations: [] });
  if (byId.size === 0) return NOTHING_STORED;
  const quotedSources = entities.filter((r) => r.label === 'Source').map((r) => r.id);
  const [cites, counts] = await Promise.all([run(citationsAbout([...byId.keys()])), run(citationCountsInSources(quotedSources))]);
  for (const row of cites) byId.get(row.id)?.citations.push(row.citation);
  return { byId, citationsInSource: new Map(counts.map((r) => [r.id, r.count])) };
}

/**
 * Looks up, with `run` (the import's transaction), what validation needs to know of the graph:
 * first what the dataset's own ids hold (restated entries take the ends and citations they leave
 * out from there), then labels, source texts and relationships for all of it.
 */
export async function lookUpFacts(run: Runner, needs: GraphNeeds): Promise<GraphFactsData> {
  const stored = await readStored(run, needs);
  const ids = new Set(needs.ids);
  const sources = new Set(needs.sources);
  for (const rec of stored.byId.values()) {
    if (rec.kind === 'relationship') ids.add(rec.from).add(rec.to);
    for (const c of rec.citations) sources.add(c.sourceId);
  }
  const [labels, texts, between, merged] = await Promise.all([
    run(labelsOfIds([...ids])),
    run(sourceTexts([...sources])),
    needs.pairs.length === 0 ? [] : run(relationshipsBetween(needs.pairs)),
    run(mergedIds(needs.ids)),
  ]);
  // The relationships under the dataset's ids were read with what they hold: their ends come from there.
  const ends = [...stored.byId].flatMap(([id, rec]) =>
    rec.kind === 'relationship' ? [[`${rec.type} ${id}`, { from: rec.from, to: rec.to }] as [string, { from: string; to: string }]] : [],
  );
  return {
    // A node whose labels are not the vocabulary's is not an entity this API knows.
    labels: labels.flatMap((row): [string, EntityLabel][] => (isEntityLabel(row.label) ? [[row.id, row.label]] : [])),
    texts: texts.map((r) => [r.id, r.text]),
    ends,
    between,
    stored,
    merged: merged.map((r): [string, string] => [r.id, r.to]),
  };
}

/**
 * Validates documents against themselves and the graph, in this thread: the one-entry inputs of
 * the curation mutations. Likely duplicates are not looked up here (pairs: none): that check is
 * the imports' (issue 11 item 5); the mutations keep their own rules.
 */
export async function validateAgainstGraph(run: Runner, docs: ParsedDocument[]): Promise<ValidDataset> {
  const facts = await lookUpFacts(run, { ...graphNeeds(docs), pairs: [] });
  const { dataset, issues } = validateDataset(docs, graphFacts(facts));
  if (dataset === undefined) throw new DatasetInvalidError(issues);
  return dataset;
}

/**
 * What importing these documents would do, checked against the graph exactly as an import checks
 * (restated over what their ids hold, references and quotes resolved there), writing nothing: every
 * query goes through `read`, which runs in read-only transactions.
 */
export async function checkAgainstGraph(
  read: Runner,
  docs: ParsedDocument[],
): Promise<{ issues: DatasetIssue[]; counts?: ImportCounts; dataset?: ValidDataset }> {
  const facts = await lookUpFacts(read, graphNeeds(docs));
  const { prepared, issues, dataset } = prepareDataset(docs, graphFacts(facts), undefined, undefined, facts.stored);
  return prepared === undefined ? { issues } : { issues: [], counts: prepared.counts, ...(dataset === undefined ? {} : { dataset }) };
}

export async function countGraph(executor: Executor): Promise<{ nodes: number; relationships: number }> {
  const [row] = await executor.read(graphCounts());
  return { nodes: row?.nodes ?? 0, relationships: row?.relationships ?? 0 };
}
