/** JSON-LD in schema.org terms, with Wikidata's time precision on event dates. */
import { locationOf } from '../../dataset/location-field.js';
import type { DatePrecision } from '../../model/dates.js';
import type { EntityRecord } from '../../model/records.js';
import type { ExportRelation } from '../../queries/export.js';
import type { EntityTypeName } from '../../model/vocabulary.js';
import type { GraphSlice } from '../slice.js';
import { identifiersFromStored } from '../../dataset/fields.js';
import { identifierUri } from '../../model/identifiers.js';
import { description, eventDates, isoAtPrecision, point, relationLabel, type Lang } from './common.js';

type Json = string | number | Json[] | { [key: string]: Json };
type Node = Record<string, Json>;

/**
 * `wd:timePrecision` names Wikibase's timePrecision (9 year, 10 month, 11 day); the prefix points
 * at the Wikibase ontology, where that property is defined, so the term expands to a real IRI.
 */
export const JSONLD_CONTEXT: Json = ['https://schema.org/', { wd: 'http://wikiba.se/ontology#', annals: 'urn:annals:' }];

const SCHEMA_TYPE: Record<EntityTypeName, string> = {
  PERSON: 'Person',
  ORGANIZATION: 'Organization',
  EVENT: 'Event',
  SOURCE: 'CreativeWork',
  PLACE: 'Place',
  INITIATIVE: 'Project',
};

const LANGUAGE_TAG: Record<string, string> = { 'zh-Hans': 'zh-Hans', en: 'en', pinyin: 'zh-Latn-pinyin' };

const WIKIDATA_PRECISION: Record<DatePrecision, number> = { YEAR: 9, MONTH: 10, DAY: 11 };

export const jsonldId = (id: string): string => `urn:annals:${id}`;
const ref = (e: { id: string }): Node => ({ '@id': jsonldId(e.id) });

function entityNode(e: EntityRecord, lang: Lang): Node {
  const node: Node = { '@id': jsonldId(e.id), '@type': SCHEMA_TYPE[e.type], name: e.name };
  // Other names keep their language: pinyin is a romanization of Chinese, not English.
  const others = e.nameValues.flatMap((v, i): Json[] =>
    v === e.name ? [] : [{ '@value': v, '@language': LANGUAGE_TAG[e.nameLangs[i] ?? ''] ?? 'und' }],
  );
  if (others.length > 0) node['alternateName'] = others;
  const desc = description(e, lang);
  if (desc !== null) node['description'] = desc;
  const loc = e.type === 'PLACE' ? locationOf(e) : null;
  if (loc !== null) node['geo'] = { '@type': 'GeoCoordinates', latitude: loc.latitude, longitude: loc.longitude };
  // Authority files' and the gazetteer's URIs: schema.org's sameAs, which Wikidata and most linked-data tools follow.
  const sameAs = [
    ...new Set([...identifiersFromStored(e).map(identifierUri), ...(loc?.gazetteer?.uri != null ? [loc.gazetteer.uri] : [])]),
  ];
  if (sameAs.length > 0) node['sameAs'] = sameAs;
  const dates = e.type === 'EVENT' ? eventDates(e) : null;
  if (dates !== null) {
    if (dates.start !== null) node['startDate'] = isoAtPrecision(dates.start);
    if (dates.end !== null) node['endDate'] = isoAtPrecision(dates.end);
    node['wd:timePrecision'] = WIKIDATA_PRECISION[dates.parsed.precision];
  }
  return node;
}

/** A position as schema.org's Role pattern: the person is memberOf a Role that is memberOf the organization. */
function positionRole(r: ExportRelation, lang: Lang): Node {
  const role: Node = { '@type': 'OrganizationRole', memberOf: ref(r.to) };
  const title = relationLabel(r, lang);
  if (title !== null) role['roleName'] = title;
  const [start, end] = (r.periodEdtf ?? '').split('/').map(point);
  if (start) role['startDate'] = isoAtPrecision(start);
  if (end) role['endDate'] = isoAtPrecision(end);
  if (r.attestedEdtf != null) role['annals:attested'] = r.attestedEdtf;
  return role;
}

function add(node: Node | undefined, key: string, value: Json): void {
  if (node === undefined) return;
  const list = node[key];
  node[key] = Array.isArray(list) ? [...list, value] : [value];
}

export function renderJsonld(slice: GraphSlice, lang: Lang): { '@context': Json; '@graph': Node[] } {
  const nodes = new Map(slice.entities.map((e) => [e.id, entityNode(e, lang)]));
  for (const r of slice.relations) {
    const [from, to] = [nodes.get(r.from.id), nodes.get(r.to.id)];
    const events = r.from.type === 'EVENT' && r.to.type === 'EVENT';
    if (r.type === 'HELD_POSITION') add(from, 'memberOf', positionRole(r, lang));
    else if (r.type === 'PART_OF') {
      add(from, events ? 'superEvent' : 'parentOrganization', ref(r.to));
      add(to, events ? 'subEvent' : 'subOrganization', ref(r.from));
    } else if (r.type === 'ORGANIZED') add(to, 'organizer', ref(r.from));
    else if (r.type === 'TOOK_PLACE_IN') add(from, 'location', ref(r.to));
    else if (r.type === 'PARTICIPATED_IN') {
      // The Role pattern again, so the participant's role is kept next to the attendee.
      const role: Node = { '@type': 'Role', attendee: ref(r.from) };
      const label = relationLabel(r, lang);
      if (label !== null) role['roleName'] = label;
      add(to, 'attendee', role);
    } else add(from, 'annals:relations', { '@id': jsonldId(r.id), 'annals:type': r.type, 'annals:target': ref(r.to) });
  }
  return { '@context': JSONLD_CONTEXT, '@graph': [...nodes.values()] };
}
