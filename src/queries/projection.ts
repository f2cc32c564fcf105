/**
 * Which stored properties of a node or relationship a query returns: ALL of them, or only these
 * (the core ones always come along). Lists come from the API's own field maps, never from users;
 * names are still checked so nothing but a property name can reach the Cypher text.
 */
export type Projection = 'ALL' | readonly string[];

const PROPERTY = /^[A-Za-z][A-Za-z0-9]*$/;

/** Always fetched for an entity: enough to name it and to resolve its GraphQL type. */
export const ENTITY_CORE = ['id', 'type', 'name'] as const;

/**
 * The map projection of `variable`. A partial one is marked `projected: true`, so code that
 * meets the record under another selection knows to load the whole entity (see complete()).
 */
export function projectMap(
  variable: string,
  projection: Projection,
  core: readonly string[],
  all = `${variable} {.*}`,
  extra = 'projected: true',
): string {
  if (projection === 'ALL') return all;
  const props = [...new Set([...core, ...projection])];
  for (const p of props) if (!PROPERTY.test(p)) throw new Error(`not a property name: ${p}`);
  return `${variable} {${[...props.map((p) => `.${p}`), extra].filter((x) => x !== '').join(', ')}}`;
}

// Projections are built once per (selection, field), frozen, and shared by every row of a page
// (graphql/projection.ts): the key text of a frozen one is kept beside it rather than sorted again
// for each of the page's 50 or 300 asks (an array that can still change is keyed each time).
const KEYS = new WeakMap<readonly string[], string>();

/** A stable text form, for batching keys: equal projections batch together. */
export function projectionKey(p: Projection): string {
  if (p === 'ALL') return 'ALL';
  let key = KEYS.get(p);
  if (key === undefined) {
    key = [...new Set(p)].sort().join(',');
    if (Object.isFrozen(p)) KEYS.set(p, key);
  }
  return key;
}

export const parseProjectionKey = (key: string): Projection => (key === 'ALL' ? 'ALL' : key === '' ? [] : key.split(','));
