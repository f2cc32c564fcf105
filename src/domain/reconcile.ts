/**
 * The W3C Reconciliation Service API 0.2 (what OpenRefine speaks) over the graph: the service
 * manifest, reconciliation query batches, and the suggest services for entities, types and
 * properties. Candidates, scores and `match` come from domain/match.ts, the same matching as the
 * spreadsheet import. HTTP (routes, CORS, the preview's HTML) is server/reconcile-route.ts.
 *
 * Types are the six entity labels. Properties are evidence (see RECONCILE_PROPERTIES): an entity
 * the candidate is linked to, a date, or an authority-file identifier. Unknown types and
 * properties are not errors, because a query batch may have been written for another service:
 * an unknown type restricts to nothing (an empty result), an unknown property is ignored.
 */
import { z } from 'zod';
import type { Executor } from '../db/executor.js';
import { AnnalsError, badInput, ErrorCode } from '../errors.js';
import { IDENTIFIER_SCHEME_NAMES, IDENTIFIER_SCHEMES, type Identifier, type IdentifierSchemeName } from '../model/identifiers.js';
import { MAX_ID_LENGTH } from '../model/arguments.js';
import type { EntityRecord } from '../model/records.js';
import { ENTITY_LABELS, LABEL_OF_TYPE, TYPE_OF_LABEL, type EntityLabel } from '../model/vocabulary.js';
import { entitiesByIds } from '../queries/entities.js';
import { MATCH_PROPS } from '../queries/match.js';
import { matchEntities, type Evidence, type MatchCandidate, type MatchQuery } from './match.js';
import { search, SEARCH_MAX_FIRST, SEARCH_MAX_LENGTH } from './search.js';

/** Queries in one batch (the manifest's batchSize); a larger batch is refused with HTTP 413. */
export const RECONCILE_BATCH_MAX = 100;
/** Candidates per query when the query gives no `limit`; a larger `limit` is cut to RECONCILE_LIMIT_MAX. */
export const RECONCILE_LIMIT_DEFAULT = 5;
export const RECONCILE_LIMIT_MAX = 25;
/** Longest query string, property value or suggest prefix (the search's limit). */
export const RECONCILE_TEXT_MAX = SEARCH_MAX_LENGTH;
/** Longest query key, type id or property id. */
const KEY_MAX = 200;
/** Types, properties and values per property of one query, and property values in a whole batch. */
const TYPES_MAX = 20;
const PROPERTIES_MAX = 10;
const VALUES_MAX = 10;
export const RECONCILE_BATCH_VALUES_MAX = 1000;
/** Suggestions per page (`cursor` skips whole suggestions). */
export const SUGGEST_PAGE = 10;

// ---------------------------------------------------------------------------------------- types

export interface ReconcileType {
  id: EntityLabel;
  name: string;
  description: string;
}

export const RECONCILE_TYPES: readonly ReconcileType[] = [
  { id: 'Person', name: 'Person', description: '人物 · people' },
  { id: 'Organization', name: 'Organization', description: '组织 · organizations, committees, offices' },
  { id: 'Event', name: 'Event', description: '事件 · meetings, campaigns, decisions' },
  { id: 'Initiative', name: 'Initiative', description: '举措 · programmes and their components' },
  { id: 'Place', name: 'Place', description: '地点 · provinces and cities' },
  { id: 'Source', name: 'Source', description: '史料 · the quoted sources' },
];
const TYPE_NAME = Object.fromEntries(RECONCILE_TYPES.map((t) => [t.id, t.name])) as Record<EntityLabel, string>;

/** The label a type id names: the label itself ("Person"), or the GraphQL enum value ("PERSON"), in any case. */
export function labelOfTypeId(id: string): EntityLabel | null {
  const upper = id.trim().toUpperCase();
  return ENTITY_LABELS.find((l) => TYPE_OF_LABEL[l] === upper) ?? null;
}

