// Every case of tests/bad-input/cases.yaml over real HTTP: the expected code, no 5xx, graph unchanged.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newToken, parseTokens } from '../../src/auth/tokens.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

interface Case {
  name: string;
  /** GraphQL text; `raw` sends a body as is instead. */
  query?: string;
  variables?: Record<string, unknown>;
  raw?: string;
  contentType?: string;
  /** none (default), writer, reader, or invalid. */
  token?: 'none' | 'writer' | 'reader' | 'invalid';
  /** Expand: repeat `repeat.text` `repeat.times` times into the query where {{repeat}} stands. */
  repeat?: { text: string; times: number };
  code: string;
}

const cases = parse(readFileSync('tests/bad-input/cases.yaml', 'utf8')) as Case[];
const { driver, logger, executor } = connectApi();
const writer = newToken('corpus-writer', 'write');
const reader = newToken('corpus-reader', 'read');
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0, tokens: parseTokens(`${writer.entry},${reader.entry}`, undefined) });
});
afterAll(async () => app.stop());

function tokenFor(c: Case): string | undefined {
  return { none: undefined, writer: writer.token, reader: reader.token, invalid: 'annals_not-a-real-token' }[c.token ?? 'none'];
}

async function send(c: Case): Promise<{ status: number; text: string }> {
  const token = tokenFor(c);
  const query = c.repeat && c.query ? c.query.replace('{{repeat}}', c.repeat.text.repeat(c.repeat.times)) : c.query;
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': c.contentType ?? 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: c.raw ?? JSON.stringify({ query, variables: c.variables }),
  });
  return { status: res.status, text: await res.text() };
}

describe('the bad-input corpus', () => {
  it('has at least 60 cases with unique names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await graphState(executor);
    const { status, text } = await send(c);
    expect(status).toBeLessThan(500);
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string; stacktrace?: unknown } }[] };
    expect(body.errors?.length, text.slice(0, 500)).toBeGreaterThan(0);
    expect(body.errors!.map((e) => e.extensions?.code)).toContain(c.code);
    expect(text).not.toMatch(/"stacktrace"|Neo4jError|\bat [\w.<>]+ \(/);
    for (const secret of [writer.token, reader.token]) expect(text).not.toContain(secret);
    expect(await graphState(executor)).toEqual(before);
  });
});
