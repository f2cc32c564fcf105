import { z } from 'zod';
import { gazetteerIssue, gazetteerUri, LATITUDE_MAX, LONGITUDE_MAX } from '../model/gazetteers.js';
import { citationId } from '../model/node-ids.js';
import type { Props } from '../model/props.js';
import type { CitationRecord } from '../model/records.js';
import type { LocatedCitation } from './entries.js';
import { stored, type Field, type FieldIssue, type Stored } from './field-kit.js';
import { CitationShape } from './scalars.js';

/**
 * A place's location: a WGS84 point and where it comes from, which is required. Either a quote of
 * the place's own citations that gives it (so it is checked verbatim with them and stored with its
 * offsets), or a gazetteer record of a known scheme (GeoNames, Wikidata), or both. Stored as
 * scalars (Neo4j has no maps); an absent location writes nulls, so a write that drops it clears it.
 */

const degrees = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a finite number of degrees (WGS84)` })
    .min(-max, `${what} must be between -${max} and ${max} degrees (WGS84)`)
    .max(max, `${what} must be between -${max} and ${max} degrees (WGS84)`);

const GazetteerShape = z.strictObject({ scheme: z.string().trim().min(1).max(40), value: z.string().trim().min(1).max(40) });

export const LocationShape = z
  .strictObject({
    latitude: degrees('latitude', LATITUDE_MAX),
    longitude: degrees('longitude', LONGITUDE_MAX),
    // GraphQL inputs send an explicit null for a member left empty: the same as leaving it out.
    source: CitationShape.nullish(),
    gazetteer: GazetteerShape.nullish(),
  })
  .superRefine((loc, ctx) => {
    if (loc.source == null && loc.gazetteer == null) {
      ctx.addIssue({
        code: 'custom',
        message: "a location needs where it comes from: source (a quote among the place's citations) or gazetteer (scheme and value)",
      });
    }
    if (loc.gazetteer != null) {
      const issue = gazetteerIssue(loc.gazetteer.scheme, loc.gazetteer.value);
      if (issue !== null) ctx.addIssue({ code: 'custom', message: issue.message, path: ['gazetteer', issue.on] });
    }
  });

export type LocationInput = z.infer<typeof LocationShape>;

export const LOCATION_STORED = [
  'locationLatitude',
  'locationLongitude',
  'locationSourceId',
  'locationQuote',
  'locationStart',
  'locationEnd',
  'locationLine',
  'locationGazetteerScheme',
  'locationGazetteerValue',
] as const;

/** A location as the GraphQL type Location shows it (its source is a Citation). */
export interface LocationView {
  latitude: number;
  longitude: number;
  source: CitationRecord | null;
  gazetteer: { scheme: string; value: string; uri: string | null } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The location of stored properties (with the entity's id, which names its citation), or null. */
export function locationOf(record: object): LocationView | null {
  // A record read from the graph (or stored properties): only the location's properties are read.
  const p = record as Stored;
  const [latitude, longitude] = [num(p['locationLatitude']), num(p['locationLongitude'])];
  if (latitude === null || longitude === null) return null;
  const [sourceId, quote, scheme, value] = [
    str(p['locationSourceId']),
    str(p['locationQuote']),
    str(p['locationGazetteerScheme']),
    str(p['locationGazetteerValue']),
  ];
  const id = str(p['id']) ?? '';
  return {
    latitude,
    longitude,
    source:
      sourceId === null || quote === null
        ? null
        : {
            // The place's citation of that quote (a location's quote is always among them).
            id: citationId(id, sourceId, quote),
            about: id,
            sourceId,
            quote,
            start: num(p['locationStart']) ?? 0,
            end: num(p['locationEnd']) ?? 0,
            line: num(p['locationLine']) ?? 0,
          },
    gazetteer: scheme === null || value === null ? null : { scheme, value, uri: gazetteerUri(scheme, value) },
  };
}

const sameCitation = (c: { source?: unknown; sourceId?: unknown; quote: unknown }, source: string, quote: string): boolean =>
  (c.sourceId ?? c.source) === source && c.quote === quote;

/** The location field of the entity table, on the given types. */
export function locationProperty<V extends { citations: LocatedCitation[] }>(options: { on: readonly string[] }): Field<V> {
  return {
    inputs: {
      location: LocationShape.optional().describe(
        "Places only: WGS84 latitude and longitude in degrees, with where they come from: a `quote` that is also one of the place's citations, or a `gazetteer` record (geonames or wikidata).",
      ),
    },
    on: options.on,
    stored: LOCATION_STORED,
    write: (v) => {
      const out: Props = Object.fromEntries(LOCATION_STORED.map((k) => [k, null]));
      const loc = (v as unknown as Stored)['location'] as LocationInput | undefined;
      if (loc === undefined) return out;
      out['locationLatitude'] = loc.latitude;
      out['locationLongitude'] = loc.longitude;
      if (loc.source != null) {
        const { source, quote } = loc.source;
        // check() made sure the quote is one of the entity's citations, which validation located.
        const cited = v.citations.find((c) => sameCitation(c, source, quote));
        if (cited === undefined) throw new Error(`location quote of ${source} is not among the citations`);
        Object.assign(out, {
          locationSourceId: source,
          locationQuote: quote,
          locationStart: cited.start,
          locationEnd: cited.end,
          locationLine: cited.line,
        });
      }
      if (loc.gazetteer != null) {
        out['locationGazetteerScheme'] = loc.gazetteer.scheme;
        out['locationGazetteerValue'] = loc.gazetteer.value;
      }
      return out;
    },
    read: (p) => {
      const loc = locationOf(p);
      if (loc === null) return {};
      return {
        location: {
          latitude: loc.latitude,
          longitude: loc.longitude,
          ...(loc.source === null ? {} : { source: { source: loc.source.sourceId, quote: loc.source.quote } }),
          ...(loc.gazetteer === null ? {} : { gazetteer: { scheme: loc.gazetteer.scheme, value: loc.gazetteer.value } }),
        },
      };
    },
    graphql: { location: stored(['id', ...LOCATION_STORED], (p) => locationOf(p)) },
    check: (entry): FieldIssue[] => {
      const loc = entry['location'] as LocationInput | undefined;
      if (loc?.source == null) return [];
      const { source, quote } = loc.source;
      const citations = (entry['citations'] as { source: string; quote: string }[] | undefined) ?? [];
      if (citations.some((c) => sameCitation(c, source, quote))) return [];
      return [
        {
          input: 'location.source',
          message: `the quote that gives a location must also be one of the place's citations: add { source: ${source}, quote: "${quote}" } to citations`,
        },
      ];
    },
  };
}
