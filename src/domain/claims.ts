import { parseDate, precisionRank, tryParseDate, type ParsedDate } from '../model/dates.js';
import type { ClaimProperty } from '../model/vocabulary.js';

/** One value a set of sources gives for a fact, with the sources and citations behind it. */
export interface ClaimRecord {
  id: string;
  about: string;
  property: ClaimProperty;
  value: string;
  /** Citation subjects whose citations back this value (the fact itself, or Claim nodes). */
  evidence: string[];
  sourceIds: string[];
  preferred: boolean;
}

export interface ClaimSetRecord {
  property: ClaimProperty;
  claims: ClaimRecord[];
  preferred: ClaimRecord;
  rule: string;
}

export interface ClaimInputs {
  about: string;
  property: ClaimProperty;
  /** The curated value of the fact and the sources its own citations come from. */
  curated: { value: string; sourceIds: string[] };
  /** Competing claims stored as Claim nodes. */
  others: { id: string; value: string; sourceIds: string[] }[];
  /** Publication date of each source (EDTF), when known. */
  published: Map<string, string | null>;
}

/**
 * What claims about one fact are compared by: a date in its EDTF normal form, a title trimmed.
 * Claims with the same key are one claim; the key is also part of the claim's id (model/node-ids.ts).
 */
export function claimKey(property: ClaimProperty, value: string): string {
  return property === 'date' ? (tryParseDate(value)?.edtf ?? value) : value.trim();
}

const span = (d: ParsedDate): number =>
  d.earliest === null || d.latest === null ? Number.POSITIVE_INFINITY : Date.parse(d.latest) - Date.parse(d.earliest);

function newest(sourceIds: string[], published: Map<string, string | null>): string | null {
  const dates = sourceIds.map((s) => published.get(s) ?? null).filter((d): d is string => d !== null);
  const latest = dates.map((d) => tryParseDate(d)?.latest ?? null).filter((d): d is string => d !== null);
  return latest.length === 0 ? null : latest.sort().at(-1)!;
}

/**
 * Keeps every claim and picks one, saying why: the more precise date (finer precision, then the
 * narrower span), else the value more sources give, else the one from the newer source, else the
 * curated value. Claims with the same value are one claim with all their sources.
 */
export function resolveClaims(input: ClaimInputs): ClaimSetRecord {
  const byValue = new Map<string, ClaimRecord>();
  const add = (id: string, value: string, sourceIds: string[]): void => {
    const key = claimKey(input.property, value);
    const existing = byValue.get(key);
    if (existing) {
      existing.evidence.push(id);
      existing.sourceIds = [...new Set([...existing.sourceIds, ...sourceIds])].sort();
    } else {
      byValue.set(key, {
        id,
        about: input.about,
        property: input.property,
        value,
        evidence: [id],
        sourceIds: [...new Set(sourceIds)].sort(),
        preferred: false,
      });
    }
  };
  add(input.about, input.curated.value, input.curated.sourceIds);
  for (const o of input.others) add(o.id, o.value, o.sourceIds);
  const claims = [...byValue.values()];

  let best = claims[0]!;
  for (const c of claims.slice(1)) if (compare(c, best, input) !== null) best = c;
  const rivals = claims.filter((c) => c !== best);
  const rule =
    rivals.length === 0
      ? `all ${best.sourceIds.length} source(s) agree`
      : rivals.map((c) => compare(best, c, input) ?? 'curated value (no other difference)').join('; ');
  best.preferred = true;
  return { property: input.property, claims, preferred: best, rule };
}

/** Why a beats b, or null when it does not. */
function compare(a: ClaimRecord, b: ClaimRecord, input: ClaimInputs): string | null {
  if (input.property === 'date') {
    const [da, db] = [parseDate(a.value), parseDate(b.value)];
    if (precisionRank(da.precision) !== precisionRank(db.precision)) {
      return precisionRank(da.precision) > precisionRank(db.precision) ? `more precise (${da.precision} over ${db.precision})` : null;
    }
    if (span(da) !== span(db)) return span(da) < span(db) ? 'more precise (narrower span)' : null;
  }
  if (a.sourceIds.length !== b.sourceIds.length) {
    return a.sourceIds.length > b.sourceIds.length ? `more sources (${a.sourceIds.length} over ${b.sourceIds.length})` : null;
  }
  const [na, nb] = [newest(a.sourceIds, input.published), newest(b.sourceIds, input.published)];
  if (na !== nb && na !== null && (nb === null || na > nb)) return `newer source (${na} over ${nb ?? 'undated'})`;
  return null;
}