/** A candidate's or suggestion's types, as the spec writes them. */
const typesOf = (e: EntityRecord): { id: string; name: string }[] => {
  const label = LABEL_OF_TYPE[e.type];
  return [{ id: label, name: TYPE_NAME[label] }];
};

// ----------------------------------------------------------------------------------- properties

/** What a property adds to a match query. */
type PropertyUse = { kind: 'linked'; label: EntityLabel } | { kind: 'date' } | { kind: 'identifier'; scheme: IdentifierSchemeName };

export interface ReconcileProperty {
  id: string;
  name: string;
  description: string;
  use: PropertyUse;
}

/**
 * The properties a query may give as evidence. Each one a candidate satisfies adds
 * EVIDENCE_BONUS to its score (domain/match.ts); an identifier that names an entity decides alone.
 */
export const RECONCILE_PROPERTIES: readonly ReconcileProperty[] = [
  {
    id: 'organization',
    name: 'Organization',
    description:
      'An organization the entity is linked to (name, alias, pinyin or id): a position held in it, part of it, ' +
      'organized by it, or an event both took part in. E.g. 民进广东省委.',
    use: { kind: 'linked', label: 'Organization' },
  },
  {
    id: 'person',
    name: 'Person',
    description: 'A person the entity is linked to (name, pinyin or id): directly, or through an event both took part in.',
    use: { kind: 'linked', label: 'Person' },
  },
  {
    id: 'event',
    name: 'Event',
    description: 'An event the entity is linked to (name or id): took part in, organized, reviewed…',
    use: { kind: 'linked', label: 'Event' },
  },
  {
    id: 'place',
    name: 'Place',
    description: 'A place the entity is linked to (name, pinyin or id), e.g. where an event took place.',
    use: { kind: 'linked', label: 'Place' },
  },
  {
    id: 'date',
    name: 'Date',
    description:
      "An EDTF date (2003, 2002-07, 2006-07-07/2006-07-08) overlapping the entity's own date (an event's), " +
      'the period or attested date of one of its relationships (a position), or (people, organizations…) the date of an event it is linked to.',
    use: { kind: 'date' },
  },
  ...IDENTIFIER_SCHEME_NAMES.map((scheme): ReconcileProperty => ({
    id: scheme,
    name: `${scheme} identifier`,
    description: `${IDENTIFIER_SCHEMES[scheme].form}; an entity holding it is a match (score 100).`,
    use: { kind: 'identifier', scheme },
  })),
];

const propertyOf = (pid: string): ReconcileProperty | undefined => {
  const wanted = pid.trim().toLowerCase();
  return RECONCILE_PROPERTIES.find((p) => p.id.toLowerCase() === wanted);
};

// ------------------------------------------------------------------------------------- manifest

/** The service manifest for a server reached at `base` (scheme and host, no slash at the end). */
export function reconcileManifest(base: string, { privateReads = false }: { privateReads?: boolean } = {}) {
  const service = (path: string) => ({ service_url: base, service_path: path });
  return {
    versions: ['0.2'],
    name: 'Annals: organizational history, every fact cited',
    identifierSpace: 'urn:annals:',
    schemaSpace: 'urn:annals:type:',
    defaultTypes: RECONCILE_TYPES.map(({ id, name }) => ({ id, name })),
    view: { url: `${base}/?entity={{id}}` },
    preview: { url: `${base}/reconcile/preview?id={{id}}`, width: 400, height: 240 },
    suggest: {
      entity: service('/reconcile/suggest/entity'),
      type: service('/reconcile/suggest/type'),
      property: service('/reconcile/suggest/property'),
    },
    batchSize: RECONCILE_BATCH_MAX,
    ...(privateReads
      ? {
          authentication: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'The value "Bearer <token>", with a read or write token of this server.',
          },
        }
      : {}),
  };
}

// -------------------------------------------------------------------------------------- queries

