import type { Runner } from '../db/query.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import { claimCheckInputs, type ClaimCheckRow } from '../queries/entities.js';
import type { ClaimProperty } from '../model/vocabulary.js';
import type { Props } from '../model/props.js';
import type { ImportPlan } from '../model/rows.js';
import { resolveClaims, type ClaimSetRecord } from './claims.js';
import { appendTo } from '../model/multimap.js';

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
  const refusal = claimsDisagreement(await run(claimCheckInputs([...new Set(ids)])));
  if (refusal !== null) throw refusal;
}

/** The refusal of the first fact (by id) whose plain value its claims do not prefer, or null when all agree. */
export function claimsDisagreement(rows: readonly ClaimCheckRow[]): AnnalsError | null {
  for (const row of rows) {
    const properties = new Set(row.claims.map((c) => c.property as ClaimProperty));
    for (const property of properties) {
      // Attestations at other dates never compete with the curated one (ATTESTED_RULE): nothing to disagree.
      if (property === 'attestedAt') continue;
      // A fact this write deleted has no plain value left to disagree (its claims stay, as a revert may restore it).
      if ((property === 'date' ? row.date : row.title) === null) continue;
      const { plain, set } = claimSetOfRow(row, property);
      if (set.preferred.value !== plain) {
        return new AnnalsError(
          ErrorCode.BAD_USER_INPUT,
          `The ${property} of ${row.key} is "${plain}", but its claims prefer "${set.preferred.value}" (${set.rule}): state the preferred value as the fact, and the other as a claim.`,
          { field: 'claims', about: row.key },
        );
      }
    }
  }
  return null;
}

const text = (value: Props[string] | undefined): string | null => (typeof value === 'string' ? value : null);

/**
 * What claimCheckInputs would read once this plan is written into an empty graph, from the plan
 * itself: a first load through Neo4j's importer checks its claims before anything is written.
 */
export function claimCheckRowsOfPlan(plan: ImportPlan): ClaimCheckRow[] {
  const claims = new Map<string, ClaimCheckRow['claims']>();
  for (const c of plan.claims) {
    const about = text(c.props['about']);
    if (about === null) continue;
    appendTo(claims, about, { id: c.id, property: text(c.props['property']) ?? '', value: text(c.props['value']) ?? '' });
  }
  if (claims.size === 0) return [];
  const published = new Map((plan.nodes.get('Source') ?? []).map((s) => [s.id, text(s.props['publishedEdtf'])]));
  const citing = new Map<string, Set<string>>();
  for (const c of plan.citations) {
    const about = text(c.props['about']);
    if (about === null) continue;
    const sources = citing.get(about) ?? new Set<string>();
    citing.set(about, sources.add(c.sourceId));
  }
  const events = new Map((plan.nodes.get('Event') ?? []).map((e) => [e.id, text(e.props['edtf'])]));
  const positions = new Map((plan.relationships.get('HELD_POSITION') ?? []).map((r) => [r.id, r.props]));
  return [...claims.keys()].sort().map((key) => {
    const position = positions.get(key);
    const cited = [key, ...claims.get(key)!.map((c) => c.id)].flatMap((about) =>
      [...(citing.get(about) ?? [])].map((source) => ({ about, source, published: published.get(source) ?? null })),
    );
    return {
      key,
      claims: claims.get(key)!,
      date: events.get(key) ?? null,
      title: text(position?.['title']),
      earliest: text(position?.['earliest']),
      latest: text(position?.['latest']),
      cited,
    };
  });
}
