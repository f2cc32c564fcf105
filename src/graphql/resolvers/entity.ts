import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { entityProjection, relationProjection } from '../projection.js';
import type { EntityRecord, RelationView } from '../../model/records.js';
import { LABEL_OF_TYPE, type EntityLinkType } from '../../model/vocabulary.js';
import { typesArg } from '../../domain/explore.js';

export type DescriptionLang = 'zh' | 'en';

/** 'zh', 'zh-Hans', 'zh-CN' → zh; anything else → en. */
export function langOf(lang: string | null | undefined): DescriptionLang {
  return lang?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Fields every entity type shares; spread into each type's resolver map. */
export const entityFields = {
  type: (e: EntityRecord) => e.type,
  revision: (e: EntityRecord) => e.revision ?? 0,
  names: (e: EntityRecord, args: { lang?: string | null; kind?: string | null }) =>
    e.nameValues
      .map((value, n) => ({ value, lang: e.nameLangs[n] ?? 'zh-Hans', kind: e.nameKinds[n] ?? 'ALIAS' }))
      .filter((n) => (args.lang == null || n.lang === args.lang) && (args.kind == null || n.kind === args.kind)),
  description: (e: EntityRecord, args: { lang?: string | null }) => {
    const [first, second] = langOf(args.lang) === 'zh' ? [e.descriptionZh, e.descriptionEn] : [e.descriptionEn, e.descriptionZh];
    return first ?? second ?? null;
  },
  citations: (e: EntityRecord, _args: unknown, ctx: Context) => ctx.loaders.citations.load(e.id),
  relations: async (
    e: EntityRecord,
    args: { types?: readonly EntityLinkType[] | null; direction?: string | null },
    ctx: Context,
    info: GraphQLResolveInfo,
  ): Promise<RelationView[]> => {
    const types = typesArg(args.types);
    const all = await ctx.loaders.everyRelation(e, {
      other: entityProjection(info, ['other'], ['from'], ['to']),
      rel: relationProjection(info),
    });
    return all
      .map((r) => ({ ...r, direction: r.from.id === e.id ? ('OUT' as const) : ('IN' as const) }))
      .filter(
        (r) =>
          (types === null || types.includes(r.type)) &&
          (args.direction == null || args.direction === 'BOTH' || args.direction === r.direction),
      );
  },
};

/** Resolves the Entity interface to its concrete GraphQL type from the stored type. */
export const entityInterface = {
  __resolveType: (e: EntityRecord) => LABEL_OF_TYPE[e.type],
};
