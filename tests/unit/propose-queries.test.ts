// Pinned Cypher of the review's and the extractor's query builders.
import { describe, expect, it } from 'vitest';
import {
  createDraft,
  draftById,
  lexiconPage,
  lockProposals,
  markProposals,
  proposalsBy,
  proposalsByIds,
} from '../../src/queries/propose.js';

describe('propose and review builders', () => {
  it('lexiconPage', () => {
    expect(lexiconPage('', 500).cypher).toMatchInlineSnapshot(`
      "MATCH (n:Entity)
      WHERE n.id > $after AND NOT n:Source
      WITH n ORDER BY n.id LIMIT $limit
      RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.kind AS kind, n.name AS name,
        n.nameValues AS nameValues, n.nameLangs AS nameLangs, n.nameKinds AS nameKinds"
    `);
  });
  it('createDraft', () => {
    expect(createDraft({} as never, []).cypher).toMatchInlineSnapshot(`
      "CREATE (d:ProposalDraft)
      SET d = $draft
      WITH d
      UNWIND $items AS item
      CREATE (p:Proposal)
      SET p = item"
    `);
  });
  it('draftById', () => {
    expect(draftById('d').cypher).toMatchInlineSnapshot(`"MATCH (d:ProposalDraft {id: $id}) RETURN d {.*} AS draft"`);
  });
  it('proposalsBy', () => {
    expect(proposalsBy('PROPOSED', null, 50)).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (p:Proposal)
      WHERE ($status IS NULL OR p.status = $status) AND ($draft IS NULL OR p.draft = $draft)
      RETURN p {.*} AS proposal
      ORDER BY p.proposedAt DESC, p.draft, p.n
      LIMIT $first",
        "params": {
          "draft": null,
          "first": 50,
          "status": "PROPOSED",
        },
      }
    `);
  });
  it('proposalsByIds and lockProposals', () => {
    expect(proposalsByIds(['a']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (p:Proposal {id: id})
      RETURN p {.*} AS proposal
      ORDER BY p.n"
    `);
    expect(lockProposals(['a']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (p:Proposal {id: id})
      SET p._lock = true
      REMOVE p._lock
      RETURN p {.*} AS proposal
      ORDER BY p.n"
    `);
  });
  it('markProposals', () => {
    expect(markProposals(['a'], { status: 'REJECTED', reviewer: 'r', reviewedAt: 't', reason: 'no', change: null })).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id
      MATCH (p:Proposal {id: id})
      SET p.status = $review.status, p.reviewer = $review.reviewer, p.reviewedAt = $review.reviewedAt,
        p.reason = $review.reason, p.change = coalesce($review.change, p.change)",
        "params": {
          "ids": [
            "a",
          ],
          "review": {
            "change": null,
            "reason": "no",
            "reviewedAt": "t",
            "reviewer": "r",
            "status": "REJECTED",
          },
        },
      }
    `);
  });
});
