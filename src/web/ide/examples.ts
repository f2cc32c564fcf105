// The README's example queries as GraphiQL tabs: every operation of every ```graphql block, in
// order, with the comment lines written above it kept on top. Run at build time (vite.ide.config.ts
// hands the result to the page as the module `virtual:readme-examples`), so the tabs follow the
// README and are never copied by hand.
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';

export interface Example {
  /** The operation, named after its first root field (GraphiQL titles a tab by its operation's name). */
  query: string;
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The operations of the README's ```graphql blocks, each named and preceded by its comments. */
export function readmeExamples(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const used = new Map<string, number>();
  const examples: Example[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    const operations = parse(block).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    for (const op of operations) {
      // The comment lines right above the operation (GraphQL drops comments from the AST).
      const comments: string[] = [];
      for (let n = (op.loc?.startToken.line ?? 1) - 2; n >= 0 && /^\s*#/.test(lines[n]!); n--) comments.unshift(lines[n]!.trim());
      const first = op.selectionSet.selections[0];
      const root = first?.kind === Kind.FIELD ? first.name.value : 'query';
      const count = (used.get(root) ?? 0) + 1;
      used.set(root, count);
      const name = op.name?.value ?? `${pascal(root)}${count > 1 ? count : ''}`;
      const named: OperationDefinitionNode = { ...op, name: { kind: Kind.NAME, value: name } };
      examples.push({ query: [...comments, print(named)].join('\n') });
    }
  }
  return examples;
}
