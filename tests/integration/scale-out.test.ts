// Issue 17, item 5: two Annals processes against one Neo4j (over neo4j:// and bolt://, with
// authentication). A client that sends back the Annals-Bookmark of a write reads that write through
// either process; concurrent writes through both keep change numbers and revisions consistent.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { freePort } from '../../src/launcher/free-port.js';
import { neo4jEnv, testDriver } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';

const ROOT = resolve(import.meta.dirname, '../..');
const P = 'test-scale';
const SRC = 'src-mj-gd-2006-qingyuan';
const TOKEN = `annals_${randomBytes(24).toString('base64url')}`;
const ENTRY = `alice:write:sha256:${createHash('sha256').update(TOKEN).digest('hex')}`;

const driver = testDriver();
const executor = new Executor({ driver });

interface Process {
  child: ChildProcess;
  base: string;
  log: string[];
}
const servers: Process[] = [];

/**
 * `npm start` with NEO4J_URI: the real server process as npm start runs it (the compiled dist/main.js,
 * built by `npm run build` in beforeAll), on the test database, nothing embedded.
 */
async function startServer(uri: string): Promise<Process> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...neo4jEnv(), NEO4J_URI: uri, PORT: String(port), HOST: '127.0.0.1' };
  // A generous transaction limit: the first write of a process loads its Chinese dictionaries
  // inside the transaction, which takes seconds on a loaded machine; no assertion here is about time.
  Object.assign(env, { LOG_LEVEL: 'info', ANNALS_TOKENS: ENTRY, ANNALS_QUERY_TIMEOUT_MS: '120000', ANNALS_REQUEST_BUDGET_MS: '180000' });
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const ready = new Promise<void>((res, rej) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.push(line);
        if (line.includes('Annals is ready at')) res();
      });
    }
    child.once('exit', (code) => rej(new Error(`the server exited (${code}):\n${log.join('\n')}`)));
  });
  await ready;
  return { child, base: `http://127.0.0.1:${port}`, log };
}

beforeAll(async () => {
  // What npm start's prestart does: the server compiled to dist/ (plain JavaScript, no tsx at run time).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const bolt = neo4jEnv()['NEO4J_URI']!;
  // A over neo4j:// (routing: the driver asks the server for its routing table), B over bolt://.
  servers.push(...(await Promise.all([startServer(bolt.replace(/^bolt:/, 'neo4j:')), startServer(bolt)])));
}, 300_000);

afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      const gone = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGTERM');
      await gone;
    }
  }
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
  await driver.close();
});

