// The API over real HTTP, as a browser or curl reaches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';

const { driver, logger } = connectApi();
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ driver, logger, host: '127.0.0.1', port: 0 });
});
afterAll(async () => app.stop());

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('HTTP', () => {
  it('answers a POSTed query at /graphql', async () => {
    const res = await post(JSON.stringify({ query: '{ entity(id: "person-hu-xian") { name } }' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { entity: { name: '胡献' } } });
  });

  it('answers a GET query (for links and caches)', async () => {
    const url = `${app.url}?query=${encodeURIComponent('{ place(id: "place-qingyuan") { name } }')}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { place: { name: '清远市' } } });
  });

  it('turns malformed GraphQL and malformed JSON into 400s with a code, not 500s', async () => {
    const parse = await post(JSON.stringify({ query: '{ entity(id: ' }));
    expect(parse.status).toBe(400);
    expect((parse.json['errors'] as { extensions: { code: string } }[])[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const json = await post('{"query": ');
    expect(json.status).toBe(400);
    expect(JSON.stringify(json.json)).toContain('BAD_REQUEST');
  });

  it('reports health and 404s unknown paths', async () => {
    const base = app.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/nowhere`, { method: 'POST' })).status).toBe(404);
  });

  it('serves exports by GET with filters, and refuses unknown formats with a 400', async () => {
    const base = app.url.replace('/graphql', '');
    const res = await fetch(`${base}/export/timelinejs?lang=zh&from=2002&to=2003`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('json');
    const body = (await res.json()) as { events: { unique_id: string; display_date: string }[] };
    expect(body.events.map((e) => e.unique_id)).toContain('event-2002-zhongshan-meeting');
    expect(body.events.map((e) => e.unique_id)).not.toContain('event-2006-qingyuan-symposium');
    const csv = await fetch(`${base}/export/nodes.csv?around=org-capd-guangdong&depth=1`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/^id,type,name/);
    const bad = await fetch(`${base}/export/pdf`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${base}/export/graphml?around=nobody`)).status).toBe(400);
  });
});
