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

/** Outer bounds of a time (ISO dates), either open. */
export interface TimeBounds {
  earliest: string | null;
  latest: string | null;
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
  /**
   * When the fact held, for a title: the position's period, else the date it is attested at; null
   * when unknown. A date's own time is the span of the values claimed for it, so it is not given.
   */
  factTime?: TimeBounds | null;
}

/**
 * What claims about one fact are compared by: a date in its EDTF normal form, a title trimmed.
 * Claims with the same key are one claim; the key is also part of the claim's id (model/node-ids.ts).
 */
export function claimKey(property: ClaimProperty, value: string): string {
  return property === 'title' ? value.trim() : (tryParseDate(value)?.edtf ?? value);
}

/** The preference rules, in order; the ClaimSet's description and docs/curating.md say the same. */
export const CLAIM_RULES =
  'contemporary sources over later restatements (the claim whose source was published closest in time to what it claims: for a title, the period or attested date of the position; for a date, the span of the dates claimed; a gap of 0 when they overlap; a claim whose sources are all undated comes after any dated one), then the more precise date (finer precision, then the narrower span), then more sources, then the curated value (the fact as stated with its own citations); equal on every rule, the curated value stays preferred';

/**
 * Attestation dates do not compete: each source shows the relationship held at its own date, and
 * none contradicts another. The curated one stays preferred; the others are kept as claims.
 */
export const ATTESTED_RULE =
  'curated attestation (each source shows the relationship held at its own date; attestations at other dates do not contradict it)';

const DAY_MS = 86_400_000;
const ms = (iso: string): number => Date.parse(iso);

const span = (d: ParsedDate): number =>
  d.earliest === null || d.latest === null ? Number.POSITIVE_INFINITY : ms(d.latest) - ms(d.earliest);

/**
 * Days between a publication and the time of the fact (0 when they overlap; an open end reaches
 * forever). With the fact's time unknown, days since the earliest day of the publication: an
 * earlier source is then the closer one. Null for an undated or unparsable publication.
 */
function gapDays(published: string | null, fact: TimeBounds | null): number | null {
  const p = published === null ? null : tryParseDate(published);
  if (p === null || (p.earliest === null && p.latest === null)) return null;
  if (fact === null || (fact.earliest === null && fact.latest === null)) {
    return p.earliest === null ? null : Math.round(ms(p.earliest) / DAY_MS);
  }
  const pe = p.earliest === null ? Number.NEGATIVE_INFINITY : ms(p.earliest);
  const pl = p.latest === null ? Number.POSITIVE_INFINITY : ms(p.latest);
  const fe = fact.earliest === null ? Number.NEGATIVE_INFINITY : ms(fact.earliest);
  const fl = fact.latest === null ? Number.POSITIVE_INFINITY : ms(fact.latest);
  if (pe > fl) return Math.round((pe - fl) / DAY_MS);
  if (fe > pl) return Math.round((fe - pl) / DAY_MS);
  return 0;
}

/** The closest of a claim's sources: its gap in days and that source's publication date. */
function closest(sourceIds: string[], input: ClaimInputs, fact: TimeBounds | null): { days: number; published: string } | null {
  let best: { days: number; published: string } | null = null;
  for (const id of sourceIds) {
    const published = input.published.get(id) ?? null;
    const days = gapDays(published, fact);
    if (days !== null && published !== null && (best === null || days < best.days)) best = { days, published };
  }
  return best;
}

/** The span of the dates claimed for an event: what its claims are about. */
function claimedSpan(values: string[]): TimeBounds | null {
  const parsed = values.map((v) => tryParseDate(v)).filter((d): d is ParsedDate => d !== null);
  const earliest = parsed.map((d) => d.earliest).filter((d): d is string => d !== null);
  const latest = parsed.map((d) => d.latest).filter((d): d is string => d !== null);
  if (earliest.length === 0 && latest.length === 0) return null;
  return { earliest: earliest.sort()[0] ?? null, latest: latest.sort().at(-1) ?? null };
}

/**
 * Keeps every claim and picks one, saying why (CLAIM_RULES): the claim from the source closest in
 * time to what is claimed, else the more precise date, else the value more sources give, else the
 * curated value. Claims with the same value are one claim with all their sources. This is the one
 * place that decides: the plain field (Event.date, Position.title) must equal what it prefers,
 * which every write checks (domain/claim-check.ts).
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
  const fact = input.property === 'date' ? claimedSpan(claims.map((c) => c.value)) : (input.factTime ?? null);

  let best = claims[0]!;
  const attested = input.property === 'attestedAt';
  if (!attested) for (const c of claims.slice(1)) if (compare(c, best, input, fact) !== null) best = c;
  const rivals = claims.filter((c) => c !== best);
  const rule =
    rivals.length === 0
      ? `all ${best.sourceIds.length} source(s) agree`
      : attested
        ? ATTESTED_RULE
        : rivals.map((c) => compare(best, c, input, fact) ?? 'curated value (no other difference)').join('; ');
  best.preferred = true;
  return { property: input.property, claims, preferred: best, rule };
}

/** Why a beats b, or null when it does not. */
function compare(a: ClaimRecord, b: ClaimRecord, input: ClaimInputs, fact: TimeBounds | null): string | null {
  const [ca, cb] = [closest(a.sourceIds, input, fact), closest(b.sourceIds, input, fact)];
  if (ca !== null && (cb === null || ca.days < cb.days)) {
    return `contemporary source (published ${ca.published}, ${ca.days} days from the fact, over ${cb === null ? 'undated' : `${cb.published}, ${cb.days} days`})`;
  }
  if (cb !== null && (ca === null || cb.days < ca.days)) return null;
  if (input.property !== 'title') {
    const [da, db] = [parseDate(a.value), parseDate(b.value)];
    if (precisionRank(da.precision) !== precisionRank(db.precision)) {
      return precisionRank(da.precision) > precisionRank(db.precision) ? `more precise (${da.precision} over ${db.precision})` : null;
    }
    if (span(da) !== span(db)) return span(da) < span(db) ? 'more precise (narrower span)' : null;
  }
  if (a.sourceIds.length !== b.sourceIds.length) {
    return a.sourceIds.length > b.sourceIds.length ? `more sources (${a.sourceIds.length} over ${b.sourceIds.length})` : null;
  }
  return null;
}
