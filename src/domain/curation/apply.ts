import type { Runner } from '../../db/query.js';
import { AnnalsError, ErrorCode } from '../../errors.js';
import {
  createCitations,
  createRelation,
  curatedRelationIdsOf,
  refreshMentions,
  removeCitationsAbout,
  removeClaims,
  upsertClaimNodes,
  removeEntities,
  removeRedirects,
  removeRelations,
  sourcesAmong,
  upsertEntityNode,
} from '../../queries/curation.js';
import { citationCountsInSources } from '../../queries/import.js';
import { isRelationshipType } from '../../model/vocabulary.js';
import type { CitationSnap, ClaimSnap, EntitySnap, RelationSnap, Snap, StateKind } from './snapshot.js';

function citationRows(list: CitationSnap[]) {
  return list.map(({ sourceId, ...props }) => ({ sourceId, props }));
}

/**
 * Makes each id's state in the graph exactly the given snapshot (null removes it). The one write
 * path of curation: create, update, delete, merge and revert all compute states and call this.
 * `kindOf` says what a null state removes: an entity or a relationship, never both (an id names
 * one thing, and removing "whatever has this id" is how one object's revert once deleted another).
 *
 * An entity that stays is updated in place, never deleted and made again: what points at it from
 * outside its snapshot (the citations quoting a source, an event's findings, MENTIONS) stays
 * linked. Only its own curated relationships and citations are replaced by the snapshot's.
 */
export async function applyStates(run: Runner, states: Record<string, Snap>, kindOf?: (id: string) => StateKind): Promise<void> {
  const entries = Object.entries(states);
  const kind = ([id, s]: [string, Snap]): StateKind => {
    const k = s?.kind ?? kindOf?.(id);
    if (k === undefined) throw new Error(`applyStates: what "${id}" is (entity or relationship) must be said to remove it`);
    return k;
  };
  const removed = entries.filter(([, s]) => s === null);
  const removedEntities = removed.filter((e) => kind(e) === 'entity').map(([id]) => id);
  const entities = entries.map(([, s]) => s).filter((s): s is EntitySnap => s !== null && s.kind === 'entity');
  const kept = entities.map((e) => e.id);

  // Claims go first, with their citations (a source they quote may be removed below), and come back as their states say.
  const claimIds = entries.filter((e) => kind(e) === 'claim').map(([id]) => id);
  const claims = entries.map(([, s]) => s).filter((s): s is ClaimSnap => s !== null && s.kind === 'claim');
  await run(removeClaims(claimIds));

  // Every curated relationship of what is removed or restated goes, with its citations, and so do
  // the relationships removed by id; the states below bring back what they hold.
  const linked = kept.length === 0 ? [] : (await run(curatedRelationIdsOf(kept))).map((r) => r.id);
  const relationIds = [...new Set([...entries.filter((e) => kind(e) === 'relation').map(([id]) => id), ...linked])];
  await run(removeRelations(relationIds));
  await run(removeCitationsAbout(kept));

  // A source goes only once nothing quotes it (what this write removes is gone first).
  const sources = new Set((await run(sourcesAmong(removedEntities))).map((r) => r.id));
  await run(removeEntities(removedEntities.filter((id) => !sources.has(id))));
  if (sources.size > 0) {
    const quoted = (await run(citationCountsInSources([...sources]))).filter((r) => r.count > 0);
    if (quoted.length > 0) {
      throw new AnnalsError(
        ErrorCode.CONFLICT,
        `Cannot remove source ${quoted.map((r) => `"${r.id}" (quoted by ${r.count} citation(s))`).join(', ')}: remove or move what cites it first.`,
        { ids: quoted.map((r) => r.id) },
      );
    }
    await run(removeEntities([...sources]));
  }

  await run(removeRedirects(kept));
  for (const e of entities) await run(upsertEntityNode(e.label, e.props));
  await run(createCitations(citationRows(entities.flatMap((e) => e.citations))));

  const relations = new Map<string, RelationSnap>();
  for (const e of entities) for (const r of e.relations) relations.set(r.id, r);
  for (const [, s] of entries) if (s !== null && s.kind === 'relation') relations.set(s.id, s);
  for (const r of relations.values()) {
    // A source's MENTIONS link (removable by its id) is derived from citations, never created as such.
    if (!isRelationshipType(r.type)) throw new Error(`not a relationship type: ${r.type}`);
    const created = await run(createRelation(r.type, r.from, r.to, r.props));
    if (created.length === 0) {
      throw new AnnalsError(ErrorCode.CONFLICT, `Cannot restore relationship "${r.id}": ${r.from} or ${r.to} no longer exists.`);
    }
  }
  await run(createCitations(citationRows([...relations.values()].flatMap((r) => r.citations))));
  if (claims.length > 0) {
    await run(upsertClaimNodes(claims.map((c) => c.props)));
    await run(createCitations(citationRows(claims.flatMap((c) => c.citations))));
  }
  const touched = new Set([...kept, ...[...relations.values()].flatMap((r) => [r.from, r.to])]);
  await run(refreshMentions([...touched]));
}
