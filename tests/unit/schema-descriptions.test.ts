// Every element of the API has a description: researchers read them in their GraphQL IDE and in the
// clients they generate. The lint (@graphql-eslint require-description, in npm run check) says so
// per file; this walks the schema as the server builds it, SDL files and extensions together.
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  parse,
  print,
  visit,
  type ASTNode,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/graphql/schema.js';

/** Schema coordinates (Type, Type.field, Type.field(arg:), Enum.VALUE, Input.field, @directive(arg:)) with no description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  // No description, a blank one, or one that only repeats the name ("Id." for id) says nothing.
  const check = (coordinate: string, name: string, description: string | null | undefined): void => {
    const words = (description ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (words === '' || words === name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    check(`@${directive.name}`, directive.name, directive.description);
    for (const arg of directive.args) check(`@${directive.name}(${arg.name}:)`, arg.name, arg.description);
  }
  return missing.sort();
}

/** The SDL with the description of one element taken out, as a developer adding a field without one would leave it. */
function withoutDescription(sdl: string, coordinate: string): string {
  let type: string | undefined;
  let field: string | undefined;
  let found = 0;
  const drop = <T extends ASTNode>(node: T, at: string): T | undefined => {
    if (at !== coordinate) return undefined;
    found += 1;
    return { ...node, description: undefined };
  };
  const enterType = (node: { name: { value: string } } & ASTNode) => {
    type = node.name.value;
    return node.kind.endsWith('Definition') ? drop(node, type) : undefined;
  };
  const document = visit(parse(sdl), {
    ObjectTypeDefinition: enterType,
    ObjectTypeExtension: enterType,
    InterfaceTypeDefinition: enterType,
    InputObjectTypeDefinition: enterType,
    EnumTypeDefinition: enterType,
    FieldDefinition: {
      enter(node) {
        field = node.name.value;
        return drop(node, `${type}.${field}`);
      },
      leave() {
        field = undefined;
      },
    },
    InputValueDefinition(node) {
      return drop(node, field === undefined ? `${type}.${node.name.value}` : `${type}.${field}(${node.name.value}:)`);
    },
    EnumValueDefinition(node) {
      return drop(node, `${type}.${node.name.value}`);
    },
  });
  if (found !== 1) throw new Error(`${coordinate} is described ${found} times in the SDL, not once`);
  return print(document);
}

describe('schema descriptions', () => {
  const sdl = loadTypeDefs();

  it('describes every type, field, argument, input field, enum value and directive', () => {
    expect(undescribed(buildSchema(sdl)), 'schema elements without a description').toEqual([]);
  });

  // One element of each kind, in plain types, interfaces, extensions, inputs and enums: the walk
  // above must notice each one missing (a test that cannot fail proves nothing).
  it.each([
    'Citation',
    'Entity',
    'Query',
    'Citation.start',
    'Entity.citations',
    'Event.dateClaims',
    'Query.connections',
    'Query.search(text:)',
    'Entity.relations(direction:)',
    'Mutation.updateEntity(expectedRevision:)',
    'EntityInput',
    'EntityInput.name',
    'EntityType',
    'EntityType.PERSON',
    'WindowReading.CERTAINLY',
  ])('lists %s when its description is removed', (coordinate) => {
    expect(undescribed(buildSchema(withoutDescription(sdl, coordinate)))).toEqual([coordinate]);
  });

  it('lists a description that only repeats the name, and a directive without one', () => {
    const schema = buildSchema(`
      "Query." type Query { "Id." id: ID! "ok: what it is" name(lang: String): String }
      directive @since(version: String) on FIELD_DEFINITION`);
    expect(undescribed(schema)).toEqual(['@since', '@since(version:)', 'Query', 'Query.id', 'Query.name(lang:)']);
  });
});
