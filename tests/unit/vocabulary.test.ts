// The GraphQL enums and the TypeScript vocabulary say the same thing: a value added on one side
// only (or an enum, or a label's kinds) fails here, whichever side it was added on.
import { buildSchema, isEnumType, type GraphQLEnumType } from 'graphql';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Gql from '../../src/generated/graphql.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { DATE_SHAPES, PRECISIONS, type DatePrecision, type DateShape } from '../../src/model/dates.js';
import { IDENTIFIER_SCHEME_NAMES } from '../../src/model/identifiers.js';
import {
  CHANGE_OPERATIONS,
  DIRECTIONS,
  ENTITY_LABELS,
  FINDING_KINDS,
  MATCHED_FIELDS,
  KINDS,
  LABEL_OF_TYPE,
  NAME_KINDS,
  PROPOSAL_SECTIONS,
  PROPOSAL_STATUSES,
  RELATIONSHIP_TYPES,
  TYPE_OF_LABEL,
  type ChangeOperation,
  type EntityLabel,
  type EntityLinkType,
  type EntityTypeName,
  type EventKind,
  type FindingKind,
  type MatchedField,
  type InitiativeKind,
  type NameKind,
  type OrganizationKind,
  type PlaceKind,
} from '../../src/model/vocabulary.js';
import { WINDOW_CONDITIONS } from '../../src/queries/timeline.js';
import { ENTITY_ORDERS, type EntityOrder } from '../../src/queries/browse.js';
import { ROW_STATUSES } from '../../src/dataset/spreadsheet/convert.js';

const schema = buildSchema(loadTypeDefs());
const enums = new Map(
  Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLEnumType => isEnumType(t) && !t.name.startsWith('__'))
    .map((t) => [t.name, t.getValues().map((v) => v.name)]),
);

/** The kinds of a label are the enum `<Label>Kind` (OrganizationKind…). */
const kindEnum = (label: EntityLabel): string => `${label}Kind`;
const labelsWithKinds = ENTITY_LABELS.filter((label) => KINDS[label] !== undefined);

/** Every enum of the schema, and the TypeScript list it mirrors. */
const MIRRORS: Record<string, readonly string[]> = {
  EntityType: ENTITY_LABELS.map((label) => TYPE_OF_LABEL[label]),
  NameKind: NAME_KINDS,
  FindingKind: FINDING_KINDS,
  MatchedField: MATCHED_FIELDS,
  ...Object.fromEntries(labelsWithKinds.map((label) => [kindEnum(label), KINDS[label]!])),
  // MENTIONS (a source to what it attests) is derived by imports, and may be asked for.
  RelationshipType: [...RELATIONSHIP_TYPES, 'MENTIONS'],
  // BOTH asks for either end; a relationship seen from an entity is OUT or IN.
  Direction: [...DIRECTIONS, 'BOTH'],
  ChangeOperation: CHANGE_OPERATIONS,
  DatePrecision: PRECISIONS,
  DateShape: DATE_SHAPES,
  WindowReading: Object.keys(WINDOW_CONDITIONS),
  EntityOrder: ENTITY_ORDERS,
  IdentifierScheme: IDENTIFIER_SCHEME_NAMES,
  SpreadsheetRowStatus: ROW_STATUSES.map((s) => s.toUpperCase()),
  ProposalStatus: PROPOSAL_STATUSES,
  ProposalSection: PROPOSAL_SECTIONS,
};

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe('the GraphQL enums and the TypeScript vocabulary', () => {
  it('cover each other: every enum mirrors a list, and every list has its enum', () => {
    expect(sorted([...enums.keys()])).toEqual(sorted(Object.keys(MIRRORS)));
  });

  it.each(Object.entries(MIRRORS))('%s holds exactly the values of its list, each once', (name, values) => {
    expect(sorted(enums.get(name) ?? [])).toEqual(sorted(values));
    expect(new Set(values).size).toBe(values.length);
  });

  it('give each label with kinds its Kind enum, and no Kind enum to a label without kinds', () => {
    const kindEnums = [...enums.keys()].filter((name) => name.endsWith('Kind') && name !== 'NameKind' && name !== 'FindingKind');
    expect(sorted(kindEnums)).toEqual(sorted(labelsWithKinds.map(kindEnum)));
  });

  it('map each entity label to one EntityType and back', () => {
    expect(sorted(Object.keys(TYPE_OF_LABEL))).toEqual(sorted(ENTITY_LABELS));
    for (const label of ENTITY_LABELS) expect(LABEL_OF_TYPE[TYPE_OF_LABEL[label]]).toBe(label);
  });

  it('are the same TypeScript types as the generated ones (the typecheck fails otherwise) (the typecheck fails otherwise)', () => {
    expectTypeOf<EntityTypeName>().toEqualTypeOf<Gql.EntityType>();
    expectTypeOf<OrganizationKind>().toEqualTypeOf<Gql.OrganizationKind>();
    expectTypeOf<EventKind>().toEqualTypeOf<Gql.EventKind>();
    expectTypeOf<InitiativeKind>().toEqualTypeOf<Gql.InitiativeKind>();
    expectTypeOf<PlaceKind>().toEqualTypeOf<Gql.PlaceKind>();
    expectTypeOf<FindingKind>().toEqualTypeOf<Gql.FindingKind>();
    expectTypeOf<MatchedField>().toEqualTypeOf<Gql.MatchedField>();
    expectTypeOf<NameKind>().toEqualTypeOf<Gql.NameKind>();
    expectTypeOf<EntityLinkType>().toEqualTypeOf<Gql.RelationshipType>();
    expectTypeOf<ChangeOperation>().toEqualTypeOf<Gql.ChangeOperation>();
    expectTypeOf<DatePrecision>().toEqualTypeOf<Gql.DatePrecision>();
    expectTypeOf<DateShape>().toEqualTypeOf<Gql.DateShape>();
    expectTypeOf<EntityOrder>().toEqualTypeOf<Gql.EntityOrder>();
  });
});
