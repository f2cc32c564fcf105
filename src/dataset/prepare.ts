// The CPU side of an import, in two steps around the graph lookups: open (parse, and say what to
// look up) and prepare (validate against what was found, plan, build the statements). Pure, so it
// runs the same in the import worker (src/workers/import-worker.ts), in the bench's worker, or in line.
import type { CypherQuery } from '../db/query.js';
import type { ImportPlan } from '../model/rows.js';
import { isRelationshipType, type EntityLabel, type RelationshipType } from '../model/vocabulary.js';
import { importStatements } from '../queries/import.js';
import { diffPlan, type WriteCounts } from './diff.js';
import type { DatasetIssue } from './issues.js';
import { parseDatasetText, type ParsedDocument } from './load.js';
import { planImport } from './plan.js';
import { NOTHING_STORED, restateDocuments, restatedClaimId, type StoredState } from './restate.js';
import { relationshipId, validateDataset, type GraphFacts, type GraphRelationship, type ValidDataset } from './validate.js';
import { appendTo } from '../model/multimap.js';

/** A dataset as text, with where it came from (`baseDir`: folder of `sources[].file`; null: none may be read). */
export interface DatasetText {
  text: string;
  file: string;
  baseDir: string | null;
  /** JSON that code generated (a spreadsheet's rows): parsed as JSON, its issues placed by path (see parseDatasetText). */
  generated?: boolean;
}

/** What validation needs to know of the graph, looked up by the main thread in the import's transaction. */
export interface GraphNeeds {
  /** Ids the dataset defines or links to: their labels. */
  ids: string[];
  /** Cited sources: their texts. */
  sources: string[];
  /** Relationship ids by type: their ends. */
  relationshipIds: [RelationshipType, string[]][];
  /** Distinct (from, to) pairs of the dataset's relationships: the relationships between them, for likely duplicates. */
  pairs: { from: string; to: string }[];
  /** Entity and source ids, and relationship ids as validation will derive them: their states before the write. */
  entityIds: string[];
  relationIds: string[];
  /** Finding and claim ids: what the graph holds under them, to restate and compare. */
  findingIds: string[];
  claimIds: string[];
}

/** What the graph answered to GraphNeeds, as plain data a worker can receive. */
export interface GraphFactsData {
  labels: [string, EntityLabel][];
  texts: [string, string][];
  ends: [string, { from: string; to: string }][];
  between: GraphRelationship[];
  /** What the graph holds under the dataset's own ids: entries are restated over it, and compared with it. */
  stored: StoredState;
  /** Ids the dataset defines or links to that were merged into another entity: [id, the survivor's id]. */
  merged: [string, string][];
}

export const NO_FACTS: GraphFactsData = { labels: [], texts: [], ends: [], between: [], stored: NOTHING_STORED, merged: [] };

/** GraphFacts over looked-up data. */
export function graphFacts(data: GraphFactsData): GraphFacts {
  const labels = new Map(data.labels);
  const texts = new Map(data.texts);
  const ends = new Map(data.ends);
  const merged = new Map(data.merged);
  const between = new Map<string, GraphRelationship[]>();
  for (const r of data.between) appendTo(between, `${r.from}\u0000${r.to}`, r);
  return {
    label: (id) => labels.get(id),
    sourceText: (id) => texts.get(id),
    relationship: (type, id) => ends.get(`${type} ${id}`),
    relationshipsBetween: (from, to) => between.get(`${from}\u0000${to}`) ?? [],
    mergedInto: (id) => merged.get(id),
  };
}

type Data = { entities?: unknown; sources?: unknown; relationships?: unknown; findings?: unknown } | null;
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * What to look up for these documents: every id they define or refer to, whole. A document's size
 * is bounded where it comes in (a request's body; files are the operator's), not here: a cap here
 * dropped the ids past the first 100,000 of a large import, so a reference to an entity already in
 * the graph was refused as unknown.
 */
export function graphNeeds(docs: ParsedDocument[]): GraphNeeds {
  const ids = new Set<string>();
  const sources = new Set<string>();
  const byType = new Map<RelationshipType, string[]>();
  const pairs = new Map<string, { from: string; to: string }>();
  const entityIds: string[] = [];
  const relationIds: string[] = [];
  const findingIds: string[] = [];
  const claimIds: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const c of list(record['citations'])) if (typeof c?.['source'] === 'string') sources.add(c['source']);
      Object.values(record).forEach(visit);
    }
  };
  for (const doc of docs) {
    const data = doc.data as Data;
    for (const e of [...list(data?.entities), ...list(data?.sources)]) {
      const id = str(e?.['id']);
      if (id === undefined) continue;
      ids.add(id);
      entityIds.push(id);
      // The claim a new source's date would become, if the graph holds the event with another date (see restateEntry).
      const date = str(e?.['date']);
      if (e?.['type'] === 'Event' && date !== undefined) claimIds.push(restatedClaimId(id, 'date', date));
    }
    for (const r of list(data?.relationships)) {
      const [type, from, to] = [str(r?.['type']), str(r?.['from']), str(r?.['to'])];
      if (from !== undefined) ids.add(from);
      if (to !== undefined) ids.add(to);
      if (from !== undefined && to !== undefined) pairs.set(`${from}\u0000${to}`, { from, to });
      const id =
        str(r?.['id']) ?? (type !== undefined && from !== undefined && to !== undefined ? relationshipId(type, from, to) : undefined);
      if (id !== undefined) {
        relationIds.push(id);
        // The claims a new source's title or attestedAt would become (see restateEntry).
        const [title, attestedAt] = [str(r?.['title']), str(r?.['attestedAt'])];
        if (title !== undefined && type === 'HELD_POSITION') claimIds.push(restatedClaimId(id, 'title', title));
        if (attestedAt !== undefined) claimIds.push(restatedClaimId(id, 'attestedAt', attestedAt));
      }
      if (type === undefined || !isRelationshipType(type) || id === undefined) continue;
      appendTo(byType, type, id);
    }
    for (const f of list(data?.findings)) {
      if (typeof f?.['event'] === 'string') ids.add(f['event']);
      if (typeof f?.['id'] === 'string') findingIds.push(f['id']);
    }
    for (const c of list((data as { claims?: unknown } | null)?.claims)) if (typeof c?.['id'] === 'string') claimIds.push(c['id']);
    visit(data);
  }
  return {
    ids: [...ids],
    sources: [...sources],
    relationshipIds: [...byType],
    pairs: [...pairs.values()],
    entityIds,
    relationIds,
    findingIds,
    claimIds,
  };
}

