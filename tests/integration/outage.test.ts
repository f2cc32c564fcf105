// With Neo4j gone, requests fail fast with DATABASE_UNAVAILABLE, readiness says so, liveness does
// not; when Neo4j returns the server recovers by itself, and an import cut off wrote nothing.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_DIR, importSeed } from '../../src/bootstrap.js';
import { createDriver, Executor, type Driver } from '../../src/db/executor.js';
import { applyGraphSchema } from '../../src/db/schema.js';
import { importRecorded } from '../../src/domain/curation/import-dataset.js';
import { countGraph } from '../../src/domain/import.js';
import { startNeo4j, type RunningNeo4j } from '../../src/launcher/neo4j-launcher.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { freePort } from '../../src/launcher/free-port.js';

const dataDir = mkdtempSync(join(tmpdir(), 'annals-outage-'));
let boltPort: number;
let neo4j: RunningNeo4j;
let driver: Driver;
let app: RunningApp;
const start = () => startNeo4j({ dataDir, boltPort, heapMb: 512, pageCacheMb: 64 });

beforeAll(async () => {
  boltPort = await freePort();
  neo4j = await start();
  driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
  const executor = new Executor({ driver });
  await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
  await importSeed(executor, 'seed');
  app = await startApp({ driver, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await driver?.close();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = () => app.url.replace('/graphql', '');
async function ask(query: string) {
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } };
}

const DATASET = `
sources:
  - { id: outage-src, title: outage, text: "一份断线测试资料" }
entities:
  - { id: outage-place, type: Place, name: 断线测试, citations: [{ source: outage-src, quote: 断线测试 }] }
`;

describe('a database outage', () => {
  it('fails fast with DATABASE_UNAVAILABLE, keeps liveness, drops readiness, then recovers without a restart', async () => {
    expect((await ask('{ entity(id: "org-capd") { id } }')).body.data).toEqual({ entity: { id: 'org-capd' } });
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);

    await neo4j.stop();
    const during = await ask('{ entity(id: "org-capd") { id } }');
    expect(during.status).toBeLessThan(500);
    expect(during.body.errors?.[0]?.extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    expect((await fetch(`${base()}/readyz`)).status).toBe(503);

    // An import during the outage is refused and leaves nothing behind.
    const text = { text: DATASET, file: 'outage.yaml', baseDir: null };
    const executor = new Executor({ driver });
    const refused = (await importRecorded(executor, 'test-outage', [text]).catch((e: unknown) => e)) as { extensions?: { code?: string } };
    expect(refused.extensions?.code).toBe('DATABASE_UNAVAILABLE');

    neo4j = await start();
    let answer = await ask('{ entity(id: "org-capd") { id } }');
    for (let tries = 0; tries < 50 && answer.body.errors; tries += 1) {
      await new Promise((r) => setTimeout(r, 200));
      answer = await ask('{ entity(id: "org-capd") { id } }');
    }
    expect(answer.body.data).toEqual({ entity: { id: 'org-capd' } });
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);

    const before = await countGraph(executor);
    expect((await ask('{ entity(id: "outage-place") { id } }')).body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await importRecorded(executor, 'test-outage', [text]);
    expect((await countGraph(executor)).nodes).toBeGreaterThan(before.nodes);
    expect((await ask('{ entity(id: "outage-place") { id } }')).body.data).toEqual({ entity: { id: 'outage-place' } });
  });
});

describe('graceful stop', () => {
  it('lets requests in flight finish while refusing new connections', async () => {
    const other = await startApp({ driver, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
    const arrived = once(other.server, 'request');
    const inFlight = fetch(other.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ timeline(first: 50) { edges { node { id ... on Event { participants { entity { name } } citations { quote } } } } } }',
      }),
    });
    await arrived;
    const stopping = other.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { timeline: { edges: unknown[] } } }).data.timeline.edges.length).toBeGreaterThan(10);
    await stopping;
    await expect(fetch(other.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
