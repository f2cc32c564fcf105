// Limits on the parsed document, before anything runs: tokens (graphql-js stops parsing past
// them), then depth, aliases and directives (a validation rule on the document's measure).
import { GraphQLError, type ASTVisitor, type ParseOptions, type ValidationContext } from 'graphql';
import type { Limits } from './limits.js';
import { DocumentMeasure, fragmentsOf } from './query-shape.js';

/** Parsing stops past maxTokens: a GRAPHQL_PARSE_FAILED error, before any work on the document. */
export function parseOptions(limits: Pick<Limits, 'maxTokens'>): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * How many documents the shape rule has measured: tests read it to see that a repeated document is
 * not validated again (Apollo keeps each document that passed validation in its document store, by
 * the hash of its text, and skips parsing and validating it next time); nothing else does.
 */
export const shapeValidations = { count: 0 };

/** Refuses an operation deeper, with more aliases or more directives than allowed, naming the limit. */
export function shapeLimitRule(limits: Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>) {
  return (context: ValidationContext): ASTVisitor => {
    shapeValidations.count += 1;
    // One measure per document: fragments are measured once for all its operations.
    const measure = new DocumentMeasure(context.getSchema(), fragmentsOf(context.getDocument()), () => 1);
    return {
      OperationDefinition(node) {
        const schema = context.getSchema();
        const root =
          node.operation === 'mutation'
            ? schema.getMutationType()
            : node.operation === 'subscription'
              ? schema.getSubscriptionType()
              : schema.getQueryType();
        if (!root) return;
        const shape = measure.selection(node.selectionSet, root);
        const over: [string, number, number][] = [
          ['depth', shape.depth, limits.maxDepth],
          ['aliases', shape.aliases, limits.maxAliases],
          ['directives', shape.directives + (node.directives?.length ?? 0), limits.maxDirectives],
        ];
        for (const [limit, found, max] of over) {
          if (found > max) {
            context.reportError(
              new GraphQLError(`Query ${limit} limit of ${max} exceeded: found ${found}.`, {
                nodes: node,
                extensions: { limit, max, found },
              }),
            );
          }
        }
      },
    };
  };
}
