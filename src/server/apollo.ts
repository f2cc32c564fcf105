import { ApolloServer } from '@apollo/server';
import { loadTypeDefs, resolvers } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import type { Context } from './context.js';
import { makeFormatError } from './errors.js';

/** The Apollo Server of Annals, without transport; tests call executeOperation on it directly. */
export function createApollo(logger: Logger): ApolloServer<Context> {
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: resolvers as never,
    formatError: makeFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // main.ts owns shutdown (HTTP, Apollo, driver, then the JVM), in that order.
    stopOnTerminationSignals: false,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
}
