import type { Resolvers } from '../../generated/graphql.js';
import { exploreQueryResolvers, exploreTypeResolvers } from './explore.js';
import { changeResolvers, mutationResolvers } from './mutation.js';
import { connectionResolvers, queryResolvers } from './query.js';
import { nodeQueryResolvers, nodeTypeResolvers } from './node.js';
import { typeResolvers } from './types.js';
import { reviewMutationResolvers, reviewQueryResolvers, reviewTypeResolvers } from './review.js';

type Maps = Record<string, Record<string, unknown>>;

/** Resolver maps merged type by type: several maps may give fields of one type (node.ts adds Citation.id…). */
function mergeByType(...maps: Resolvers[]): Resolvers {
  const out: Maps = {};
  for (const map of maps as Maps[]) for (const [type, fields] of Object.entries(map)) out[type] = { ...out[type], ...fields };
  return out as Resolvers;
}

/** The whole resolver map of the API. */
export function makeResolvers(): Resolvers {
  return mergeByType(
    {
      Query: { ...queryResolvers, ...exploreQueryResolvers, ...nodeQueryResolvers, ...reviewQueryResolvers },
      Mutation: { ...mutationResolvers, ...reviewMutationResolvers },
      ...typeResolvers,
      ...changeResolvers,
      ...exploreTypeResolvers,
      ...connectionResolvers,
      ...reviewTypeResolvers,
    },
    nodeTypeResolvers,
  );
}
