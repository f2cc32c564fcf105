import type { Resolvers } from '../../generated/graphql.js';
import { exploreQueryResolvers, exploreTypeResolvers } from './explore.js';
import { changeResolvers, mutationResolvers } from './mutation.js';
import { connectionResolvers, queryResolvers } from './query.js';
import { typeResolvers } from './types.js';
import { reviewMutationResolvers, reviewQueryResolvers, reviewTypeResolvers } from './review.js';

/** The whole resolver map of the API. */
export function makeResolvers(): Resolvers {
  return {
    Query: { ...queryResolvers, ...exploreQueryResolvers, ...reviewQueryResolvers },
    Mutation: { ...mutationResolvers, ...reviewMutationResolvers },
    ...typeResolvers,
    ...changeResolvers,
    ...exploreTypeResolvers,
    ...connectionResolvers,
    ...reviewTypeResolvers,
  };
}
