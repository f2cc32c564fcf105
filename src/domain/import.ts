import type { Executor } from '../db/executor.js';
import type { Runner } from '../db/query.js';
import { formatIssue, type DatasetIssue } from '../dataset/issues.js';
import type { ParsedDocument } from '../dataset/load.js';
import { diffPlan, type WriteCounts } from '../dataset/diff.js';
import { planImport } from '../dataset/plan.js';
import { datasetIds, relationshipIdsByType as storedIdsByType, restateDocuments, type StoredCitation, type StoredRecord, type StoredState } from '../dataset/restate.js';
import { relationshipId, validateDataset, type ValidDataset } from '../dataset/validate.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import {
  citationCountsInSources,
  citationsAbout,
  importStatements,
  labelsOfIds,
  relationshipEnds,
  sourceTexts,
  storedEntities,
  storedFindingsAndClaims,
  storedRelationships,
} from '../queries/import.js';
import { graphCounts } from '../queries/stats.js';
import { isEntityLabel, isRelationshipType, type EntityLabel, type RelationshipType } from './vocabulary.js';

export interface ImportSummary {
  sources: number;
  entities: number;
  relationships: number;
  findings: number;
  citations: number;
  statements: number;
  /** Entities (sources included) and relationships the import created, changed, or left as they were. */
  entityCounts: WriteCounts;
  relationshipCounts: WriteCounts;
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

/** Relationship ids a dataset gives or implies, by type, so that one already in the graph between other ends is named. */
function relationshipIdsByType(docs: ParsedDocument[]): Map<RelationshipType, string[]> {
  const byType = new Map<RelationshipType, string[]>();
  let count = 0;
  for (const doc of docs) {
    const data = doc.data as { relationships?: unknown } | null;
    for (const r of Array.isArray(data?.relationships) ? (data.relationships as Record<string, unknown>[]) : []) {
      const [type, from, to, id] = [r?.['type'], r?.['from'], r?.['to'], r?.['id']];
      if (typeof type !== 'string' || !isRelationshipType(type) || count >= 100_000) continue;
      const given = typeof id === 'string' ? id : typeof from === 'string' && typeof to === 'string' ? relationshipId(type, from, to) : undefined;
      if (given === undefined) continue;
      const list = byType.get(type);
      if (list === undefined) byType.set(type, [given]);
      else list.push(given);
      count += 1;
    }
  }
  return byType;
}

/** Cited source ids, so that texts of sources already in the graph can be read for quote checks. */
function citedSources(docs: ParsedDocument[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (Array.isArray(record['citations'])) {
        for (const c of record['citations'] as { source?: unknown }[]) if (typeof c?.source === 'string') ids.add(c.source);
      }
      Object.values(record).forEach(visit);
    }
  };
  docs.forEach((d) => visit(d.data));
  return [...ids].slice(0, 10_000);
}

/** Validates documents against themselves and the graph; throws DatasetInvalidError listing every issue. */
export async function validateAgainstGraph(run: Runner, docs: ParsedDocument[]): Promise<ValidDataset> {
  const relationsQuery = relationshipEnds(relationshipIdsByType(docs));
  const [labels, texts, relations] = await Promise.all([
    run(labelsOfIds(referencedIds(docs))),
    run(sourceTexts(citedSources(docs))),
    relationsQuery === null ? [] : run(relationsQuery),
  ]);
  const ends = new Map(relations.map((r) => [`${r['type'] as string} ${r['id'] as string}`, { from: r['from'] as string, to: r['to'] as string }]));
  const known = new Map<string, EntityLabel>();
  for (const row of labels) {
    const label = row['label'] as string;
    if (isEntityLabel(label)) known.set(row['id'] as string, label);
  }
  const textOf = new Map(texts.map((r) => [r['id'] as string, r['text'] as string]));
  const { dataset, issues } = validateDataset(docs, {
    label: (id) => known.get(id),
    sourceText: (id) => textOf.get(id),
    relationship: (type, id) => ends.get(`${type} ${id}`),
  });
  if (dataset === undefined) throw new DatasetInvalidError(issues);
  return dataset;
}

