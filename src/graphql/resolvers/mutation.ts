import * as curation from '../../domain/curation/mutations.js';
import type { MutationResolvers, Resolvers } from '../../generated/graphql.js';
import { getEntity } from '../../domain/lookup.js';
import type { RowStatus } from '../../dataset/spreadsheet/convert.js';

const ROW_STATUS = { new: 'NEW', matched: 'MATCHED', ambiguous: 'AMBIGUOUS' } as const satisfies Record<RowStatus, string>;

/** Mutations: thin calls into domain/curation, which checks authorization before anything else. */
export const mutationResolvers: MutationResolvers = {
  createEntity: (_p, { input, idempotencyKey }, ctx) => curation.createEntity(ctx.executor, ctx.principal, input, { idempotencyKey }),
  updateEntity: (_p, { id, input, expectedRevision, idempotencyKey }, ctx) =>
    curation.updateEntity(ctx.executor, ctx.principal, id, input, expectedRevision, { idempotencyKey }),
  deleteEntity: (_p, { id, expectedRevision, idempotencyKey }, ctx) =>
    curation.deleteEntity(ctx.executor, ctx.principal, id, expectedRevision, { idempotencyKey }),
  addRelationship: (_p, { input, idempotencyKey }, ctx) => curation.addRelationship(ctx.executor, ctx.principal, input, { idempotencyKey }),
  removeRelationship: (_p, { id, idempotencyKey }, ctx) => curation.removeRelationship(ctx.executor, ctx.principal, id, { idempotencyKey }),
  addSource: (_p, { input, idempotencyKey }, ctx) => curation.addSource(ctx.executor, ctx.principal, input, { idempotencyKey }),
  addCitation: (_p, { about, citation, idempotencyKey }, ctx) =>
    curation.addCitation(ctx.executor, ctx.principal, about, citation, { idempotencyKey }),
  mergeEntities: (_p, { survivor, duplicate, expectedRevision, idempotencyKey }, ctx) =>
    curation.mergeEntities(ctx.executor, ctx.principal, survivor, duplicate, expectedRevision, { idempotencyKey }),
  importDataset: (_p, { document, idempotencyKey }, ctx) =>
    curation.importDataset(ctx.executor, ctx.principal, document, { idempotencyKey }),
  importSpreadsheet: (_p, { csv, mapping, dryRun, idempotencyKey }, ctx) =>
    curation.importSpreadsheet(ctx.executor, ctx.principal, { csv, mapping, dryRun, idempotencyKey }),
  revert: (_p, { changeId, idempotencyKey }, ctx) => curation.revertChange(ctx.executor, ctx.principal, changeId, { idempotencyKey }),
};

export const changeResolvers: Resolvers = {
  Change: {
    operation: (c) => c.operation,
    citations: (c) => JSON.parse(c.citations) as { source: string; quote: string }[],
    // id, revertedBy and revertOf are global ids (change:…): resolvers/node.ts.
  },
  SpreadsheetImportResult: {
    issues: (r) => r.issues,
    rows: (r, { status, withIssues, fromLine }) =>
      r.rows.filter(
        (row) =>
          (status == null || row.status === status.toLowerCase()) &&
          (withIssues !== true || row.issues.length > 0) &&
          (fromLine == null || row.line >= fromLine),
      ),
  },
  SpreadsheetRow: {
    status: (r) => ROW_STATUS[r.status],
  },
  SpreadsheetIssue: {
    line: (i) => i.line ?? null,
    entry: (i) => i.entry ?? null,
  },
  EntityChange: {
    // Read after the write committed, through this request's loader.
    entity: (w, _a, ctx) => getEntity(ctx.loaders, w.id),
  },
};
