// The explorer's only way to the data: the public GraphQL API at /graphql, no token (reads are public).
// Every query the page sends is in this file, so other front ends can copy them.

export class ApiError extends Error {
  constructor(
    message: string,
    /** extensions.code of the first GraphQL error (NOT_FOUND, BAD_USER_INPUT, …), or HTTP_<status>, or NETWORK. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export const ENDPOINT = '/graphql';

let inFlight = 0;
const activityListeners: ((busy: boolean) => void)[] = [];
/** Calls back with true when the first request starts and false when the last one ends. */
export function onActivity(listener: (busy: boolean) => void): void {
  activityListeners.push(listener);
}
function activity(delta: 1 | -1): void {
  const before = inFlight > 0;
  inFlight += delta;
  if (before !== inFlight > 0) for (const l of activityListeners) l(inFlight > 0);
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  activity(1);
  try {
    return await send<T>(query, variables, signal);
  } finally {
    activity(-1);
  }
}

async function send<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(err instanceof Error ? err.message : String(err), 'NETWORK');
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, `HTTP_${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${res.status}`);
  if (body.data === undefined || body.data === null) throw new ApiError(`HTTP ${res.status}: no data`, `HTTP_${res.status}`);
  return body.data;
}

// ------------------------------------------------------------------------------------------ types

export type EntityType = 'PERSON' | 'ORGANIZATION' | 'EVENT' | 'INITIATIVE' | 'PLACE' | 'SOURCE';
export type Precision = 'YEAR' | 'MONTH' | 'DAY';
export type Reading = 'POSSIBLY' | 'CERTAINLY';
// The vocabulary is pure model code, shared with the server (the one import the bundle makes outside web/).
import { EVENT_KINDS, type EventKind } from '../model/vocabulary.js';
export { EVENT_KINDS, type EventKind };

/** The names an English page shows instead of the Chinese one: the English primary name, else the pinyin. */
export interface OtherNames {
  nameEn?: { value: string }[];
  namePinyin?: { value: string }[];
}

export interface EntityRef extends OtherNames {
  id: string;
  name: string;
  type: EntityType;
}

/** Selected on every entity the page names (at most one of each: names are capped at 50 anyway). */
const OTHER_NAMES = `nameEn: names(lang: "en", kind: PRIMARY) { value } namePinyin: names(lang: "pinyin", kind: PRIMARY) { value }`;

export interface DateValue {
  edtf: string;
  earliest: string | null;
  latest: string | null;
  precision: Precision;
  approximate: boolean;
  uncertain: boolean;
  /** DATE, INTERVAL (lasted throughout) or ONE_OF_RANGE (happened at some time within). */
  shape: DateShape;
  label: string;
}

export type DateShape = 'DATE' | 'INTERVAL' | 'ONE_OF_RANGE';

/** All claims the sources make about one fact, the preferred one and the rule that chose it. */
export interface ClaimSet {
  preferred: { value: string };
  rule: string;
  claims: {
    value: string;
    preferred: boolean;
    date: { label: string } | null;
    sources: { id: string; title: string; titleEn: string | null }[];
  }[];
}

export interface Citation {
  quote: string;
  start: number;
  end: number;
  line: number;
  source: { id: string; title: string; titleEn: string | null };
}

export interface Relation {
  id: string;
  type: string;
  direction: 'OUT' | 'IN';
  title: string | null;
  titleEn: string | null;
  role: string | null;
  roleEn: string | null;
  other: EntityRef;
  period: { edtf: string; label: string } | null;
  attestedAt: { edtf: string; label: string } | null;
  citations: Citation[];
}

/** An authority-file identifier (Wikidata, CBDB, VIAF, ISNI, GeoNames) and its URI there. */
export interface Identifier {
  scheme: string;
  value: string;
  uri: string;
}

export interface EntityDetail extends EntityRef {
  names: { value: string; lang: string; kind: string }[];
  description: string | null;
  identifiers: Identifier[];
  citations: Citation[];
  relations: Relation[];
  // Person, Organization: the positions' title claims (a position's id is its relationship's)
  positions?: { id: string; titleClaims: ClaimSet }[];
  participations?: { id: string; event: { id: string; date: { edtf: string; label: string } } }[];
  // Event
  kind?: string | null;
  date?: DateValue;
  dateClaims?: ClaimSet;
  findings?: { id: string; kind: string; text: string; textEn: string | null; citations: Citation[] }[];
  quantities?: { value: number; what: string; whatEn: string | null }[];
  // Source
  title?: string;
  titleEn?: string | null;
  publisher?: string | null;
}

