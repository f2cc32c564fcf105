import {
  acceptProposals,
  DRAFT_MAX_ITEMS,
  getDraft,
  listProposals,
  proposeDataset,
  rejectProposals,
} from '../../domain/curation/review.js';
import { AnnalsError, ErrorCode } from '../../errors.js';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { changeNodeId } from '../../model/node-ids.js';

/** Review: thin calls into domain/curation/review.ts, which checks the token's role first. */
export const reviewQueryResolvers: QueryResolvers = {
  proposals: (_p, { status, draft, first }, ctx) => listProposals(ctx.executor, ctx.principal, { status, draft, first }),
  proposalDraft: (_p, { id }, ctx) => getDraft(ctx.executor, ctx.principal, id),
};

/** The draft of a proposal id (draft-<uuid>-<n>). */
const draftOf = (id: string): string => {
  const m = /^(draft-[0-9a-f-]{36})-\d+$/.exec(id);
  if (m === null) throw new AnnalsError(ErrorCode.NOT_FOUND, `No proposal "${id}".`, { field: 'id' });
  return m[1]!;
};

export const reviewMutationResolvers: MutationResolvers = {
  proposeDataset: (_p, { document }, ctx) => proposeDataset(ctx.executor, ctx.principal, document),
  acceptProposals: (_p, { draft, ids }, ctx) => acceptProposals(ctx.executor, ctx.principal, draft, ids ?? null),
  acceptProposal: (_p, { id }, ctx) => acceptProposals(ctx.executor, ctx.principal, draftOf(id), [id]),
  rejectProposal: async (_p, { id, reason }, ctx) => (await rejectProposals(ctx.executor, ctx.principal, [id], reason))[0]!,
};

export const reviewTypeResolvers: Resolvers = {
  Proposal: {
    section: (p) => (p.section === 'entities' ? 'ENTITIES' : 'RELATIONSHIPS'),
    highlights: (p) => (JSON.parse(p.highlights) as [number, number][]).map(([start, end]) => ({ start, end })),
    // The same global id (change:…) as Change.id, so node(id) and revert take it as given.
    change: (p) => (p.change == null ? null : changeNodeId(p.change)),
  },
  ProposalDraft: {
    proposals: async (d, { status }, ctx) =>
      listProposals(ctx.executor, ctx.principal, { status, draft: d.id, first: DRAFT_MAX_ITEMS, whole: true }),
  },
};
