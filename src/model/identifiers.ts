import { withArticle, type EntityLabel } from './vocabulary.js';

/**
 * Authority files an entity can be identified in. Each scheme says what its values look like
 * (checked before anything is stored, and the reason values can be looked up verbatim), how a
 * value is written canonically, its URI (JSON-LD sameAs, explorer links), and which entity types
 * it identifies.
 */
export interface IdentifierScheme {
  /** What a value looks like, after `normalize`. */
  pattern: RegExp;
  /** How a curator may have typed it → the canonical value. */
  normalize(value: string): string;
  /** The form the pattern asks for, for messages. */
  form: string;
  uri(value: string): string;
  /** The entity types it identifies; absent: any. */
  on?: readonly EntityLabel[];
  /** A check beyond the pattern (a check digit), with its message. */
  valid?(value: string): boolean;
}

const compact = (v: string): string => v.trim().replace(/[\s-]+/g, '');

/** ISNI (ISO 27729): 15 digits and an ISO 7064 MOD 11-2 check character (0-9 or X). */
function isniCheck(value: string): boolean {
  let total = 0;
  for (const ch of value.slice(0, 15)) total = (total + Number(ch)) * 2;
  const check = (12 - (total % 11)) % 11;
  return value[15] === (check === 10 ? 'X' : String(check));
}

export const IDENTIFIER_SCHEMES = {
  WIKIDATA: {
    pattern: /^Q[1-9][0-9]{0,11}$/,
    normalize: (v) => v.trim().toUpperCase(),
    form: 'a Wikidata item id such as Q42',
    uri: (v) => `http://www.wikidata.org/entity/${v}`,
  },
  CBDB: {
    pattern: /^[1-9][0-9]{0,9}$/,
    normalize: (v) => v.trim(),
    form: 'a CBDB person id (digits)',
    uri: (v) => `https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=${v}`,
    on: ['Person'],
  },
  VIAF: {
    pattern: /^[1-9][0-9]{0,21}$/,
    normalize: (v) => v.trim(),
    form: 'a VIAF cluster id (digits)',
    uri: (v) => `http://viaf.org/viaf/${v}`,
  },
  ISNI: {
    pattern: /^[0-9]{15}[0-9X]$/,
    normalize: (v) => compact(v).toUpperCase(),
    form: 'an ISNI of 16 characters (15 digits and a check digit or X; spaces allowed)',
    uri: (v) => `https://isni.org/isni/${v}`,
    on: ['Person', 'Organization'],
    valid: isniCheck,
  },
  GEONAMES: {
    pattern: /^[1-9][0-9]{0,9}$/,
    normalize: (v) => v.trim(),
    form: 'a GeoNames id (digits)',
    uri: (v) => `https://sws.geonames.org/${v}/`,
    on: ['Place'],
  },
} as const satisfies Record<string, IdentifierScheme>;

export type IdentifierSchemeName = keyof typeof IDENTIFIER_SCHEMES;
export const IDENTIFIER_SCHEME_NAMES = Object.keys(IDENTIFIER_SCHEMES) as IdentifierSchemeName[];

export interface Identifier {
  scheme: IdentifierSchemeName;
  value: string;
}

/** Why a value is not an identifier of its scheme for an entity of this type; null when it is one. */
export function identifierProblem(scheme: IdentifierSchemeName, value: string, type: EntityLabel): string | null {
  const def: IdentifierScheme = IDENTIFIER_SCHEMES[scheme];
  if (def.on !== undefined && !def.on.includes(type)) return `${scheme} identifies ${def.on.join(' or ')}, not ${withArticle(type)}`;
  const canonical = def.normalize(value);
  if (!def.pattern.test(canonical)) return `"${value}" is not ${def.form}`;
  if (def.valid !== undefined && !def.valid(canonical)) return `"${value}" is not a valid ${scheme}: its check digit does not match`;
  return null;
}

/** The canonical value of an identifier (see each scheme's normalize). */
export const canonicalIdentifier = (id: Identifier): Identifier => ({
  scheme: id.scheme,
  value: IDENTIFIER_SCHEMES[id.scheme].normalize(id.value),
});

/** One token per identifier, as stored for exact look-up ("WIKIDATA:Q42"). */
export const identifierKey = (id: Identifier): string => `${id.scheme}:${id.value}`;

export const identifierUri = (id: Identifier): string => IDENTIFIER_SCHEMES[id.scheme].uri(id.value);

/** Whether a value has its scheme's form (and check digit), whatever the entity type. */
export function isWellFormed(id: Identifier): boolean {
  const def: IdentifierScheme = IDENTIFIER_SCHEMES[id.scheme];
  const canonical = def.normalize(id.value);
  return def.pattern.test(canonical) && (def.valid === undefined || def.valid(canonical));
}
