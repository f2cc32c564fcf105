import { createHash } from 'node:crypto';
import { tryParseDate } from '../model/dates.js';
import type { CitationRecord } from '../model/records.js';
import type { ClaimProperty, EntityLabel, RelationshipType } from '../model/vocabulary.js';
import { CLAIM_FIELDS, ENTITY_FIELDS, FINDING_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS, readFields } from './fields.js';
import type { ParsedDocument } from './load.js';
import { relationshipId } from './validate.js';

/** A citation as the graph holds it (what restating and the diff read of it; the record has more). */
export type StoredCitation = Pick<CitationRecord, 'id' | 'sourceId' | 'quote'>;

/** What the graph holds under one id that a dataset names. */
export type StoredRecord =
  | { kind: 'entity'; label: EntityLabel; props: Record<string, unknown>; citations: StoredCitation[] }
  | { kind: 'relationship'; type: RelationshipType; from: string; to: string; props: Record<string, unknown>; citations: StoredCitation[] }
  | { kind: 'finding' | 'claim'; props: Record<string, unknown>; citations: StoredCitation[] };

/** The records a dataset restates, read before it is validated: by id, and how many citations quote each source. */
export interface StoredState {
  byId: Map<string, StoredRecord>;
  citationsInSource: Map<string, number>;
}

export const NOTHING_STORED: StoredState = { byId: new Map(), citationsInSource: new Map() };

