import type { Executor } from '../db/executor.js';
import { badInput } from '../errors.js';
import { canonicalIdentifier, IDENTIFIER_SCHEMES, identifierKey, isWellFormed, type Identifier } from '../model/identifiers.js';
import { hasHan, toneless } from '../model/pinyin.js';
import { tryParseDate } from '../model/dates.js';
import type { EntityRecord } from '../model/records.js';
import { RELATIONSHIP_TYPES, TYPE_OF_LABEL, type EntityLabel } from '../model/vocabulary.js';
import { entitiesByIds } from '../queries/entities.js';
import { datedWithin, entitiesByIdentifierKeys, linkedToAny, nameCandidates, type EvidenceCheck } from '../queries/match.js';
import { toLuceneQuery } from './search.js';

/**
 * Matching what someone has (a spreadsheet row, a reconciliation query) against the graph's
 * entities: by id, by authority-file identifier, by exact name or alias, by toneless pinyin. One
 * implementation serves the spreadsheet import's dry run and the reconciliation service, so both
 * give the same answer for the same row.
 */

export interface MatchQuery {
  /** Names the query in the answer (a row number, a reconciliation query key). */
  key: string;
  name?: string | null;
  id?: string | null;
  identifiers?: readonly Identifier[];
  /** Only entities of these types; none: any. */
  types?: readonly EntityLabel[] | null;
  /** What else is known of the entity sought; each piece a candidate satisfies raises its score (see Evidence). */
  evidence?: readonly Evidence[];
}

/**
 * Extra evidence about the entity a query seeks (a reconciliation query's properties, a
 * spreadsheet's other columns). It never finds candidates by itself: it ranks those the name, id
 * or identifiers found. A candidate earns EVIDENCE_BONUS for each piece it satisfies:
 *
 * - `linked`: it is linked, by a curated relationship either way or through an event both are
 *   linked to, to an entity of `label` that one of `values` names (its id, or a name, alias or
 *   toneless pinyin that matches it as a query would, with a score of at least MATCH_THRESHOLD).
 *   A person who held a position in 民进广东省委, or took part in an event it organized, is linked to it.
 * - `date`: it, one of its relationships (a position's period or attested date) or, unless it is an
 *   event itself, an event it is linked to has a date overlapping one of `values` (EDTF;
 *   unreadable values are ignored).
 *
 * `name` says which piece it was in the candidate's `evidence` (a reconciliation property id).
 */
export type Evidence =
  | { kind: 'linked'; name: string; label: EntityLabel; values: readonly string[] }
  | { kind: 'date'; name: string; values: readonly string[] };

export type MatchedBy = 'id' | 'identifier' | 'name' | 'alias' | 'pinyin' | 'similar';

export interface MatchCandidate {
  entity: EntityRecord;
  /**
   * 0–100: 100 id or identifier, 90 primary name, 80 another name, 70 toneless pinyin, below 50
   * similar names; plus EVIDENCE_BONUS per piece of evidence satisfied (see withEvidence).
   */
  score: number;
  by: MatchedBy;
  /** The one candidate that is certainly the query's entity. */
  match: boolean;
  /** The names of the query's evidence it satisfies (each raised its score). */
  evidence?: readonly string[];
}

export type MatchStatus = 'matched' | 'ambiguous' | 'new';

export interface MatchResult {
  key: string;
  status: MatchStatus;
  /** Best first, at most `limit`. */
  candidates: MatchCandidate[];
}

export const SCORE = { id: 100, identifier: 100, name: 90, alias: 80, pinyin: 70 } as const;
/** The least score that counts as the same entity, when one candidate alone reaches it. */
export const MATCH_THRESHOLD = SCORE.pinyin;
/** What each piece of evidence a candidate satisfies adds to its score. */
export const EVIDENCE_BONUS = 5;
/** Evidence lifts a name at most to this: only an id or an identifier is 100. */
export const EVIDENCE_CEILING = 99;
/**
 * Evidence is checked on a query's best candidates by name, id or identifier: `limit` of them, and
 * at least this many (so it can lift one from just below the cut), never all the full-text hits.
 */
export const EVIDENCE_POOL = 10;
const CHUNK = 500;

const normalName = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
/** A pinyin or romanized name reduced to its letters: "Luó Fùhé", "luo fuhe" and "Luofuhe" agree. */
const pinyinKey = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** How well a name matches an entity's names, if it does exactly. */
function nameScore(query: string, e: EntityRecord): { score: number; by: MatchedBy } | null {
  const q = normalName(query);
  const names = e.nameValues ?? [e.name];
  const kinds = e.nameKinds ?? [];
  const langs = e.nameLangs ?? [];
  let best: { score: number; by: MatchedBy } | null = null;
  const offer = (score: number, by: MatchedBy) => {
    if (best === null || score > best.score) best = { score, by };
  };
  if (normalName(e.name) === q) offer(SCORE.name, 'name');
  names.forEach((value, n) => {
    if (normalName(value) === q) offer(kinds[n] === 'PRIMARY' && langs[n] !== 'pinyin' ? SCORE.name : SCORE.alias, 'alias');
  });
  const key = hasHan(query) ? toneless(query).join('') : pinyinKey(query);
  if (key.length > 0) {
    names.forEach((value, n) => {
      const theirs = langs[n] === 'pinyin' ? pinyinKey(value) : hasHan(value) ? toneless(value).join('') : null;
      if (theirs === key) offer(SCORE.pinyin, 'pinyin');
    });
  }
  return best;
}

