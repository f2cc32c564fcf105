import type { Runner } from '../../db/query.js';
import { stableJson } from '../../model/stable.js';
import { snapshotClaims, snapshotEntities, snapshotRelations, type SnapshotRelation } from '../../queries/curation.js';
import type { CitationRecord } from '../../model/records.js';
import type { Props } from '../../model/props.js';
import type { EntityLabel, RelationshipType } from '../../model/vocabulary.js';

/** A citation as stored: the same record the API reads. */
export type CitationSnap = CitationRecord;

export interface RelationSnap {
  kind: 'relation';
  id: string;
  /** A curated type; MENTIONS only when a source's derived link was read by its id (see readRelations). */
  type: RelationshipType | 'MENTIONS';
  from: string;
  to: string;
  props: Record<string, unknown>;
  citations: CitationSnap[];
}

export interface EntitySnap {
  kind: 'entity';
  id: string;
  label: EntityLabel;
  props: Record<string, unknown>;
  citations: CitationSnap[];
  relations: RelationSnap[];
}

/** A competing claim (a value a source gives for a fact), with its citations. */
export interface ClaimSnap {
  kind: 'claim';
  id: string;
  props: Props;
  citations: CitationSnap[];
}

/** The state of one id: an entity, a relationship, a claim, or nothing (absent). */
export type Snap = EntitySnap | RelationSnap | ClaimSnap | null;
export type StateKind = 'entity' | 'relation' | 'claim';

/** What a write changed, by kind (claims: those an import wrote). */
export interface Targets {
  entities: string[];
  relations: string[];
  claims?: string[];
}

// collect() leaves out nulls (an OPTIONAL MATCH that found nothing), so the lists hold records only.
const citations = (list: CitationSnap[]): CitationSnap[] => list.sort((a, b) => a.id.localeCompare(b.id));

function relation(raw: SnapshotRelation<RelationshipType | 'MENTIONS'>): RelationSnap {
  return {
    kind: 'relation',
    id: raw.id,
    type: raw.type,
    from: raw.from,
    to: raw.to,
    props: raw.props,
    citations: citations(raw.citations),
  };
}

/** Reads entities as snapshots; ids that do not exist are absent from the map. */
export async function readEntities(run: Runner, ids: readonly string[]): Promise<Map<string, EntitySnap>> {
  const out = new Map<string, EntitySnap>();
  if (ids.length === 0) return out;
  for (const row of await run(snapshotEntities(ids))) {
    out.set(row.id, {
      kind: 'entity',
      id: row.id,
      label: row.label,
      props: row.props,
      citations: citations(row.citations),
      relations: row.relations.map(relation).sort((a, b) => a.id.localeCompare(b.id)),
    });
  }
  return out;
}

export async function readRelations(run: Runner, ids: readonly string[]): Promise<Map<string, RelationSnap>> {
  const out = new Map<string, RelationSnap>();
  if (ids.length === 0) return out;
  for (const row of await run(snapshotRelations(ids))) out.set(row.id, relation(row.relation));
  return out;
}

export async function readClaims(run: Runner, ids: readonly string[]): Promise<Map<string, ClaimSnap>> {
  const out = new Map<string, ClaimSnap>();
  if (ids.length === 0) return out;
  for (const row of await run(snapshotClaims(ids))) {
    out.set(row.id, { kind: 'claim', id: row.id, props: row.props, citations: citations(row.citations) });
  }
  return out;
}

/** Reads the current state of every target (entities, relationships, claims), absent ones as null. */
export async function readStates(run: Runner, targets: Targets): Promise<Record<string, Snap>> {
  const claimIds = targets.claims ?? [];
  const [entities, relations, claims] = await Promise.all([
    readEntities(run, targets.entities),
    readRelations(run, targets.relations),
    readClaims(run, claimIds),
  ]);
  const out: Record<string, Snap> = {};
  for (const id of targets.entities) out[id] = entities.get(id) ?? null;
  for (const id of targets.relations) out[id] = relations.get(id) ?? null;
  for (const id of claimIds) out[id] = claims.get(id) ?? null;
  return out;
}

/** Whether two values are the same, whatever the order of their keys (null and absent alike). */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** Whether two states are the same, whatever the order of their properties. */
export function sameState(a: Snap | undefined, b: Snap | undefined): boolean {
  return stableJson(a ?? null) === stableJson(b ?? null);
}
