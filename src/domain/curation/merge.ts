import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { namesFromStored } from '../../dataset/fields.js';
import { LOCATION_STORED } from '../../dataset/location-field.js';
import { citationId, nameProps } from '../../dataset/plan.js';
import { relationshipId, relationshipIdSuffix } from '../../dataset/validate.js';
import { AnnalsError, ErrorCode, badInput } from '../../errors.js';
import { findingsAndClaimsAbout, redirect } from '../../queries/curation.js';
import { applyStates } from './apply.js';
import { recordedChange, type WriteOptions } from './change.js';
import { lockExisting, type EntityWrite } from './entities.js';
import { readEntities, sameValue, type CitationSnap, type EntitySnap, type RelationSnap } from './snapshot.js';

function citationFor(about: string, c: CitationSnap): CitationSnap {
  return { ...c, id: citationId(about, c.sourceId, c.quote), about };
}

function uniqueById<T extends { id: string }>(list: T[]): T[] {
  return [...new Map(list.map((x) => [x.id, x])).values()];
}

/**
 * The survivor after absorbing the duplicate: the duplicate's names become aliases, its citations
 * and relationships move over (re-keyed; a link between the two disappears), nothing is dropped.
 */
export function mergeSnapshots(survivor: EntitySnap, duplicate: EntitySnap): EntitySnap {
  const names = (s: EntitySnap) => namesFromStored(s.props);
  const absorbed = names(duplicate).map((n) => ({ ...n, kind: n.kind === 'PRIMARY' ? 'ALIAS' : n.kind }));
  const merged = [...names(survivor).slice(1), ...absorbed].filter((n) => !(n.value === survivor.props['name'] && n.kind === 'ALIAS'));

  const moved = (r: RelationSnap): RelationSnap | null => {
    const from = r.from === duplicate.id ? survivor.id : r.from;
    const to = r.to === duplicate.id ? survivor.id : r.to;
    if (from === to) return null;
    // Ids carry their ends (from--type--to[--suffix]): a moved relationship takes the id of its new ends.
    const id = `${relationshipId(r.type, from, to)}${relationshipIdSuffix(r.id, r.type, r.from, r.to)}`;
    return { ...r, id, from, to, props: { ...r.props, id }, citations: r.citations.map((c) => citationFor(id, c)) };
  };
  // The survivor's own relationships come first, so every id among its ends is known before the
  // duplicate's move in. Two that state the same fact become one (citations add up); two that
  // state different facts between the same ends (another title, period, role) both stay.
  const facts = (r: RelationSnap) => ({ ...r.props, id: null });
  const relations = new Map<string, RelationSnap>();
  for (const r of [...survivor.relations, ...duplicate.relations].map(moved)) {
    if (r === null) continue;
    const existing = relations.get(r.id);
    if (existing === undefined) relations.set(r.id, r);
    else if (sameValue(facts(existing), facts(r)))
      relations.set(r.id, { ...existing, citations: uniqueById([...existing.citations, ...r.citations]) });
    else {
      let n = 2;
      while (relations.has(`${relationshipId(r.type, r.from, r.to)}--${n}`)) n += 1;
      const id = `${relationshipId(r.type, r.from, r.to)}--${n}`;
      relations.set(id, { ...r, id, props: { ...r.props, id }, citations: r.citations.map((c) => citationFor(id, c)) });
    }
  }
  const keep = (k: string) => survivor.props[k] ?? duplicate.props[k] ?? null;
  // A location is one fact (the point and where it comes from): the survivor's, else the duplicate's,
  // whose quote moves over with its citations.
  const located = survivor.props['locationLatitude'] != null ? survivor : duplicate;
  const location = Object.fromEntries(LOCATION_STORED.filter((k) => k in located.props).map((k) => [k, located.props[k]]));
  return {
    ...survivor,
    props: {
      ...survivor.props,
      ...nameProps(survivor.props['name'] as string, survivor.label, merged),
      descriptionZh: keep('descriptionZh'),
      descriptionEn: keep('descriptionEn'),
      kind: keep('kind'),
      ...location,
      revision: ((survivor.props['revision'] as number) ?? 0) + 1,
    },
    citations: uniqueById([...survivor.citations, ...duplicate.citations.map((c) => citationFor(survivor.id, c))]),
    relations: [...relations.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Merges duplicate into survivor (same label); the duplicate's id then resolves to the survivor. */
export async function mergeEntities(
  executor: Executor,
  principal: Principal,
  survivorId: string,
  duplicateId: string,
  expectedRevision?: number | null,
  options: WriteOptions = {},
): Promise<EntityWrite> {
  const curator = requireWriter(principal);
  if (survivorId === duplicateId) throw badInput('an entity cannot be merged into itself', 'duplicate');
  const { result, change } = await recordedChange(
    executor,
    curator,
    'MERGE_ENTITIES',
    async (run) => {
      const locked = await lockExisting(run, [survivorId, duplicateId], expectedRevision);
      const snaps = await readEntities(run, [survivorId, duplicateId]);
      const survivor = snaps.get(survivorId)!;
      const duplicate = snaps.get(duplicateId)!;
      if (survivor.label !== duplicate.label || survivor.label === 'Source') {
        throw new AnnalsError(
          ErrorCode.CONFLICT,
          `Only two people, organizations, events, initiatives or places of the same kind merge: "${survivorId}" is a ${survivor.label}, "${duplicateId}" a ${duplicate.label}.`,
        );
      }
      // Findings and claims name the duplicate (or its relationships, whose ids move) by id and are not
      // part of its snapshot: merging would strand them, and a revert could not bring them back.
      const dependents = await run(findingsAndClaimsAbout([duplicateId, ...duplicate.relations.map((r) => r.id)]));
      if (dependents.length > 0) {
        throw new AnnalsError(
          ErrorCode.CONFLICT,
          `"${duplicateId}" cannot be merged yet: ${dependents.map((d) => `${d.dependent} refers to ${d.id}`).join(', ')}; re-point those findings and claims first.`,
          { dependents: dependents.map((d) => d.dependent) },
        );
      }
      const merged = mergeSnapshots(survivor, duplicate);
      await applyStates(run, { [duplicateId]: null, [survivorId]: merged }, () => 'entity');
      await run(redirect(duplicateId, survivorId));
      return {
        targets: { entities: [survivorId, duplicateId], relations: [] },
        before: { [survivorId]: survivor, [duplicateId]: duplicate },
        citations: [],
        result: { id: survivorId, revision: locked.get(survivorId)!.revision + 1 },
      };
    },
    { ...options, request: { survivorId, duplicateId, expectedRevision } },
  );
  return { ...result, change, changed: true };
}
