// Global object identification: node(id), nodes(ids) and citation(id), and a citation's context
// (its sentence, characters either side) read from a window of its source, never the whole text.
import { AnnalsError, ErrorCode, checkArguments } from '../errors.js';
import { intArgument } from '../model/arguments.js';
import {
  CONTEXT_DEFAULT_CHARS,
  CONTEXT_REACH,
  contextOf,
  sentenceOf,
  utf16Offset,
  type CitationContextRecord,
  type QuoteWindow,
} from '../model/citation-context.js';
import { parseNodeId, relationshipTypeOfId, type NodeRef } from '../model/node-ids.js';
import type { CitationRecord, EntityRecord, FindingRecord, RelationRecord, RelationView } from '../model/records.js';
import { LABEL_OF_TYPE, type EntityLabel } from '../model/vocabulary.js';
import type { StoredChange } from '../queries/curation.js';
import { claimKey, type ClaimRecord } from './claims.js';
import { claimSet } from './claim-sets.js';
import type { Loaders } from './loaders.js';

/** The GraphQL types that implement Node. */
export type NodeTypeName = EntityLabel | 'Position' | 'Participation' | 'Relation' | 'Citation' | 'Finding' | 'Claim' | 'Change';
export type NodeRecord = EntityRecord | RelationRecord | RelationView | CitationRecord | FindingRecord | ClaimRecord | StoredChange;

/** At most this many ids in one nodes(ids). */
export const NODES_MAX = 100;

// The type each resolved record is shown as (a relationship record could be shown as several).
const typeOf = new WeakMap<object, NodeTypeName>();
const as = <T extends object>(record: T | null, type: NodeTypeName): T | null => {
  if (record !== null) typeOf.set(record, type);
  return record;
};

/** The Node type of a record node() or nodes() returned. */
export function nodeTypeName(record: NodeRecord): NodeTypeName {
  const type = typeOf.get(record);
  if (type !== undefined) return type;
  if ('type' in record && typeof record.type === 'string' && record.type in LABEL_OF_TYPE)
    return LABEL_OF_TYPE[record.type as EntityRecord['type']];
  throw new Error('a record of no Node type');
}

/** A relationship by id (its type read from the id) with both ends; null when none has it. */
async function relationshipById(loaders: Loaders, id: string): Promise<RelationRecord | null> {
  const type = relationshipTypeOfId(id);
  if (type === null) return null;
  const row = await loaders.relationship(type, id);
  if (row === null) return null;
  const [from, to] = await loaders.entity.loadMany([row.from, row.to]);
  if (from == null || to == null || from instanceof Error || to instanceof Error) return null;
  return { ...row.rel, from, to };
}

async function claimById(loaders: Loaders, ref: Extract<NodeRef, { kind: 'claim' }>): Promise<ClaimRecord | null> {
  let curated: string | null | undefined;
  if (ref.property === 'date') {
    const event = await loaders.entity.load(ref.about);
    curated = event !== null && event.id === ref.about && event.type === 'EVENT' ? event.edtf : null;
  } else if (ref.property === 'attestedAt') {
    curated = (await relationshipById(loaders, ref.about))?.attestedEdtf;
  } else {
    const rel = relationshipTypeOfId(ref.about) === 'HELD_POSITION' ? await relationshipById(loaders, ref.about) : null;
    curated = rel?.title;
  }
  if (curated == null) return null;
  const set = await claimSet(loaders, ref.about, ref.property, curated);
  return set.claims.find((c) => claimKey(c.property, c.value) === ref.value) ?? null;
}

async function resolveRef(loaders: Loaders, ref: NodeRef): Promise<NodeRecord | null> {
  switch (ref.kind) {
    case 'entity':
      return loaders.entity.load(ref.id);
    case 'relationship': {
      const rel = await relationshipById(loaders, ref.id);
      if (rel === null) return null;
      if (rel.type === 'HELD_POSITION') return as(rel, 'Position');
      if (rel.type === 'PARTICIPATED_IN') return as(rel, 'Participation');
      return as<RelationView>({ ...rel, direction: 'OUT' }, 'Relation');
    }
    case 'citation':
      return as(await loaders.citation.load(ref.id), 'Citation');
    case 'finding':
      return as(await loaders.finding.load(ref.id), 'Finding');
    case 'change':
      return as(await loaders.change.load(ref.id), 'Change');
    case 'claim':
      return as(await claimById(loaders, ref), 'Claim');
  }
}

/** The object a node id names; null when nothing has it; BAD_USER_INPUT when it is no id of this API. */
export function node(loaders: Loaders, id: string): Promise<NodeRecord | null> {
  return resolveRef(
    loaders,
    checkArguments(() => parseNodeId(id, 'id')),
  );
}

/** node() of each id, in order (null where nothing has it); at most NODES_MAX ids, all checked before any look-up. */
export function nodes(loaders: Loaders, ids: readonly string[]): Promise<(NodeRecord | null)[]> {
  if (ids.length > NODES_MAX)
    throw new AnnalsError(ErrorCode.BAD_USER_INPUT, `ids takes at most ${NODES_MAX} ids (found ${ids.length})`, {
      field: 'ids',
      limit: 'ids',
      max: NODES_MAX,
    });
  const refs = checkArguments(() => ids.map((id, n) => parseNodeId(id, `ids[${n}]`)));
  return Promise.all(refs.map((ref) => resolveRef(loaders, ref)));
}

/** The citation a citation id (citation:…) names; null when none has it or the id names something else. */
export async function citation(loaders: Loaders, id: string): Promise<CitationRecord | null> {
  const ref = checkArguments(() => parseNodeId(id, 'id'));
  return ref.kind === 'citation' ? loaders.citation.load(ref.id) : null;
}

/** The window of the citation's source around its quote, in UTF-16 offsets. */
async function quoteWindow(loaders: Loaders, c: CitationRecord): Promise<QuoteWindow> {
  const row = await loaders.citationWindow.load(c.id);
  if (row === null) throw new Error(`citation ${c.id} has no source`);
  const quoteStart = row.plain ? c.start - row.from : utf16Offset(row.window, row.quoteAt);
  const quoteEnd = quoteStart + c.quote.length;
  if (row.window.slice(quoteStart, quoteEnd) !== c.quote) throw new Error(`citation ${c.id}: its quote is not at its offsets`);
  const offset = c.start - quoteStart;
  return { text: row.window, offset, quoteStart, quoteEnd, atTextStart: offset === 0, atTextEnd: row.atEnd };
}

/** The sentence of the source that holds the citation's quote (see model/citation-context.ts). */
export async function citationSentence(loaders: Loaders, c: CitationRecord): Promise<string> {
  return sentenceOf(await quoteWindow(loaders, c));
}

/** `chars` characters (UTF-16 code units, 0 to CONTEXT_REACH) either side of the quote. */
export async function citationContext(
  loaders: Loaders,
  c: CitationRecord,
  chars: number | null | undefined,
): Promise<CitationContextRecord> {
  const n = checkArguments(() =>
    intArgument(
      chars,
      { field: 'chars', label: 'chars of Citation.context', min: 0, max: CONTEXT_REACH, limit: true },
      CONTEXT_DEFAULT_CHARS,
    ),
  );
  return contextOf(await quoteWindow(loaders, c), n);
}
