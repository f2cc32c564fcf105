// The operations of the side-by-side bench as hand-written Cypher (the limit) and as Annals
// GraphQL, returning the same content; @neo4j/graphql's versions are in neo4j-graphql/operations.ts.
import type { CypherQuery } from '../src/db/query.js';
import type { Executor } from '../src/db/executor.js';
import { timelinePage } from '../src/queries/timeline.js';
import type { OperationKey } from './operations.js';

export interface BenchIds {
  /** The organization with the most position holders. */
  org: string;
  /** Two people who held positions there: the first and the last. */
  a: string;
  b: string;
  /** a's name, for the Chinese search. */
  name: string;
}

const CURATED = 'HELD_POSITION|PART_OF|PARTICIPATED_IN|ORGANIZED|TOOK_PLACE_IN|LAUNCHED|ADVANCED|COMPONENT_OF|REVIEWED|FOLLOWED';

/**
 * Real ids from the loaded data, the same on every run of a size (the generator is seeded): the
 * organization most people held posts in, and two of its members who took part in events, by id.
 * `a` is the first whose two-hop neighbourhood stays well under the API's node limit (2,000), so the
 * neighbourhood operation measures a legal request; collect() order alone picked a hub that went over.
 */
export async function pickIds(executor: Executor): Promise<BenchIds> {
  const [pick] = await executor.read({
    cypher: `MATCH (o:Organization)<-[:HELD_POSITION]-(p:Person) WITH o, count(DISTINCT p) AS held ORDER BY held DESC, o.id LIMIT 1
MATCH (o)<-[:HELD_POSITION]-(p:Person) WHERE EXISTS { (p)-[:PARTICIPATED_IN]->(:Event) }
WITH DISTINCT o, p ORDER BY p.id LIMIT 20
CALL (p) { MATCH (p)-[:${CURATED}*1..2]-(n:Entity) RETURN count(DISTINCT n) AS reach }
WITH o, collect({ id: p.id, reach: reach }) AS active
WITH o, active, [x IN active WHERE x.reach <= 1000] AS bounded
RETURN o.id AS org, coalesce(bounded[0], active[0]).id AS a, active[size(active) - 1].id AS b`,
    params: {},
  });
  const [named] = await executor.read({ cypher: 'MATCH (p:Person {id: $a}) RETURN p.name AS name', params: { a: pick!['a'] } });
  return { org: pick!['org'] as string, a: pick!['a'] as string, b: pick!['b'] as string, name: named!['name'] as string };
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
