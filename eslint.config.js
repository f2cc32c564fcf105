// One lint configuration for the whole tree; `npm run lint` fails on any warning.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import graphql from '@graphql-eslint/eslint-plugin';

const CODE = ['**/*.{js,mjs,cjs,ts,mts,cts}'];
const SDL = ['schema/graphql/*.graphql'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'src/generated/',
      'examples/timeline-client/src/gql/',
      'neo4j/target/',
      'coverage/',
      '.annals/',
      'dist/',
      'dist-*/',
    ],
  },
  // The shared configurations apply to code only (the SDL below has its own parser); those that name
  // their files (typescript-eslint's TypeScript-only overrides) keep them.
  ...[js.configs.recommended, ...tseslint.configs.recommended, prettier].map((c) => (c.files ? c : { ...c, files: CODE })),
  {
    files: CODE,
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'neo4j-driver', message: 'Only src/db/ talks to Neo4j: go through the executor.' }] },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // The API (schema/graphql/*.graphql, read as one schema): researchers read its descriptions in
  // their IDE and generate clients from it, so every type, field, argument, input field and enum
  // value is described, and names follow the conventions GraphQL clients expect.
  {
    files: SDL,
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: SDL } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      // Short descriptions are "inline", long ones """block""": both are fine.
      '@graphql-eslint/description-style': 'off',
      // Value types (DateValue, Name, PageInfo, Stats…) have no identity of their own; entities,
      // relationships, findings, claims and changes have an id.
      '@graphql-eslint/strict-id-in-types': 'off',
      '@graphql-eslint/naming-convention': [
        'error',
        {
          types: { style: 'PascalCase', forbiddenPrefixes: ['get'] },
          FieldDefinition: { style: 'camelCase', forbiddenPrefixes: ['get', 'fetch'] },
          InputValueDefinition: 'camelCase',
          DirectiveDefinition: 'camelCase',
          EnumValueDefinition: 'UPPER_CASE',
          'FieldDefinition[parent.name.value=Query]': {
            forbiddenPrefixes: ['query', 'get', 'fetch', 'list'],
            forbiddenSuffixes: ['Query'],
          },
          'FieldDefinition[parent.name.value=Mutation]': { forbiddenPrefixes: ['mutation'], forbiddenSuffixes: ['Mutation'] },
          'EnumTypeDefinition,EnumTypeExtension': { forbiddenPrefixes: ['Enum'], forbiddenSuffixes: ['Enum'] },
          'InterfaceTypeDefinition,InterfaceTypeExtension': { forbiddenPrefixes: ['Interface'], forbiddenSuffixes: ['Interface'] },
          'UnionTypeDefinition,UnionTypeExtension': { forbiddenPrefixes: ['Union'], forbiddenSuffixes: ['Union'] },
          'ObjectTypeDefinition,ObjectTypeExtension': { forbiddenPrefixes: ['Type'], forbiddenSuffixes: ['Type'] },
          InputObjectTypeDefinition: { forbiddenPrefixes: ['Input'] },
        },
      ],
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
    },
  },
);
