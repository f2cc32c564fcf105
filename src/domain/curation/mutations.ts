// The curation API in one place: what the Mutation resolvers call.
import type { ImportSummary } from '../import.js';
import type { ChangeRecord } from './change.js';

export { createEntity, updateEntity, deleteEntity } from './entities.js';
export { addRelationship, removeRelationship, addSource, addCitation } from './relations.js';
export { mergeEntities } from './merge.js';
export { revertChange } from './revert.js';
export { history, changes } from './history.js';
export { importDataset } from './import-dataset.js';
export { importSpreadsheet } from './import-spreadsheet.js';

export type ImportOutcome = ImportSummary & { change: ChangeRecord | null };
