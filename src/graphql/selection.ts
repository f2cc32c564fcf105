import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Names of the fields a client selected at `path` below the field being resolved, through
 * fragments and aliases, so a query fetches only what the answer shows. @skip/@include are
 * ignored: fetching a skipped field's data is wasted work, never a wrong answer.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((s) => fieldsOf(info, s).filter((f) => f.name === name && f.set !== undefined).map((f) => f.set!));
  return new Set(sets.flatMap((s) => fieldsOf(info, s).map((f) => f.name)));
}

function fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode): { name: string; set: SelectionSetNode | undefined }[] {
  return set.selections.flatMap((sel) => {
    if (sel.kind === 'Field') return [{ name: sel.name.value, set: sel.selectionSet }];
    if (sel.kind === 'InlineFragment') return fieldsOf(info, sel.selectionSet);
    const fragment = info.fragments[sel.name.value];
    return fragment ? fieldsOf(info, fragment.selectionSet) : [];
  });
}
