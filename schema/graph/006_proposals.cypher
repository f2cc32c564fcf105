// Proposals under review (annals propose, proposeDataset): kept apart from the facts, under labels
// no read of the graph matches (ProposalDraft, Proposal), until a curator accepts them into it.
CREATE CONSTRAINT proposal_draft_id IF NOT EXISTS FOR (n:ProposalDraft) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT proposal_id IF NOT EXISTS FOR (n:Proposal) REQUIRE n.id IS UNIQUE;
CREATE RANGE INDEX proposal_status IF NOT EXISTS FOR (n:Proposal) ON (n.status, n.proposedAt);
CREATE RANGE INDEX proposal_draft IF NOT EXISTS FOR (n:Proposal) ON (n.draft);
