// Documents of the attacks in issue 11, shared by the unit and integration tests of the limits.

/** n fragments, each spreading the next `spreads` times: small text, an astronomic expansion. */
export function fragmentChain(n: number, spreads = 10): string {
  const frags = Array.from({ length: n }, (_, i) => {
    const body = i === n - 1 ? 'id name' : Array.from({ length: spreads }, () => `...F${i + 1}`).join(' ');
    return `fragment F${i} on Entity { ${body} }`;
  });
  return `{ entity(id: "org-capd") { ...F0 } }\n${frags.join('\n')}`;
}

/** Fragments each spreading the next `spreads` times inside a list field: the cost multiplies per level. */
export function listFragmentChain(n: number, spreads = 10): string {
  const frags = Array.from({ length: n }, (_, i) => {
    const body = i === n - 1 ? 'id' : Array.from({ length: spreads }, (_, k) => `r${k}: relations { other { ...F${i + 1} } }`).join(' ');
    return `fragment F${i} on Entity { ${body} }`;
  });
  return `{ entity(id: "org-capd") { ...F0 } }\n${frags.join('\n')}`;
}

/** The attack: estimated at 1,562 (lists counted as 5), it returned 56 MB. */
export const ATTACK = `{ event(id: "e") { participants { entity { ... on Person { participations { event { participants { entity {
  ... on Person { participations { event { id name } } } } } } } } } } } }`;
