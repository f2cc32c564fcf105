// The operations of the side-by-side bench as hand-written Cypher (the limit) and as Annals
// GraphQL, returning the same content; @neo4j/graphql's versions are in neo4j-graphql/operations.ts.
import type { CypherQuery } from '../src/db/query.js';
import type { Executor } from '../src/db/executor.js';
import { timelinePage } from '../src/queries/timeline.js';
import type { OperationKey } from './operations.js';

export interface BenchIds {
  /** An organization with about ROSTER_HOLDERS position holders (see pickIds). */
  org: string;
  /** Two of its members who took part in events: `a` with about ENTITY_RELATIONS relationships, `b` another. */
  a: string;
  b: string;
  /** The text of the Chinese search: the name of the seed's first person, the same at every size. */
  name: string;
  /** What the picks read, for the results: org's position holders, a's curated relationships and two-hop reach. */
  holders: number;
  aRelations: number;
  aReach: number;
}

const CURATED = 'HELD_POSITION|PART_OF|PARTICIPATED_IN|ORGANIZED|TOOK_PLACE_IN|LAUNCHED|ADVANCED|COMPONENT_OF|REVIEWED|FOLLOWED';

/**
 * Position holders of the roster's organization. The generated archive has organizations of 1–19
 * holders at every size (branches), but none of 30–999 at L (committees grow with the archive), so
 * a roster comparable from XS to L reads one of about a dozen holders (XS: 11, S, M, L: 12).
 */
export const ROSTER_HOLDERS = 12;
/** Curated relationships of the entity read: the commonest degree of a generated person at every size. */
export const ENTITY_RELATIONS = 6;

/**
 * Real ids from the loaded data, the same on every run of a size (the generator is seeded), and
 * chosen by degree, not by rank, so that every size reads the same amount (the S→L table measures
 * the archive's size, not a bigger entity): the organization whose number of position holders is
 * closest to ROSTER_HOLDERS (fewer first, then by id) among those with at least two members who took
 * part in events; `a`, the member whose curated relationships are closest to ENTITY_RELATIONS (then
 * by id) among those whose two-hop neighbourhood stays well under the API's node limit (2,000), so
 * the neighbourhood operation measures a legal request; `b`, the last other member by id. The
 * busiest organization would grow with the archive (the national one: 260 holders at S, 26,000 at L).
 */
export async function pickIds(executor: Executor): Promise<BenchIds> {
  const [org] = await executor.read({
    cypher: `MATCH (o:Organization)
WITH o, COUNT { (o)<-[:HELD_POSITION]-(:Person) } AS held WHERE held > 0
WITH o, held, COUNT { MATCH (o)<-[:HELD_POSITION]-(p:Person) WHERE EXISTS { (p)-[:PARTICIPATED_IN]->(:Event) } RETURN DISTINCT p } AS active
WHERE active >= 2
RETURN o.id AS id, held ORDER BY abs(held - $holders), held, id LIMIT 1`,
    params: { holders: ROSTER_HOLDERS },
  });
  if (org === undefined) throw new Error('pickIds: no organization with two members who took part in events');
  const members = (await executor.read({
    cypher: `MATCH (o:Organization {id: $org})<-[:HELD_POSITION]-(p:Person) WHERE EXISTS { (p)-[:PARTICIPATED_IN]->(:Event) }
WITH DISTINCT p
CALL (p) { MATCH (p)-[:${CURATED}*1..2]-(n:Entity) RETURN count(DISTINCT n) AS reach }
RETURN p.id AS id, reach, COUNT { (p)-[:${CURATED}]-(:Entity) } AS relations ORDER BY id`,
    params: { org: org['id'] },
  })) as { id: string; reach: number; relations: number }[];
  const bounded = members.filter((m) => m.reach <= 1000);
  const a = [...(bounded.length > 0 ? bounded : members)].sort(
    (x, y) => Math.abs(x.relations - ENTITY_RELATIONS) - Math.abs(y.relations - ENTITY_RELATIONS) || x.relations - y.relations,
  )[0]!;
  const b = members.filter((m) => m.id !== a.id).at(-1)!;
  const [named] = await executor.read({
    cypher: "MATCH (p:Person) WHERE NOT p.id STARTS WITH 'gen-' RETURN p.name AS name ORDER BY p.id LIMIT 1",
    params: {},
  });
  if (named === undefined) throw new Error('pickIds: the seed has no person to search for');
  return {
    org: org['id'] as string,
    a: a.id,
    b: b.id,
    name: named['name'] as string,
    holders: org['held'] as number,
    aRelations: a.relations,
    aReach: a.reach,
  };
}

