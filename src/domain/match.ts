import type { Executor } from '../db/executor.js';
import { badInput } from '../errors.js';
import { canonicalIdentifier, IDENTIFIER_SCHEMES, identifierKey, isWellFormed, type Identifier } from '../model/identifiers.js';
import { hasHan, toneless } from '../model/pinyin.js';
import type { EntityRecord } from '../model/records.js';
import { TYPE_OF_LABEL, type EntityLabel } from '../model/vocabulary.js';
import { entitiesByIds } from '../queries/entities.js';
import { entitiesByIdentifierKeys, nameCandidates } from '../queries/match.js';
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
}

export type MatchedBy = 'id' | 'identifier' | 'name' | 'alias' | 'pinyin' | 'similar';

export interface MatchCandidate {
  entity: EntityRecord;
  /** 0–100: 100 id or identifier, 90 primary name, 80 another name, 70 toneless pinyin, below 50 similar names. */
  score: number;
  by: MatchedBy;
  /** The one candidate that is certainly the query's entity. */
  match: boolean;
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

  const tokens = new Map<string, string[]>();
  for (const q of queries) {
    for (const id of q.identifiers ?? []) {
      if (!isWellFormed(id)) continue;
      const token = identifierKey(canonicalIdentifier(id));
      tokens.set(token, [...(tokens.get(token) ?? []), q.key]);
    }
  }
  for (const part of chunks([...tokens.keys()])) {
    for (const row of await executor.read(entitiesByIdentifierKeys(part))) {
      const e = row.node;
      for (const key of tokens.get(row.key) ?? []) {
        const q = queries.find((x) => x.key === key)!;
        if (typeOk(e, q.types)) add(key, { entity: e, score: SCORE.identifier, by: 'identifier', match: false });
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

  return queries.map((q) => {
    const ranked = byKey
      .get(q.key)!
      .sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id))
      .slice(0, limit);
    return { key: q.key, ...decide(ranked) };
  });
}

/** The entity an identifier names (the first by id if, wrongly, several hold it); null when none does. */
export async function findByIdentifier(executor: Executor, id: Identifier): Promise<EntityRecord | null> {
  if (!isWellFormed(id)) throw badInput(`"${id.value}" is not ${IDENTIFIER_SCHEMES[id.scheme].form}`, 'value');
  const rows = await executor.read(entitiesByIdentifierKeys([identifierKey(canonicalIdentifier(id))], 'ALL'));
  return rows[0]?.node ?? null;
}
