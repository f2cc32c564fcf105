// The operations of bench/run.ts as @neo4j/graphql 7 queries against ./type-defs.ts, returning the
// same content as the hand-written Cypher and the Annals queries there (null: not expressible).
import type { OperationKey } from '../operations.js';

/** A GraphQL string literal (JSON's escapes are valid GraphQL escapes). */
const str = (s: string): string => JSON.stringify(s);

/** A date window over outer bounds where an open (null) bound reaches forever, as Annals reads POSSIBLY. */
const overlaps = (from: string, to: string): string =>
  `AND: [{ OR: [{ latest: { eq: null } }, { latest: { gte: ${str(from)} } }] }, { OR: [{ earliest: { eq: null } }, { earliest: { lte: ${str(to)} } }] }]`;

/** One hop of a curated relationship: its id and the reached node's id (and what `next` selects there). */
const hop = (field: string, next = ''): string => `${field}Connection { edges { properties { id } node { id ${next}} } }`;

/** The same over a relationship whose other end is a union: the id from each member type. */
const unionHop = (field: string, members: string[]): string =>
  `${field}Connection { edges { properties { id } node { ${members.map((m) => `... on ${m} { id }`).join(' ')} } } }`;

/**
 * ids: org is an Organization, a and b are People, name is a's name (as bench/run.ts picks them).
 * a is a Person, so the entity and neighborhood queries use the Person type and the fields it
 * has (Person is only ever the start of HELD_POSITION and PARTICIPATED_IN); asking through the
 * Entity interface instead would add a UNION over the six entity labels.
 */
export function neo4jGraphqlOperations(ids: { org: string; a: string; b: string; name: string }): Record<OperationKey, string | null> {
  const organizationHops = ['holders', 'partOf', 'parts', 'participatedIn', 'organized', 'launched'].map((f) => hop(f)).join(' ');
  const eventHops = [
    unionHop('participants', ['Person', 'Organization']),
    ...['organizers', 'places', 'launched', 'advanced'].map((f) => hop(f)),
    unionHop('reviewed', ['Initiative', 'Event']),
    ...['reviewedBy', 'followed', 'followedBy'].map((f) => hop(f)),
  ].join(' ');
  const search = (phrase: string): string =>
    `{ searchEntities(phrase: ${str(phrase)}, first: 10, sort: [{ score: DESC }]) { edges { score node { id name } } } }`;
  return {
    timeline: `{ events(where: { ${overlaps('1990-01-01', '2010-12-31')} }, sort: [{ timelineKey: ASC }], limit: 50) {
  id name edtf places { name } participantsConnection { edges { properties { role } node { ... on Person { name } ... on Organization { name } } } } } }`,
    // Citations join on Citation.about (no relationship in the graph), so they are @cypher fields;
    // a relationship's quotes are those of relationCitations whose about is the edge's id.
    entity: `{ people(where: { id: { eq: ${str(ids.a)} } }) { name citations { quote }
  positionsConnection { edges { properties { id } node { name } } }
  participatedInConnection { edges { properties { id } node { name } } }
  relationCitations { about quote } } }`,
    // @fulltext on AnyEntity (label Entity, which every node of entity_search has) over the existing
    // index; the phrase is passed to Lucene as is, like the hand-written query in bench/run.ts.
    searchZh: search(ids.name),
    searchPinyin: search('zhang wei zhangwei'),
    roster: `{ organizations(where: { id: { eq: ${str(ids.org)} } }) {
  holdersConnection(where: { edge: { ${overlaps('2005-01-01', '2005-12-31')} } }) { edges { properties { title } node { name } } } } }`,
    // Shortest paths have no counterpart in the generated API (its queries are trees of typed
    // fields from one root); only a hand-written @cypher Query field could run them, which would
    // measure that Cypher rather than the library's.
    connections: null,
    // Depth 2 as a two-level tree over every curated relationship field, both directions; the
    // client unions the ids (the center itself comes back on the second level, as it may in Cypher).
    neighborhood: `{ people(where: { id: { eq: ${str(ids.a)} } }) { id
  ${hop('positions', organizationHops)}
  ${hop('participatedIn', eventHops)} } }`,
  };
}
