// The Reconciliation Service API 0.2 at /reconcile over real HTTP, as OpenRefine calls it: every
// answer is validated against the spec's own JSON Schemas, the spec's example batches are sent,
// and real matches, ambiguity, evidence, suggest, preview, limits, CORS and tokens are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';
import { specExamples, specValidators, type SpecSchema } from '../helpers/reconcile-spec.js';

const { driver, logger, asCurator, executor } = connectApi();
const validate = specValidators();
const P = 'test-recon';
const SRC = 'src-mj-gd-2006-qingyuan';
const reader = newToken('reader', 'read');

let app: RunningApp;
let base: string;
let closed: RunningApp;
let closedBase: string;

interface Candidate {
  id: string;
  name: string;
  description?: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: boolean | number }[];
}
type ResultBatch = Record<string, { result: Candidate[] }>;
interface ErrorBody {
  errors: { message: string; extensions: { code: string; [k: string]: unknown } }[];
}

const CREATE = `mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }`;

beforeAll(async () => {
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
  base = new URL(app.url).origin;
  closed = await startApp({
    driver,
    logger,
    host: '127.0.0.1',
    port: 0,
    tokens: parseTokens(reader.entry, undefined),
    privateReads: true,
    limits: { maxBodyBytes: 4000 },
  });
  closedBase = new URL(closed.url).origin;
  // Two more people named 胡献 (the seed has one), one with a Wikidata id: an ambiguous name.
  for (const [id, extra] of [
    [`${P}-a`, { identifiers: [{ scheme: 'WIKIDATA', value: 'Q987654320' }] }],
    [`${P}-b`, {}],
  ] as const) {
    const res = await asCurator('alice', CREATE, {
      input: { id, type: 'PERSON', name: '胡献', citations: [{ source: SRC, quote: '胡献副秘书长作了机关建设工作总结' }], ...extra },
    });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await executor.write({ cypher: 'MATCH (n) WHERE n.id STARTS WITH $p OR n.about CONTAINS $p DETACH DELETE n', params: { p: P } });
  await closed?.stop();
  await app?.stop();
});

/** POSTs a batch the way OpenRefine does: form-encoded, the JSON in `queries`. */
async function reconcile(batch: unknown, origin = base, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/reconcile`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ queries: typeof batch === 'string' ? batch : JSON.stringify(batch) }).toString(),
  });
}

/** A 200 answer, valid against a schema of the spec, with CORS open. */
async function valid<T>(res: Response, schema: SpecSchema): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(validate(schema, body)).toEqual([]);
  return body;
}

async function results(batch: unknown): Promise<ResultBatch> {
  return valid<ResultBatch>(await reconcile(batch), 'reconciliation-result-batch');
}

/** A coded JSON refusal with this status: no stack, no driver text, CORS open. */
async function refused(res: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(text).not.toMatch(/stack|Neo4jError|at .*\.ts:\d+/);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.errors[0]!.extensions.code).toBe(code);
  return body;
}

describe('the manifest', () => {
  it('is what GET /reconcile answers, valid, with this server in its URLs and CORS open', async () => {
    const res = await fetch(`${base}/reconcile`);
    const manifest = await valid<{
      versions: string[];
      view: { url: string };
      preview: { url: string };
      suggest: Record<string, { service_url: string; service_path: string }>;
      defaultTypes: { id: string }[];
      batchSize: number;
    }>(res, 'manifest');
    expect(manifest.versions).toEqual(['0.2']);
    expect(manifest.view.url).toBe(`${base}/?entity={{id}}`);
    expect(manifest.preview.url).toBe(`${base}/reconcile/preview?id={{id}}`);
    expect(manifest.suggest['entity']).toEqual({ service_url: base, service_path: '/reconcile/suggest/entity' });
    expect(manifest.defaultTypes.map((t) => t.id)).toContain('Organization');
    expect(manifest.batchSize).toBe(100);
    expect(manifest).not.toHaveProperty('authentication');
  });

  it('answers CORS preflights for every endpoint', async () => {
    for (const path of ['/reconcile', '/reconcile/suggest/entity', '/reconcile/preview']) {
      const res = await fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://127.0.0.1:3333',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    }
  });
});

describe('reconciliation queries', () => {
  it('match 罗富和, his pinyin and his id, with match true on the one candidate', async () => {
    const batch = {
      q0: { query: '罗富和' },
      q1: { query: 'luo fuhe', type: 'Person' },
      q2: { query: 'Luo Fuhe' },
      q3: { query: 'person-luo-fuhe' },
      q4: { query: '罗富和', type: 'Organization' },
    };
    const out = await results(batch);
    expect(Object.keys(out)).toEqual(Object.keys(batch));
    for (const key of ['q0', 'q1', 'q2', 'q3']) {
      const [top, ...rest] = out[key]!.result;
      expect(top, key).toMatchObject({ id: 'person-luo-fuhe', name: '罗富和', match: true, type: [{ id: 'Person', name: 'Person' }] });
      expect(top!.score).toBeGreaterThanOrEqual(70);
      expect(rest.every((c) => !c.match)).toBe(true);
    }
    expect(out['q0']!.result[0]).toMatchObject({ score: 90, description: expect.stringContaining('民进广东省委主委') });
    expect(out['q3']!.result[0]!.score).toBe(100);
    expect(out['q4']!.result.every((c) => c.type[0]!.id === 'Organization')).toBe(true);
  });

  it('are answered by GET too (for trying them in a browser)', async () => {
    const res = await fetch(`${base}/reconcile?queries=${encodeURIComponent(JSON.stringify({ q: { query: '民进广东省委' } }))}`);
    const out = await valid<ResultBatch>(res, 'reconciliation-result-batch');
    expect(out['q']!.result[0]).toMatchObject({ id: 'org-capd-guangdong', match: true });
  });

  it('give an ambiguous name its candidates and no match; evidence picks one', async () => {
    const out = await results({
      plain: { query: '胡献', type: 'Person' },
      byOrganization: { query: '胡献', type: 'Person', properties: [{ pid: 'organization', v: '民进广东省委' }] },
      byOrganizationId: { query: '胡献', properties: [{ pid: 'organization', v: { id: 'org-capd-guangdong', name: '?' } }] },
      byEnglishOrganization: { query: '胡献', properties: [{ pid: 'organization', v: 'CAPD Guangdong Provincial Committee' }] },
      byDate: { query: '胡献', properties: [{ pid: 'date', v: '2006' }] },
      byOtherDate: { query: '胡献', properties: [{ pid: 'date', v: '1990' }] },
      byEvent: { query: '胡献', properties: [{ pid: 'event', v: '民进广东省委机关建设工作座谈会' }] },
      byIdentifier: { query: '胡献', properties: [{ pid: 'WIKIDATA', v: 'q987654320' }] },
      identifierOnly: { properties: [{ pid: 'WIKIDATA', v: 'Q987654320' }] },
    });
    const plain = out['plain']!.result;
    expect(
      plain
        .filter((c) => c.score === 90)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['person-hu-xian', `${P}-a`, `${P}-b`].sort());
    expect(plain.some((c) => c.match)).toBe(false);
    for (const [key, feature] of [
      ['byOrganization', 'evidence_organization'],
      ['byOrganizationId', 'evidence_organization'],
      ['byEnglishOrganization', 'evidence_organization'],
      ['byDate', 'evidence_date'],
      ['byEvent', 'evidence_event'],
    ] as const) {
      const [top, ...rest] = out[key]!.result;
      expect(top, key).toMatchObject({ id: 'person-hu-xian', score: 95, match: true });
      expect(top!.features).toContainEqual({ id: feature, value: true });
      expect(
        rest.every((c) => !c.match && c.score === 90),
        key,
      ).toBe(true);
    }
    expect(out['byOtherDate']!.result.some((c) => c.match)).toBe(false);
    expect(out['byIdentifier']!.result[0]).toMatchObject({ id: `${P}-a`, score: 100, match: true });
    expect(out['identifierOnly']!.result).toEqual([expect.objectContaining({ id: `${P}-a`, match: true })]);
  });

  it('let a date rank similar names without ever making them a match', async () => {
    const q = { query: '建设工作座谈会', type: 'Event' };
    const out = await results({
      plain: q,
      in2006: { ...q, properties: [{ pid: 'date', v: '2006-07' }] },
      in2002: { ...q, properties: [{ pid: 'date', v: 2002 }] },
    });
    const score = (key: string, id: string) => out[key]!.result.find((c) => c.id === id);
    const QINGYUAN = 'event-2006-qingyuan-symposium';
    const ZHONGSHAN = 'event-2002-zhongshan-meeting';
    const before = { q: score('plain', QINGYUAN)!.score, z: score('plain', ZHONGSHAN)!.score };
    expect(score('in2006', QINGYUAN)).toMatchObject({
      score: before.q + 5,
      features: expect.arrayContaining([{ id: 'evidence_date', value: true }]),
    });
    expect(score('in2006', ZHONGSHAN)!.score).toBe(before.z);
    expect(score('in2002', ZHONGSHAN)!.score).toBe(before.z + 5);
    expect(score('in2002', QINGYUAN)!.score).toBe(before.q);
    for (const key of ['plain', 'in2006', 'in2002'])
      expect(
        out[key]!.result.some((c) => c.match),
        key,
      ).toBe(false);
  });

  it('cap candidates at limit; unknown types find nothing, unknown properties are ignored', async () => {
    const out = await results({
      one: { query: '胡献', limit: 1 },
      unknownType: { query: '罗富和', type: 'DifferentiatedPerson' },
      unknownProperty: { query: '罗富和', properties: [{ pid: 'professionOrOccupation', v: 'Politik*' }] },
    });
    expect(out['one']!.result).toHaveLength(1);
    expect(out['unknownType']!.result).toEqual([]);
    expect(out['unknownProperty']!.result[0]).toMatchObject({ id: 'person-luo-fuhe', match: true });
  });

  it("accept every valid example batch of the spec, as written and with this graph's types and names", async () => {
    const examples = specExamples('reconciliation-query-batch', 'valid');
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const names = ['罗富和', '胡献', '姚本棠', '民进广东省委'];
    for (const { file, value } of examples) {
      const asWritten = await results(value);
      expect(Object.keys(asWritten), file).toEqual(Object.keys(value as object));
      // The same batch for this graph: its types become ours, its query strings names of the seed.
      const adapted = JSON.parse(
        JSON.stringify(value)
          .replaceAll('"DifferentiatedPerson"', '"Person"')
          .replace(/"query":"[^"]*"/g, () => `"query":"${names.shift() ?? '胡献'}"`),
      ) as Record<string, { query?: string; type?: string }>;
      const out = await results(adapted);
      for (const [key, q] of Object.entries(adapted)) {
        if (q.query === undefined) expect(out[key]!.result, `${file} ${key}`).toEqual([]);
        else
          expect(
            out[key]!.result.some((c) => c.name === q.query),
            `${file} ${key}`,
          ).toBe(true);
      }
    }
  });

  it('refuse bad input with coded JSON, writing nothing', async () => {
    const before = await graphState(executor);
    await refused(await reconcile('{"q0": '), 400, 'BAD_USER_INPUT');
    await refused(await reconcile('[{"query": "x"}]'), 400, 'BAD_USER_INPUT');
    for (const { file, value } of specExamples('reconciliation-query-batch', 'invalid')) {
      const body = await refused(await reconcile(value), 400, 'BAD_USER_INPUT');
      expect(body.errors[0]!.extensions['field'], file).toMatch(/^queries\./);
    }
    await refused(await reconcile({ q: { query: 'x'.repeat(201) } }), 400, 'BAD_USER_INPUT');
    await refused(await reconcile({ q: { query: 'x', limit: -1 } }), 400, 'BAD_USER_INPUT');
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, n) => [`q${n}`, { query: '胡献' }]));
    const tooMany = await refused(await reconcile(many), 413, 'BAD_USER_INPUT');
    expect(tooMany.errors[0]!.extensions).toMatchObject({ limit: 'batchSize', max: 100 });
    // The Cypher never sees the text: a query made of Cypher and Lucene is just a name nobody has.
    const injected = await results({ q: { query: `") DETACH DELETE n //`, properties: [{ pid: 'organization', v: "' OR 1=1 *" }] } });
    expect(injected['q']!.result.some((c) => c.match)).toBe(false);
    const json = await fetch(`${base}/reconcile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":{}}' });
    await refused(json, 415, 'BAD_REQUEST');
    const noQueries = await fetch(`${base}/reconcile`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=x',
    });
    await refused(noQueries, 400, 'BAD_USER_INPUT');
    await refused(await fetch(`${base}/reconcile`, { method: 'PUT', body: 'x' }), 405, 'BAD_REQUEST');
    await refused(await fetch(`${base}/reconcile?callback=cb`), 400, 'BAD_USER_INPUT');
    await refused(await fetch(`${base}/reconcile?extend=${encodeURIComponent('{"ids":[]}')}`), 400, 'BAD_USER_INPUT');
    await refused(await fetch(`${base}/reconcile/nowhere`), 404, 'NOT_FOUND');
    expect(await graphState(executor)).toEqual(before);
  });
});

describe('suggest', () => {
  const suggest = async (kind: string, query: string) =>
    valid<{ result: { id: string; name: string; notable?: { id: string }[] }[] }>(
      await fetch(`${base}/reconcile/suggest/${kind}?${query}`),
      `suggest-${kind === 'entity' ? 'entities' : kind === 'type' ? 'types' : 'properties'}-response` as SpecSchema,
    );

  it('suggests entities by a prefix in Chinese or pinyin, by id, by type, page by page', async () => {
    expect((await suggest('entity', 'prefix=罗富')).result[0]).toMatchObject({ id: 'person-luo-fuhe', notable: [{ id: 'Person' }] });
    expect((await suggest('entity', 'prefix=luo%20fu')).result.map((r) => r.id)).toContain('person-luo-fuhe');
    expect((await suggest('entity', 'prefix=person-hu-xian')).result[0]!.id).toBe('person-hu-xian');
    const orgs = await suggest('entity', 'prefix=民进&type=Organization');
    expect(orgs.result.length).toBeGreaterThan(0);
    expect(orgs.result.every((r) => r.notable?.[0]?.id === 'Organization')).toBe(true);
    expect((await suggest('entity', 'prefix=民进&type=Unknown')).result).toEqual([]);
    expect((await suggest('entity', 'prefix=%28%29')).result).toEqual([]);
    const first = (await suggest('entity', 'prefix=机关')).result.map((r) => r.id);
    const second = (await suggest('entity', 'prefix=机关&cursor=2')).result.map((r) => r.id);
    expect(second.slice(0, first.length - 2)).toEqual(first.slice(2));
  });

  it('suggests types and properties', async () => {
    expect((await suggest('type', 'prefix=org')).result.map((r) => r.id)).toEqual(['Organization']);
    expect((await suggest('property', 'prefix=')).result.map((r) => r.id)).toContain('organization');
    expect((await suggest('property', 'prefix=da')).result.map((r) => r.id)).toEqual(['date']);
  });

  it('refuses a missing prefix or a bad cursor with coded JSON', async () => {
    await refused(await fetch(`${base}/reconcile/suggest/entity`), 400, 'BAD_USER_INPUT');
    await refused(await fetch(`${base}/reconcile/suggest/entity?prefix=x&cursor=a`), 400, 'BAD_USER_INPUT');
    await refused(await fetch(`${base}/reconcile/suggest/type?prefix=${'x'.repeat(201)}`), 400, 'BAD_USER_INPUT');
  });
});

describe('preview', () => {
  it('is a small HTML card that any page may frame and that runs nothing', async () => {
    const res = await fetch(`${base}/reconcile/preview?id=person-luo-fuhe`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toMatch(/script-src|unsafe/);
    const html = await res.text();
    expect(html).toContain('罗富和');
    expect(html).toContain('Luo Fuhe');
    expect(html).toContain('罗富和主委亲任领导小组组长');
    expect(html).toContain(`href="${base}/?entity=person-luo-fuhe"`);
    expect(html).not.toMatch(/<script/i);
  });

  it('shows identifiers as links', async () => {
    const html = await (await fetch(`${base}/reconcile/preview?id=${P}-a`)).text();
    expect(html).toContain('href="http://www.wikidata.org/entity/Q987654320"');
  });

  it('answers an unknown or missing id with coded JSON', async () => {
    await refused(await fetch(`${base}/reconcile/preview?id=nobody`), 404, 'NOT_FOUND');
    await refused(await fetch(`${base}/reconcile/preview`), 400, 'BAD_USER_INPUT');
  });
});

describe('with private reads (ANNALS_READ_TOKEN)', () => {
  const auth = { authorization: `Bearer ${reader.token}` };

  it('the manifest stays open and says how to authenticate; everything else needs the token', async () => {
    const manifest = await valid<{ authentication?: unknown }>(await fetch(`${closedBase}/reconcile`), 'manifest');
    expect(manifest.authentication).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    await refused(await reconcile({ q: { query: '罗富和' } }, closedBase), 401, 'UNAUTHENTICATED');
    await refused(await fetch(`${closedBase}/reconcile/suggest/entity?prefix=罗`), 401, 'UNAUTHENTICATED');
    await refused(await fetch(`${closedBase}/reconcile/suggest/type?prefix=`), 401, 'UNAUTHENTICATED');
    await refused(await fetch(`${closedBase}/reconcile/preview?id=person-luo-fuhe`), 401, 'UNAUTHENTICATED');
    // A wrong token is a 401 wherever it is sent, the manifest included.
    await refused(await fetch(`${closedBase}/reconcile`, { headers: { authorization: 'Bearer nope' } }), 401, 'UNAUTHENTICATED');
    const out = await valid<ResultBatch>(await reconcile({ q: { query: '罗富和' } }, closedBase, auth), 'reconciliation-result-batch');
    expect(out['q']!.result[0]).toMatchObject({ id: 'person-luo-fuhe', match: true });
    expect((await fetch(`${closedBase}/reconcile/preview?id=person-luo-fuhe`, { headers: auth })).status).toBe(200);
  });

  it('a body over the server limit is a 413', async () => {
    const big = { q: { query: '罗富和', properties: Array.from({ length: 20 }, () => ({ pid: 'date', v: 'x'.repeat(190) })) } };
    await refused(await reconcile(big, closedBase, auth), 413, 'BAD_USER_INPUT');
  });
});
