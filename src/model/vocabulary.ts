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

export const ORGANIZATION_KINDS = ['PARTY', 'COMMITTEE', 'OFFICE', 'FACILITY', 'NETWORK'] as const;
export const EVENT_KINDS = [
  'MEETING',
  'CAMPAIGN',
  'TERM_CHANGE',
  'DECISION',
  'APPOINTMENT',
  'MILESTONE',
  'PERSONNEL',
  'REGULATION',
] as const;
export const INITIATIVE_KINDS = ['PROGRAM', 'COMPONENT', 'GOAL'] as const;
export const PLACE_KINDS = ['PROVINCE', 'CITY'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A label in each language readers use: Chinese and English. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * What readers see for each kind: the one place these words are kept (the Chinese TimelineJS
 * export groups its slides by them; the explorer shows the same words).
 */
export const KIND_LABELS: Readonly<Record<OrganizationKind | EventKind | InitiativeKind | PlaceKind, Label>> = {
  PARTY: { zh: '政党', en: 'Party' },
  COMMITTEE: { zh: '委员会', en: 'Committee' },
  OFFICE: { zh: '机关', en: 'Office' },
  FACILITY: { zh: '设施', en: 'Facility' },
  NETWORK: { zh: '网络', en: 'Network' },
  MEETING: { zh: '会议', en: 'Meeting' },
  CAMPAIGN: { zh: '活动', en: 'Campaign' },
  TERM_CHANGE: { zh: '换届', en: 'Change of term' },
  DECISION: { zh: '决定', en: 'Decision' },
  APPOINTMENT: { zh: '任命', en: 'Appointment' },
  MILESTONE: { zh: '里程碑', en: 'Milestone' },
  PERSONNEL: { zh: '人事', en: 'Personnel' },
  REGULATION: { zh: '制度', en: 'Rules' },
  PROGRAM: { zh: '工作', en: 'Programme' },
  COMPONENT: { zh: '组成部分', en: 'Component' },
  GOAL: { zh: '目标', en: 'Goal' },
  PROVINCE: { zh: '省', en: 'Province' },
  CITY: { zh: '市', en: 'City' },
};

/** The label of a kind in the reader's language; a kind outside the vocabulary is shown as it is. */
export function kindLabel(kind: string, lang: 'zh' | 'en'): string {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind as keyof typeof KIND_LABELS][lang] : kind;
}

/** The kinds an entity of each type may have: people and sources have none. */
interface KindsOfType {
  PERSON: never;
  ORGANIZATION: OrganizationKind;
  EVENT: EventKind;
  INITIATIVE: InitiativeKind;
  PLACE: PlaceKind;
  SOURCE: never;
}
export type KindOf<T extends EntityTypeName> = KindsOfType[T];

export const KINDS: Partial<Record<EntityLabel, readonly string[]>> = {
  Organization: ORGANIZATION_KINDS,
  Event: EVENT_KINDS,
  Initiative: INITIATIVE_KINDS,
  Place: PLACE_KINDS,
};

export const NAME_KINDS = ['PRIMARY', 'ALIAS', 'ABBREVIATION', 'FORMER'] as const;
export type NameKind = (typeof NAME_KINDS)[number];
export const NAME_LANGS = ['zh-Hans', 'en', 'pinyin'] as const;
export type NameLang = (typeof NAME_LANGS)[number];
export const FINDING_KINDS = ['ACHIEVEMENT', 'SHORTCOMING', 'CONCLUSION'] as const;
/** What a search hit matched: the primary name, another name, its pinyin, or a title or role held. */
export const MATCHED_FIELDS = ['NAME', 'ALIAS', 'PINYIN', 'TITLE', 'ROLE'] as const;
export type MatchedField = (typeof MATCHED_FIELDS)[number];
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_KIND_LABELS: Readonly<Record<FindingKind, Label>> = {
  ACHIEVEMENT: { zh: '成绩', en: 'Achievement' },
  SHORTCOMING: { zh: '不足', en: 'Shortcoming' },
  CONCLUSION: { zh: '结论', en: 'Conclusion' },
};
/**
 * What a competing claim may be about: an event's date, a position's title, or the date at which a
 * source shows a relationship held (attestedAt).
 */
export const CLAIM_PROPERTIES = ['date', 'title', 'attestedAt'] as const;
export type ClaimProperty = (typeof CLAIM_PROPERTIES)[number];

/** What a recorded change did (the Change history's operations). */
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

/** Where a proposal stands in review (GraphQL's ProposalStatus), and the dataset section its entry belongs to (ProposalSection). */
export const PROPOSAL_STATUSES = ['PROPOSED', 'ACCEPTED', 'REJECTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_SECTIONS = ['ENTITIES', 'RELATIONSHIPS'] as const;

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
  /** A place within a larger one: a city in its province (清远市 → 广东省). */
  LOCATED_IN: { from: ['Place'], to: ['Place'], required: [] },
} as const satisfies Record<string, RelationshipRule>;

export type RelationshipType = keyof typeof RELATIONSHIP_RULES;
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIP_RULES) as RelationshipType[];

/** Which end of a relationship an entity is: OUT where it starts, IN where it ends (GraphQL's Direction adds BOTH, to ask for either). */
export const DIRECTIONS = ['OUT', 'IN'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Types the import derives itself rather than taking from curators. */
export const DERIVED_RELATIONSHIPS = ['MENTIONS', 'RECORDED', 'IN_SOURCE'] as const;
export type DerivedRelationshipType = (typeof DERIVED_RELATIONSHIPS)[number];

/** The type of a relationship between two entities: a curated one, or a source's MENTIONS of what it attests. */
export type EntityLinkType = RelationshipType | 'MENTIONS';

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.hasOwn(RELATIONSHIP_RULES, value);
}

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}

/** "a Person", "an Organization": labels in messages. */
export const withArticle = (label: string): string => `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
