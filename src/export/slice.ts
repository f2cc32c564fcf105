import type { Executor } from '../db/executor.js';
import { badInput } from '../errors.js';
import { normalizeWindowBound } from '../domain/dates.js';
import type { EntityRecord, RelationRecord } from '../domain/records.js';
import { LABEL_OF_TYPE, RELATIONSHIP_TYPES, type EntityTypeName, type RelationshipType } from '../domain/vocabulary.js';
import { exportSliceQuery } from '../queries/export.js';
import { labelsOfIds } from '../queries/import.js';

/** What an export contains: entities, the relationships among them, and the sources they cite. */
export interface GraphSlice {
  entities: EntityRecord[];
  relations: RelationRecord[];
  /** Citations per entity or relationship id, for formats that carry evidence. */
  citations: Map<string, { sourceId: string; quote: string }[]>;
  generatedAt: string;
}

export interface SliceFilter {
  /** Only the neighbourhood of this entity… */
  around?: string | null;
  /** …up to this many hops (1-3, default 2). */
  depth?: number | null;
  /** Only events whose date may fall in this window (EDTF bounds); other entities are kept. */
  from?: string | null;
  to?: string | null;
  /** Only these entity types. */
  types?: EntityTypeName[] | null;
  /** Only these relationship types (MENTIONS is never exported). */
  relationshipTypes?: RelationshipType[] | null;
}

export const EXPORT_MAX_DEPTH = 3;

function bound(value: string | null | undefined, side: 'from' | 'to'): string | null {
  if (value == null || value === '') return null;
  try {
    return normalizeWindowBound(value, side);
  } catch (e) {
    throw badInput(e instanceof Error ? e.message : `invalid date "${value}"`, side);
  }
}

/** Validates a filter and loads the slice it selects, in one round trip. */
export async function loadSlice(executor: Executor, filter: SliceFilter): Promise<GraphSlice> {
  const depth = filter.depth ?? 2;
  if (!Number.isInteger(depth) || depth < 1 || depth > EXPORT_MAX_DEPTH) throw badInput(`depth must be between 1 and ${EXPORT_MAX_DEPTH}`, 'depth');
  const types = filter.types?.length ? filter.types : null;
  for (const t of types ?? []) if (!(t in LABEL_OF_TYPE)) throw badInput(`unknown entity type "${t}"`, 'types');
  const relTypes = filter.relationshipTypes?.length ? filter.relationshipTypes : RELATIONSHIP_TYPES;
  for (const t of relTypes) if (!RELATIONSHIP_TYPES.includes(t)) throw badInput(`unknown relationship type "${t}"`, 'relationshipTypes');
  const from = bound(filter.from, 'from');
  const to = bound(filter.to, 'to');
  if (from !== null && to !== null && from > to) throw badInput(`the window is empty: from (${from}) is after to (${to})`, 'to');

  if (filter.around != null && (await executor.read(labelsOfIds([filter.around]))).length === 0) {
    throw badInput(`no entity has the id "${filter.around}"`, 'around');
  }
  const [row] = await executor.read(exportSliceQuery({ around: filter.around ?? null, depth, types, relTypes, from, to }));
  // Code-point order, not locale order, so the same graph always exports the same bytes.
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const entities = ((row?.['entities'] as EntityRecord[]) ?? []).sort(byId);
  const relations = ((row?.['relations'] as RelationRecord[]) ?? []).sort(byId);
  const citations = new Map<string, { sourceId: string; quote: string }[]>();
  for (const c of (row?.['citations'] as { about: string; sourceId: string; quote: string }[]) ?? []) {
    citations.set(c.about, [...(citations.get(c.about) ?? []), { sourceId: c.sourceId, quote: c.quote }]);
  }
  return { entities, relations, citations, generatedAt: new Date().toISOString() };
}
