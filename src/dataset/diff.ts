import type { EntityLabel, RelationshipType } from '../model/vocabulary.js';
import type { DatasetIssue } from './issues.js';
import { stableJson } from '../model/stable.js';
import type { CitationRow, ImportPlan, NodeRow, RelationshipRow } from './plan.js';
import type { StoredCitation, StoredRecord, StoredState } from './restate.js';

export interface WriteCounts {
  created: number;
  changed: number;
  unchanged: number;
}

/** What an import would really do to the graph: only the rows that create or change something. */
export interface PlanDiff {
  plan: ImportPlan;
  entityCounts: WriteCounts;
  relationshipCounts: WriteCounts;
  /** Ids of the records the import creates or changes (entities and sources, relationships, claims). */
  changed: { entities: string[]; relations: string[]; claims: string[] };
  /** Whether anything at all would change (findings, claims and citations included). */
  changesAnything: boolean;
  /** Whether findings would change: revert does not restore those (it restores entities, relationships and claims). */
  changesFindings: boolean;
  issues: DatasetIssue[];
}

/** Stored and planned properties are the same, nulls being absent (Neo4j stores no nulls) and revisions aside. */
export function sameProps(stored: Readonly<Record<string, unknown>>, planned: Readonly<Record<string, unknown>>): boolean {
  const { revision: _r, ...rest } = stored;
  const { revision: _p, ...plannedRest } = planned;
  return stableJson(rest) === stableJson(plannedRest);
}

const citationKey = (c: { sourceId: string; [k: string]: unknown }) => stableJson(c);

/** Splits planned citations into those the graph already holds as they are and the others. */
function newCitations(rows: CitationRow[], stored: (about: string) => StoredCitation[]): CitationRow[] {
  const held = new Map<string, Set<string>>();
  return rows.filter((row) => {
    const about = row.props['about'] as string;
    let keys = held.get(about);
    if (keys === undefined) {
      keys = new Set(stored(about).map(citationKey));
      held.set(about, keys);
    }
    return !keys.has(citationKey({ ...row.props, sourceId: row.sourceId }));
  });
}

/**
 * Compares a plan with what the graph holds under its ids and keeps only the rows that change
 * something: a re-import of the same data writes nothing, moves no revision and records no change.
 * A source quoted in the graph keeps its text: changing it would move every citation's offsets.
 */
export function diffPlan(plan: ImportPlan, stored: StoredState): PlanDiff {
  const issues: DatasetIssue[] = [];
  const rec = (id: string): StoredRecord | undefined => stored.byId.get(id);
  const storedCitations = (about: string) => rec(about)?.citations ?? [];
  const citations = newCitations(plan.citations, storedCitations);
  const citedAbout = new Set(citations.map((c) => c.props['about'] as string));

  const entityCounts: WriteCounts = { created: 0, changed: 0, unchanged: 0 };
  const relationshipCounts: WriteCounts = { created: 0, changed: 0, unchanged: 0 };
  const changed = { entities: [] as string[], relations: [] as string[], claims: [] as string[] };
  const keep = <R extends { id: string; props: Record<string, unknown> }>(
    row: R,
    counts: WriteCounts | null,
    ids: string[] | null,
  ): boolean => {
    const before = rec(row.id);
    const outcome =
      before === undefined ? 'created' : sameProps(before.props, row.props) && !citedAbout.has(row.id) ? 'unchanged' : 'changed';
    if (counts !== null) counts[outcome] += 1;
    if (outcome !== 'unchanged') ids?.push(row.id);
    return outcome !== 'unchanged';
  };

  const nodes = new Map<EntityLabel, NodeRow[]>();
  for (const [label, rows] of plan.nodes) {
    const kept = rows.filter((row) => keep(row, entityCounts, changed.entities));
    for (const row of kept) {
      const before = rec(row.id);
      const quoted = stored.citationsInSource.get(row.id) ?? 0;
      if (label === 'Source' && before !== undefined && before.props['text'] !== row.props['text'] && quoted > 0) {
        issues.push({
          file: 'dataset',
          path: 'sources',
          entry: row.id,
          message: `the text of source "${row.id}" cannot change: ${quoted} citation(s) quote it at their offsets; add the new text as a source of its own`,
        });
      }
    }
    if (kept.length > 0) nodes.set(label, kept);
  }
  const relationships = new Map<RelationshipType, RelationshipRow[]>();
  for (const [type, rows] of plan.relationships) {
    const kept = rows.filter((row) => keep(row, relationshipCounts, changed.relations));
    if (kept.length > 0) relationships.set(type, kept);
  }
  const findings = plan.findings.filter((row) => keep(row, null, null));
  const claims = plan.claims.filter((row) => keep(row, null, changed.claims));
  const touched = new Set(changed.entities);
  const mentions = plan.mentions.filter((m) => touched.has(m.entityId));

  const out: ImportPlan = { nodes, relationships, findings, claims, citations, mentions };
  const changesAnything = nodes.size + relationships.size + findings.length + claims.length + citations.length > 0;
  return {
    plan: out,
    entityCounts,
    relationshipCounts,
    changed,
    changesAnything,
    changesFindings: findings.length > 0,
    issues,
  };
}
