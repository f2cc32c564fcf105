// The graph as Annals stores it (src/queries/import.ts, schema/graph/), in @neo4j/graphql 7 SDL:
// every entity carries its own label plus Entity; curated relationships carry id, title/role and
// earliest/latest `date` bounds; a Citation points at what it attests by `about` (an entity's or a
// relationship's id), not by a relationship, so citations are @cypher fields. Read-only: no mutations.

/** Properties every entity node has (absent ones are null: Neo4j stores no nulls). */
const ENTITY_PROPERTIES = `
  id: ID!
  type: String!
  name: String!
  nameValues: [String!]!
  nameLangs: [String!]!
  nameKinds: [String!]!
  aliasText: String!
  pinyinText: String!
  descriptionZh: String
  descriptionEn: String
  kind: String
  revision: Int!
  "A dated entity (an event, mostly): its EDTF text, outer bounds and sort key. quantityValues mixes integers and strings, so it is left out."
  edtf: String
  earliest: Date
  latest: Date
  precision: String
  precisionRank: Int
  approximate: Boolean
  uncertain: Boolean
  timelineKey: String
  quantityWhat: [String!]
  quantityWhatEn: [String!]`;

/** Citations of the entity and of its curated relationships (joined on Citation.about, as Annals does). */
const ENTITY_CITATIONS = `
  citations: [Citation!]! @cypher(statement: "MATCH (c:Citation {about: this.id}) RETURN c", columnName: "c")
  relationCitations: [Citation!]!
    @cypher(
      statement: "MATCH (this)-[r]-(:Entity) WHERE type(r) <> 'MENTIONS' MATCH (c:Citation {about: r.id}) RETURN c"
      columnName: "c"
    )
  mentionedIn: [Source!]! @relationship(type: "MENTIONS", direction: IN, properties: "Mention")`;

const rel = (field: string, target: string, type: string, direction: 'IN' | 'OUT'): string =>
  `  ${field}: [${target}!]! @relationship(type: "${type}", direction: ${direction}, properties: "Fact")`;

export const typeDefs = `#graphql
extend schema @mutation(operations: [])

interface Entity {${ENTITY_PROPERTIES}
}

"The properties of every curated relationship (those absent on a type are null)."
type Fact @relationshipProperties {
  id: ID!
  title: String
  titleEn: String
  role: String
  roleEn: String
  periodEdtf: String
  attestedEdtf: String
  earliest: Date
  latest: Date
}

# The labels each curated relationship may join (src/domain/vocabulary.ts), where there are several.
union Participant = Person | Organization
union Launcher = Event | Organization
union Reviewed = Initiative | Event

type Mention @relationshipProperties {
  id: ID!
}

type Person implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
${rel('positions', 'Organization', 'HELD_POSITION', 'OUT')}
${rel('participatedIn', 'Event', 'PARTICIPATED_IN', 'OUT')}
}

type Organization implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
${rel('holders', 'Person', 'HELD_POSITION', 'IN')}
${rel('partOf', 'Organization', 'PART_OF', 'OUT')}
${rel('parts', 'Organization', 'PART_OF', 'IN')}
${rel('participatedIn', 'Event', 'PARTICIPATED_IN', 'OUT')}
${rel('organized', 'Event', 'ORGANIZED', 'OUT')}
${rel('launched', 'Initiative', 'LAUNCHED', 'OUT')}
}

type Event implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
${rel('participants', 'Participant', 'PARTICIPATED_IN', 'IN')}
${rel('organizers', 'Organization', 'ORGANIZED', 'IN')}
${rel('places', 'Place', 'TOOK_PLACE_IN', 'OUT')}
${rel('launched', 'Initiative', 'LAUNCHED', 'OUT')}
${rel('advanced', 'Initiative', 'ADVANCED', 'OUT')}
${rel('reviewed', 'Reviewed', 'REVIEWED', 'OUT')}
${rel('reviewedBy', 'Event', 'REVIEWED', 'IN')}
${rel('followed', 'Event', 'FOLLOWED', 'OUT')}
${rel('followedBy', 'Event', 'FOLLOWED', 'IN')}
  findings: [Finding!]! @relationship(type: "RECORDED", direction: OUT)
}

type Initiative implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
${rel('launchedBy', 'Launcher', 'LAUNCHED', 'IN')}
${rel('advancedBy', 'Event', 'ADVANCED', 'IN')}
${rel('componentOf', 'Initiative', 'COMPONENT_OF', 'OUT')}
${rel('components', 'Initiative', 'COMPONENT_OF', 'IN')}
${rel('reviewedBy', 'Event', 'REVIEWED', 'IN')}
}

type Place implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
${rel('events', 'Event', 'TOOK_PLACE_IN', 'IN')}
}

type Source implements Entity @node {${ENTITY_PROPERTIES}${ENTITY_CITATIONS}
  title: String!
  titleEn: String
  publisher: String
  language: String
  publishedEdtf: String
  text: String
  mentions: [Entity!]! @relationship(type: "MENTIONS", direction: OUT, properties: "Mention")
  quotes: [Citation!]! @relationship(type: "IN_SOURCE", direction: IN)
}

"A quote attesting the entity, relationship, finding or claim whose id is \`about\`."
type Citation @node {
  id: ID!
  about: String!
  quote: String!
  start: Int!
  end: Int!
  line: Int!
  source: Source @relationship(type: "IN_SOURCE", direction: OUT)
}

type Finding @node {
  id: ID!
  event: String!
  kind: String!
  order: Int!
  text: String!
  textEn: String
  recordedBy: Event @relationship(type: "RECORDED", direction: IN)
}

type Claim @node {
  id: ID!
  about: String!
  property: String!
  value: String!
}

"Any entity, for full-text search over the entity_search index (which spans all six entity labels)."
type AnyEntity
  @node(labels: ["Entity"])
  @fulltext(indexes: [{ indexName: "entity_search", queryName: "searchEntities", fields: ["name", "aliasText", "pinyinText", "searchText"] }]) {
  id: ID!
  type: String!
  name: String!
  aliasText: String!
  pinyinText: String!
  searchText: String!
}
`;