export interface SearchHit {
  score: number;
  entity: EntityRef & { names: { value: string }[] };
  /** What matched: a title or role held, or a name other than the one shown, is shown with the hit. */
  matched: { kind: 'NAME' | 'ALIAS' | 'PINYIN' | 'TITLE' | 'ROLE'; value: string };
}

export interface TimelineEvent extends EntityRef {
  kind: EventKind | null;
  date: DateValue;
  organizers: (OtherNames & { id: string; name: string })[];
  participants: { role: string | null; roleEn: string | null; entity: EntityRef }[];
  place: (OtherNames & { name: string }) | null;
}

/** A place with a location (WGS84 degrees), for the map. */
export interface MapPlace {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string | null;
  latitude: number;
  longitude: number;
}

export interface SourceText {
  id: string;
  title: string;
  titleEn: string | null;
  publisher: string | null;
  text: string;
}

export interface GraphNodeData {
  id: string;
  label: string;
  group: string;
  type: EntityType;
  title: string | null;
}

export interface GraphEdgeData {
  id: string;
  source: string;
  target: string;
  type: string;
  label: string;
  relation: { titleEn: string | null; roleEn: string | null };
}

export interface Neighborhood {
  center: { id: string };
  elements: { nodes: { data: GraphNodeData }[]; edges: { data: GraphEdgeData }[] };
}

export interface PathStep {
  from: { id: string };
  to: { id: string };
  relation: {
    id: string;
    type: string;
    direction: 'OUT' | 'IN' | 'BOTH';
    title: string | null;
    titleEn: string | null;
    role: string | null;
    roleEn: string | null;
  };
}

export interface Path {
  length: number;
  entities: EntityRef[];
  steps: PathStep[];
}

// ---------------------------------------------------------------------------------------- queries

const SEARCH = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) { score entity { id name type names(lang: "en", kind: PRIMARY) { value } } matched { kind value } }
}`;

/** Suggestions as you type: Chinese, toneless pinyin (luo fuhe) or English. */
export async function search(text: string, signal?: AbortSignal, first = 8): Promise<SearchHit[]> {
  const data = await gql<{ search: SearchHit[] }>(SEARCH, { text, first }, signal);
  return data.search;
}

const CITATION = `fragment Cit on Citation { quote start end line source { id title titleEn } }`;
const CLAIMS = `fragment Claims on ClaimSet { preferred { value } rule claims { value preferred date { label(lang: $lang) } sources { id title titleEn } } }`;

const ENTITY = `query Entity($id: ID!, $lang: String) {
  entity(id: $id) {
    id name type description(lang: $lang)
    names { value lang kind }
    identifiers { scheme value uri }
    citations { ...Cit }
    relations {
      id type direction title titleEn role roleEn
      other { id name type ${OTHER_NAMES} }
      period { edtf label(lang: $lang) }
      attestedAt { edtf label(lang: $lang) }
      citations { ...Cit }
    }
    ... on Person {
      participations { id event { id date { edtf label(lang: $lang) } } }
      positions { id titleClaims { ...Claims } }
    }
    ... on Event {
      kind
      date { edtf earliest latest precision approximate uncertain shape label(lang: $lang) }
      dateClaims { ...Claims }
      findings { id kind text textEn citations { ...Cit } }
      quantities { value what whatEn }
    }
    ... on Organization { positions { id titleClaims { ...Claims } } }
    ... on Source { title titleEn publisher }
  }
}
${CITATION}
${CLAIMS}`;

/** Everything the entity panel shows; null when there is no such entity. */
export async function loadEntity(id: string, lang: string, signal?: AbortSignal): Promise<EntityDetail | null> {
  const data = await gql<{ entity: EntityDetail | null }>(ENTITY, { id, lang }, signal);
  return data.entity;
}

const SOURCE = `query Source($id: ID!) { source(id: $id) { id title titleEn publisher text } }`;

const sourceCache = new Map<string, Promise<SourceText>>();

/** A source's full text (citation start/end are UTF-16 offsets into it), fetched once. */
export function loadSource(id: string): Promise<SourceText> {
  let cached = sourceCache.get(id);
  if (!cached) {
    cached = gql<{ source: SourceText | null }>(SOURCE, { id }).then((d) => {
      if (!d.source) throw new ApiError(`no source ${id}`, 'NOT_FOUND');
      return d.source;
    });
    cached.catch(() => sourceCache.delete(id));
    sourceCache.set(id, cached);
  }
  return cached;
}

const TIMELINE = `query Timeline($from: String, $to: String, $reading: WindowReading, $involving: [ID!], $after: String, $lang: String) {
  timeline(from: $from, to: $to, reading: $reading, involving: $involving, first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name type ${OTHER_NAMES} ... on Event {
      kind
      date { edtf earliest latest precision approximate uncertain shape label(lang: $lang) }
      organizers(first: 10) { id name ${OTHER_NAMES} }
      participants(first: 20) { role roleEn entity { id name type ${OTHER_NAMES} } }
      place { name ${OTHER_NAMES} }
    } } }
  }
}`;

export interface TimelineQuery {
  from?: string | undefined;
  to?: string | undefined;
  reading: Reading;
  involving?: string[] | undefined;
  lang: string;
}

/** Every event in the window, page by page (Relay cursors), in timeline order. */
export async function loadTimeline(q: TimelineQuery, signal?: AbortSignal): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const data: { timeline: { edges: { node: TimelineEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await gql(
        TIMELINE,
        { from: q.from ?? null, to: q.to ?? null, reading: q.reading, involving: q.involving ?? null, after, lang: q.lang },
        signal,
      );
    events.push(...data.timeline.edges.map((e) => e.node));
    if (!data.timeline.pageInfo.hasNextPage || data.timeline.pageInfo.endCursor === null) break;
    after = data.timeline.pageInfo.endCursor;
  }
  return events;
}

const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int) {
  neighborhood(id: $id, depth: $depth) {
    center { id }
    elements {
      nodes { data { id label group type title } }
      edges { data { id source target type label relation { titleEn roleEn } } }
    }
  }
}`;

