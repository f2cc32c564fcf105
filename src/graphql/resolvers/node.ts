import { citation, citationContext, citationSentence, node, nodes, nodeTypeName } from '../../domain/nodes.js';
import { claimKey } from '../../domain/claims.js';
import type { Resolvers } from '../../generated/graphql.js';
import { changeNodeId, citationNodeId, claimNodeId, findingNodeId } from '../../model/node-ids.js';

/** Global object identification: node, nodes and citation, and the ids of the types that are not entities or relationships. */
export const nodeQueryResolvers: NonNullable<Resolvers['Query']> = {
  node: (_p, { id }, ctx) => node(ctx.loaders, id),
  nodes: (_p, { ids }, ctx) => nodes(ctx.loaders, ids),
  citation: (_p, { id }, ctx) => citation(ctx.loaders, id),
};

export const nodeTypeResolvers: Resolvers = {
  Node: { __resolveType: (record) => nodeTypeName(record) },
  Citation: {
    id: (c) => citationNodeId(c.id),
    sentence: (c, _a, ctx) => citationSentence(ctx.loaders, c),
    context: (c, { chars }, ctx) => citationContext(ctx.loaders, c, chars),
  },
  Claim: { id: (c) => claimNodeId(c.property, c.about, claimKey(c.property, c.value)) },
  Finding: { id: (f) => findingNodeId(f.id) },
  Change: {
    id: (c) => changeNodeId(c.id),
    revertedBy: (c) => (c.revertedBy == null ? null : changeNodeId(c.revertedBy)),
    revertOf: (c) => (c.revertOf == null ? null : changeNodeId(c.revertOf)),
  },
};
