import { IDENTIFIER_SCHEMES, type IdentifierScheme } from './identifiers.js';

/**
 * The gazetteers a place's location may come from, closed like the rest of the vocabulary: each
 * scheme says what its identifiers look like and the URI of a record, so a reference is checked
 * when it is written and every reader (GraphQL, exports) links to the same record.
 */
export interface Gazetteer {
  /** What an identifier of this scheme looks like. */
  pattern: RegExp;
  /** How to say it, in an error message. */
  form: string;
  /** The record's URI. */
  uri(value: string): string;
}

// Both are authority files of model/identifiers.ts: one declaration of their form and URI.
const fromIdentifiers = (scheme: 'GEONAMES' | 'WIKIDATA'): Gazetteer => {
  const def: IdentifierScheme = IDENTIFIER_SCHEMES[scheme];
  return { pattern: def.pattern, form: def.form, uri: def.uri };
};

export const GAZETTEERS = {
  geonames: fromIdentifiers('GEONAMES'),
  wikidata: fromIdentifiers('WIKIDATA'),
} as const satisfies Record<string, Gazetteer>;

export type GazetteerScheme = keyof typeof GAZETTEERS;
export const GAZETTEER_SCHEMES = Object.keys(GAZETTEERS) as GazetteerScheme[];

export const isGazetteerScheme = (scheme: string): scheme is GazetteerScheme => Object.hasOwn(GAZETTEERS, scheme);

/** The URI of a gazetteer record, or null for a scheme or identifier that is not known (never a guess). */
export function gazetteerUri(scheme: string, value: string): string | null {
  if (!isGazetteerScheme(scheme)) return null;
  const g: Gazetteer = GAZETTEERS[scheme];
  return g.pattern.test(value) ? g.uri(value) : null;
}

/** Why a reference is refused, or null when it is a known scheme with a well-formed identifier. */
export function gazetteerIssue(scheme: string, value: string): { on: 'scheme' | 'value'; message: string } | null {
  if (!isGazetteerScheme(scheme)) {
    return { on: 'scheme', message: `unknown gazetteer scheme "${scheme.slice(0, 40)}"; known: ${GAZETTEER_SCHEMES.join(', ')}` };
  }
  const g: Gazetteer = GAZETTEERS[scheme];
  return g.pattern.test(value) ? null : { on: 'value', message: `"${value.slice(0, 40)}" is not ${g.form}` };
}

/** WGS84 degrees: the range of each coordinate. */
export const LATITUDE_MAX = 90;
export const LONGITUDE_MAX = 180;
