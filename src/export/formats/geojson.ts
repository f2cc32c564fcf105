/**
 * GeoJSON (RFC 7946) of the located places, in the Linked Places format's terms
 * (https://github.com/LinkedPasts/linked-places-format): a FeatureCollection with one Point
 * Feature per place that has a location ([longitude, latitude], WGS84), its `@id`, `properties.title`,
 * `names` (toponym and language), `when` (a timespan per event that took place there, from the
 * event's date) and `links` to the gazetteer record. The events themselves are listed in
 * `properties.events` with id, name and date. Places without a location are left out: GeoJSON has
 * no place for them.
 */
import { locationOf } from '../../dataset/location-field.js';
import { formatDateLabel } from '../../model/dates.js';
import type { EntityRecord } from '../../model/records.js';
import type { GraphSlice } from '../slice.js';
import { description, eventDates, isoAtPrecision, shortName, type DatePoint, type EventDates, type Lang } from './common.js';
import { jsonldId } from './jsonld.js';
import { appendTo } from '../../model/multimap.js';

export const LINKED_PLACES_CONTEXT = 'https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld';

/** One end of a Linked Places timespan: a date at its precision (`in`), or an outer bound. */
type TimePoint = { in: string } | { earliest: string } | { latest: string };
export interface Timespan {
  start: TimePoint;
  end?: TimePoint;
}

export interface PlaceEvent {
  id: string;
  '@id': string;
  name: string;
  /** EDTF, as curated. */
  date: string;
  /** The date in the reader's language. */
  label: string;
}

export interface PlaceFeature {
  type: 'Feature';
  '@id': string;
  id: string;
  geometry: {
    type: 'Point';
    coordinates: [number, number];
    citations?: { label: string; '@id': string }[];
  };
  properties: {
    title: string;
    id: string;
    kind: string | null;
    description: string | null;
    events: PlaceEvent[];
  };
  names: { toponym: string; lang: string }[];
  when?: { timespans: Timespan[] };
  links?: { type: 'closeMatch'; identifier: string }[];
}

export interface PlaceCollection {
  type: 'FeatureCollection';
  '@context': string;
  features: PlaceFeature[];
}

// BCP 47 tags of the name languages (pinyin is a romanization of Chinese, not English).
const LANGUAGE_TAG: Record<string, string> = { 'zh-Hans': 'zh-Hans', en: 'en', pinyin: 'zh-Latn-pinyin' };

/**
 * An event's date as a Linked Places timespan: each end at its own precision where the EDTF names
 * it, with its qualifier (~ approximate, ? uncertain, % both, which Linked Places reads as EDTF
 * does); else the outer bound (a set of dates). An open end ended no earlier than the start.
 */
export function timespanOf(dates: EventDates): Timespan | null {
  // "At some time within" a range: it began and ended inside the range's outer bounds.
  if (dates.parsed.shape === 'ONE_OF_RANGE' && dates.earliest !== null && dates.latest !== null) {
    return { start: { earliest: dates.earliest }, end: { latest: dates.latest } };
  }
  const [a = '', b] = dates.parsed.edtf.split('/');
  const at = (p: DatePoint, raw: string): TimePoint => ({ in: `${isoAtPrecision(p)}${/[~?%]$/.exec(raw)?.[0] ?? ''}` });
  const start: TimePoint | null = dates.start !== null ? at(dates.start, a) : dates.earliest !== null ? { earliest: dates.earliest } : null;
  if (start === null) return null;
  if (dates.end !== null) return { start, end: at(dates.end, b ?? '') };
  if (dates.parsed.interval && dates.start !== null) return { start, end: { earliest: isoAtPrecision(dates.start) } };
  // A point date is the interval its start describes; only a wider span needs its end.
  if (dates.start === null && dates.latest !== null) return { start, end: { latest: dates.latest } };
  return { start };
}

/** Where an event sits in time: its named start (qualifiers dropped), else its outer bound. */
const sortKey = (d: EventDates): string => (d.start ?? d.end)?.earliest ?? d.earliest ?? '';

function feature(place: EntityRecord, events: { event: EntityRecord; dates: EventDates }[], lang: Lang): PlaceFeature | null {
  const loc = locationOf(place);
  if (loc === null) return null;
  const timespans: Timespan[] = [];
  const seen = new Set<string>();
  for (const { dates } of events) {
    const span = timespanOf(dates);
    const key = JSON.stringify(span);
    if (span !== null && !seen.has(key)) {
      seen.add(key);
      timespans.push(span);
    }
  }
  const out: PlaceFeature = {
    type: 'Feature',
    '@id': jsonldId(place.id),
    id: place.id,
    geometry: {
      type: 'Point',
      coordinates: [loc.longitude, loc.latitude],
      ...(loc.source === null ? {} : { citations: [{ label: loc.source.quote, '@id': jsonldId(loc.source.sourceId) }] }),
    },
    properties: {
      title: shortName(place, lang),
      id: place.id,
      kind: place.kind ?? null,
      description: description(place, lang),
      events: events.map(({ event, dates }) => ({
        id: event.id,
        '@id': jsonldId(event.id),
        name: shortName(event, lang),
        date: dates.parsed.edtf,
        label: formatDateLabel(dates.parsed, lang),
      })),
    },
    names: place.nameValues.map((toponym, n) => ({ toponym, lang: LANGUAGE_TAG[place.nameLangs[n] ?? ''] ?? 'und' })),
  };
  if (timespans.length > 0) out.when = { timespans };
  if (loc.gazetteer?.uri != null) out.links = [{ type: 'closeMatch', identifier: loc.gazetteer.uri }];
  return out;
}

/** The located places of a slice, each with the events of the slice that took place there (TOOK_PLACE_IN), by earliest date. */
export function renderGeoJson(slice: GraphSlice, lang: Lang): PlaceCollection {
  const placeOf = new Map<string, string[]>();
  for (const r of slice.relations) if (r.type === 'TOOK_PLACE_IN') appendTo(placeOf, r.from.id, r.to.id);
  const eventsAt = new Map<string, { event: EntityRecord; dates: EventDates }[]>();
  // Every dated event, a set of dates too (which a timeline cannot draw, but its bounds place in time).
  const dated = slice.entities
    .map((event) => ({ event, dates: event.type === 'EVENT' ? eventDates(event) : null }))
    .filter((d): d is { event: EntityRecord; dates: EventDates } => d.dates !== null)
    .sort((x, y) => sortKey(x.dates).localeCompare(sortKey(y.dates)) || (x.event.id < y.event.id ? -1 : 1));
  for (const d of dated) for (const place of placeOf.get(d.event.id) ?? []) appendTo(eventsAt, place, d);
  const features = slice.entities
    .filter((e) => e.type === 'PLACE')
    .map((p) => feature(p, eventsAt.get(p.id) ?? [], lang))
    .filter((f): f is PlaceFeature => f !== null);
  return { type: 'FeatureCollection', '@context': LINKED_PLACES_CONTEXT, features };
}
