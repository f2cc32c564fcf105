import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { loadTypeDefs, resolvers } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import type { Context } from './context.js';
import { makeFormatError } from './errors.js';
import { overloadStatusPlugin } from './fair-share.js';
import { costLimitRule, DEFAULT_LIMITS, shapeLimitRule, type Limits } from './limits.js';
import { requestLogPlugin } from './request-log.js';

/** The schema has no Subscription type: say so at validation, instead of failing at execution. */
function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'subscription') context.reportError(new GraphQLError('This API has no subscriptions.', { nodes: node }));
    },
  };
}

/** The Apollo Server of Annals, without transport; tests call executeOperation on it directly. */
export function createApollo(logger: Logger, limits: Limits = DEFAULT_LIMITS): ApolloServer<Context> {
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: resolvers as never,
    formatError: makeFormatError(logger),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Compact JSON: Apollo indents by default, which costs time and bytes on every large answer.
    stringifyResult: (value) => JSON.stringify(value),
    introspection: limits.introspection,
    parseOptions: { maxTokens: limits.maxTokens },
    // Refused before execution, each naming its limit: depth, aliases, directives, cost (tokens: parseOptions).
    validationRules: [shapeLimitRule(limits), costLimitRule(limits.maxCost), noSubscriptions],
    // No CDN-loaded landing page: the explorer at / is the page, and it is bundled.
    // Cache-control hints are not used here, and the plugin would wrap every field resolution.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), requestLogPlugin(), overloadStatusPlugin()],
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
