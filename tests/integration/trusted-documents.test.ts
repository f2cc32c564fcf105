// Trusted documents over real HTTP, with the manifest of a real client: examples/timeline-client,
// whose operations GraphQL Code Generator's client preset writes to persisted-documents.json. With
// ANNALS_TRUSTED_DOCUMENTS only those operations run (by hash, or their text in full), for
// anonymous and read-token callers; write-token holders run anything. Without it, any query runs
// and the same client registers its operation through automatic persisted queries.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { buildSchema, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { trustedDocumentsOf, type TrustedDocuments } from '../../src/server/trusted-documents.js';
import { OPERATIONS } from '../../src/web/api.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const MANIFEST = 'examples/timeline-client/src/gql/persisted-documents.json';
const { driver, logger, executor } = connectApi();
const alice = newToken('alice', 'write');
const rita = newToken('rita', 'read');
let docs: TrustedDocuments;
let trusted: RunningApp;
let open: RunningApp;
let closed: RunningApp;
let hash: string;
let registered: string;

beforeAll(async () => {
  // The client's manifest as its users make it (`npm run examples:codegen`), and the explorer's, as
  // its build writes it (dist/web/persisted-documents.json), taken as `npm start` takes them.
  execFileSync('npm', ['run', '--silent', 'examples:codegen'], { stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: ['ignore', 'pipe', 'pipe'] });
  docs = trustedDocumentsOf(MANIFEST)!;
  [hash, registered] = [...docs.byHash].find(([, text]) => text.includes('TimelinePage'))!;
  const tokens = parseTokens(`${alice.entry}\n${rita.entry}`, undefined);
  trusted = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens, trustedDocuments: docs });
  open = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens });
  closed = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens, limits: { introspection: false } });
}, 120_000);
afterAll(async () => {
  await Promise.all([trusted?.stop(), open?.stop(), closed?.stop()]);
});

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code: string } }[] };

async function post(url: string, body: Record<string, unknown>, token?: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

const byHash = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
const WINDOW = { from: '2002-06', to: '2003', reading: 'CERTAINLY', first: 10 };
const code = (r: { body: Body }) => r.body.errors?.[0]?.extensions.code;

/** The example client's program, run as its users run it, against a server. */
async function runClient(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/timeline-client/src/main.ts', ...args], {
    env: { ...process.env, ANNALS_URL: url },
  });
  return stdout;
}

