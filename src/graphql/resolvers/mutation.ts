import * as curation from '../../domain/curation/mutations.js';
import type { MutationResolvers, Resolvers } from '../../generated/graphql.js';
import { getEntity } from '../../domain/lookup.js';

/** Mutations: thin calls into domain/curation, which checks authorization before anything else. */
export const mutationResolvers: MutationResolvers = {
  createEntity: (_p, { input }, ctx) => curation.createEntity(ctx.executor, ctx.principal, input),
  updateEntity: (_p, { id, input, expectedRevision }, ctx) => curation.updateEntity(ctx.executor, ctx.principal, id, input, expectedRevision),
  deleteEntity: (_p, { id, expectedRevision }, ctx) => curation.deleteEntity(ctx.executor, ctx.principal, id, expectedRevision),
  addRelationship: (_p, { input }, ctx) => curation.addRelationship(ctx.executor, ctx.principal, input as never),
  removeRelationship: (_p, { id }, ctx) => curation.removeRelationship(ctx.executor, ctx.principal, id),
  addSource: (_p, { input }, ctx) => curation.addSource(ctx.executor, ctx.principal, input),
  addCitation: (_p, { about, citation }, ctx) => curation.addCitation(ctx.executor, ctx.principal, about, citation),
  mergeEntities: (_p, { survivor, duplicate, expectedRevision }, ctx) =>
    curation.mergeEntities(ctx.executor, ctx.principal, survivor, duplicate, expectedRevision),
  importDataset: (_p, { document }, ctx) => curation.importDataset(ctx.executor, ctx.principal, document),
  revert: (_p, { changeId }, ctx) => curation.revertChange(ctx.executor, ctx.principal, changeId),
};

export const changeResolvers: Resolvers = {
  Change: {
    operation: (c) => c.operation as never,
    citations: (c) => JSON.parse(c.citations) as { source: string; quote: string }[],
    revertedBy: (c) => c.revertedBy ?? null,
    revertOf: (c) => c.revertOf ?? null,
  },
  EntityChange: {
    // Read after the write committed, through this request's loader.
    entity: (w, _a, ctx) => getEntity(ctx.loaders, w.id),
  },
};
