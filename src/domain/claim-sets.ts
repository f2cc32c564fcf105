import { resolveClaims, type ClaimSetRecord, type TimeBounds } from './claims.js';
import type { Loaders } from './loaders.js';
import type { EntityRecord } from '../model/records.js';
import type { ClaimProperty } from '../model/vocabulary.js';

/**
 * Gathers the claims about one fact (its curated value with its own citations, plus Claim nodes)
 * and resolves them; all lookups go through the request's loaders, so lists stay batched.
 */
export async function claimSet(
  loaders: Loaders,
  about: string,
  property: ClaimProperty,
  curatedValue: string,
  factTime: TimeBounds | null = null,
): Promise<ClaimSetRecord> {
  const [own, others] = await Promise.all([loaders.citations.load(about), loaders.claims.load(about)]);
  const mine = others.filter((o) => o.property === property);
  const otherCitations = await Promise.all(mine.map((o) => loaders.citations.load(o.id)));
  const sourceIds = [...new Set([...own, ...otherCitations.flat()].map((c) => c.sourceId))];
  const sources = (await loaders.entity.loadMany(sourceIds)).filter((s): s is EntityRecord => s !== null && !(s instanceof Error));
  return resolveClaims({
    about,
    property,
    curated: { value: curatedValue, sourceIds: [...new Set(own.map((c) => c.sourceId))] },
    others: mine.map((o, n) => ({ id: o.id, value: o.value, sourceIds: [...new Set(otherCitations[n]!.map((c) => c.sourceId))] })),
    published: new Map(sources.map((s) => [s.id, s.publishedEdtf ?? null])),
    factTime,
  });
}
