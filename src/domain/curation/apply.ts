import type { Runner } from '../../db/query.js';
import { AnnalsError, ErrorCode } from '../../errors.js';
import {
  createCitations,
  createEntityNode,
  createRelation,
  refreshMentions,
  removeEntities,
  removeRedirects,
  removeRelations,
} from '../../queries/curation.js';
import type { CitationSnap, EntitySnap, RelationSnap, Snap, StateKind } from './snapshot.js';

function citationRows(list: CitationSnap[]) {
  return list.map(({ sourceId, ...props }) => ({ sourceId, props }));
}

/**
 * Makes each id's state in the graph exactly the given snapshot (null removes it). The one write
 * path of curation: create, update, delete, merge and revert all compute states and call this.
 * `kindOf` says what a null state removes: an entity or a relationship, never both (an id names
 * one thing, and removing "whatever has this id" is how one object's revert once deleted another).
 */
export async function applyStates(run: Runner, states: Record<string, Snap>, kindOf?: (id: string) => StateKind): Promise<void> {
  const entries = Object.entries(states);
  const kind = ([id, s]: [string, Snap]): StateKind => {
    const k = s?.kind ?? kindOf?.(id);
    if (k === undefined) throw new Error(`applyStates: what "${id}" is (entity or relationship) must be said to remove it`);
    return k;
  };
  const entityIds = entries.filter((e) => kind(e) === 'entity').map(([id]) => id);
  const relationIds = entries.filter((e) => kind(e) === 'relation').map(([id]) => id);
  // Remove what is there now, then create the new states.
  await run(removeRelations(relationIds));
  await run(removeEntities(entityIds));

  const entities = entries.map(([, s]) => s).filter((s): s is EntitySnap => s !== null && s.kind === 'entity');
  await run(removeRedirects(entities.map((e) => e.id)));
  for (const e of entities) await run(createEntityNode(e.label, e.props));
  await run(createCitations(citationRows(entities.flatMap((e) => e.citations))));

  const relations = new Map<string, RelationSnap>();
  for (const e of entities) for (const r of e.relations) relations.set(r.id, r);
  for (const [, s] of entries) if (s !== null && s.kind === 'relation') relations.set(s.id, s);
  for (const r of relations.values()) {
    const created = await run(createRelation(r.type, r.from, r.to, r.props));
    if (created.length === 0) {
      throw new AnnalsError(ErrorCode.CONFLICT, `Cannot restore relationship "${r.id}": ${r.from} or ${r.to} no longer exists.`);
    }
  }
  await run(createCitations(citationRows([...relations.values()].flatMap((r) => r.citations))));
  const touched = new Set([...entities.map((e) => e.id), ...[...relations.values()].flatMap((r) => [r.from, r.to])]);
  await run(refreshMentions([...touched]));
}
