import { z } from 'zod';
import { ENTITY_LABELS, FINDING_KINDS, NAME_KINDS, NAME_LANGS, RELATIONSHIP_TYPES } from '../model/vocabulary.js';

/**
 * Entity, source, finding and claim ids on one side, relationship ids on the other, told apart by
 * their text: only a relationship id contains "--" (derived ones read from--type--to). Citations,
 * history and revert key on ids alone, so the two kinds must never share one; a rule of the text
 * needs no look-up and holds in every write path that validates.
 */
export const RELATIONSHIP_ID_MARK = '--';
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'must be a slug: lowercase letters, digits and hyphens, at most 120 characters')
  .refine(
    (v) => !v.includes(RELATIONSHIP_ID_MARK),
    `must not contain "${RELATIONSHIP_ID_MARK}": ids with "${RELATIONSHIP_ID_MARK}" name relationships`,
  );
// Its form from--type--to[--suffix] is checked with its ends (validate.ts): the type inside keeps ids
// unique across relationship types as well.
const relationshipIdText = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,299}$/, 'must be a slug: lowercase letters, digits and hyphens, at most 300 characters');
// Names, titles and quotes: no control characters, and something visible.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .refine((v) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(v), 'must contain something visible');
const edtf = z.string().min(1).max(64);

export const CitationShape = z.strictObject({ source: id, quote: text(2000) });

const NameShape = z.strictObject({
  value: text(300),
  lang: z.enum(NAME_LANGS),
  kind: z.enum(NAME_KINDS),
});

const QuantityShape = z.strictObject({
  value: z.number().int().min(0).max(1e12),
  what: text(200),
  whatEn: text(200).optional(),
});

export const SourceShape = z.strictObject({
  id,
  file: text(500).optional(),
  text: z
    .string()
    .min(1)
    .max(10_000_000)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters other than tabs and line breaks')
    .optional(),
  title: text(500),
  titleEn: text(500).optional(),
  publisher: text(300).optional(),
  language: text(20).optional(),
  descriptionZh: text(4000).optional(),
  descriptionEn: text(4000).optional(),
  /** EDTF publication date, when known: "newer source" decides between equally good claims. */
  published: edtf.optional(),
});

export const EntityShape = z.strictObject({
  id,
  type: z.enum(ENTITY_LABELS).exclude(['Source']),
  name: text(300),
  names: z.array(NameShape).max(100).default([]),
  kind: z.string().optional(),
  descriptionZh: text(4000).optional(),
  descriptionEn: text(4000).optional(),
  date: edtf.optional(),
  quantities: z.array(QuantityShape).max(50).default([]),
  citations: z.array(CitationShape).min(1, 'every entity needs at least one citation').max(100),
});

export const RelationshipShape = z.strictObject({
  id: relationshipIdText.optional(),
  type: z.enum(RELATIONSHIP_TYPES as [string, ...string[]]),
  from: id,
  to: id,
  title: text(200).optional(),
  titleEn: text(200).optional(),
  role: text(200).optional(),
  roleEn: text(200).optional(),
  period: edtf.optional(),
  attestedAt: edtf.optional(),
  citations: z.array(CitationShape).min(1, 'every relationship needs at least one citation').max(100),
});

export const FindingShape = z.strictObject({
  id,
  event: id,
  kind: z.enum(FINDING_KINDS),
  order: z.number().int().min(0).max(10_000),
  text: text(2000),
  textEn: text(2000).optional(),
  citations: z.array(CitationShape).min(1, 'every finding needs at least one citation').max(100),
});

/** A competing value for a fact another source states: an event's date or a position's title. */
export const ClaimShape = z.strictObject({
  id,
  about: z.string().min(1).max(300),
  property: z.enum(['date', 'title']),
  value: text(300),
  citations: z.array(CitationShape).min(1, 'every claim needs at least one citation').max(100),
});

export const DatasetShape = z.strictObject({
  sources: z.array(SourceShape).max(100_000).default([]),
  entities: z.array(EntityShape).max(1_000_000).default([]),
  relationships: z.array(RelationshipShape).max(10_000_000).default([]),
  findings: z.array(FindingShape).max(1_000_000).default([]),
  claims: z.array(ClaimShape).max(1_000_000).default([]),
});

export type EntityInput = z.infer<typeof EntityShape>;
export type RelationshipInput = z.infer<typeof RelationshipShape>;
export type SourceInput = z.infer<typeof SourceShape>;
export type FindingInput = z.infer<typeof FindingShape>;
export type ClaimInput = z.infer<typeof ClaimShape>;
export type CitationInput = z.infer<typeof CitationShape>;