/** Parses dataset texts; issues when any is not YAML or JSON. */
export function openDatasets(texts: DatasetText[]): { docs: ParsedDocument[]; issues: DatasetIssue[] } {
  const docs: ParsedDocument[] = [];
  const issues: DatasetIssue[] = [];
  for (const t of texts) {
    const res = parseDatasetText(t.text, t.file, t.baseDir, t.generated === true);
    issues.push(...res.issues);
    if (res.doc) docs.push(res.doc);
  }
  return { docs, issues };
}

export interface ImportCounts {
  sources: number;
  entities: number;
  relationships: number;
  findings: number;
  claims: number;
  citations: number;
  statements: number;
  /** Entities (sources included) and relationships the import created, changed, or found as the document says. */
  entityCounts: WriteCounts;
  relationshipCounts: WriteCounts;
}

/** A change lists at most this many of the quotes its import relied on. */
export const CHANGE_CITATIONS = 1000;

export interface PreparedImport {
  statements: CypherQuery<never>[];
  counts: ImportCounts;
  /** MENTIONS written (one per source and entity citing it). */
  mentions: number;
  /** Ids of the entities (sources included) and relationships the import creates or changes. */
  entityIds: string[];
  relationIds: string[];
  /** False when the graph already holds everything as the dataset says: nothing to write or record. */
  changesAnything: boolean;
  /** Ids of the claims the import creates or changes (a revert restores them). */
  claimIds: string[];
  /** Findings change: the import keeps no before-state, since revert cannot restore them. */
  changesFindings: boolean;
  /** What the dataset's claims are about (Event and HELD_POSITION ids). */
  claimAbouts: string[];
  /** Every quote the import relies on (entities, relationships, findings, claims), for its change record. */
  citations: { source: string; quote: string }[];
}

/** Milliseconds spent in each step, added up over calls (the import bench reports them). */
export interface PreparePhaseMs {
  validate: number;
  plan: number;
  statements: number;
}

/**
 * Restates entries over what the graph holds under their ids (a field given wins, null clears,
 * the rest stays), validates, plans, keeps only the rows that change the graph, and builds their
 * statements; issues instead when the dataset is invalid.
 */
export function prepareDataset(
  docs: ParsedDocument[],
  facts: GraphFacts,
  batchSize = 5000,
  ms: PreparePhaseMs = { validate: 0, plan: 0, statements: 0 },
  stored: StoredState = NOTHING_STORED,
): { prepared?: PreparedImport; issues: DatasetIssue[]; dataset?: ValidDataset; plan?: ImportPlan } {
  let t = performance.now();
  const { dataset, issues } = validateDataset(stored.byId.size === 0 ? docs : restateDocuments(docs, stored), facts);
  ms.validate += performance.now() - t;
  if (dataset === undefined) return { issues };
  t = performance.now();
  const full = planImport(dataset);
  const diff = diffPlan(full, stored);
  ms.plan += performance.now() - t;
  if (diff.issues.length > 0) return { issues: diff.issues };
  t = performance.now();
  const statements = importStatements(diff.plan, batchSize);
  ms.statements += performance.now() - t;
  const citations: { source: string; quote: string }[] = [];
  for (const x of [dataset.entities, dataset.relationships, dataset.findings, dataset.claims].flat()) {
    for (const c of x.citations) if (citations.length < CHANGE_CITATIONS) citations.push({ source: c.sourceId, quote: c.quote });
  }
  return {
    issues: [],
    dataset,
    // The rows the statements write (the bulk importer writes them as CSV instead).
    plan: diff.plan,
    prepared: {
      statements,
      counts: {
        sources: dataset.sources.length,
        entities: dataset.entities.length,
        relationships: dataset.relationships.length,
        findings: dataset.findings.length,
        claims: dataset.claims.length,
        citations: full.citations.length,
        statements: statements.length,
        entityCounts: diff.entityCounts,
        relationshipCounts: diff.relationshipCounts,
      },
      entityIds: diff.changed.entities,
      relationIds: diff.changed.relations,
      changesAnything: diff.changesAnything,
      claimIds: diff.changed.claims,
      changesFindings: diff.changesFindings,
      mentions: diff.plan.mentions.length,
      claimAbouts: [...new Set(dataset.claims.map((c) => c.about))],
      citations,
    },
  };
}