const text = (max: number) => z.string().max(max, { error: `at most ${max} characters` });
const PropertyValue = z.union([
  text(RECONCILE_TEXT_MAX),
  z.number(),
  z.boolean(),
  z.object({ id: text(RECONCILE_TEXT_MAX), name: text(RECONCILE_TEXT_MAX).optional() }),
]);

/** One reconciliation query, as the spec's schema has it (no other fields), with this service's size limits. */
const QueryShape = z
  .strictObject({
    query: text(RECONCILE_TEXT_MAX).optional(),
    type: z.union([text(KEY_MAX), z.array(text(KEY_MAX)).max(TYPES_MAX)]).optional(),
    limit: z.number().int().positive().optional(),
    properties: z
      .array(z.object({ pid: text(KEY_MAX), v: z.union([PropertyValue, z.array(PropertyValue).max(VALUES_MAX)]) }))
      .max(PROPERTIES_MAX)
      .optional(),
    type_strict: z.enum(['any', 'should', 'all']).optional(),
  })
  .refine((q) => q.query !== undefined || (q.properties?.length ?? 0) > 0, {
    error: 'a query needs "query" or at least one property',
  });

export type ReconcileQuery = z.infer<typeof QueryShape>;

/**
 * A query batch from its JSON text: an object of queries by key, at most RECONCILE_BATCH_MAX of
 * them (more is a 413), each of the spec's shape (anything else is BAD_USER_INPUT naming where).
 * Keys stay in their order; any string is a key (none becomes a prototype).
 */
export function parseQueryBatch(json: string): [string, ReconcileQuery][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw badInput('queries is not valid JSON', 'queries');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw badInput('queries must be a JSON object of reconciliation queries by key', 'queries');
  const entries = Object.entries(parsed);
  if (entries.length > RECONCILE_BATCH_MAX) {
    throw new AnnalsError(
      ErrorCode.BAD_USER_INPUT,
      `A batch holds at most ${RECONCILE_BATCH_MAX} queries (the manifest's batchSize); this one has ${entries.length}.`,
      { field: 'queries', limit: 'batchSize', max: RECONCILE_BATCH_MAX, http: { status: 413 } },
    );
  }
  const batch = entries.map(([key, value]): [string, ReconcileQuery] => {
    if (key.length > KEY_MAX) throw badInput(`query keys are at most ${KEY_MAX} characters`, 'queries');
    const checked = QueryShape.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const where = [JSON.stringify(key), ...issue.path.map(String)].join('.');
      throw badInput(`queries.${where}: ${issue.message}`, `queries.${where}`);
    }
    return [key, checked.data];
  });
  const values = batch.reduce((sum, [, q]) => sum + (q.properties ?? []).reduce((n, p) => n + (Array.isArray(p.v) ? p.v.length : 1), 0), 0);
  if (values > RECONCILE_BATCH_VALUES_MAX) {
    throw new AnnalsError(
      ErrorCode.BAD_USER_INPUT,
      `A batch holds at most ${RECONCILE_BATCH_VALUES_MAX} property values in all; this one has ${values}.`,
      { field: 'queries', limit: 'batchValues', max: RECONCILE_BATCH_VALUES_MAX, http: { status: 413 } },
    );
  }
  return batch;
}

/** A value as text (numbers as written, a reconciled entity's id and name); booleans say nothing here. */
function valueTexts(v: z.infer<typeof PropertyValue>): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v.trim()];
  if (typeof v === 'number') return [String(v)];
  if (typeof v === 'boolean') return [];
  return [v.id, v.name].filter((s): s is string => s !== undefined && s.trim() !== '').map((s) => s.trim());
}

/** A date cell as OpenRefine may send it (2003-07-01T00:00:00Z) as the EDTF day it is. */
const dateText = (s: string): string => (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?$/.test(s) ? s.slice(0, 10) : s);

