import type { GraphQLResolveInfo } from 'graphql';
import { dateOf, type FieldRead } from '../../dataset/field-kit.js';
import { fieldReads, langOf } from '../../dataset/fields.js';
import { claimSet } from '../../domain/claim-sets.js';
import { boundsOf } from '../../domain/explore.js';
import type { Resolvers } from '../../generated/graphql.js';
import { formatDateLabel } from '../../model/dates.js';
import type { CitationRecord, EntityRecord } from '../../model/records.js';
import type { EntityLabel } from '../../model/vocabulary.js';
import type { EntityJoins, RelationSpec } from '../../queries/entities.js';
import { entityProjection, relationProjection, relationShape } from '../projection.js';
import { argumentsAt, selectedFields } from '../selection.js';
import { entityFields, entityInterface } from './entity.js';
import type { Loaders } from '../../domain/loaders.js';
import type { ClaimSetRecord } from '../../domain/claims.js';

/** The attestation dates sources give for a relationship; null when it has no attestedAt (a MENTIONS link has none). */
const attestedAtClaims = (loaders: Loaders, r: { id: string; attestedEdtf?: string | null }): Promise<ClaimSetRecord> | null =>
  r.attestedEdtf == null ? null : claimSet(loaders, r.id, 'attestedAt', r.attestedEdtf);

type JoinedField = [string, Extract<FieldRead, { kind: 'relation' }>];
const joinedByType = new Map<string, readonly JoinedField[]>();

/** The relationship fields of a type that lookups and timeline pages bring along (the table marks them `join`); the table is fixed, so once per type. */
function joinedFields(typeName: string): readonly JoinedField[] {
  let fields = joinedByType.get(typeName);
  if (fields === undefined) {
    fields = Object.entries(fieldReads(typeName)).filter(
      (entry): entry is JoinedField => entry[1].kind === 'relation' && entry[1].join === true,
    );
    joinedByType.set(typeName, fields);
  }
  return fields;
}

/**
 * The relationships and citations the client reads of the entities at `at` (below this field),
 * shaped exactly as the field resolvers will ask for them, so a lookup can bring them along.
 * A date argument that does not parse is left to the field itself to refuse.
 */
export function entityJoins(info: GraphQLResolveInfo, at: readonly string[], typeNames: readonly EntityLabel[]): EntityJoins {
  const fields = selectedFields(info, at);
  const relations = [...at, 'relations'];
  const typed: EntityJoins['typed'] = [];
  for (const typeName of typeNames) {
    for (const [field, def] of joinedFields(typeName)) {
      if (!fields.has(field)) continue;
      let bounds: { earliest: string; latest: string } | null = null;
      if (def.dated) {
        const args = argumentsAt(info, [...at, field], typeName);
        if (args === undefined) continue;
        try {
          bounds = boundsOf(args['at'] as string | null | undefined, 'at');
        } catch {
          continue;
        }
      }
      const shape = relationShape(info, [...at, field], def.end === undefined ? undefined : [def.end]);
      for (const type of def.types)
        typed.push({ type, direction: def.direction, other: shape.other ?? 'ALL', rel: shape.rel ?? 'ALL', at: bounds });
    }
  }
  return {
    citations: fields.has('citations'),
    relations: fields.has('relations')
      ? {
          other: entityProjection(info, [...relations, 'other'], [...relations, 'from'], [...relations, 'to']),
          rel: relationProjection(info, relations),
          citations: selectedFields(info, relations).has('citations'),
        }
      : null,
    typed,
  };
}

/** The relationships of the events at `at` (below this field) that the selection reads, as the Event fields will ask for them. */
export const eventJoins = (info: GraphQLResolveInfo, at: readonly string[]): RelationSpec[] => entityJoins(info, at, ['Event']).typed;

/**
 * The hand-written field resolvers: fields that load their own data. Stored fields, relationship
 * fields and the ends of relationships are answered from the field table (dataset/fields.ts,
 * derived in ../field-table.ts).
 */
export const typeResolvers: Resolvers = {
  Entity: entityInterface,
  Person: entityFields,
  Organization: entityFields,
  Event: {
    ...entityFields,
    dateClaims: (e, _a, ctx) => claimSet(ctx.loaders, e.id, 'date', e.edtf ?? ''),
    findings: async (e, args, ctx) => {
      const list = await ctx.loaders.findings.load(e.id);
      return args.kind == null ? list : list.filter((f) => f.kind === args.kind);
    },
  },
  Initiative: entityFields,
  Place: entityFields,
  Source: {
    ...entityFields,
    text: async (e, _a, ctx) => e.text ?? (await ctx.loaders.entity.load(e.id))?.text ?? '',
    mentions: async (e, args, ctx, info) =>
      (await ctx.loaders.relations('MENTIONS', 'OUT', e, null, relationShape(info, [])))
        .map((r) => r.to)
        .slice(0, Math.max(0, args.first ?? 100)),
  },
  Position: {
    citations: (r, _a, ctx) => ctx.loaders.citations.load(r.id),
    titleClaims: (r, _a, ctx) =>
      claimSet(ctx.loaders, r.id, 'title', r.title ?? '', { earliest: r.earliest ?? null, latest: r.latest ?? null }),
    attestedAtClaims: (r, _a, ctx) => attestedAtClaims(ctx.loaders, r),
  },
  Participation: {
    citations: (r, _a, ctx) => ctx.loaders.citations.load(r.id),
    attestedAtClaims: (r, _a, ctx) => attestedAtClaims(ctx.loaders, r),
  },
  Relation: {
    attestedAtClaims: (r, _a, ctx) => attestedAtClaims(ctx.loaders, r),
    // A MENTIONS link is derived from the entity's citations in that source, so those are its evidence.
    citations: async (r, _a, ctx) =>
      r.type === 'MENTIONS'
        ? (await ctx.loaders.citations.load(r.to.id)).filter((c) => c.sourceId === r.from.id)
        : ctx.loaders.citations.load(r.id),
  },
  Finding: {
    citations: (f, _a, ctx) => ctx.loaders.citations.load(f.id),
  },
  Citation: {
    source: async (c: CitationRecord, _a, ctx) => {
      const source = await ctx.loaders.entity.load(c.sourceId);
      if (source === null) throw new Error(`citation ${c.id} points at a missing source`);
      return source;
    },
  },
  Claim: {
    date: (c) => (c.property === 'date' ? dateOf(c.value) : null),
    sources: async (c, _a, ctx) =>
      (await ctx.loaders.entity.loadMany(c.sourceIds)).filter((s): s is EntityRecord => s !== null && !(s instanceof Error)),
    citations: async (c, _a, ctx) => (await Promise.all(c.evidence.map((id) => ctx.loaders.citations.load(id)))).flat(),
  },
  DateValue: {
    label: (d, args) => formatDateLabel(d, langOf(args.lang)),
  },
};
