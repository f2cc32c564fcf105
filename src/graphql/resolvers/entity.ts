import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { entityProjection, relationProjection } from '../projection.js';
import type { EntityRecord, RelationRecord, RelationView } from '../../model/records.js';
import { LABEL_OF_TYPE, type EntityLinkType } from '../../model/vocabulary.js';
import { typesArg } from '../../domain/explore.js';
import { nowOrLater } from '../../model/now-or-later.js';

/** Hand-written fields every entity type shares (the stored ones come from the field table). */
export const entityFields = {
  citations: (e: EntityRecord, _args: unknown, ctx: Context) => ctx.loaders.citations.load(e.id),
  relations: (
    e: EntityRecord,
    args: { types?: readonly EntityLinkType[] | null; direction?: string | null },
    ctx: Context,
    info: GraphQLResolveInfo,
  ): RelationView[] | Promise<RelationView[]> => {
    const types = typesArg(args.types);
    const views = (all: RelationRecord[]): RelationView[] =>
      all
        .map((r) => ({ ...r, direction: r.from.id === e.id ? ('OUT' as const) : ('IN' as const) }))
        .filter(
          (r) =>
            (types === null || types.includes(r.type)) &&
            (args.direction == null || args.direction === 'BOTH' || args.direction === r.direction),
        );
    // Relationships a lookup brought along come at once (no Promise): see loaders.ts.
    const all = ctx.loaders.everyRelation(e, {
      other: entityProjection(info, ['other'], ['from'], ['to']),
      rel: relationProjection(info),
    });
    return nowOrLater(all, views);
  },
};

/** Resolves the Entity interface to its concrete GraphQL type from the stored type. */
export const entityInterface = {
  __resolveType: (e: EntityRecord) => LABEL_OF_TYPE[e.type],
};
