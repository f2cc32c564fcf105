import { z } from 'zod';
import { CLAIM_FIELDS, ENTITY_FIELDS, FINDING_FIELDS, inputsOf, RELATIONSHIP_FIELDS, SOURCE_FIELDS } from './fields.js';
import type { EntityLabel, FindingKind, NameKind, NameLang, RelationshipType } from '../model/vocabulary.js';
import { CitationShape } from './scalars.js';

export { CitationShape, RELATIONSHIP_ID_MARK } from './scalars.js';

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

/**
 * Typed views of the parsed sections, naming the inputs that code reads by name; any other field
 * the table declares arrives as a further key (its own field entry reads and writes it).
 */
export interface FurtherInputs {
  [input: string]: unknown;
}
/** A typed view without some of its named inputs (Omit would keep only the index signature). */
export type Without<T, K extends string> = { [P in keyof T as string extends P ? never : P extends K ? never : P]: T[P] } & FurtherInputs;
export type CitationInput = z.infer<typeof CitationShape>;
export interface NameInput {
  value: string;
  lang: NameLang;
  kind: NameKind;
}
export interface QuantityInput {
  value: number;
  what: string;
  whatEn?: string;
}
export interface SourceInput extends FurtherInputs {
  id: string;
  file?: string;
  text?: string;
  title: string;
  titleEn?: string;
  published?: string;
}
export interface EntityInput extends FurtherInputs {
  id: string;
  type: Exclude<EntityLabel, 'Source'>;
  name: string;
  names: NameInput[];
  kind?: string;
  date?: string;
  quantities: QuantityInput[];
  citations: CitationInput[];
}
export interface RelationshipInput extends FurtherInputs {
  id?: string;
  type: RelationshipType;
  from: string;
  to: string;
  title?: string;
  titleEn?: string;
  role?: string;
  roleEn?: string;
  period?: string;
  attestedAt?: string;
  citations: CitationInput[];
}
export interface FindingInput extends FurtherInputs {
  id: string;
  event: string;
  kind: FindingKind;
  order: number;
  text: string;
  textEn?: string;
  citations: CitationInput[];
}
export interface ClaimInput extends FurtherInputs {
  id: string;
  about: string;
  property: 'date' | 'title';
  value: string;
  citations: CitationInput[];
}
export interface ParsedDataset {
  sources: SourceInput[];
  entities: EntityInput[];
  relationships: RelationshipInput[];
  findings: FindingInput[];
  claims: ClaimInput[];
}

/** Parses one document's data against the format; the sections come back in their typed views. */
export function parseDataset(data: unknown): { success: true; data: ParsedDataset } | { success: false; error: z.ZodError } {
  const parsed = DatasetShape.safeParse(data);
  return parsed.success ? { success: true, data: parsed.data as ParsedDataset } : { success: false, error: parsed.error };
}

/** A document as written, before defaults: what generators and tests build. */
export type DatasetDocument = {
  [S in keyof ParsedDataset]?: (Without<ParsedDataset[S][number], 'names' | 'quantities'> &
    Partial<Pick<EntityInput, 'names' | 'quantities'>>)[];
};
