import type { Resolvers } from '../../generated/graphql.js';
import { changeResolvers, mutationResolvers } from './mutation.js';
import { connectionResolvers, queryResolvers } from './query.js';
import { typeResolvers } from './types.js';

/** The whole resolver map of the API. */
export function makeResolvers(): Resolvers {
  return { Query: queryResolvers, Mutation: mutationResolvers, ...typeResolvers, ...changeResolvers, ...connectionResolvers };
}
