import type { Direction, EntityTypeName } from './vocabulary.js';

/**
 * Plain records as read from the graph (the executor has already turned Neo4j values into JSON
 * values). codegen maps GraphQL types onto these (codegen.yml `mappers`).
 */
export interface EntityRecord {
  id: string;
  type: EntityTypeName;
  name: string;
  nameValues: string[];
  nameLangs: string[];
  nameKinds: string[];
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  kind?: string | null;
  revision?: number | null;
  // Event
  edtf?: string | null;
  earliest?: string | null;
  latest?: string | null;
  precision?: string | null;
  approximate?: boolean | null;
  uncertain?: boolean | null;
  quantityValues?: number[] | null;
  quantityWhat?: string[] | null;
  quantityWhatEn?: string[] | null;
  // Source
  title?: string | null;
  titleEn?: string | null;
  publisher?: string | null;
  language?: string | null;
  text?: string | null;
  publishedEdtf?: string | null;
  /** Set when the record holds only what one selection reads (queries/projection.ts); see complete(). */
  projected?: boolean;
}

/** A relationship with both ends, whatever direction it was reached from. */
export interface RelationRecord {
  id: string;
  type: string;
  from: EntityRecord;
  to: EntityRecord;
  title?: string | null;
  titleEn?: string | null;
  role?: string | null;
  roleEn?: string | null;
  periodEdtf?: string | null;
  attestedEdtf?: string | null;
  earliest?: string | null;
  latest?: string | null;
}

/** A relationship seen from one of its ends: OUT when that end is where it starts. */
export interface RelationView extends RelationRecord {
  direction: Direction;
}

export interface CitationRecord {
  id: string;
  about: string;
  sourceId: string;
  quote: string;
  start: number;
  end: number;
  line: number;
}

export interface FindingRecord {
  id: string;
  event: string;
  kind: 'ACHIEVEMENT' | 'SHORTCOMING' | 'CONCLUSION';
  order: number;
  text: string;
  textEn?: string | null;
}
