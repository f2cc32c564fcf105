import type { Executor } from '../db/executor.js';
import type { CypherQuery } from '../db/query.js';
import { AnnalsError, badInput, checkArguments, ErrorCode } from '../errors.js';
import { dateWindow, intArgument } from '../model/arguments.js';
import type { EntityRecord } from '../model/records.js';
import { LABEL_OF_TYPE, RELATIONSHIP_TYPES, type EntityTypeName, type RelationshipType } from '../model/vocabulary.js';
import {
  exportEntitiesByIds,
  exportEntityPage,
  exportNeighbours,
  exportRelationsFrom,
  type ExportEntityRow,
  type ExportFilter,
  type ExportRelation,
} from '../queries/export.js';
import { labelsOfIds } from '../queries/import.js';

/** Citations per relationship id, for formats that carry evidence. */
export type Citations = Map<string, { sourceId: string; quote: string }[]>;

/** What an export contains: entities, the relationships among them, and the sources they cite. */
export interface GraphSlice {
  entities: EntityRecord[];
  relations: ExportRelation[];
  citations: Citations;
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
  types?: readonly string[] | null;
  /** Only these relationship types (MENTIONS is never exported). */
  relationshipTypes?: readonly string[] | null;
}

export const EXPORT_MAX_DEPTH = 3;
/** Entities per round trip: each chunk is a bounded transaction, whatever the size of the graph. */
export const EXPORT_CHUNK = 500;
/** Longest types / relationshipTypes list accepted (before duplicates are dropped). */
export const EXPORT_MAX_LIST = 50;

/** A filter checked and normalized: known names only, no duplicates, ISO window bounds. */
export interface CheckedFilter extends ExportFilter {
  around: string | null;
  depth: number;
  relTypes: readonly RelationshipType[];
}

/** Known names only (own keys of the vocabulary: `__proto__` or `toString` are not types), each once. */
function names<T extends string>(list: readonly string[] | null | undefined, known: (name: string) => boolean, field: string): T[] | null {
  if (list == null || list.length === 0) return null;
  if (list.length > EXPORT_MAX_LIST) throw badInput(`${field} lists at most ${EXPORT_MAX_LIST} names, not ${list.length}`, field);
  for (const name of list)
    if (!known(name))
      throw badInput(`unknown ${field === 'types' ? 'entity' : 'relationship'} type "${name.slice(0, 40)}" in ${field}`, field);
  return [...new Set(list)].sort() as T[];
}

/** Validates a filter before anything runs; `around` is checked to exist (one index seek). */
export async function checkFilter(executor: Executor, filter: SliceFilter): Promise<CheckedFilter> {
  const depth = checkArguments(() => intArgument(filter.depth, { field: 'depth', min: 1, max: EXPORT_MAX_DEPTH }, 2));
  const types = names<EntityTypeName>(filter.types, (t) => Object.hasOwn(LABEL_OF_TYPE, t), 'types');
  const relTypes =
    names<RelationshipType>(filter.relationshipTypes, (t) => (RELATIONSHIP_TYPES as readonly string[]).includes(t), 'relationshipTypes') ??
    RELATIONSHIP_TYPES;
  // An empty bound (`from=` in a query string) is no bound.
  const { from, to } = checkArguments(() => dateWindow(filter.from || null, filter.to || null));
  const around = filter.around ?? null;
  if (around !== null && (await executor.read(labelsOfIds([around]))).length === 0)
    throw badInput(`no entity has the id "${around}"`, 'around');
  return { around, depth, types, relTypes, from, to };
}

export type SliceChunk =
  { kind: 'entities'; entities: EntityRecord[] } | { kind: 'relations'; relations: ExportRelation[]; citations: Citations };

/** The error of an export past its time budget. */
function exportTimeout(budgetMs: number): AnnalsError {
  return new AnnalsError(
    ErrorCode.BAD_USER_INPUT,
    `The export took longer than its ${budgetMs} ms budget and was stopped; narrow it (around and depth, types, from/to).`,
    {
      reason: 'TIMEOUT',
    },
  );
}

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Reads the slice a checked filter selects in chunks of EXPORT_CHUNK entities: first the entities
 * (in id order), then the relationships leaving them whose other end is exported too, with their
 * citations. Every round trip is index seeks over one chunk, so the cost is linear in the slice.
 * With `budgetMs`, each round trip gets what is left of the budget as its server-side timeout.
 */
