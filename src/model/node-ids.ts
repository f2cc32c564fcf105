import { createHash } from 'node:crypto';
import { ArgumentError } from './arguments.js';
import { RELATIONSHIP_TYPES, type ClaimProperty, type EntityLinkType } from './vocabulary.js';

/**
 * Global object identification (Relay's `Node`): one id names one object of the API, whatever the
 * field it was read from, and `node(id)` finds it again.
 *
 * - Entities keep their ids (`person-luo-fuhe`): lowercase slugs without "--" or ":".
 * - Relationships keep theirs (`person-hu-xian--held-position--org-capd-guangdong`): only they
 *   contain "--", and the type is read back from the id. One relationship is one node whether it is
 *   shown as a Position, a Participation or a Relation.
 * - Everything else is `kind:` and what identifies it in the graph. No entity or relationship id
 *   contains ":", so these can never collide with them:
 *   `citation:<stored citation id>` (24 hex digits), `finding:<finding id>`, `change:<change id>`,
 *   and `claim:<property>:<fact id>:<value>` (a claim is the value sources give for one fact: the
 *   value as compared between claims, an EDTF date in its normal form or a trimmed title).
 */
export type NodeRef =
  | { kind: 'entity'; id: string }
  | { kind: 'relationship'; id: string; type: EntityLinkType | null }
  | { kind: 'citation'; id: string }
  | { kind: 'finding'; id: string }
  | { kind: 'change'; id: string }
  | { kind: 'claim'; property: ClaimProperty; about: string; value: string };

/** The longest node id: a claim's id holds a relationship id (300) and a title (300). */
export const MAX_NODE_ID_LENGTH = 700;

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
const RELATIONSHIP = /^[a-z0-9][a-z0-9-]{0,299}$/;
const CITATION = /^[0-9a-f]{24}$/;
// Change ids are made by the server (chg-<uuid>); any slug is accepted, the look-up decides.
const CHANGE = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** A citation's stored id: stable across imports and moves, so MERGE finds it again and duplicates collapse. */
export function citationId(about: string, sourceId: string, quote: string): string {
  return createHash('sha256').update(`${about}\u0000${sourceId}\u0000${quote}`).digest('hex').slice(0, 24);
}

export const citationNodeId = (stored: string): string => `citation:${stored}`;
export const findingNodeId = (stored: string): string => `finding:${stored}`;
export const changeNodeId = (stored: string): string => `change:${stored}`;
export const claimNodeId = (property: ClaimProperty, about: string, valueKey: string): string => `claim:${property}:${about}:${valueKey}`;

/** The relationship type a relationship id names (from--type--to[--suffix]); null when it names none. */
export function relationshipTypeOfId(id: string): EntityLinkType | null {
  const slug = id.split('--')[1];
  const types: EntityLinkType[] = [...RELATIONSHIP_TYPES, 'MENTIONS'];
  return types.find((t) => t.toLowerCase().replace(/_/g, '-') === slug) ?? null;
}

const malformed = (field: string, why: string): ArgumentError =>
  new ArgumentError(
    `${field} is not an id of this API: ${why}. Ids are entity or relationship ids, or citation:…, claim:…, finding:… or change:… as the API gives them`,
    field,
  );

/**
 * What a node id names. Throws an ArgumentError when it cannot name anything (blank, too long, an
 * unknown `kind:` or a malformed rest); an id without ":" is an entity or relationship id, which
 * only a look-up can tell exists.
 */
export function parseNodeId(id: string, field = 'id'): NodeRef {
  if (id.trim() === '' || id.length > MAX_NODE_ID_LENGTH) throw malformed(field, `blank or longer than ${MAX_NODE_ID_LENGTH} characters`);
  const colon = id.indexOf(':');
  if (colon < 0) return id.includes('--') ? { kind: 'relationship', id, type: relationshipTypeOfId(id) } : { kind: 'entity', id };
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  switch (kind) {
    case 'citation':
      if (!CITATION.test(rest)) throw malformed(field, 'a citation id is citation: and 24 hexadecimal digits');
      return { kind, id: rest };
    case 'finding':
      if (!SLUG.test(rest) || rest.includes('--')) throw malformed(field, 'a finding id is finding: and a slug');
      return { kind, id: rest };
    case 'change':
      if (!CHANGE.test(rest)) throw malformed(field, 'a change id is change: and a slug');
      return { kind, id: rest };
    case 'claim': {
      const [property, about, ...value] = rest.split(':');
      if (property !== 'date' && property !== 'title' && property !== 'attestedAt')
        throw malformed(field, 'a claim id is claim:date:…, claim:title:… or claim:attestedAt:…');
      if (about === undefined || !RELATIONSHIP.test(about) || value.length === 0 || value.join(':').trim() === '')
        throw malformed(field, `a claim id is claim:${property}:<entity or relationship id>:<value>`);
      return { kind, property, about, value: value.join(':') };
    }
    default:
      throw malformed(field, `"${kind.slice(0, 20)}:" is no kind of node`);
  }
}

/** A change id as a mutation argument: the node id (change:chg-…) or the stored id (chg-…). */
export function storedChangeId(id: string): string {
  return id.startsWith('change:') ? id.slice('change:'.length) : id;
}