/** Cytoscape elements of an entity's neighbourhood, straight from the API. */
export async function loadNeighborhood(id: string, depth: number, signal?: AbortSignal): Promise<Neighborhood> {
  const data = await gql<{ neighborhood: Neighborhood }>(NEIGHBORHOOD, { id, depth }, signal);
  return data.neighborhood;
}

const CONNECTIONS = `query Connections($from: ID!, $to: ID!, $maxHops: Int) {
  connections(from: $from, to: $to, maxHops: $maxHops, first: 5) {
    length
    entities { id name type ${OTHER_NAMES} }
    steps { from { id } to { id } relation { id type direction title titleEn role roleEn } }
  }
}`;

/** Shortest paths between two entities over the curated relationships. */
export async function findConnections(from: string, to: string, maxHops: number): Promise<Path[]> {
  const data = await gql<{ connections: Path[] }>(CONNECTIONS, { from, to, maxHops });
  return data.connections;
}

const PLACES = `query Places {
  places(located: true, first: 500) {
    id name names(lang: "en", kind: PRIMARY) { value }
    ... on Place { kind location { latitude longitude } }
  }
}`;

/** The places that have a location, by id (at most 500: the map is an overview, not a gazetteer). */
export async function loadPlaces(signal?: AbortSignal): Promise<MapPlace[]> {
  const data = await gql<{
    places: {
      id: string;
      name: string;
      names: { value: string }[];
      kind: string | null;
      location: { latitude: number; longitude: number } | null;
    }[];
  }>(PLACES, {}, signal);
  return data.places.flatMap((p) =>
    p.location === null
      ? []
      : [
          {
            id: p.id,
            name: p.name,
            nameEn: p.names[0]?.value ?? null,
            kind: p.kind,
            latitude: p.location.latitude,
            longitude: p.location.longitude,
          },
        ],
  );
}

const REF = `query Ref($id: ID!) { entity(id: $id) { id name type ${OTHER_NAMES} } }`;

/** Just the name and type of an entity (for an id that came from the URL). */
export async function loadRef(id: string): Promise<EntityRef | null> {
  const data = await gql<{ entity: EntityRef | null }>(REF, { id });
  return data.entity;
}

// ------------------------------------------------------------------------------------- browsing