/** What could be an id of this graph: no blank, not too long (a wrong guess costs one index seek). */
const ID_LIKE = new RegExp(`^[\\p{L}\\p{N}_.:-]{1,${MAX_ID_LENGTH}}$`, 'u');

/**
 * The match query a reconciliation query asks, with its limit; null when it cannot find anything
 * (only unknown types, or neither a name nor an identifier). The query string is matched as a
 * name and, when it could be one, as an id (the spec expects an id to find its entity).
 */
export function toMatchQuery(key: string, q: ReconcileQuery): { match: MatchQuery | null; limit: number } {
  const limit = Math.min(q.limit ?? RECONCILE_LIMIT_DEFAULT, RECONCILE_LIMIT_MAX);
  const typeIds = q.type === undefined ? [] : Array.isArray(q.type) ? q.type : [q.type];
  const types = [...new Set(typeIds.map(labelOfTypeId).filter((l): l is EntityLabel => l !== null))];
  if (typeIds.length > 0 && types.length === 0) return { match: null, limit };

  const identifiers: Identifier[] = [];
  const evidence: Evidence[] = [];
  for (const { pid, v } of q.properties ?? []) {
    const property = propertyOf(pid);
    if (property === undefined) continue;
    const values = (Array.isArray(v) ? v : [v]).flatMap(valueTexts);
    if (values.length === 0) continue;
    const use = property.use;
    if (use.kind === 'identifier') identifiers.push(...values.map((value) => ({ scheme: use.scheme, value })));
    else if (use.kind === 'linked') evidence.push({ kind: 'linked', name: property.id, label: use.label, values });
    else evidence.push({ kind: 'date', name: property.id, values: values.map(dateText) });
  }
  const name = q.query?.trim() ?? '';
  if (name === '' && identifiers.length === 0) return { match: null, limit };
  return {
    match: {
      key,
      name: name === '' ? null : name,
      id: ID_LIKE.test(name) ? name : null,
      identifiers,
      types: types.length === 0 ? null : types,
      evidence,
    },
    limit,
  };
}

/** A reconciliation candidate as the spec writes it. */
export interface ReconcileCandidate {
  id: string;
  name: string;
  description?: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: boolean | number }[];
}

const descriptionOf = (e: EntityRecord): string | undefined => e.descriptionZh ?? e.descriptionEn ?? undefined;

function candidateOf(c: MatchCandidate): ReconcileCandidate {
  const description = descriptionOf(c.entity);
  return {
    id: c.entity.id,
    name: c.entity.name,
    ...(description === undefined ? {} : { description }),
    score: c.score,
    match: c.match,
    type: typesOf(c.entity),
    features: [{ id: `by_${c.by}`, value: true }, ...(c.evidence ?? []).map((name) => ({ id: `evidence_${name}`, value: true }))],
  };
}

/**
 * Answers a parsed batch: one result per key, in the batch's order, each sorted by score (best
 * first). All queries are matched together, in a few batched reads (domain/match.ts).
 */
export async function reconcile(
  executor: Executor,
  batch: readonly [string, ReconcileQuery][],
): Promise<Record<string, { result: ReconcileCandidate[] }>> {
  const asked = batch.map(([key, q]) => ({ key, ...toMatchQuery(key, q) }));
  const queries = asked.flatMap((a) => (a.match === null ? [] : [a.match]));
  const limit = Math.max(RECONCILE_LIMIT_DEFAULT, ...asked.map((a) => a.limit));
  const results = new Map((queries.length === 0 ? [] : await matchEntities(executor, queries, limit)).map((r) => [r.key, r]));
  return Object.fromEntries(
    asked.map(({ key, limit: own }) => [key, { result: (results.get(key)?.candidates ?? []).slice(0, own).map(candidateOf) }]),
  );
}

// -------------------------------------------------------------------------------------- suggest

/** The page `cursor` asks for: a whole number of suggestions to skip (absent: 0). */
function cursorOf(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,6}$/.test(cursor)) throw badInput('cursor must be a whole number of suggestions to skip', 'cursor');
  return Number(cursor);
}

