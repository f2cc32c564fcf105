import type { CypherQuery } from '../db/query.js';
import type { EntityLabel, ProposalStatus } from '../model/vocabulary.js';

/** An entity as the extractor's dictionary needs it. */
export interface LexiconRow {
  id: string;
  label: EntityLabel;
  kind: string | null;
  name: string;
  nameValues: string[] | null;
  nameLangs: string[] | null;
  nameKinds: string[] | null;
}

/** One id-ordered page of the graph's entities (sources aside), by index seek on the id, for the extractor's dictionary. */
export function lexiconPage(after: string, limit: number): CypherQuery<LexiconRow> {
  return {
    cypher: `MATCH (n:Entity)
WHERE n.id > $after AND NOT n:Source
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.kind AS kind, n.name AS name,
  n.nameValues AS nameValues, n.nameLangs AS nameLangs, n.nameKinds AS nameKinds`,
    params: { after, limit },
  };
}

export type ProposalStatusValue = ProposalStatus;

/** A draft under review as stored: who proposed it, its source, and the dataset's sources as JSON. */
export interface StoredDraft {
  id: string;
  proposer: string;
  proposedAt: string;
  sourceId: string;
  sourceTitle: string;
  sourceText: string;
  /** JSON of the draft's `sources` entries, imported with every accepted item. */
  sources: string;
  itemCount: number;
}

/** One proposal as stored: its dataset entry as JSON, its quote and offsets, and its review. */
export interface StoredProposal {
  id: string;
  draft: string;
  n: number;
  section: 'entities' | 'relationships';
  label: string;
  summary: string;
  note: string | null;
  entry: string;
  quote: string | null;
  sourceId: string | null;
  start: number | null;
  end: number | null;
  /** JSON [[start, end], …] of spans to highlight. */
  highlights: string;
  status: ProposalStatusValue;
  proposer: string;
  proposedAt: string;
  reviewer: string | null;
  reviewedAt: string | null;
  reason: string | null;
  change: string | null;
}

export function createDraft(draft: StoredDraft, items: StoredProposal[]): CypherQuery<never> {
  return {
    cypher: `CREATE (d:ProposalDraft)
SET d = $draft
WITH d
UNWIND $items AS item
CREATE (p:Proposal)
SET p = item`,
    params: { draft, items },
  };
}

export function draftById(id: string): CypherQuery<{ draft: StoredDraft }> {
  return { cypher: 'MATCH (d:ProposalDraft {id: $id}) RETURN d {.*} AS draft', params: { id } };
}

/** Proposals by status (any when null), newest drafts first, in draft order; or those of one draft. */
export function proposalsBy(
  status: ProposalStatusValue | null,
  draft: string | null,
  first: number,
): CypherQuery<{ proposal: StoredProposal }> {
  return {
    cypher: `MATCH (p:Proposal)
WHERE ($status IS NULL OR p.status = $status) AND ($draft IS NULL OR p.draft = $draft)
RETURN p {.*} AS proposal
ORDER BY p.proposedAt DESC, p.draft, p.n
LIMIT $first`,
    params: { status, draft, first },
  };
}

/** Proposals by id, in draft order (a plain read). */
export function proposalsByIds(ids: readonly string[]): CypherQuery<{ proposal: StoredProposal }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (p:Proposal {id: id})
RETURN p {.*} AS proposal
ORDER BY p.n`,
    params: { ids },
  };
}

/** Proposals by id, locked for the rest of the transaction (the SET takes the write lock), so two reviews of one item serialize. */
export function lockProposals(ids: readonly string[]): CypherQuery<{ proposal: StoredProposal }> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (p:Proposal {id: id})
SET p._lock = true
REMOVE p._lock
RETURN p {.*} AS proposal
ORDER BY p.n`,
    params: { ids },
  };
}

export function markProposals(
  ids: readonly string[],
  review: { status: ProposalStatusValue; reviewer: string; reviewedAt: string; reason: string | null; change: string | null },
): CypherQuery<never> {
  return {
    cypher: `UNWIND $ids AS id
MATCH (p:Proposal {id: id})
SET p.status = $review.status, p.reviewer = $review.reviewer, p.reviewedAt = $review.reviewedAt,
  p.reason = $review.reason, p.change = coalesce($review.change, p.change)`,
    params: { ids, review },
  };
}
