import type { Runner } from '../db/query.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import { claimCheckInputs, type ClaimCheckRow } from '../queries/entities.js';
import type { ClaimProperty } from '../model/vocabulary.js';
import { resolveClaims, type ClaimSetRecord } from './claims.js';

/** The claim set of one fact from what claimCheckInputs read, and the fact's plain value. */
export function claimSetOfRow(row: ClaimCheckRow, property: ClaimProperty): { plain: string; set: ClaimSetRecord } {
  const plain = (property === 'date' ? row.date : row.title) ?? '';
  const sourcesOf = (about: string): string[] => [...new Set(row.cited.filter((c) => c.about === about).map((c) => c.source))];
  const set = resolveClaims({
    about: row.key,
    property,
    curated: { value: plain, sourceIds: sourcesOf(row.key) },
    others: row.claims.filter((c) => c.property === property).map((c) => ({ id: c.id, value: c.value, sourceIds: sourcesOf(c.id) })),
    published: new Map(row.cited.map((c) => [c.source, c.published])),
    factTime: property === 'title' ? { earliest: row.earliest, latest: row.latest } : null,
  });
  return { plain, set };
}

/**
 * Run in a write's transaction after it wrote: the plain field of every fact among `ids` that
 * claims are about (Event.date, Position.title) must be the value its claims prefer, so the API
 * never shows one value as the fact and prefers another. A write that breaks this is refused
 * (BAD_USER_INPUT, nothing written), saying which value the rules prefer and why.
 */
export async function checkClaimsAgree(run: Runner, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const row of await run(claimCheckInputs([...new Set(ids)]))) {
    const properties = new Set(row.claims.map((c) => c.property as ClaimProperty));
    for (const property of properties) {
      // Attestations at other dates never compete with the curated one (ATTESTED_RULE): nothing to disagree.
      if (property === 'attestedAt') continue;
      // A fact this write deleted has no plain value left to disagree (its claims stay, as a revert may restore it).
      if ((property === 'date' ? row.date : row.title) === null) continue;
      const { plain, set } = claimSetOfRow(row, property);
      if (set.preferred.value !== plain) {
        throw new AnnalsError(
          ErrorCode.BAD_USER_INPUT,
          `The ${property} of ${row.key} is "${plain}", but its claims prefer "${set.preferred.value}" (${set.rule}): state the preferred value as the fact, and the other as a claim.`,
          { field: 'claims', about: row.key },
        );
      }
    }
  }
}
