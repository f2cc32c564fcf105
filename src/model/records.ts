import type { DatePrecision } from './dates.js';
import type { ClaimProperty, Direction, EntityLinkType, EntityTypeName, FindingKind, KindOf, NameKind, NameLang } from './vocabulary.js';

/**
 * Plain records as read from the graph (the executor has already turned Neo4j values into JSON
 * values), typed with the vocabulary's names, which are the GraphQL enums' values. codegen maps
 * GraphQL types onto these (codegen.yml `mappers`).
 */

/** What an entity record holds whatever its type (see EntityRecord). */
export interface EntityFields {
  id: string;
  name: string;
  /** Names as parallel lists (Neo4j keeps no maps): value, language and kind of each. */
  nameValues: string[];
  nameLangs: NameLang[];
  nameKinds: NameKind[];
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  revision?: number | null;
  /** Authority-file identifiers as parallel lists (dataset/fields.ts identifiersFromStored). */
  identifierSchemes?: string[] | null;
  identifierValues?: string[] | null;
  // Event
  edtf?: string | null;
  earliest?: string | null;
  latest?: string | null;
  precision?: DatePrecision | null;
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

/** An entity of one type, with the kinds of that type (an event's kind is an EventKind...). */
export type EntityRecordOf<T extends EntityTypeName> = EntityFields & { type: T; kind?: KindOf<T> | null };

/** An entity of any type: checking `type` tells the kinds its `kind` may hold. */
export type EntityRecord = { [T in EntityTypeName]: EntityRecordOf<T> }[EntityTypeName];

/** A relationship's own properties and type, without its ends (as a query returns `r {.*, type: type(r)}`). */
export interface RelationFields {
  id: string;
  type: EntityLinkType;
  title?: string | null;
  titleEn?: string | null;
  role?: string | null;
  roleEn?: string | null;
  periodEdtf?: string | null;
  attestedEdtf?: string | null;
  earliest?: string | null;
  latest?: string | null;
}

/** A relationship with both ends, whatever direction it was reached from. */
export interface RelationRecord extends RelationFields {
  from: EntityRecord;
  to: EntityRecord;
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

/** A competing claim as stored: a value one source gives for a fact (an event's date, a position's title). */
export interface StoredClaim {
  id: string;
  about: string;
  property: ClaimProperty;
  value: string;
}

export interface FindingRecord {
  id: string;
  event: string;
  kind: FindingKind;
  order: number;
  text: string;
  detail?: string | null;
  textEn?: string | null;
}
