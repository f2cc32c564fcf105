import { formatDateLabel, parseDate, tryParseDate, type ParsedDate } from '../../model/dates.js';
import type { CitationRecord, EntityRecord, RelationRecord } from '../../model/records.js';
import type { Resolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import type { RelationshipType } from '../../model/vocabulary.js';
import { entityFields, entityInterface, langOf } from './entity.js';
import { complete, entityProjection, relationProjection, relationShape } from '../projection.js';
import { argumentsAt, selectedFields } from '../selection.js';
import type { Direction, EntityJoins, RelationSpec } from '../../queries/entities.js';
import type { GraphQLResolveInfo } from 'graphql';
import { claimSet } from '../../domain/claim-sets.js';
import { boundsOf } from '../../domain/explore.js';

const ends = (list: RelationRecord[], end: 'from' | 'to'): EntityRecord[] => list.map((r) => r[end]);
/**
 * Relationships of a type from (out) or to (into) an entity, fetching only what the client reads:
 * with `end`, the field returns the relationships and their other end is read at that sub-path;
 * without, the field returns the other ends themselves.
 */
const out = (ctx: Context, type: RelationshipType, e: EntityRecord, info: GraphQLResolveInfo, end?: readonly string[]) =>
  ctx.loaders.relations(type, 'OUT', e, null, relationShape(info, [], end));
const into = (ctx: Context, type: RelationshipType, e: EntityRecord, info: GraphQLResolveInfo, end?: readonly string[]) =>
  ctx.loaders.relations(type, 'IN', e, null, relationShape(info, [], end));

interface FieldRelation {
  type: RelationshipType;
  direction: Direction;
  /** Set when the field returns relationships: where below it their other end is read. */
  end?: readonly string[];
  /** The field takes `at` and keeps only relationships that may overlap it. */
  dated?: true;
}

/** Fields that read one relationship type each; lookups and timeline pages bring these along. */
const RELATION_FIELDS = {
  Person: {
    positions: { type: 'HELD_POSITION', direction: 'OUT', end: ['organization'] },
    participations: { type: 'PARTICIPATED_IN', direction: 'OUT', end: ['event'] },
  },
  Organization: {
    positions: { type: 'HELD_POSITION', direction: 'IN', end: ['person'], dated: true },
    units: { type: 'PART_OF', direction: 'IN', dated: true },
    participations: { type: 'PARTICIPATED_IN', direction: 'OUT', end: ['event'] },
  },
  Event: {
    place: { type: 'TOOK_PLACE_IN', direction: 'OUT' },
    participants: { type: 'PARTICIPATED_IN', direction: 'IN', end: ['entity'] },
    organizers: { type: 'ORGANIZED', direction: 'IN' },
  },
} as const satisfies Record<string, Record<string, FieldRelation>>;
type RelationFieldType = keyof typeof RELATION_FIELDS;

function related<T extends RelationFieldType>(
  ctx: Context,
  typeName: T,
  field: keyof (typeof RELATION_FIELDS)[T],
  e: EntityRecord,
  info: GraphQLResolveInfo,
  at?: string | null,
) {
  const def = RELATION_FIELDS[typeName][field] as FieldRelation;
  return ctx.loaders.relations(def.type, def.direction, e, def.dated ? boundsOf(at, 'at') : null, relationShape(info, [], def.end));
}

/**
 * The relationships and citations the client reads of the entities at `at` (below this field),
 * shaped exactly as the field resolvers will ask for them, so a lookup can bring them along.
 * A date argument that does not parse is left to the field itself to refuse.
 */
export function entityJoins(info: GraphQLResolveInfo, at: readonly string[], typeNames: readonly RelationFieldType[]): EntityJoins {
  const fields = selectedFields(info, at);
  const relations = [...at, 'relations'];
  const typed: EntityJoins['typed'] = [];
  for (const typeName of typeNames) {
    for (const [field, def] of Object.entries(RELATION_FIELDS[typeName]) as [string, FieldRelation][]) {
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
      const shape = relationShape(info, [...at, field], def.end);
      typed.push({ type: def.type, direction: def.direction, other: shape.other ?? 'ALL', rel: shape.rel ?? 'ALL', at: bounds });
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

const dateOf = (edtf: string | null | undefined): ParsedDate | null => (edtf ? tryParseDate(edtf) : null);

/** Field resolvers of every object type; each is a thin call into loaders or domain code. */
export const typeResolvers: Resolvers = {
  Entity: entityInterface,
  Person: {
    ...entityFields,
    positions: (e, _a, ctx, info) => related(ctx, 'Person', 'positions', e, info),
    participations: (e, _a, ctx, info) => related(ctx, 'Person', 'participations', e, info),
  },
  Organization: {
    ...entityFields,
    kind: (e) => e.kind as never,
    parent: async (e, _a, ctx, info) => (await out(ctx, 'PART_OF', e, info))[0]?.to ?? null,
    // Time slices: the database keeps only links that may overlap the date (open ends reach forever).
    units: async (e, args, ctx, info) => ends(await related(ctx, 'Organization', 'units', e, info, args.at), 'from'),
    positions: (e, args, ctx, info) => related(ctx, 'Organization', 'positions', e, info, args.at),
    participations: (e, _a, ctx, info) => related(ctx, 'Organization', 'participations', e, info),
    organized: async (e, _a, ctx, info) => ends(await out(ctx, 'ORGANIZED', e, info), 'to'),
    launched: async (e, _a, ctx, info) => ends(await out(ctx, 'LAUNCHED', e, info), 'to'),
  },
  Event: {
    ...entityFields,
    kind: (e) => e.kind as never,
    date: (e) => parseDate(e.edtf ?? ''),
    place: async (e, _a, ctx, info) => (await related(ctx, 'Event', 'place', e, info))[0]?.to ?? null,
    participants: (e, _a, ctx, info) => related(ctx, 'Event', 'participants', e, info),
    organizers: async (e, _a, ctx, info) => ends(await related(ctx, 'Event', 'organizers', e, info), 'from'),
    launched: async (e, _a, ctx, info) => ends(await out(ctx, 'LAUNCHED', e, info), 'to'),
    initiatives: async (e, _a, ctx, info) => {
      const [launched, advanced] = await Promise.all([out(ctx, 'LAUNCHED', e, info), out(ctx, 'ADVANCED', e, info)]);
      return ends([...launched, ...advanced], 'to');
    },
    reviewed: async (e, _a, ctx, info) => ends(await out(ctx, 'REVIEWED', e, info), 'to'),
    follows: async (e, _a, ctx, info) => ends(await out(ctx, 'FOLLOWED', e, info), 'to'),
    followedBy: async (e, _a, ctx, info) => ends(await into(ctx, 'FOLLOWED', e, info), 'from'),
    quantities: (e) =>
      (e.quantityValues ?? []).map((value, n) => ({
        value,
        what: e.quantityWhat?.[n] ?? '',
        whatEn: e.quantityWhatEn?.[n] || null,
      })),
    dateClaims: (e, _a, ctx) => claimSet(ctx.loaders, e.id, 'date', e.edtf ?? ''),
    findings: async (e, args, ctx) => {
      const list = await ctx.loaders.findings.load(e.id);
      return args.kind == null ? list : list.filter((f) => f.kind === args.kind);
    },
  },
  Initiative: {
    ...entityFields,
    kind: (e) => e.kind as never,
    components: async (e, _a, ctx, info) => ends(await into(ctx, 'COMPONENT_OF', e, info), 'from'),
    partOf: async (e, _a, ctx, info) => (await out(ctx, 'COMPONENT_OF', e, info))[0]?.to ?? null,
    launchedBy: async (e, _a, ctx, info) => ends(await into(ctx, 'LAUNCHED', e, info), 'from'),
    advancedBy: async (e, _a, ctx, info) => ends(await into(ctx, 'ADVANCED', e, info), 'from'),
  },
  Place: {
    ...entityFields,
    kind: (e) => e.kind as never,
    events: async (e, _a, ctx, info) => ends(await into(ctx, 'TOOK_PLACE_IN', e, info), 'from'),
  },
  Source: {
    ...entityFields,
    title: (e) => e.title ?? e.name,
    published: (e) => dateOf(e.publishedEdtf),
    text: async (e, _a, ctx) => e.text ?? (await ctx.loaders.entity.load(e.id))?.text ?? '',
    mentions: async (e, args, ctx, info) =>
      ends(await ctx.loaders.relations('MENTIONS', 'OUT', e, null, relationShape(info, [])), 'to').slice(0, Math.max(0, args.first ?? 100)),
  },
  // A relationship's ends: the one it was reached from may hold less than this selection reads.
  Position: {
    person: (r, _a, ctx, info) => complete(r.from, info, ctx),
    organization: (r, _a, ctx, info) => complete(r.to, info, ctx),
    title: (r) => r.title ?? '',
    period: (r) => dateOf(r.periodEdtf),
    attestedAt: (r) => dateOf(r.attestedEdtf),
    citations: (r, _a, ctx) => ctx.loaders.citations.load(r.id),
    titleClaims: (r, _a, ctx) => claimSet(ctx.loaders, r.id, 'title', r.title ?? ''),
  },
  Participation: {
    entity: (r, _a, ctx, info) => complete(r.from, info, ctx),
    event: (r, _a, ctx, info) => complete(r.to, info, ctx),
    citations: (r, _a, ctx) => ctx.loaders.citations.load(r.id),
  },
  Relation: {
    type: (r) => r.type as never,
    other: (r, _a, ctx, info) => complete(r.direction === 'OUT' ? r.to : r.from, info, ctx),
    from: (r, _a, ctx, info) => complete(r.from, info, ctx),
    to: (r, _a, ctx, info) => complete(r.to, info, ctx),
    period: (r) => dateOf(r.periodEdtf),
    attestedAt: (r) => dateOf(r.attestedEdtf),
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
