// Records carry the vocabulary's names (src/model/), and codegen maps GraphQL types onto those
// records: the schema's enums must hold exactly the vocabulary's values, or a record's value could
// be one GraphQL cannot send (or a type could say so without being true).
import { buildSchema, isEnumType } from 'graphql';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Gql from '../../src/generated/graphql.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import type { DatePrecision } from '../../src/model/dates.js';
import {
  CHANGE_OPERATIONS,
  EVENT_KINDS,
  FINDING_KINDS,
  INITIATIVE_KINDS,
  NAME_KINDS,
  ORGANIZATION_KINDS,
  PLACE_KINDS,
  RELATIONSHIP_TYPES,
  TYPE_OF_LABEL,
  type ChangeOperation,
  type EntityLinkType,
  type EntityTypeName,
  type EventKind,
  type FindingKind,
  type InitiativeKind,
  type NameKind,
  type OrganizationKind,
  type PlaceKind,
} from '../../src/model/vocabulary.js';

const schema = buildSchema(loadTypeDefs());
const valuesOf = (name: string): string[] => {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`${name} is not an enum of the schema`);
  return type
    .getValues()
    .map((v) => v.name)
    .sort();
};

describe('the vocabulary and the schema', () => {
  it('name the same values', () => {
    const vocabulary: Record<string, readonly string[]> = {
      EntityType: Object.values(TYPE_OF_LABEL),
      OrganizationKind: ORGANIZATION_KINDS,
      EventKind: EVENT_KINDS,
      InitiativeKind: INITIATIVE_KINDS,
      PlaceKind: PLACE_KINDS,
      FindingKind: FINDING_KINDS,
      NameKind: NAME_KINDS,
      RelationshipType: [...RELATIONSHIP_TYPES, 'MENTIONS'],
      ChangeOperation: CHANGE_OPERATIONS,
    };
    for (const [name, values] of Object.entries(vocabulary)) expect([name, valuesOf(name)]).toEqual([name, [...values].sort()]);
  });

  it('are the same types (the typecheck fails otherwise)', () => {
    expectTypeOf<EntityTypeName>().toEqualTypeOf<Gql.EntityType>();
    expectTypeOf<OrganizationKind>().toEqualTypeOf<Gql.OrganizationKind>();
    expectTypeOf<EventKind>().toEqualTypeOf<Gql.EventKind>();
    expectTypeOf<InitiativeKind>().toEqualTypeOf<Gql.InitiativeKind>();
    expectTypeOf<PlaceKind>().toEqualTypeOf<Gql.PlaceKind>();
    expectTypeOf<FindingKind>().toEqualTypeOf<Gql.FindingKind>();
    expectTypeOf<NameKind>().toEqualTypeOf<Gql.NameKind>();
    expectTypeOf<EntityLinkType>().toEqualTypeOf<Gql.RelationshipType>();
    expectTypeOf<ChangeOperation>().toEqualTypeOf<Gql.ChangeOperation>();
    expectTypeOf<DatePrecision>().toEqualTypeOf<Gql.DatePrecision>();
  });
});
