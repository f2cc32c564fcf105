// Issue 17, item 6: the embedded Neo4j records a class-data archive when it first stops and maps it
// on later starts. Whatever state that archive is in (truncated, foreign, missing), Neo4j still starts.
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/db/executor.js';
import { classDataFiles } from '../../src/launcher/class-data.js';
import { freePort } from '../../src/launcher/free-port.js';
import { startNeo4j, type RunningNeo4j } from '../../src/launcher/neo4j-launcher.js';

const dataDir = mkdtempSync(join(tmpdir(), 'annals-class-data-'));
const { archive, manifest } = classDataFiles(dataDir);
let running: RunningNeo4j | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts Neo4j on dataDir, runs one query through Bolt with the data directory's password, stops it. */
async function startQueryStop(): Promise<{ classData: RunningNeo4j['classData']; answer: unknown }> {
  running = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb: 384, pageCacheMb: 32, progress: () => undefined });
  const driver = createDriver({ uri: running.uri, ...running.credentials });
  try {
    const { records } = await driver.executeQuery('RETURN 41 + 1 AS answer');
    return { classData: running.classData, answer: records[0]?.get('answer') };
  } finally {
    await driver.close();
    await running.stop();
    running = undefined;
  }
}

/** The manifest's byte count made to agree with the archive, so that only the JVM can tell it is bad. */
function vouchFor(file: string): void {
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { key: string; bytes: number };
  writeFileSync(manifest, JSON.stringify({ ...m, bytes: statSync(file).size }));
}

describe('the class-data archive of the embedded Neo4j', () => {
  it('is recorded in the data directory when a first start stops', async () => {
    expect(existsSync(archive)).toBe(false);
    const first = await startQueryStop();
    expect(first).toMatchObject({ classData: 'recording' });
    expect(Number(first.answer)).toBe(42);
    expect(statSync(archive).size).toBeGreaterThan(1_000_000);
    expect(JSON.parse(readFileSync(manifest, 'utf8'))).toMatchObject({ bytes: statSync(archive).size });
    // Mapped as code at every start: no other local account may read or replace it.
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(statSync(manifest).mode & 0o777).toBe(0o600);
  }, 300_000);

  it('truncated (the JVM would crash mapping it): Neo4j starts without it and records it again', async () => {
    truncateSync(archive, 1_000_000);
    vouchFor(archive);
    const next = await startQueryStop();
    expect(Number(next.answer)).toBe(42);
    expect(next.classData).toBe('recording');
    expect(statSync(archive).size).toBeGreaterThan(1_000_000);
  }, 300_000);

  it('with a foreign header (the JVM refuses it): Neo4j starts without it and records it again', async () => {
    const fd = openSync(archive, 'r+');
    writeSync(fd, Buffer.from('XXXX'), 0, 4, 0);
    closeSync(fd);
    const next = await startQueryStop();
    expect(next).toMatchObject({ classData: 'recording' });
    expect(Number(next.answer)).toBe(42);
    expect(readFileSync(archive).subarray(0, 4).toString()).not.toBe('XXXX');
  }, 300_000);

  it('missing while its manifest stays: Neo4j starts and records a new one', async () => {
    writeFileSync(manifest, JSON.stringify({ key: 'stale', bytes: 1 }));
    const next = await startQueryStop();
    expect(next).toMatchObject({ classData: 'recording' });
    expect(Number(next.answer)).toBe(42);
    expect(existsSync(archive)).toBe(true);
  }, 300_000);
});
