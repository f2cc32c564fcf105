import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { loadTypeDefs, resolvers } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import type { Context } from '../graphql/context.js';
import { makeFormatError } from './errors.js';
import { boundListResolvers } from '../graphql/bounds.js';
import { ErrorCode } from '../errors.js';
import { overloadStatusPlugin } from './fair-share.js';
import { costLimitPlugin, DEFAULT_LIMITS, shapeLimitRule, type Limits } from './limits.js';
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
/**
 * Compact JSON (Apollo indents by default, which costs time and bytes on every large answer),
 * replaced by a RESPONSE_TOO_LARGE error past maxBytes. Lists are capped and the cost estimated
 * first, so this is the last guard, not the only one.
 */
export function stringifyWithin(maxBytes: number) {
  return (value: unknown): string => {
    const text = JSON.stringify(value);
    // UTF-16 length ≤ UTF-8 bytes ≤ 3 × it: count bytes only when it may matter.
    if (text.length * 3 <= maxBytes) return text;
    const bytes = Buffer.byteLength(text);
    if (bytes <= maxBytes) return text;
    return JSON.stringify({
      errors: [
        {
          message: `The response would be ${bytes} bytes, over the limit of ${maxBytes}: ask for smaller pages (first) or fewer fields.`,
          extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, limit: 'responseBytes', max: maxBytes, found: bytes },
        },
      ],
    });
  };
}

export function createApollo(logger: Logger, limits: Limits = DEFAULT_LIMITS): ApolloServer<Context> {
  const typeDefs = loadTypeDefs();
  return new ApolloServer<Context>({
    typeDefs,
    // Every list of objects returns at most its `first` or cap, as the cost estimate assumes.
    resolvers: boundListResolvers(typeDefs, resolvers),
    formatError: makeFormatError(logger),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    stringifyResult: stringifyWithin(limits.maxResponseBytes),
    introspection: limits.introspection,
    parseOptions: { maxTokens: limits.maxTokens },
    // Refused before execution, each naming its limit: depth, aliases, directives (tokens: parseOptions; cost: its plugin, which sees the variables).
    validationRules: [shapeLimitRule(limits), noSubscriptions],
    // No CDN-loaded landing page: the explorer at / is the page, and it is bundled.
    // Cache-control hints are not used here, and the plugin would wrap every field resolution.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin<Context>(limits.maxCost),
      requestLogPlugin(),
      overloadStatusPlugin(),
    ],
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
