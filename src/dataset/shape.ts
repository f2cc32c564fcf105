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
const citations = (what: string) =>
  z
    .array(CitationShape)
    .min(1, `every ${what} needs at least one citation`)
    .max(100)
    .describe(
      `At least one passage of a source that attests the ${what}. Restating an entry in the graph adds its citations to those it has.`,
    );

export const SourceShape = z
  .strictObject(inputsOf(SOURCE_FIELDS))
  .meta({ id: 'Source', description: 'A document that citations quote, with its whole text (`text`, or a `file` beside the dataset).' });
export const EntityShape = z
  .strictObject({ ...inputsOf(ENTITY_FIELDS), citations: citations('entity') })
  .meta({ id: 'Entity', description: 'A person, organization, event, initiative or place.' });
export const RelationshipShape = z
  .strictObject({ ...inputsOf(RELATIONSHIP_FIELDS), citations: citations('relationship') })
  .meta({ id: 'Relationship', description: 'A typed, directed link between two entities.' });
export const FindingShape = z
  .strictObject({ ...inputsOf(FINDING_FIELDS), citations: citations('finding') })
  .meta({ id: 'Finding', description: 'An achievement, shortcoming or conclusion an event recorded.' });
/** A competing value for a fact another source states: an event's date or a position's title. */
export const ClaimShape = z.strictObject({ ...inputsOf(CLAIM_FIELDS), citations: citations('claim') }).meta({
  id: 'Claim',
  description:
    "A value another source gives for a fact: an event's date or a position's title. Both are kept; rules pick the preferred one.",
});

export const DatasetShape = z
  .strictObject({
    sources: z.array(SourceShape).max(100_000).default([]).describe('The documents quoted.'),
    entities: z.array(EntityShape).max(1_000_000).default([]).describe('People, organizations, events, initiatives and places.'),
    relationships: z.array(RelationshipShape).max(10_000_000).default([]).describe('Typed links between entities.'),
    findings: z.array(FindingShape).max(1_000_000).default([]).describe('What events recorded: achievements, shortcomings, conclusions.'),
    claims: z.array(ClaimShape).max(1_000_000).default([]).describe('Competing values of facts, from other sources.'),
  })
  .meta({
    title: 'Annals dataset',
    description:
      'Curated, cited facts for Annals (the YAML or JSON of seed/data, and the text of the importDataset mutation). Every entity, relationship, finding and claim cites words of a source verbatim. Guide: docs/curating.md.',
  });

/** Parses one document's data against the format; the sections come back in their typed views. */
export function parseDataset(data: unknown): { success: true; data: ParsedDataset } | { success: false; error: z.ZodError } {
  const parsed = DatasetShape.safeParse(data);
  return parsed.success ? { success: true, data: parsed.data as ParsedDataset } : { success: false, error: parsed.error };
}
