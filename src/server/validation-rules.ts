// The validation rules Apollo runs after graphql-js's own: the shape limits, and no subscriptions.
import { GraphQLError, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';
import type { Limits } from './limits.js';
import { shapeLimitRule } from './parse-limits.js';

/** The schema has no Subscription type: say so at validation, instead of failing at execution. */
function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'subscription') context.reportError(new GraphQLError('This API has no subscriptions.', { nodes: node }));
    },
  };
}

/** Refused before execution, each naming its limit: depth, aliases, directives; then subscriptions. */
export function validationRules(limits: Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  return [shapeLimitRule(limits), noSubscriptions];
}