export async function* readSlice(
  executor: Executor,
  f: CheckedFilter,
  opts: { entities: boolean; relations: boolean; budgetMs?: number; chunk?: number },
): AsyncGenerator<SliceChunk> {
  const size = opts.chunk ?? EXPORT_CHUNK;
  const deadline = opts.budgetMs === undefined ? Infinity : Date.now() + opts.budgetMs;
  const read = async <Row>(q: CypherQuery<Row>): Promise<Row[]> => {
    const left = deadline - Date.now();
    if (left <= 0) throw exportTimeout(opts.budgetMs!);
    try {
      return await executor.read(q, Number.isFinite(left) ? { timeoutMs: Math.ceil(left) } : {});
    } catch (err) {
      if (err instanceof AnnalsError && err.extensions['reason'] === 'TIMEOUT' && opts.budgetMs !== undefined)
        throw exportTimeout(opts.budgetMs);
      throw err;
    }
  };
  const idsOnly = !opts.entities;
  const exported: string[] = [];
  const entityChunk = (rows: ExportEntityRow[]): EntityRecord[] => {
    for (const r of rows) exported.push(r.id);
    return idsOnly ? [] : rows.flatMap((r) => (r.entity === undefined ? [] : [r.entity]));
  };

  if (f.around === null) {
    for (let after: string | null = null; ;) {
      const rows: ExportEntityRow[] = await read(exportEntityPage(f, after, size, idsOnly));
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      if (!idsOnly) yield { kind: 'entities', entities: entityChunk(rows) };
      else entityChunk(rows);
      if (rows.length < size) break;
    }
  } else {
    // Breadth first, level by level: each entity is expanded once (a variable-length pattern would
    // enumerate every path, which grows exponentially with depth).
    const seen = new Set([f.around]);
    let frontier = [f.around];
    for (let level = 0; level < f.depth && frontier.length > 0; level += 1) {
      const next: string[] = [];
      for (const part of chunks(frontier, size)) {
        for (const r of await read(exportNeighbours(part, f.relTypes))) {
          const { id } = r;
          if (!seen.has(id)) {
            seen.add(id);
            next.push(id);
          }
        }
      }
      frontier = next;
    }
    const ids = [...seen].sort(byCodePoint);
    for (const part of chunks(ids, size)) {
      const rows = await read(exportEntitiesByIds(f, part, idsOnly));
      if (!idsOnly) yield { kind: 'entities', entities: entityChunk(rows) };
      else entityChunk(rows);
    }
  }
  if (!opts.relations) return;

  const kept = new Set(exported);
  for (const part of chunks(exported, size)) {
    const relations: ExportRelation[] = [];
    const citations: Citations = new Map();
    for (const r of await read(exportRelationsFrom(part, f.relTypes))) {
      const { relation, citations: cited } = r;
      if (!kept.has(relation.to.id)) continue;
      relations.push(relation);
      if (cited.length > 0) citations.set(relation.id, cited);
    }
    if (relations.length > 0) yield { kind: 'relations', relations, citations };
  }
}

// Code-point order, not locale order, so the same graph always exports the same bytes.
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Validates a filter and loads the whole slice it selects (chunk by chunk, as exports read it). */
export async function loadSlice(executor: Executor, filter: SliceFilter): Promise<GraphSlice> {
  const checked = await checkFilter(executor, filter);
  const slice: GraphSlice = { entities: [], relations: [], citations: new Map(), generatedAt: new Date().toISOString() };
  for await (const chunk of readSlice(executor, checked, { entities: true, relations: true })) {
    if (chunk.kind === 'entities') slice.entities.push(...chunk.entities);
    else {
      slice.relations.push(...chunk.relations);
      for (const [id, cited] of chunk.citations) slice.citations.set(id, cited);
    }
  }
  slice.relations.sort((a, b) => byCodePoint(a.id, b.id));
  return slice;
}
