import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, no database) and `integration` (one embedded Neo4j for the run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
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
