/**
 * The closed vocabulary of the graph: entity labels, relationship types with the labels they may
 * join, the kinds of each label, directions and change operations. Cypher labels and types only
 * ever come from these lists; the GraphQL enums mirror them (tests/unit/vocabulary.test.ts).
 */
export const ENTITY_LABELS = ['Person', 'Organization', 'Event', 'Initiative', 'Place', 'Source'] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** GraphQL's EntityType enum value for each label (PERSON for Person…). */
export type EntityTypeName = 'PERSON' | 'ORGANIZATION' | 'EVENT' | 'INITIATIVE' | 'PLACE' | 'SOURCE';
export const TYPE_OF_LABEL: Record<EntityLabel, EntityTypeName> = {
  Person: 'PERSON',
  Organization: 'ORGANIZATION',
  Event: 'EVENT',
  Initiative: 'INITIATIVE',
  Place: 'PLACE',
  Source: 'SOURCE',
};
export const LABEL_OF_TYPE = Object.fromEntries(Object.entries(TYPE_OF_LABEL).map(([label, type]) => [type, label])) as Record<
  EntityTypeName,
  EntityLabel
>;

export const KINDS: Partial<Record<EntityLabel, readonly string[]>> = {
  Organization: ['PARTY', 'COMMITTEE', 'OFFICE', 'FACILITY', 'NETWORK'],
  Event: ['MEETING', 'CAMPAIGN', 'TERM_CHANGE', 'DECISION', 'APPOINTMENT', 'MILESTONE', 'PERSONNEL', 'REGULATION'],
  Initiative: ['PROGRAM', 'COMPONENT', 'GOAL'],
  Place: ['PROVINCE', 'CITY'],
};

export const NAME_KINDS = ['PRIMARY', 'ALIAS', 'ABBREVIATION', 'FORMER'] as const;
export const NAME_LANGS = ['zh-Hans', 'en', 'pinyin'] as const;
export const FINDING_KINDS = ['ACHIEVEMENT', 'SHORTCOMING', 'CONCLUSION'] as const;

interface RelationshipRule {
  from: readonly EntityLabel[];
  to: readonly EntityLabel[];
  /** Properties a curator must give (beyond citations). */
  required: readonly string[];
}

/** Each curated relationship type and the labels it may join (from → to). */
export const RELATIONSHIP_RULES = {
  HELD_POSITION: { from: ['Person'], to: ['Organization'], required: ['title'] },
  PART_OF: { from: ['Organization'], to: ['Organization'], required: [] },
  PARTICIPATED_IN: { from: ['Person', 'Organization'], to: ['Event'], required: ['role'] },
  ORGANIZED: { from: ['Organization'], to: ['Event'], required: [] },
  TOOK_PLACE_IN: { from: ['Event'], to: ['Place'], required: [] },
  LAUNCHED: { from: ['Event', 'Organization'], to: ['Initiative'], required: [] },
  ADVANCED: { from: ['Event'], to: ['Initiative'], required: [] },
  COMPONENT_OF: { from: ['Initiative'], to: ['Initiative'], required: [] },
  REVIEWED: { from: ['Event'], to: ['Initiative', 'Event'], required: [] },
  FOLLOWED: { from: ['Event'], to: ['Event'], required: [] },
} as const satisfies Record<string, RelationshipRule>;

export type RelationshipType = keyof typeof RELATIONSHIP_RULES;
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIP_RULES) as RelationshipType[];

/** Which end of a relationship an entity is: OUT where it starts, IN where it ends (GraphQL's Direction adds BOTH, to ask for either). */
export const DIRECTIONS = ['OUT', 'IN'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What a recorded change did (Change.operation). */
export const CHANGE_OPERATIONS = [
  'CREATE_ENTITY',
  'UPDATE_ENTITY',
  'DELETE_ENTITY',
  'ADD_RELATIONSHIP',
  'REMOVE_RELATIONSHIP',
  'ADD_SOURCE',
  'ADD_CITATION',
  'MERGE_ENTITIES',
  'IMPORT_DATASET',
  'REVERT',
] as const;
export type ChangeOperation = (typeof CHANGE_OPERATIONS)[number];

/** Types the import derives itself rather than taking from curators. */
export const DERIVED_RELATIONSHIPS = ['MENTIONS', 'RECORDED', 'IN_SOURCE'] as const;
export type DerivedRelationshipType = (typeof DERIVED_RELATIONSHIPS)[number];

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.hasOwn(RELATIONSHIP_RULES, value);
}

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}
