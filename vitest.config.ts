import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS entry for Apollo; Vite would give our sources the .mjs one, and
// graphql-js refuses types from "another realm". One entry for both, as in production.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

// Two projects: `unit` (pure code, no database) and `integration` (one embedded Neo4j for the run).
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Pure code is fast, but CI shares 2 cores with a JVM: a wide margin, never a measurement.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          // One database for the run: files go one after another so "graph unchanged" checks are sound.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
