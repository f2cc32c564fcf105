// Fair sharing over real HTTP: the attack (five clients, thirty aliased depth-3
// neighbourhoods each) next to cheap lookups; exports under the same gate and a time budget;
// export filters refusing names that are not types. No timing is asserted, only outcomes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapDriverError } from '../../src/db/executor.js';
import { AnnalsError, overloaded } from '../../src/errors.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { createContext } from '../../src/graphql/context.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { serveExport } from '../../src/server/export-route.js';
import { connectApi } from '../helpers/api.js';

const { driver, logger, executor } = connectApi();
let app: RunningApp;
let base: string;

beforeAll(async () => {
  // Small bounds so the attack meets them even on the small seeded graph.
  app = await startApp({
    driver,
    logger,
    host: '127.0.0.1',
    port: 0,
    fairShare: { concurrency: 1, queue: 1, perRequest: 2, maxWaitMs: 5_000 },
  });
  base = app.url.replace('/graphql', '');
});
afterAll(async () => app.stop());

interface Answer {
  status: number;
  retryAfter: string | null;
  codes: string[];
  data: unknown;
}

async function post(query: string): Promise<Answer> {
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?'),
    data: body.data,
  };
}

// The thirty aliases are now refused by the cost limit before anything runs (see
// abuse-limits.test.ts); ten pass it, and meet the fair share instead.
const ATTACK = `{ ${Array.from({ length: 10 }, (_, i) => `n${i}: neighborhood(id: "org-capd-guangdong", depth: 3) { nodes { id label } edges { from to label } }`).join('\n')} }`;
const CHEAP = '{ entity(id: "person-hu-xian") { id name } }';

describe('fair sharing of expensive work', () => {
  it('keeps cheap lookups answering under the attack, and answers overload with a retryable 503', async () => {
    let attacking = true;
    const attack = Promise.all(Array.from({ length: 5 }, () => post(ATTACK))).finally(() => (attacking = false));
    const lookups: Answer[] = [];
    // Cheap lookups while the attack runs (at least a few, however fast it is).
    while (attacking || lookups.length < 5) lookups.push(...(await Promise.all([post(CHEAP), post(CHEAP)])));
    const attacks = await attack;

    for (const l of lookups) expect(l).toMatchObject({ status: 200, codes: [], data: { entity: { id: 'person-hu-xian', name: '胡献' } } });
    for (const a of attacks) {
      expect(a.codes).not.toContain('INTERNAL_SERVER_ERROR');
      if (a.codes.length === 0) expect(a.status).toBe(200);
      else {
        expect(new Set(a.codes)).toEqual(new Set(['OVERLOADED']));
        expect(a.status).toBe(503);
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
      }
    }
    // Ten in one request is past its share of two: refused, not run one after another.
    expect(attacks.filter((a) => a.status === 503).length).toBe(5);
  });

  it('still answers one or two neighbourhoods per request', async () => {
    const two = await post(
      '{ a: neighborhood(id: "org-capd-guangdong", depth: 2) { nodes { id } } b: connections(from: "person-luo-fuhe", to: "person-hu-xian") { length } }',
    );
    expect(two).toMatchObject({ status: 200, codes: [] });
  });

  it('runs concurrent exports under the same gate: data or a retryable 503, never a 500', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const res = await fetch(`${base}/export/${i % 2 === 0 ? 'nodes.csv' : 'edges.csv'}`);
        return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
      }),
    );
    for (const a of answers) {
      if (a.status === 200) expect(a.text).toMatch(/^id,/);
      else {
        expect(a.status).toBe(503);
        expect(a.retryAfter).toBe('1');
        expect(JSON.parse(a.text)).toMatchObject({ errors: [{ extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 } }] });
      }
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
  });

  it('refuses an export with 503 and Retry-After when its request gets no slot', async () => {
    const busy = createContext(executor, logger, DEFAULT_LIMITS, { expensive: () => Promise.reject(overloaded('busy')) });
    const server: Server = createServer((req, res) => void serveExport(req, res, new URL(req.url ?? '/', 'http://x'), busy, 15_000));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/export/nodes.csv`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('OVERLOADED');
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('stops an export past its time budget with a coded error, before its first byte', async () => {
    const quick = await startApp({ driver, logger, host: '127.0.0.1', port: 0, exportBudgetMs: 0 });
    try {
      const res = await fetch(`${quick.url.replace('/graphql', '')}/export/graphml`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'TIMEOUT' } }] });
    } finally {
      await quick.stop();
    }
  });

  it('maps the database out of memory or out of connections to OVERLOADED', async () => {
    // The driver's own error class, from a real failure (tests do not import the driver).
    const real = await executor.read({ cypher: 'RETURN 1 / $zero AS x', params: { zero: 0 } }).catch((e: unknown) => e);
    const Neo4jError = (real as object).constructor as new (message: string, code: string) => Error;
    for (const [message, code] of [
      [
        'The allocation of an extra 2.0 MiB would use more than the limit 10.0 MiB.',
        'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
      ],
      ['The allocation would exceed the transaction limit.', 'Neo.TransientError.General.TransactionMemoryLimit'],
      ['Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 50, Idle conn count = 0.', 'N/A'],
    ] as const) {
      const mapped = mapDriverError(new Neo4jError(message, code));
      expect(mapped).toBeInstanceOf(AnnalsError);
      expect((mapped as AnnalsError).code).toBe('OVERLOADED');
    }
    expect(mapDriverError(real)).toBe(real);
  });
});

describe('export filters', () => {
  const refusal = async (query: string): Promise<{ status: number; code: string; field: string }> => {
    const res = await fetch(`${base}/export/nodes.csv?${query}`);
    const body = (await res.json()) as { errors: { extensions: { code: string; field: string } }[] };
    return { status: res.status, code: body.errors[0]!.extensions.code, field: body.errors[0]!.extensions.field };
  };

  it('refuses names that are not types, prototype keys included, naming the parameter', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'person']) {
      expect(await refusal(`types=${name}`)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'types' });
      expect(await refusal(`relationshipTypes=${name}`)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'relationshipTypes' });
    }
    expect(await refusal('relationshipTypes=MENTIONS')).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'relationshipTypes' });
  });

  it('drops duplicates and refuses lists longer than any real filter', async () => {
    expect(await refusal(`relationshipTypes=${Array(60).fill('PART_OF').join(',')}`)).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      field: 'relationshipTypes',
    });
    const once = await (await fetch(`${base}/export/edges.csv?relationshipTypes=HELD_POSITION`)).text();
    const twice = await (await fetch(`${base}/export/edges.csv?relationshipTypes=HELD_POSITION,HELD_POSITION,HELD_POSITION`)).text();
    expect(twice).toBe(once);
    expect(once.split('\r\n').length).toBeGreaterThan(3);
  });

  it('serves JSON-LD that can sit in a <script> element', async () => {
    const res = await fetch(`${base}/export/jsonld?around=person-hu-xian&depth=1`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect((JSON.parse(text) as { '@graph': unknown[] })['@graph'].length).toBeGreaterThan(1);
  });
});
