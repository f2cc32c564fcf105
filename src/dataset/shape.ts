import { z } from 'zod';
import { CLAIM_FIELDS, ENTITY_FIELDS, FINDING_FIELDS, inputsOf, RELATIONSHIP_FIELDS, SOURCE_FIELDS } from './fields.js';
import type { ParsedDataset } from './entries.js';
import { CitationShape } from './scalars.js';

export { CitationShape, RELATIONSHIP_ID_MARK } from './scalars.js';
export type * from './entries.js';

/**
 * The sections of the dataset format, composed from the field table (fields.ts): each section is
 * the inputs of its fields, plus its citations (nodes, not fields) and, for a source, its `file`.
 */
const citations = (what: string) => z.array(CitationShape).min(1, `every ${what} needs at least one citation`).max(100);

export const SourceShape = z.strictObject(inputsOf(SOURCE_FIELDS));
export const EntityShape = z.strictObject({ ...inputsOf(ENTITY_FIELDS), citations: citations('entity') });
export const RelationshipShape = z.strictObject({ ...inputsOf(RELATIONSHIP_FIELDS), citations: citations('relationship') });
export const FindingShape = z.strictObject({ ...inputsOf(FINDING_FIELDS), citations: citations('finding') });
/** A competing value for a fact another source states: an event's date or a position's title. */
export const ClaimShape = z.strictObject({ ...inputsOf(CLAIM_FIELDS), citations: citations('claim') });

export const DatasetShape = z.strictObject({
  sources: z.array(SourceShape).max(100_000).default([]),
  entities: z.array(EntityShape).max(1_000_000).default([]),
  relationships: z.array(RelationshipShape).max(10_000_000).default([]),
  findings: z.array(FindingShape).max(1_000_000).default([]),
  claims: z.array(ClaimShape).max(1_000_000).default([]),
});

/** Parses one document's data against the format; the sections come back in their typed views. */
export function parseDataset(data: unknown): { success: true; data: ParsedDataset } | { success: false; error: z.ZodError } {
  const parsed = DatasetShape.safeParse(data);
  return parsed.success ? { success: true, data: parsed.data as ParsedDataset } : { success: false, error: parsed.error };
}
