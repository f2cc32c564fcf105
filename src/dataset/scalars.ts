import { z } from 'zod';

// The scalar shapes of the dataset format, shared by the field table and the section shapes. Rules
// are regexes rather than refinements where they can be: a regex is also emitted into the JSON
// Schema (schema/dataset.schema.json), so editors check what the validator checks.

/**
 * Entity, source, finding and claim ids on one side, relationship ids on the other, told apart by
 * their text: only a relationship id contains "--" (derived ones read from--type--to). Citations,
 * history and revert key on ids alone, so the two kinds must never share one; a rule of the text
 * needs no look-up and holds in every write path that validates.
 */
export const RELATIONSHIP_ID_MARK = '--';
export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'must be a slug: lowercase letters, digits and hyphens, at most 120 characters')
  .regex(/^(?!.*--)/, `must not contain "${RELATIONSHIP_ID_MARK}": ids with "${RELATIONSHIP_ID_MARK}" name relationships`);
// Its form from--type--to[--suffix] is checked with its ends (validate.ts): the type inside keeps ids
// unique across relationship types as well.
export const relationshipIdText = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,299}$/, 'must be a slug: lowercase letters, digits and hyphens, at most 300 characters');
// Names, titles and quotes: no control characters, and something visible.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Text without CONTROL characters (tabs and line breaks are allowed), as a whole-string pattern. */
export const NO_CONTROL = new RegExp(`^[^${CONTROL.source.slice(1, -1)}]*$`);
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(NO_CONTROL, 'must not contain control characters')
    .regex(VISIBLE, 'must contain something visible');
export const edtf = z.string().min(1).max(64);

export const CitationShape = z
  .strictObject({
    source: id.describe('Id of the source quoted: one in the `sources` of this dataset, or one already in the graph.'),
    quote: text(2000).describe(
      'Words copied verbatim from the source text: every character as the source has it, punctuation width (`,` is not `，`), spaces and line breaks included. Leading and trailing whitespace (the final line break of a `|` block) is dropped. The first occurrence in the source is cited.',
    ),
  })
  .meta({ id: 'Citation', description: 'A passage of a source that attests the fact: the source, and the exact words quoted.' });
