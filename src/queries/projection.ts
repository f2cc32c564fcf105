/**
 * Which stored properties of a node or relationship a query returns: ALL of them, or only these
 * (the core ones always come along). Lists come from the API's own field maps, never from users;
 * names are still checked so nothing but a property name can reach the Cypher text.
 */
export type Projection = 'ALL' | readonly string[];

const PROPERTY = /^[A-Za-z][A-Za-z0-9]*$/;

/** Always fetched for an entity: enough to name it and to resolve its GraphQL type. */
export const ENTITY_CORE = ['id', 'type', 'name'] as const;

/** The core properties and those asked for, once each, checked to be property names (they become Cypher text). */
function propertiesOf(projection: readonly string[], core: readonly string[]): string[] {
  const props = [...new Set([...core, ...projection])];
  for (const p of props) if (!PROPERTY.test(p)) throw new Error(`not a property name: ${p}`);
  return props;
}

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
  const props = propertiesOf(projection, core);
  return `${variable} {${[...props.map((p) => `.${p}`), extra].filter((x) => x !== '').join(', ')}}`;
}

/**
 * A projection as the database sends it and the function that rebuilds the map. A partial one is
 * sent as a list of values, `[v.id, v.type, v.name]`, rather than a map: a map carries each key as
 * text in every row, which the database writes and the driver decodes again (the driver's map
 * decoding was the largest share of a timeline page's CPU in the server). 'ALL' stays a map.
 */
export interface Packed {
  /** A Cypher expression: a list of values in `keys` order, or the whole map for 'ALL'. */
  cypher: string;
  /** The map again, with the marks (e.g. `projected: true`) of a partial projection; null stays null. */
  unpack<T extends object = Record<string, unknown>>(value: unknown): T | null;
}

/**
 * The projection of `variable` as packMap sends it: its properties, then `computed` entries
 * (key and Cypher expression, e.g. `['type', 'type(r)']`); `marks` are constants set on every
 * partial map (never sent). `all` is the map expression for 'ALL'.
 */
export function packMap(
  variable: string,
  projection: Projection,
  core: readonly string[],
  all: string,
  computed: readonly (readonly [string, string])[] = [],
  marks: Readonly<Record<string, unknown>> = { projected: true },
): Packed {
  if (projection === 'ALL') return { cypher: all, unpack: <T>(v: unknown) => v as T | null };
  const props = propertiesOf(projection, core);
  const keys = [...props, ...computed.map(([k]) => k)];
  const markKeys = Object.keys(marks);
  return {
    cypher: `[${[...props.map((p) => `${variable}.${p}`), ...computed.map(([, e]) => e)].join(', ')}]`,
    unpack<T>(value: unknown): T | null {
      if (value === null) return null;
      const values = value as unknown[];
      const map: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i += 1) map[keys[i]!] = values[i] ?? null;
      for (const k of markKeys) map[k] = marks[k];
      return map as T;
    },
  };
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
