// Large imports: a 0.75 MB dataset goes through importDataset with the server's default settings,
// parsed, validated and planned in the import worker (not on the event loop that serves /healthz
// and reads), under the import's own time budget; out of budget, IMPORT_TIMEOUT and nothing written.
// (How long /healthz waits during such an import is measured by `npm run bench:import-latency`.)
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeDataset } from '../../bench/large-dataset.js';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { importWorkerStats } from '../../src/workers/import-preparer.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { executor, driver, gql } = connectApi();
const P = 'test-large';
const writer = newToken('test-large-curator', 'write');
let app: RunningApp;

beforeAll(async () => {
  // The server as `npm start` runs it: default limits (a 15 s query timeout), a write token.
  app = await startApp({
    driver,
    logger: createLogger('silent'),
    host: '127.0.0.1',
    port: 0,
    tokens: parseTokens(writer.entry, undefined),
  });
});

afterAll(async () => {
  await app?.stop();
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about STARTS WITH $p DETACH DELETE n', params: { p: P } });
});

const IMPORT = 'mutation($d: String!) { importDataset(document: $d) { entities relationships citations change { id curator } } }';

async function importOverHttp(document: string) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
    body: JSON.stringify({ query: IMPORT, variables: { d: document } }),
  });
  return (await res.json()) as {
    data?: { importDataset: { entities: number; relationships: number; change: { curator: string } } } | null;
    errors?: { message: string; extensions: { code: string } }[];
  };
}

describe('a 0.75 MB import', () => {
  const document = largeDataset(P);

  it('is valid, and over 0.75 MB', () => {
    expect(Buffer.byteLength(document)).toBeGreaterThanOrEqual(750_000);
  });

  it('fails with IMPORT_TIMEOUT when it runs out of its budget (ANNALS_IMPORT_TIMEOUT_MS), and writes nothing', async () => {
    const before = await graphState(executor);
    process.env['ANNALS_IMPORT_TIMEOUT_MS'] = '1';
    try {
      const res = await importOverHttp(document);
      expect(res.errors?.[0]?.extensions.code).toBe('IMPORT_TIMEOUT');
      expect(res.errors?.[0]?.message).toContain('ANNALS_IMPORT_TIMEOUT_MS');
    } finally {
      delete process.env['ANNALS_IMPORT_TIMEOUT_MS'];
    }
    expect(await graphState(executor)).toEqual(before);
  });

  it('imports through the importDataset mutation with the default settings, validated in the import worker', async () => {
    const before = { ...importWorkerStats };
    const res = await importOverHttp(document);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importDataset).toMatchObject({ relationships: expect.any(Number), change: { curator: 'test-large-curator' } });
    expect(res.data!.importDataset.entities).toBeGreaterThan(1000);
    // Structural, not timed: the worker prepared it, on a thread of its own.
    expect(importWorkerStats.prepared).toBe(before.prepared + 1);
    expect(importWorkerStats.threadId).not.toBeNull();
    expect(importWorkerStats.threadId).not.toBe(threadId);
    const member = await gql<{ person: { positions: { title: string }[] } }>(`{ person(id: "${P}-member-42") { positions { title } } }`);
    expect(member.data!.person.positions).toEqual([{ title: 'secretary' }]);
  });
});