function prefixOf(prefix: string | null | undefined): string {
  if (prefix === null || prefix === undefined) throw badInput('prefix is missing: /suggest/…?prefix=<what was typed>', 'prefix');
  if (prefix.length > RECONCILE_TEXT_MAX) throw badInput(`prefix is at most ${RECONCILE_TEXT_MAX} characters`, 'prefix');
  return prefix.trim();
}

export interface EntitySuggestion {
  id: string;
  name: string;
  description?: string;
  notable: { id: string; name: string }[];
}

/**
 * Entities for what is being typed: the full-text search (names, aliases, toneless pinyin, the
 * last word as a prefix), best first, SUGGEST_PAGE at a time from `cursor`, at most
 * SEARCH_MAX_FIRST in all; an entity whose id is the prefix comes first. `type` restricts the
 * types (an unknown one: nothing). Two reads at most.
 */
export async function suggestEntities(
  executor: Executor,
  params: { prefix?: string | null; cursor?: string | null; type?: string | null },
): Promise<{ result: EntitySuggestion[] }> {
  const prefix = prefixOf(params.prefix);
  const cursor = cursorOf(params.cursor);
  const label = params.type === null || params.type === undefined || params.type === '' ? undefined : labelOfTypeId(params.type);
  if (label === null || cursor >= SEARCH_MAX_FIRST || !/[\p{L}\p{N}]/u.test(prefix)) return { result: [] };
  const types = label === undefined ? null : [TYPE_OF_LABEL[label]];
  const byId =
    cursor === 0 && ID_LIKE.test(prefix)
      ? (await executor.read(entitiesByIds([prefix]))).map((r) => r.node).filter((e) => types === null || types.includes(e.type))
      : [];
  const hits = await search(
    executor,
    { text: prefix, types, first: Math.min(SEARCH_MAX_FIRST, cursor + SUGGEST_PAGE), prefix: true },
    MATCH_PROPS,
  );
  const seen = new Set(byId.map((e) => e.id));
  const entities = [...byId, ...hits.map((h) => h.entity).filter((e) => !seen.has(e.id))].slice(cursor, cursor + SUGGEST_PAGE);
  return {
    result: entities.map((e) => {
      const description = descriptionOf(e);
      return { id: e.id, name: e.name, ...(description === undefined ? {} : { description }), notable: typesOf(e) };
    }),
  };
}

/** Whether one of the texts, or one of their words, begins with the prefix (case aside); an empty prefix offers all. */
function offers(prefix: string, ...texts: string[]): boolean {
  const p = prefix.toLowerCase();
  return texts.some((t) => {
    const lower = t.toLowerCase();
    return lower.startsWith(p) || lower.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(p));
  });
}

/** Types whose id, name or description (Chinese term included) the prefix begins. */
export function suggestTypes(params: { prefix?: string | null; cursor?: string | null }): { result: ReconcileType[] } {
  const prefix = prefixOf(params.prefix);
  const cursor = cursorOf(params.cursor);
  return {
    result: RECONCILE_TYPES.filter((t) => offers(prefix, t.id, t.name, t.description))
      .slice(cursor, cursor + SUGGEST_PAGE)
      .map((t) => ({ ...t })),
  };
}

/** Properties whose id or name the prefix begins (all of them for an empty prefix). */
export function suggestProperties(params: { prefix?: string | null; cursor?: string | null }): {
  result: { id: string; name: string; description: string }[];
} {
  const prefix = prefixOf(params.prefix);
  const cursor = cursorOf(params.cursor);
  return {
    result: RECONCILE_PROPERTIES.filter((p) => offers(prefix, p.id, p.name))
      .slice(cursor, cursor + SUGGEST_PAGE)
      .map(({ id, name, description }) => ({ id, name, description })),
  };
}