type Section = 'sources' | 'entities' | 'relationships' | 'findings' | 'claims';
const SECTIONS: readonly Section[] = ['sources', 'entities', 'relationships', 'findings', 'claims'];

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The id an entry of a section has or implies (a relationship's derived id). */
export function entryId(section: Section, entry: Record<string, unknown>): string | undefined {
  const id = str(entry['id']);
  if (id !== undefined || section !== 'relationships') return id;
  const [type, from, to] = [str(entry['type']), str(entry['from']), str(entry['to'])];
  return type !== undefined && from !== undefined && to !== undefined ? relationshipId(type, from, to) : undefined;
}

const citationInputs = (rec: StoredRecord) => rec.citations.map((c) => ({ source: c.sourceId, quote: c.quote }));

/** A stored record in the input shape of its section; undefined when the id holds something else. */
function storedAsInput(section: Section, rec: StoredRecord): Record<string, unknown> | undefined {
  if (section === 'sources') return rec.kind === 'entity' && rec.label === 'Source' ? readFields(SOURCE_FIELDS, rec.props) : undefined;
  if (section === 'entities') {
    return rec.kind === 'entity' && rec.label !== 'Source'
      ? { ...readFields(ENTITY_FIELDS, rec.props), type: rec.label, citations: citationInputs(rec) }
      : undefined;
  }
  if (section === 'relationships') {
    return rec.kind === 'relationship'
      ? { ...readFields(RELATIONSHIP_FIELDS, rec.props), type: rec.type, from: rec.from, to: rec.to, citations: citationInputs(rec) }
      : undefined;
  }
  if (rec.kind !== (section === 'findings' ? 'finding' : 'claim')) return undefined;
  return { ...readFields(section === 'findings' ? FINDING_FIELDS : CLAIM_FIELDS, rec.props), citations: citationInputs(rec) };
}

/** The facts that competing claims cover, by the field that states them: an event's date, a position's title, a relationship's attestedAt. */
function claimableFields(section: Section, rec: StoredRecord): [string, ClaimProperty][] {
  if (section === 'entities') return rec.kind === 'entity' && rec.label === 'Event' ? [['date', 'date']] : [];
  if (section !== 'relationships' || rec.kind !== 'relationship') return [];
  return rec.type === 'HELD_POSITION'
    ? [
        ['title', 'title'],
        ['attestedAt', 'attestedAt'],
      ]
    : [['attestedAt', 'attestedAt']];
}

/** What claims compare (domain/claims.ts claimKey): a date in its EDTF normal form, a title trimmed. */
const valueKey = (property: ClaimProperty, value: string): string =>
  property === 'title' ? value.trim() : (tryParseDate(value)?.edtf ?? value.trim());

/**
 * The id of the claim a new source's value for a fact becomes: the same fact, property and value
 * always give the same claim, so restating again changes nothing and a second source giving the
 * same value adds its citations to it.
 */
export function restatedClaimId(about: string, property: ClaimProperty, value: string): string {
  const hash = createHash('sha256')
    .update(`${about}\u0000${property}\u0000${valueKey(property, value)}`, 'utf8')
    .digest('hex');
  return `claim-${property === 'attestedAt' ? 'attested-at' : property}-${hash.slice(0, 24)}`;
}

/** A competing claim a restating entry gives rise to (an entry of the claims section). */
export interface RestatedClaim {
  id: string;
  about: string;
  property: ClaimProperty;
  value: string;
  citations: unknown;
}

/**
 * One entry merged field by field over what the graph holds under its id: a field the entry gives
 * wins, an explicit null clears it, a field it leaves out keeps its stored value (citations it
 * leaves out stay in the graph too). A new entry only loses its nulls.
 *
 * Except for the facts claims cover (an event's date, a position's title, a relationship's
 * attestedAt): an entry citing only sources that do not cite the record yet (a new source) never
 * replaces the value stored there. A different value it gives becomes a competing claim (pushed on
 * `claims`), which carries the entry's citations; the record keeps its value and its citations.
 * Only a restatement citing a source that already cites the record (the same source, correcting
 * itself) replaces such a value.
 */
export function restateEntry(section: Section, entry: unknown, stored: StoredState, claims: RestatedClaim[] = []): unknown {
  if (!isRecord(entry)) return entry;
  const id = entryId(section, entry);
  const rec = id === undefined ? undefined : stored.byId.get(id);
  const base = rec === undefined ? {} : (storedAsInput(section, rec) ?? {});
  let restated: Record<string, unknown> = entry;
  if (rec !== undefined && id !== undefined) {
    const cited = Array.isArray(entry['citations'])
      ? (entry['citations'] as unknown[]).map((c) => (isRecord(c) ? str(c['source']) : undefined))
      : [];
    const held = new Set(rec.citations.map((c) => c.sourceId));
    const newSource = cited.length > 0 && cited.every((s) => s !== undefined && !held.has(s));
    const competing: RestatedClaim[] = [];
    if (newSource) {
      for (const [field, property] of claimableFields(section, rec)) {
        const given = entry[field];
        const was = base[field];
        if (typeof given !== 'string' || typeof was !== 'string' || valueKey(property, given) === valueKey(property, was)) continue;
        // A date that does not parse stays where the curator wrote it, so validation names that line, not a derived claim.
        if (property !== 'title' && tryParseDate(given) === null) continue;
        competing.push({ id: restatedClaimId(id, property, given), about: id, property, value: given, citations: entry['citations'] });
      }
    }
    if (competing.length > 0) {
      // The new source's value is a claim, not the fact: the record keeps its value, and its own citations.
      const kept: Record<string, unknown> = { ...entry };
      for (const [field, property] of claimableFields(section, rec)) if (competing.some((c) => c.property === property)) delete kept[field];
      if (rec.citations.length > 0) kept['citations'] = citationInputs(rec);
      claims.push(...competing);
      restated = kept;
    }
  }
  if ('file' in restated && section === 'sources') delete base['text'];
  // A new primary name gets pinyin of its own, unless the entry gives names.
  if (
    section === 'entities' &&
    'name' in restated &&
    !('names' in restated) &&
    restated['name'] !== base['name'] &&
    Array.isArray(base['names'])
  ) {
    base['names'] = (base['names'] as { lang: string; kind: string }[]).filter((n) => !(n.lang === 'pinyin' && n.kind === 'PRIMARY'));
  }
  const merged: Record<string, unknown> = { ...base, ...restated };
  for (const [k, v] of Object.entries(restated)) if (v === null) delete merged[k];
  return merged;
}

/** Documents with every entry restated over the graph (see restateEntry); lines and files kept. */
export function restateDocuments(docs: readonly ParsedDocument[], stored: StoredState): ParsedDocument[] {
  return docs.map((doc) => {
    if (!isRecord(doc.data)) return doc;
    const data: Record<string, unknown> = { ...doc.data };
    const claims: RestatedClaim[] = [];
    for (const section of SECTIONS) {
      const list = data[section];
      if (section === 'claims' && claims.length > 0) {
        // A new source's values become claims of this document; one it states itself stays as it wrote it.
        const own = new Set((Array.isArray(list) ? list : []).map((c) => (isRecord(c) ? str(c['id']) : undefined)));
        data[section] = [...(Array.isArray(list) ? list : []), ...claims.filter((c) => !own.has(c.id))];
      }
      const restated = data[section];
      if (Array.isArray(restated)) data[section] = restated.map((entry) => restateEntry(section, entry, stored, claims));
    }
    return { ...doc, data };
  });
}