/** One facet value and how many entities of the filtered set have it (ignoring pagination). */
export interface FacetCount {
  value: string;
  count: number;
}

export interface BrowseQuery {
  type?: EntityType | undefined;
  kind?: string | undefined;
  /** A decade by its first year: "2000" is 2000–2009. */
  decade?: string | undefined;
  after?: string | undefined;
  lang: string;
}

export interface BrowseItem extends EntityRef {
  kind?: string | null;
  date?: { label: string } | null;
}

export interface BrowsePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  facets: { types: FacetCount[]; kinds: FacetCount[]; decades: FacetCount[] };
  items: BrowseItem[];
}

/** Entities per page of the browse list. */
export const BROWSE_PAGE = 25;

const BROWSE = `query Browse($type: EntityType, $where: EntityWhere, $first: Int, $after: String, $lang: String) {
  entities(type: $type, where: $where, orderBy: NAME, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { types { value count } kinds { value count } decades { value count } }
    edges { node {
      id name type ${OTHER_NAMES}
      ... on Event { eventKind: kind date { label(lang: $lang) } }
      ... on Organization { organizationKind: kind }
      ... on Initiative { initiativeKind: kind }
      ... on Place { placeKind: kind }
    } }
  }
}`;

/** The server has no `entities` connection (it predates browsing): the browse list is left out. */
export class BrowseUnavailable extends Error {
  override name = 'BrowseUnavailable';
}

let browseProbe: Promise<boolean> | undefined;
const BROWSE_PROBE = 'query BrowseProbe { __type(name: "EntityConnection") { name } }';

/**
 * Whether the server has the `entities` connection, asked once by introspection (an answer of 200
 * either way). A server with introspection off is assumed to have it: then the list's own query
 * tells, an older server refusing the field at validation.
 */
export function canBrowse(): Promise<boolean> {
  browseProbe ??= gql<{ __type: { name: string } | null }>(BROWSE_PROBE).then(
    (data) => data.__type !== null,
    (err: unknown) => {
      if (err instanceof ApiError && err.code === 'GRAPHQL_VALIDATION_FAILED') return true;
      browseProbe = undefined; // a failure to ask is not an answer: ask again next time
      throw err;
    },
  );
  return browseProbe;
}

/** A page of the browse list with its facets (the `entities` connection). */
export async function browse(q: BrowseQuery, signal?: AbortSignal): Promise<BrowsePage> {
  if (!(await canBrowse())) throw new BrowseUnavailable('no entities connection');
  const where: Record<string, unknown> = {};
  if (q.kind) where['kind'] = { in: [q.kind] };
  if (q.decade) where['date'] = { from: q.decade, to: String(Number(q.decade) + 9), reading: 'POSSIBLY' };
  try {
    // Each type's kind is an enum of its own, so GraphQL wants them under different names.
    type Node = BrowseItem & Partial<Record<'eventKind' | 'organizationKind' | 'initiativeKind' | 'placeKind', string | null>>;
    const data = await gql<{
      entities: Omit<BrowsePage, 'items'> & { edges: { node: Node }[] };
    }>(
      BROWSE,
      {
        type: q.type ?? null,
        where: Object.keys(where).length > 0 ? where : null,
        first: BROWSE_PAGE,
        after: q.after ?? null,
        lang: q.lang,
      },
      signal,
    );
    const { edges, ...rest } = data.entities;
    return {
      ...rest,
      items: edges.map(({ node: { eventKind, organizationKind, initiativeKind, placeKind, ...item } }) => ({
        ...item,
        kind: eventKind ?? organizationKind ?? initiativeKind ?? placeKind ?? null,
      })),
    };
  } catch (err) {
    if (err instanceof ApiError && /Cannot query field "entities"/.test(err.message)) throw new BrowseUnavailable(err.message);
    throw err;
  }
}

/**
 * Every document this page sends. The build writes them to dist/web/persisted-documents.json (by
 * SHA-256, the client preset's manifest format), which a server with ANNALS_TRUSTED_DOCUMENTS also
 * trusts, so the explorer keeps working when only registered operations run.
 */
export const OPERATIONS: readonly string[] = [
  SEARCH,
  ENTITY,
  SOURCE,
  TIMELINE,
  NEIGHBORHOOD,
  CONNECTIONS,
  PLACES,
  REF,
  BROWSE_PROBE,
  BROWSE,
];
