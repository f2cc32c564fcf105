// GraphQL Code Generator's client preset: typed documents for src/**/*.ts from the Annals schema,
// and persisted-documents.json, the manifest of every operation by its SHA-256, which a server in
// trusted-documents mode runs (ANNALS_TRUSTED_DOCUMENTS=examples/timeline-client/src/gql/persisted-documents.json).
// The schema is the repository's SDL by default; ANNALS_SCHEMA=http://127.0.0.1:4000/schema.graphql
// takes it from a running server instead.
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = new URL('.', import.meta.url).pathname;

const config: CodegenConfig = {
  schema: process.env['ANNALS_SCHEMA'] ?? `${here}../../schema/graphql/*.graphql`,
  documents: [`${here}src/**/*.ts`, `!${here}src/gql/**`],
  ignoreNoDocuments: false,
  // Imports with .js, as Node's ESM resolution (tsconfig NodeNext) wants.
  emitLegacyCommonJSImports: false,
  generates: {
    [`${here}src/gql/`]: {
      preset: 'client',
      presetConfig: {
        // Sent as the APQ hash (extensions.persistedQuery.sha256Hash), so SHA-256.
        persistedDocuments: { hashAlgorithm: 'sha256' },
        fragmentMasking: false,
      },
      config: {
        // Documents as strings with their hash (__meta__), so the client needs no GraphQL library.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        // Types of what the operations select, not of the whole schema.
        onlyOperationTypes: true,
      },
    },
  },
};

export default config;
