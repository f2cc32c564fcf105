import type { Executor } from '../db/executor.js';
import { formatIssue, type DatasetIssue } from '../dataset/issues.js';
import type { ParsedDocument } from '../dataset/load.js';
import { planImport } from '../dataset/plan.js';
import { validateDataset, type ValidDataset } from '../dataset/validate.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import { importStatements, labelsOfIds } from '../queries/import.js';
import { graphCounts } from '../queries/stats.js';
import { isEntityLabel, type EntityLabel } from './vocabulary.js';

export interface ImportSummary {
  sources: number;
  entities: number;
  relationships: number;
  findings: number;
  citations: number;
  statements: number;
}

/** Thrown when a dataset is invalid; carries every issue, and nothing has been written. */
export class DatasetInvalidError extends AnnalsError {
  constructor(readonly issues: DatasetIssue[]) {
    const shown = issues.slice(0, 50).map(formatIssue);
    const more = issues.length > shown.length ? [`…and ${issues.length - shown.length} more`] : [];
    super(ErrorCode.BAD_USER_INPUT, `The dataset is invalid (${issues.length} issue(s)); nothing was written:\n${[...shown, ...more].join('\n')}`, {
      issues: issues.slice(0, 200),
    });
  }
}

/** Ids a dataset defines or refers to, so that those already in the graph can be looked up. */
function referencedIds(docs: ParsedDocument[]): string[] {
  const ids = new Set<string>();
  for (const doc of docs) {
    const data = doc.data as { relationships?: unknown; findings?: unknown; entities?: unknown; sources?: unknown } | null;
    for (const list of [data?.entities, data?.sources]) {
      for (const e of Array.isArray(list) ? list : []) if (typeof e?.id === 'string') ids.add(e.id);
    }
    for (const r of Array.isArray(data?.relationships) ? data.relationships : []) {
      for (const end of ['from', 'to']) if (typeof r?.[end] === 'string') ids.add(r[end]);
    }
    for (const f of Array.isArray(data?.findings) ? data.findings : []) if (typeof f?.event === 'string') ids.add(f.event);
  }
  return [...ids].slice(0, 100_000);
}

/** Validates documents against themselves and the graph; throws DatasetInvalidError listing every issue. */
export async function validateAgainstGraph(executor: Executor, docs: ParsedDocument[]): Promise<ValidDataset> {
  const rows = await executor.read(labelsOfIds(referencedIds(docs)));
  const known = new Map<string, EntityLabel>();
  for (const row of rows) {
    const label = row['label'] as string;
    if (isEntityLabel(label)) known.set(row['id'] as string, label);
  }
  const { dataset, issues } = validateDataset(docs, (id) => known.get(id));
  if (dataset === undefined) throw new DatasetInvalidError(issues);
  return dataset;
}

/**
 * Imports documents all or nothing: validates everything first, then writes every statement in
 * one transaction. Idempotent: entities, relationships and citations are merged on their ids.
 */
export async function importDocuments(executor: Executor, docs: ParsedDocument[]): Promise<ImportSummary> {
  const dataset = await validateAgainstGraph(executor, docs);
  const plan = planImport(dataset);
  const statements = importStatements(plan);
  await executor.writeAll(statements);
  return {
    sources: dataset.sources.length,
    entities: dataset.entities.length,
    relationships: dataset.relationships.length,
    findings: dataset.findings.length,
    citations: plan.citations.length,
    statements: statements.length,
  };
}

export async function countGraph(executor: Executor): Promise<{ nodes: number; relationships: number }> {
  const [row] = await executor.read(graphCounts());
  return { nodes: (row?.['nodes'] as number) ?? 0, relationships: (row?.['relationships'] as number) ?? 0 };
}