const typeOk = (e: EntityRecord, types: readonly EntityLabel[] | null | undefined): boolean =>
  types == null || types.length === 0 || types.some((t) => TYPE_OF_LABEL[t] === e.type);

/** The status of a ranked candidate list, and which candidate (if any) is the match. */
export function decide(ranked: MatchCandidate[]): { status: MatchStatus; candidates: MatchCandidate[] } {
  const top = ranked[0];
  if (top === undefined || top.score < MATCH_THRESHOLD) return { status: 'new', candidates: ranked };
  const tied = ranked.filter((c) => c.score === top.score).length;
  if (tied > 1) return { status: 'ambiguous', candidates: ranked };
  return { status: 'matched', candidates: ranked.map((c, n) => (n === 0 ? { ...c, match: true } : c)) };
}

/**
 * A candidate with the evidence it satisfies: EVIDENCE_BONUS more per piece, at most
 * EVIDENCE_CEILING (an id or identifier match stays 100). A similar name (below 50) stays below
 * MATCH_THRESHOLD whatever the evidence, so evidence ranks and breaks ties but never matches alone.
 */
export function withEvidence(candidate: MatchCandidate, satisfied: readonly string[]): MatchCandidate {
  if (satisfied.length === 0) return candidate;
  const raised =
    candidate.score >= SCORE.identifier
      ? candidate.score
      : Math.min(EVIDENCE_CEILING, candidate.score + EVIDENCE_BONUS * satisfied.length, candidate.score < 50 ? MATCH_THRESHOLD - 1 : 100);
  return { ...candidate, score: raised, evidence: satisfied };
}

/** The ISO day bounds of an EDTF value, or null when it cannot be read or has no bound at all. */
export function evidenceBounds(value: string): { from: string; to: string } | null {
  const d = tryParseDate(value);
  if (d === null || (d.earliest === null && d.latest === null)) return null;
  return { from: d.earliest ?? '0001-01-01', to: d.latest ?? '9999-12-31' };
}

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Matches many queries in a few batched reads (ids, identifiers, names: one query each per 500).
 * An id or identifier that names an entity decides alone; otherwise exact names, aliases and
 * pinyin do, and similar names are offered as candidates that never match by themselves.
 * Identifiers that are not valid for their scheme are ignored here (validation reports them).
 */
export async function matchEntities(executor: Executor, queries: readonly MatchQuery[], limit = 5): Promise<MatchResult[]> {
  const byKey = new Map<string, MatchCandidate[]>(queries.map((q) => [q.key, []]));
  const add = (key: string, candidate: MatchCandidate) => {
    const list = byKey.get(key)!;
    const same = list.find((c) => c.entity.id === candidate.entity.id);
    if (same === undefined) list.push(candidate);
    else if (candidate.score > same.score) Object.assign(same, candidate);
  };

  const withId = queries.filter((q) => q.id != null && q.id !== '');
  for (const part of chunks(withId)) {
    const rows = await executor.read(entitiesByIds(part.map((q) => q.id!)));
    const found = new Map(rows.map((r) => [r.key, r.node]));
    for (const q of part) {
      const e = found.get(q.id!);
      if (e !== undefined && typeOk(e, q.types)) add(q.key, { entity: e, score: SCORE.id, by: 'id', match: false });
    }
  }

  // Each token with the queries that give it (many rows of a sheet may give one).
  const tokens = new Map<string, MatchQuery[]>();
  for (const q of queries) {
    for (const id of q.identifiers ?? []) {
      if (!isWellFormed(id)) continue;
      const token = identifierKey(canonicalIdentifier(id));
      const asking = tokens.get(token);
      if (asking === undefined) tokens.set(token, [q]);
      else asking.push(q);
    }
  }
  for (const part of chunks([...tokens.keys()])) {
    for (const row of await executor.read(entitiesByIdentifierKeys(part))) {
      const e = row.node;
      for (const q of tokens.get(row.key) ?? []) {
        if (typeOk(e, q.types)) add(q.key, { entity: e, score: SCORE.identifier, by: 'identifier', match: false });
      }
    }
  }

  // Names only where no id or identifier decided.
  const byName = queries.filter((q) => q.name != null && q.name.trim() !== '' && !byKey.get(q.key)!.some((c) => c.score === 100));
  const lucene = byName.map((q) => ({ q, lucene: toLuceneQuery(q.name!) })).filter((x) => /[\p{L}\p{N}]/u.test(x.lucene));
  for (const part of chunks(lucene)) {
    const rows = await executor.read(
      nameCandidates(
        part.map(({ q, lucene: text }) => ({
          key: q.key,
          lucene: text,
          types: q.types == null || q.types.length === 0 ? null : q.types.map((t) => TYPE_OF_LABEL[t]),
        })),
        Math.max(limit * 4, 20),
      ),
    );
    const names = new Map(part.map(({ q }) => [q.key, q.name!]));
    for (const row of rows) {
      const key = row.key;
      const e = row.node;
      const exact = nameScore(names.get(key)!, e);
      const similar = Math.min(49, Math.round(10 * row.score));
      add(
        key,
        exact === null
          ? { entity: e, score: similar, by: 'similar', match: false }
          : { entity: e, score: exact.score, by: exact.by, match: false },
      );
    }
  }

  const satisfied = await evidenceSatisfied(executor, queries, byKey, Math.max(limit, EVIDENCE_POOL));

  return queries.map((q) => {
    const ranked = byKey
      .get(q.key)!
      .map((c) => withEvidence(c, satisfied.get(q.key)?.get(c.entity.id) ?? []))
      .sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id))
      .slice(0, limit);
    return { key: q.key, ...decide(ranked) };
  });
}