describe('the timeline client (examples/timeline-client)', () => {
  it('pages through the timeline of a trusted-documents server by hash, and prints it', async () => {
    // Pages of 2 events: the 4 of June 2002 to 2003 (read CERTAINLY) take two requests.
    const text = await runClient(trusted.url, '2002-06', '2003', '--reading=CERTAINLY', '--page-size=2');
    expect(text.split('\n').slice(0, 5)).toEqual([
      '4 events',
      expect.stringMatching(/^2002-06 +换届 \(2002年6月 · June 2002\)$/),
      expect.stringMatching(/^2002-07 +机关建设座谈会.*\(2002年7月 · July 2002\) @ 中山市$/),
      expect.stringMatching(/^2002-12 +建立民进广东省委网站/),
      expect.stringMatching(/^2003 +机关作风建设年活动 \(2003年 · 2003\)$/),
    ]);
    const html = await runClient(trusted.url, '2002-06', '2003', '--reading=CERTAINLY', '--html');
    expect(html).toContain('<li data-id="event-2003-work-style-year"><time datetime="2003-01-01">2003年</time> 机关作风建设年活动</li>');
  });

  it('registers its operation on a server with automatic persisted queries, then runs it by hash', async () => {
    const text = await runClient(open.url, '2002-06', '2003', '--reading=CERTAINLY');
    expect(text.startsWith('4 events\n')).toBe(true);
    const again = await post(open.url, { ...byHash(hash), variables: WINDOW });
    expect(again.body.data?.['timeline']).toMatchObject({ totalCount: 4 });
    // Another text with that hash is the client's mistake (BAD_REQUEST), not the server's.
    const mismatch = await post(open.url, { query: '{ stats { sources } }', ...byHash(hash) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
  });
});

describe('trusted documents (ANNALS_TRUSTED_DOCUMENTS)', () => {
  it('runs a registered document by hash (APQ extension or documentId), or sent in full', async () => {
    const viaApq = await post(trusted.url, { ...byHash(hash), variables: WINDOW });
    expect(viaApq.status).toBe(200);
    expect(viaApq.body.data?.['timeline']).toMatchObject({ totalCount: 4 });
    const viaDocumentId = await post(trusted.url, { documentId: `sha256:${hash}`, variables: WINDOW });
    expect(viaDocumentId.body).toEqual(viaApq.body);
    const inFull = await post(trusted.url, { query: registered, variables: WINDOW });
    expect(inFull.body).toEqual(viaApq.body);
    const params = new URLSearchParams({ extensions: JSON.stringify(byHash(hash).extensions), variables: JSON.stringify(WINDOW) });
    // Apollo takes GET only with a header a cross-site form cannot send (CSRF prevention).
    const viaGet = await fetch(`${trusted.url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await viaGet.json()).toEqual(viaApq.body);
  });

  it('refuses any other query, anonymous or with a read token, before it runs, with PERSISTED_QUERY_ONLY', async () => {
    const before = await graphState(executor);
    const other = '{ stats { sources } }';
    for (const token of [undefined, rita.token]) {
      const refused = await post(trusted.url, { query: other }, token);
      expect(refused.status).toBe(400);
      expect(code(refused)).toBe('PERSISTED_QUERY_ONLY');
      expect(refused.body.errors?.[0]?.message).toMatch(/only registered operations/);
      expect(refused.body.data).toBeUndefined();
    }
    // A write without a token is refused for the same reason, and writes nothing.
    const write = await post(trusted.url, {
      query:
        'mutation { addCitation(about: "person-hu-xian", citation: {source: "src-mj-gd-2006-qingyuan", quote: "胡献副秘书长"}) { id } }',
    });
    expect(code(write)).toBe('PERSISTED_QUERY_ONLY');
    // The registered hash with another text, an unknown hash, a GET with a query, introspection.
    expect(code(await post(trusted.url, { query: other, ...byHash(hash) }))).toBe('PERSISTED_QUERY_ONLY');
    const unknown = createHash('sha256').update(other).digest('hex');
    expect(code(await post(trusted.url, byHash(unknown)))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(code(await post(trusted.url, { documentId: 'nonsense' }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const get = await fetch(`${trusted.url}?query=${encodeURIComponent(other)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(code({ body: (await get.json()) as Body })).toBe('PERSISTED_QUERY_ONLY');
    expect(code(await post(trusted.url, { query: '{ __schema { types { name } } }' }))).toBe('PERSISTED_QUERY_ONLY');
    expect(await graphState(executor)).toEqual(before);
  });

  it("runs the explorer's own documents, sent in full as the page at / sends them", async () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(8);
    const search = OPERATIONS.find((text) => text.startsWith('query Search('))!;
    const found = await post(trusted.url, { query: search, variables: { text: '罗富和', first: 3 } });
    expect(found.body.errors).toBeUndefined();
    expect(JSON.stringify(found.body.data)).toContain('person-luo-fuhe');
    for (const text of OPERATIONS) expect(docs.byHash.get(createHash('sha256').update(text).digest('hex'))).toBe(text);
  });

  it('lets write-token holders run any document', async () => {
    const any = await post(trusted.url, { query: '{ stats { sources } }' }, alice.token);
    expect(any.status).toBe(200);
    expect(any.body.errors).toBeUndefined();
    expect(any.body.data?.['stats']).toMatchObject({ sources: expect.any(Number) });
  });

  it('runs any query when it is off (the default)', async () => {
    const any = await post(open.url, { query: '{ stats { sources } }' });
    expect(any.body.errors).toBeUndefined();
  });
});

describe('the SDL at /schema.graphql', () => {
  it('is the served schema, as text, to whoever may introspect', async () => {
    const res = await fetch(new URL('/schema.graphql', open.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const sdl = await res.text();
    expect(printSchema(buildSchema(sdl))).toBe(sdl);
    expect(sdl).toContain('timeline(');
    // The same schema introspection gives.
    const introspected = await post(open.url, { query: '{ __schema { types { name } } }' });
    const names = (introspected.body.data?.['__schema'] as { types: { name: string }[] }).types.map((t) => t.name);
    expect(Object.keys(buildSchema(sdl).getTypeMap()).sort()).toEqual(names.sort());
  });

  it('is not published with introspection off, and a wrong token is refused', async () => {
    const off = await fetch(new URL('/schema.graphql', closed.url));
    expect(off.status).toBe(404);
    expect(((await off.json()) as Body).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const wrong = await fetch(new URL('/schema.graphql', open.url), { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });
});
