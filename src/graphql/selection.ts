import { getArgumentValues, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Names of the fields a client selected at `path` below the field being resolved, through
 * fragments and aliases, so a query fetches only what the answer shows. @skip/@include are
 * ignored: fetching a skipped field's data is wasted work, never a wrong answer.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): ReadonlySet<string> {
  return perSelection(info, `f|${path.join('.')}`, () => {
    const sets = fieldNodesAt(info, path).flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
    return new Set(sets.flatMap((s) => fieldsOf(info, s).map((f) => f.name.value)));
  });
}

// What a selection holds depends on the document alone (no variables: @skip/@include are ignored),
// and a compiled or cached document hands every request the same fieldNodes, as graphql-js hands
// every item of a list: the answers are kept with them, not worked out again per request or item.
const bySelection = new WeakMap<object, Map<string, unknown>>();

/**
 * `work`'s answer for this selection (info.fieldNodes) under `key`, worked out once. Only for what
 * follows from the document alone, never from variables or data; each caller keeps its keys apart
 * by a prefix of its own.
 */
export function perSelection<T>(info: GraphQLResolveInfo, key: string, work: () => T): T {
  let cache = bySelection.get(info.fieldNodes);
  if (cache === undefined) {
    cache = new Map();
    bySelection.set(info.fieldNodes, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = work();
  cache.set(key, value);
  return value;
}

/** The fields a client selected at `path` below the field being resolved, one node per selection (an alias or a repeat is another). */
export function selectedFieldNodes(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  return fieldNodesAt(info, path).flatMap((f) => (f.selectionSet ? fieldsOf(info, f.selectionSet) : []));
}

/** The arguments of the field at `path` (its last name) on `typeName`, or undefined unless exactly one selection asks for it. */
export function argumentsAt(info: GraphQLResolveInfo, path: readonly string[], typeName: string): Record<string, unknown> | undefined {
  const nodes = fieldNodesAt(info, path);
  const type = info.schema.getType(typeName);
  const def = isObjectType(type) ? type.getFields()[path.at(-1) ?? ''] : undefined;
  if (nodes.length !== 1 || def === undefined) return undefined;
  return getArgumentValues(def, nodes[0]!, info.variableValues);
}

function fieldNodesAt(info: GraphQLResolveInfo, path: readonly string[]): readonly FieldNode[] {
  return perSelection(info, `n|${path.join('.')}`, () => {
    let nodes: readonly FieldNode[] = info.fieldNodes;
    for (const name of path) {
      nodes = nodes.flatMap((f) => (f.selectionSet ? fieldsOf(info, f.selectionSet).filter((s) => s.name.value === name) : []));
    }
    return Object.freeze([...nodes]);
  });
}

function fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode): FieldNode[] {
  return set.selections.flatMap((sel) => {
    if (sel.kind === 'Field') return [sel];
    if (sel.kind === 'InlineFragment') return fieldsOf(info, sel.selectionSet);
    const fragment = info.fragments[sel.name.value];
    return fragment ? fieldsOf(info, fragment.selectionSet) : [];
  });
}