/**
 * Which evidence each candidate satisfies (query key → entity id → evidence names), in at most three
 * batched reads whatever the number of queries and candidates: the linked entities' names are
 * matched (one matchEntities call for all of them), then links and dates are checked, one
 * query each per 500 checks.
 */
async function evidenceSatisfied(
  executor: Executor,
  queries: readonly MatchQuery[],
  byKey: ReadonlyMap<string, MatchCandidate[]>,
  pool: number,
): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>();
  const asking = queries.filter((q) => (q.evidence?.length ?? 0) > 0 && byKey.get(q.key)!.length > 0);
  if (asking.length === 0) return out;

  // What the linked values name: each distinct (label, value) matched once for the whole batch.
  const refKey = (label: EntityLabel, value: string) => `${label}\u0000${value}`;
  const refs = new Map<string, MatchQuery>();
  for (const q of asking)
    for (const e of q.evidence!)
      if (e.kind === 'linked')
        for (const v of e.values) {
          const key = refKey(e.label, v);
          if (v.trim() !== '' && !refs.has(key)) refs.set(key, { key, name: v, id: v, types: [e.label] });
        }
  const named = new Map<string, string[]>();
  if (refs.size > 0) {
    for (const r of await matchEntities(executor, [...refs.values()], 10))
      named.set(
        r.key,
        r.candidates.filter((c) => c.score >= MATCH_THRESHOLD).map((c) => c.entity.id),
      );
  }

  const linked: (EvidenceCheck & { others: string[] })[] = [];
  const dated: (EvidenceCheck & { ranges: { from: string; to: string }[] })[] = [];
  for (const q of asking) {
    const best = [...byKey.get(q.key)!].sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id)).slice(0, pool);
    q.evidence!.forEach((e, n) => {
      if (e.kind === 'linked') {
        const others = [...new Set(e.values.flatMap((v) => named.get(refKey(e.label, v)) ?? []))];
        if (others.length > 0) for (const c of best) linked.push({ key: q.key, id: c.entity.id, n, others });
      } else {
        const ranges = e.values.map(evidenceBounds).filter((b) => b !== null);
        if (ranges.length > 0) for (const c of best) dated.push({ key: q.key, id: c.entity.id, n, ranges });
      }
    });
  }
  const rows = [];
  for (const part of chunks(linked)) rows.push(...(await executor.read(linkedToAny(part, RELATIONSHIP_TYPES))));
  for (const part of chunks(dated)) rows.push(...(await executor.read(datedWithin(part, RELATIONSHIP_TYPES))));
  const evidenceOf = new Map(asking.map((q) => [q.key, q.evidence!]));
  for (const row of rows) {
    const name = evidenceOf.get(row.key)![row.n]!.name;
    const ofQuery = out.get(row.key) ?? new Map<string, string[]>();
    out.set(row.key, ofQuery);
    const list = ofQuery.get(row.id) ?? [];
    if (!list.includes(name)) ofQuery.set(row.id, [...list, name]);
  }
  return out;
}

/** The entity an identifier names (the first by id if, wrongly, several hold it); null when none does. */
export async function findByIdentifier(executor: Executor, id: Identifier): Promise<EntityRecord | null> {
  if (!isWellFormed(id)) throw badInput(`"${id.value}" is not ${IDENTIFIER_SCHEMES[id.scheme].form}`, 'value');
  const rows = await executor.read(entitiesByIdentifierKeys([identifierKey(canonicalIdentifier(id))], 'ALL'));
  return rows[0]?.node ?? null;
}