/** What the graph holds under the ids a dataset names: what restating merges over and what the diff compares with. */
export async function readStored(run: Runner, docs: ParsedDocument[]): Promise<StoredState> {
  const ids = datasetIds(docs);
  const relationsQuery = storedRelationships(storedIdsByType(docs));
  const [entities, others, relations] = await Promise.all([
    run(storedEntities([...ids.sources, ...ids.entities])),
    run(storedFindingsAndClaims(ids.findings, ids.claims)),
    relationsQuery === null ? [] : run(relationsQuery),
  ]);
  const byId = new Map<string, StoredRecord>();
  for (const r of entities) byId.set(r['id'] as string, { kind: 'entity', label: r['label'] as EntityLabel, props: r['props'] as Record<string, unknown>, citations: [] });
  for (const r of others) byId.set(r['id'] as string, { kind: r['kind'] as 'finding' | 'claim', props: r['props'] as Record<string, unknown>, citations: [] });
  for (const r of relations) {
    const [type, from, to] = [r['type'] as RelationshipType, r['from'] as string, r['to'] as string];
    byId.set(r['id'] as string, { kind: 'relationship', type, from, to, props: r['props'] as Record<string, unknown>, citations: [] });
  }
  const quotedSources = entities.filter((r) => r['label'] === 'Source').map((r) => r['id'] as string);
  const [cites, counts] = await Promise.all([run(citationsAbout([...byId.keys()])), run(citationCountsInSources(quotedSources))]);
  for (const row of cites) byId.get(row['id'] as string)?.citations.push(row['citation'] as StoredCitation);
  return { byId, citationsInSource: new Map(counts.map((r) => [r['id'] as string, r['count'] as number])) };
}

/** What an import did beyond its summary: the ids it created or changed, and whether it changed anything. */
export interface ImportEffect {
  dataset: ValidDataset;
  changed: { entities: string[]; relations: string[] };
  changesAnything: boolean;
}

/**
 * Validates, then writes with `run` (the caller's transaction) only what changes the graph: entries
 * already in the graph are restated field by field over it, and rows the graph holds as they are
 * are left alone (no revision moves for them).
 */
export async function importInTransaction(run: Runner, docs: ParsedDocument[]): Promise<ImportSummary & ImportEffect> {
  const stored = await readStored(run, docs);
  const dataset = await validateAgainstGraph(run, restateDocuments(docs, stored));
  const plan = planImport(dataset);
  const diff = diffPlan(plan, stored);
  if (diff.issues.length > 0) throw new DatasetInvalidError(diff.issues);
  const statements = importStatements(diff.plan);
  for (const statement of statements) await run(statement);
  return {
    dataset,
    changed: diff.changed,
    changesAnything: diff.changesAnything,
    sources: dataset.sources.length,
    entities: dataset.entities.length,
    relationships: dataset.relationships.length,
    findings: dataset.findings.length,
    citations: plan.citations.length,
    statements: statements.length,
    entityCounts: diff.entityCounts,
    relationshipCounts: diff.relationshipCounts,
  };
}

/**
 * Imports documents all or nothing: validates everything first, then writes every statement in
 * one transaction. Idempotent: entities, relationships and citations are merged on their ids.
 */
export async function importDocuments(executor: Executor, docs: ParsedDocument[]): Promise<ImportSummary> {
  const { dataset: _dataset, changed: _changed, changesAnything: _any, ...summary } = await executor.inWriteTransaction((run) => importInTransaction(run, docs));
  return summary;
}

export async function countGraph(executor: Executor): Promise<{ nodes: number; relationships: number }> {
  const [row] = await executor.read(graphCounts());
  return { nodes: (row?.['nodes'] as number) ?? 0, relationships: (row?.['relationships'] as number) ?? 0 };
}
