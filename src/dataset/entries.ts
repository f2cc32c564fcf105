import type { z } from 'zod';
import type { ParsedDate } from '../model/dates.js';
import type { EntityLabel, FindingKind, NameKind, NameLang, RelationshipType } from '../model/vocabulary.js';
import type { CitationShape } from './scalars.js';

// The entries of a dataset as code sees them: parsed (shape.ts) and validated (validate.ts).

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
  property: 'date' | 'title' | 'attestedAt';
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

/** A document as written, before defaults: what generators and tests build. */
export type DatasetDocument = {
  [S in keyof ParsedDataset]?: (Without<ParsedDataset[S][number], 'names' | 'quantities'> &
    Partial<Pick<EntityInput, 'names' | 'quantities'>>)[];
};

/** A citation with its quote located in the source text (UTF-16 offsets, 1-based line). */
export interface LocatedCitation {
  sourceId: string;
  quote: string;
  start: number;
  end: number;
  line: number;
}

export interface ValidSource extends Without<SourceInput, 'file' | 'text'> {
  text: string;
}
export interface ValidEntity extends Without<EntityInput, 'citations' | 'date'> {
  date: ParsedDate | null;
  citations: LocatedCitation[];
}
export interface ValidRelationship extends Without<RelationshipInput, 'citations' | 'period' | 'attestedAt' | 'id' | 'type'> {
  id: string;
  type: RelationshipType;
  period: ParsedDate | null;
  attestedAt: ParsedDate | null;
  citations: LocatedCitation[];
}
export interface ValidFinding extends Without<FindingInput, 'citations'> {
  citations: LocatedCitation[];
}

export interface ValidClaim extends Without<ClaimInput, 'citations'> {
  citations: LocatedCitation[];
}

export interface ValidDataset {
  sources: ValidSource[];
  entities: ValidEntity[];
  relationships: ValidRelationship[];
  findings: ValidFinding[];
  claims: ValidClaim[];
}