interface Answer<T> {
  status: number;
  bookmark: string | null;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POST /graphql to one process, with the write token and, when given, a bookmark. */
async function post<T = Record<string, unknown>>(
  server: Process,
  query: string,
  variables: Record<string, unknown> = {},
  bookmark?: string,
): Promise<Answer<T>> {
  const res = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
      ...(bookmark === undefined ? {} : { 'annals-bookmark': bookmark }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, bookmark: res.headers.get('annals-bookmark'), body: (await res.json()) as Answer<T>['body'] };
}

const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { revision entity { id } } }`;
const UPDATE = `mutation($id: ID!, $input: EntityPatch!, $rev: Int) { updateEntity(id: $id, input: $input, expectedRevision: $rev) { revision changed } }`;
const READ = `query($id: ID!) { entity(id: $id) { id name revision } }`;

function person(id: string, name = '胡献') {
  return { id, type: 'PERSON', name, citations: [{ source: SRC, quote: '胡献副秘书长作了机关建设工作总结' }] };
}

describe('the compiled server (npm run build, node dist/main.js)', () => {
  it('serves GraphQL, and its import worker thread loads from dist/: an invalid dataset is refused with its issue, nothing written', async () => {
    const [a] = [servers[0]!];
    expect(a.log.join('\n')).not.toMatch(/tsx/);
    const read = await post<{ entity: { id: string; name: string } }>(a, READ, { id: 'person-luo-fuhe' });
    expect(read.body.data?.entity).toMatchObject({ id: 'person-luo-fuhe', name: '罗富和' });
    const before = await graphState(executor);
    const refused = await post(a, 'mutation($d: String!) { importDataset(document: $d) { entities } }', {
      d: `entities:\n  - id: ${P}-worker\n    type: PERSON\n    name: 胡献\n    citations: [{ source: ${SRC}, quote: "no such sentence in the source" }]\n`,
    });
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.message).toMatch(
      /document:\d+ entities\[0\]\.citations\[0\]\.quote \(test-scale-worker\): quote not found verbatim/,
    );
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('two Annals processes on one Neo4j', () => {
  it('hand back a bookmark after a write; a read through the other process with it sees the write', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const id = `${P}-causal`;
    const created = await post(a, CREATE, { input: person(id) });
    expect(created.body.errors).toBeUndefined();
    expect(created.bookmark).toMatch(/^[\x21-\x7e]+$/);

    const read = await post<{ entity: { id: string; revision: number } }>(b, READ, { id }, created.bookmark!);
    expect(read.status).toBe(200);
    expect(read.body.data?.entity).toMatchObject({ id, revision: 1 });
    // A read hands the bookmark it was given back, so a client can always send the last one it got.
    expect(read.bookmark).toBe(created.bookmark);

    // A write through B, after A's, moves the bookmark on; reading through A with it sees it.
    const updated = await post(b, UPDATE, { id, input: { name: '胡献二' }, rev: 1 }, created.bookmark!);
    expect(updated.body.errors).toBeUndefined();
    expect(updated.bookmark).not.toBeNull();
    expect(updated.bookmark).not.toBe(created.bookmark);
    const again = await post<{ entity: { name: string; revision: number } }>(a, READ, { id }, updated.bookmark!);
    expect(again.body.data?.entity).toMatchObject({ name: '胡献二', revision: 2 });

    // A plain read without a bookmark gets none.
    const plain = await post(a, READ, { id });
    expect(plain.bookmark).toBeNull();
  });

  it('refuse a malformed or unknown bookmark with a coded 400 before writing anything', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const before = await graphState(executor);
    const refusals = [
      'x'.repeat(3000), // over the size limit
      Array.from({ length: 9 }, (_, i) => `FB:b${i}`).join(','), // too many bookmarks
      'FB:caf\u00e9', // outside printable ASCII (fetch sends it as Latin-1)
      'FB:a b',
    ];
    for (const bookmark of refusals) {
      for (const server of [a, b]) {
        const res = await post(server, CREATE, { input: person(`${P}-refused`) }, bookmark);
        expect(res.status, bookmark.slice(0, 20)).toBe(400);
        expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Annals-Bookmark' });
        expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
      }
    }
    // Well-formed, but no bookmark of this database: Neo4j refuses it; the client hears why.
    const unknown = await post(b, CREATE, { input: person(`${P}-refused`) }, 'FB:not-a-bookmark');
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Annals-Bookmark' });
    expect(JSON.stringify(unknown.body)).not.toMatch(/\bat \S+:\d+:\d+/);
    const unknownRead = await post(a, READ, { id: 'person-hu-xian' }, 'FB:not-a-bookmark');
    expect(unknownRead.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(await graphState(executor)).toEqual(before);
  });

  it('number changes without duplicates or gaps and count revisions exactly under concurrent writes through both', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const [{ top } = { top: 0 }] = await executor.read<{ top: number }>({
      cypher: 'MATCH (c:Change) RETURN coalesce(max(c.seq), 0) AS top',
      params: {},
    });
    const id = `${P}-contended`;
    expect((await post(a, CREATE, { input: person(id) })).body.errors).toBeUndefined();

    // Ten creations and ten updates of one entity, half through each process, all at once.
    const writes = Array.from({ length: 10 }, (_, i) => [
      post(i % 2 === 0 ? a : b, CREATE, { input: person(`${P}-many-${i}`) }),
      post(i % 2 === 0 ? b : a, UPDATE, { id, input: { name: `胡献${i}` } }),
    ]).flat();
    const answers = await Promise.all(writes);
    for (const answer of answers) expect(answer.body.errors).toBeUndefined();

    const seqs = (
      await executor.read<{ seq: number }>({
        cypher: 'MATCH (c:Change) WHERE c.seq > $top RETURN c.seq AS seq ORDER BY seq',
        params: { top },
      })
    ).map((r) => r.seq);
    // 1 creation + 10 creations + 10 updates: 21 changes numbered top+1 … top+21, each once.
    expect(seqs).toEqual(Array.from({ length: 21 }, (_, i) => top + 1 + i));
    const [counter] = await executor.read<{ value: number; n: number }>({
      cypher: "MATCH (k:ChangeSeq {id: 'changes'}) RETURN k.value AS value, count(*) AS n",
      params: {},
    });
    expect(counter).toEqual({ value: top + 21, n: 1 });

    // Each update took the next revision: 2 … 11, each once, and the entity ends at 11.
    const revisions = answers
      .filter((_, i) => i % 2 === 1)
      .map((x) => (x.body.data as { updateEntity: { revision: number } }).updateEntity.revision);
    expect(revisions.toSorted((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    const final = await post<{ entity: { revision: number } }>(b, READ, { id });
    expect(final.body.data?.entity.revision).toBe(11);
  });

  it('detect a stale expectedRevision across processes', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const id = `${P}-conflict`;
    const created = await post(a, CREATE, { input: person(id) });
    const read = await post<{ entity: { revision: number } }>(b, READ, { id }, created.bookmark!);
    const rev = read.body.data!.entity.revision;
    // Both processes hold revision 1; B writes first, so A's write from the same revision conflicts.
    const first = await post(b, UPDATE, { id, input: { name: '胡献甲' }, rev }, read.bookmark!);
    expect(first.body.errors).toBeUndefined();
    const before = await graphState(executor);
    const second = await post(a, UPDATE, { id, input: { name: '胡献乙' }, rev }, read.bookmark!);
    expect(second.body.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(second.bookmark).toBe(read.bookmark); // nothing written: the bookmark it was given comes back
    expect(await graphState(executor)).toEqual(before);
    const now = await post<{ entity: { name: string; revision: number } }>(a, READ, { id }, first.bookmark!);
    expect(now.body.data?.entity).toMatchObject({ name: '胡献甲', revision: 2 });
  });
});
