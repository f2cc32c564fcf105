import type { CitationRecord } from '../model/records.js';
import type { EntityLabel, RelationshipType } from '../model/vocabulary.js';
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

/**
 * One entry merged field by field over what the graph holds under its id: a field the entry gives
 * wins, an explicit null clears it, a field it leaves out keeps its stored value (citations it
 * leaves out stay in the graph too). A new entry only loses its nulls.
 */
export function restateEntry(section: Section, entry: unknown, stored: StoredState): unknown {
  if (!isRecord(entry)) return entry;
  const id = entryId(section, entry);
  const rec = id === undefined ? undefined : stored.byId.get(id);
  const base = rec === undefined ? {} : (storedAsInput(section, rec) ?? {});
  if ('file' in entry && section === 'sources') delete base['text'];
  // A new primary name gets pinyin of its own, unless the entry gives names.
  if (section === 'entities' && 'name' in entry && !('names' in entry) && entry['name'] !== base['name'] && Array.isArray(base['names'])) {
    base['names'] = (base['names'] as { lang: string; kind: string }[]).filter((n) => !(n.lang === 'pinyin' && n.kind === 'PRIMARY'));
  }
  const merged: Record<string, unknown> = { ...base, ...entry };
  for (const [k, v] of Object.entries(entry)) if (v === null) delete merged[k];
  return merged;
}

/** Documents with every entry restated over the graph (see restateEntry); lines and files kept. */
export function restateDocuments(docs: readonly ParsedDocument[], stored: StoredState): ParsedDocument[] {
  return docs.map((doc) => {
    if (!isRecord(doc.data)) return doc;
    const data: Record<string, unknown> = { ...doc.data };
    for (const section of SECTIONS) {
      const list = data[section];
      if (Array.isArray(list)) data[section] = list.map((entry) => restateEntry(section, entry, stored));
    }
    return { ...doc, data };
  });
}