const CURATED_LIST = CURATED.split('|').join(', ');
const WINDOW = { from: '1990-01-01', to: '2010-12-31', reading: 'POSSIBLY' as const, involving: null };

/** What a hand-written client would send: one query per operation, returning only what is shown. */
export function rawOperations(ids: BenchIds): Record<OperationKey, CypherQuery> {
  // The timeline's window is the same index-backed Cypher Annals runs, with place and participants joined in.
  const page = timelinePage(WINDOW, 49, null);
  const tail = 'WITH e ORDER BY e.timelineKey LIMIT $limit\nRETURN e {.*} AS node';
  if (!page.cypher.endsWith(tail)) throw new Error('timelinePage changed shape: update the raw timeline query');
  const search = (q: string): CypherQuery => ({
    cypher:
      "CALL db.index.fulltext.queryNodes('entity_search', $q, {limit: 10}) YIELD node, score RETURN node.id AS id, node.name AS name, score",
    params: { q },
  });
  return {
    timeline: {
      cypher: `${page.cypher.slice(0, -tail.length)}WITH e ORDER BY e.timelineKey LIMIT $limit
OPTIONAL MATCH (e)-[:TOOK_PLACE_IN]->(p:Place)
RETURN e.id AS id, e.name AS name, e.edtf AS date, p.name AS place,
  COLLECT { MATCH (x)-[r:PARTICIPATED_IN]->(e) RETURN {role: r.role, name: x.name} } AS participants`,
      params: { ...page.params, limit: 50 },
    },
    entity: {
      cypher: `MATCH (n:Entity {id: $a})
RETURN n.name AS name,
  COLLECT { MATCH (c:Citation {about: n.id}) RETURN c.quote } AS quotes,
  COLLECT { MATCH (n)-[r:${CURATED}]-(o:Entity) RETURN {type: type(r), other: o.name, quotes: COLLECT { MATCH (c:Citation {about: r.id}) RETURN c.quote }} } AS relations`,
      params: { a: ids.a },
    },
    searchZh: search(ids.name),
    searchPinyin: search('zhang wei zhangwei'),
    roster: {
      cypher: `MATCH (o:Organization {id: $org})<-[r:HELD_POSITION]-(p:Person)
WHERE (r.earliest IS NULL OR r.earliest <= date('2005-12-31')) AND (r.latest IS NULL OR r.latest >= date('2005-01-01'))
RETURN p.name AS name, r.title AS title`,
      params: { org: ids.org },
    },
    connections: {
      cypher: `MATCH (x:Entity {id: $a}) MATCH (y:Entity {id: $b})
MATCH p = allShortestPaths((x)-[:${CURATED}*..4]-(y))
WITH p LIMIT 5 RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types`,
      params: { a: ids.a, b: ids.b },
    },
    neighborhood: {
      cypher: `MATCH (c:Entity {id: $a}) MATCH p = (c)-[:${CURATED}*1..2]-(n:Entity)
UNWIND relationships(p) AS r WITH collect(DISTINCT n.id) AS nodes, collect(DISTINCT r.id) AS rels RETURN nodes, rels`,
      params: { a: ids.a },
    },
  };
}

/** The same operations as Annals GraphQL documents, as a client of the documented API writes them. */
export function annalsOperations(ids: BenchIds): Record<OperationKey, { name: string; graphql: string }> {
  const q = JSON.stringify;
  return {
    timeline: {
      name: 'timeline page (50 events in a window, place, participants)',
      graphql:
        '{ timeline(from: "1990", to: "2010", first: 50) { edges { node { id name ... on Event { date { edtf } place { name } participants { role entity { name } } } } } } }',
    },
    entity: {
      name: 'entity with its relationships and citations',
      graphql: `{ entity(id: ${q(ids.a)}) { name citations { quote } relations(types: [${CURATED_LIST}]) { type other { name } citations { quote } } } }`,
    },
    searchZh: { name: 'search (Chinese)', graphql: `{ search(text: ${q(ids.name)}, first: 10) { score entity { id name } } }` },
    searchPinyin: { name: 'search (pinyin)', graphql: '{ search(text: "zhang wei", first: 10) { score entity { id name } } }' },
    roster: {
      name: 'organization roster at a date',
      graphql: `{ organization(id: ${q(ids.org)}) { positions(at: "2005") { title person { name } } } }`,
    },
    connections: {
      name: 'connections between two people (≤ 4 hops)',
      graphql: `{ connections(from: ${q(ids.a)}, to: ${q(ids.b)}, maxHops: 4, first: 5) { entities { id } steps { relation { type } } } }`,
    },
    neighborhood: { name: 'neighborhood depth 2', graphql: `{ neighborhood(id: ${q(ids.a)}, depth: 2) { nodes { id } edges { id } } }` },
  };
}
