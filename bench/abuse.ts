// Abuse: hostile request mixes against a real server process, each for a bounded time, while a
// probe measures what an ordinary client sees (/healthz and a one-entity lookup). Counts response
// codes, INTERNAL_SERVER_ERRORs and HTTP 500s, and checks that refused writes change nothing.
// Writes bench/results/abuse.json and abuse.md; reports every target, met or not.
//
// `npm run bench:abuse` (ABUSE_SECONDS per attack, default 20; ABUSE_SIZE/ABUSE_CHUNKS: the
// generated archive loaded next to the seed, default the first two chunks of S, ~5.5k entities);
// `npm run bench:abuse -- --smoke`: seed only, 2 s per attack (about a minute and a half on a busy 2-core machine).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newToken } from '../src/auth/tokens.js';
import { graphState } from '../tests/helpers/graph.js';
import { benchDatabase, ROOT, serverProcess } from './fixture.js';
import { generateArchive, type ArchiveSize } from './generate.js';

const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } } });
const SMOKE = values.smoke;
const SECONDS = Number(process.env['ABUSE_SECONDS'] ?? (SMOKE ? 2 : 20));
const SIZE = (process.env['ABUSE_SIZE'] ?? (SMOKE ? '' : 'S')) as ArchiveSize | '';
const CHUNKS = Number(process.env['ABUSE_CHUNKS'] ?? 2);
/** A client gives up on a request after this long (a stuck server must not stall the bench). */
const REQUEST_TIMEOUT_MS = Number(process.env['ABUSE_REQUEST_TIMEOUT_MS'] ?? (SMOKE ? 2_000 : 20_000));
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_EVERY_MS = 50;
const TARGET_P99_MS = 200;

// ------------------------------------------------------------------------------ requests
const { token: WRITE_TOKEN, entry: WRITE_ENTRY } = newToken('abuser', 'write');
const { token: READ_TOKEN, entry: READ_ENTRY } = newToken('reader', 'read');

interface Outcome {
  status: number;
  ms: number;
  /** extensions.code of every error (JSON answers only). */
  codes: string[];
  failure?: string;
}

async function send(url: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    const codes = text.includes('"errors"') && text.startsWith('{') ? safeCodes(text) : [];
    return { status: res.status, ms: performance.now() - t0, codes };
  } catch (err) {
    const name =
      err instanceof Error
        ? err.name === 'TimeoutError'
          ? 'timeout'
          : err.cause instanceof Error
            ? err.cause.message
            : err.message
        : String(err);
    return { status: 0, ms: performance.now() - t0, codes: [], failure: name };
  }
}

function safeCodes(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    return (body.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
  } catch {
    return ['UNPARSEABLE'];
  }
}

const gql =
  (base: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs?: number) =>
  () =>
    send(
      `${base}/graphql`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      },
      timeoutMs,
    );

// ------------------------------------------------------------------------------ attacks
const FRAGMENTS = [
  '{ entity(id: "person-luo-fuhe") { ...F0 } }',
  ...Array.from({ length: 12 }, (_, i) =>
    i < 11
      ? `fragment F${i} on Entity { id ${Array(10)
          .fill(`...F${i + 1}`)
          .join(' ')} }`
      : `fragment F${i} on Entity { id name }`,
  ),
].join('\n');

const participations = (depth: number): string =>
  depth === 0
    ? 'name'
    : `name ... on Person { participations { role event { name participants { role entity { ${participations(depth - 1)} } } } } }`;
const NESTED = `{ event(id: "event-2003-work-style-year") { participants { entity { ${participations(4)} } } } }`;

const ALIASED = `{ ${Array.from({ length: 30 }, (_, i) => `n${i}: neighborhood(id: "org-capd-guangdong", depth: 3) { nodes { id label } edges { from to label } }`).join(' ')} }`;
const MANY_TYPES = Array(2000).fill('PART_OF');

/** A valid dataset of generated entities under ids of their own ("abz-"), as large as the body limit allows. */
function importDocument(): string {
  const merged: Record<string, unknown[]> = {};
  let text = '';
  for (const { dataset } of generateArchive({ size: 'XS', seed: 7 })) {
    const next: Record<string, unknown[]> = { ...merged };
    for (const [k, v] of Object.entries(dataset)) next[k] = [...(next[k] ?? []), ...((v as unknown[] | undefined) ?? [])];
    const candidate = JSON.stringify(next).replaceAll('"gen-', '"abz-');
    if (candidate.length > (SMOKE ? 150_000 : 700_000)) break;
    Object.assign(merged, next);
    text = candidate;
  }
  return text;
}

interface Attack {
  name: string;
  what: string;
  clients: number;
  /** Fixed later by another branch: a target missed here is reported, and attributed. */
  owner?: string;
  /** Called once per client; the function it returns once per request. */
  request: (base: string) => () => Promise<Outcome>;
  checksum?: boolean;
}

function attacks(doc: string): Attack[] {
  const refused = [
    (b: string) =>
      gql(
        b,
        'mutation { addCitation(about: "person-hu-xian", citation: {source: "src-mj-gd-2006-qingyuan", quote: "胡献副秘书长"}) { id } }',
      ),
    (b: string) => gql(b, 'mutation { deleteEntity(id: "person-hu-xian", expectedRevision: 1) { id } }', {}, 'annals_wrong-token'),
    (b: string) => gql(b, 'mutation { deleteEntity(id: "person-hu-xian", expectedRevision: 1) { id } }', {}, READ_TOKEN),
    (b: string) =>
      gql(b, 'mutation($d: String!) { importDataset(document: $d) { entities } }', { d: '{"entities": [{"id": "x"}]}' }, WRITE_TOKEN),
    (b: string) =>
      gql(
        b,
        'mutation { createEntity(input: {type: EVENT, name: "坏", date: "2003-13", citations: [{source: "src-mj-gd-2006-qingyuan", quote: "不存在的句子"}]}) { entity { id } } }',
        {},
        WRITE_TOKEN,
      ),
    (b: string) =>
      gql(
        b,
        'mutation { addRelationship(input: {type: PART_OF, from: "person-hu-xian", to: "place-qingyuan", citations: []}) { id } }',
        {},
        WRITE_TOKEN,
      ),
  ];
  let n = 0;
  return [
    {
      name: 'fragments',
      what: '12-fragment chain, each spreading the next ×10',
      clients: 2,
      owner: 'limits (items 7, 8)',
      request: (b) => gql(b, FRAGMENTS),
    },
    {
      name: 'nested',
      what: '4 levels of participants → participations',
      clients: 4,
      owner: 'limits (items 7, 8)',
      request: (b) => gql(b, NESTED),
    },
    {
      name: 'neighbourhoods',
      what: '30 aliased neighborhood(depth: 3) per request, 5 clients',
      clients: 5,
      request: (b) => gql(b, ALIASED),
    },
    {
      name: 'exports',
      what: 'full nodes.csv and edges.csv exports, 4 clients',
      clients: 4,
      request: (b) => () => send(`${b}/export/${(n++ & 1) === 0 ? 'nodes.csv' : 'edges.csv'}`),
    },
    {
      name: 'type-lists',
      what: '2000 duplicated relationshipTypes (GraphQL neighbourhood and export)',
      clients: 4,
      owner: 'limits (GraphQL types list, queries/explore.ts)',
      request: (b) => () =>
        (n++ & 1) === 0
          ? gql(b, 'query($t: [RelationshipType!]) { neighborhood(id: "org-capd-guangdong", depth: 2, types: $t) { nodes { id } } }', {
              t: MANY_TYPES,
            })()
          : send(`${b}/export/edges.csv?relationshipTypes=${MANY_TYPES.slice(0, 200).join(',')}`),
    },
    {
      name: 'import',
      what: `a valid importDataset of ${Math.round(doc.length / 1000)} kB with a write token, 2 clients`,
      clients: 2,
      owner: 'imports (item 11/12)',
      request: (b) => gql(b, 'mutation($d: String!) { importDataset(document: $d) { entities relationships } }', { d: doc }, WRITE_TOKEN),
    },
    {
      name: 'refused-writes',
      what: 'writes without a token, with wrong and read-only tokens, with invalid input',
      clients: 4,
      checksum: true,
      request: (b) => () => refused[n++ % refused.length]!(b)(),
    },
  ];
}

// ------------------------------------------------------------------------------ measuring
const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
};
const summary = (outcomes: Outcome[]) => ({
  n: outcomes.length,
  p50: percentile(
    outcomes.map((o) => o.ms),
    50,
  ),
  p95: percentile(
    outcomes.map((o) => o.ms),
    95,
  ),
  p99: percentile(
    outcomes.map((o) => o.ms),
    99,
  ),
  failed: outcomes.filter((o) => o.status !== 200).length,
});

const LOOKUP = '{ entity(id: "person-hu-xian") { id name } }';

/** The first requests of a fresh process are slow (JIT, driver pool): not what the probe is for. */
async function warmUp(base: string): Promise<void> {
  for (let i = 0; i < (SMOKE ? 10 : 50); i += 1) await Promise.all([gql(base, LOOKUP)(), send(`${base}/healthz`)]);
}

async function probe(base: string, until: () => boolean): Promise<{ healthz: Outcome[]; lookup: Outcome[] }> {
  const healthz: Outcome[] = [];
  const lookup: Outcome[] = [];
  const query = gql(base, LOOKUP, {}, undefined, PROBE_TIMEOUT_MS);
  while (!until()) {
    const t0 = performance.now();
    healthz.push(await send(`${base}/healthz`, {}, PROBE_TIMEOUT_MS));
    const l = await query();
    lookup.push(l.codes.length > 0 && l.status === 200 ? { ...l, status: -1 } : l);
    await new Promise((r) => setTimeout(r, Math.max(0, PROBE_EVERY_MS - (performance.now() - t0))));
  }
  return { healthz, lookup };
}

async function phase(base: string, attack: Attack | null) {
  const stopAt = Date.now() + SECONDS * 1000;
  let done = false;
  const outcomes: Outcome[] = [];
  const clients = attack
    ? Array.from({ length: attack.clients }, async () => {
        const next = attack.request(base);
        while (Date.now() < stopAt) outcomes.push(await next());
      })
    : [new Promise((r) => setTimeout(r, SECONDS * 1000))];
  const all = Promise.all(clients).finally(() => (done = true));
  const probed = await probe(base, () => done);
  await all;
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.failure ?? String(o.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    for (const c of o.codes) codes[c] = (codes[c] ?? 0) + 1;
  }
  const ise = codes['INTERNAL_SERVER_ERROR'] ?? 0;
  const http500 = statuses['500'] ?? 0;
  return {
    requests: outcomes.length,
    attackLatencyMs: summary(outcomes),
    statuses,
    codes,
    internalServerErrors: ise,
    http500,
    probe: { healthz: summary(probed.healthz), lookup: summary(probed.lookup) },
  };
}

// ------------------------------------------------------------------------------ run
const started = Date.now();
console.error(`abuse: starting Neo4j${SIZE === '' ? ' with the seed' : ` with the seed and ${CHUNKS} chunk(s) of archive ${SIZE}`}…`);
const db = await benchDatabase({ size: SIZE, heapMb: 1024, pageCacheMb: 256, chunks: CHUNKS });
const env = { ANNALS_TOKENS: `${WRITE_ENTRY},${READ_ENTRY}` };
let server = await serverProcess(db.connection, env);
await warmUp(server.url);
const results: Record<string, unknown>[] = [];
try {
  const [{ entities } = { entities: 0 }] = await db.executor.read({ cypher: 'MATCH (n:Entity) RETURN count(n) AS entities', params: {} });
  const [{ relationships } = { relationships: 0 }] = await db.executor.read({
    cypher: 'MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships',
    params: {},
  });
  console.error(
    `abuse: graph of ${String(entities)} entities, ${String(relationships)} relationships between them; ${SECONDS} s per attack`,
  );
  const doc = importDocument();
  const list = [null, ...attacks(doc)].filter((a) => values.only === undefined || a === null || values.only.split(',').includes(a.name));
  for (const attack of list) {
    const name = attack?.name ?? 'baseline';
    const before = attack?.checksum ? await graphState(db.executor, true) : null;
    console.error(`abuse: ${name}…`);
    const r = await phase(server.url, attack);
    const after = before === null ? null : await graphState(db.executor, true);
    const alive = await send(`${server.url}/healthz`, {}, PROBE_TIMEOUT_MS);
    const met = {
      probeP99: r.probe.lookup.p99 < TARGET_P99_MS && r.probe.healthz.p99 < TARGET_P99_MS,
      probeAllAnswered: r.probe.lookup.failed === 0 && r.probe.healthz.failed === 0,
      noInternalServerError: r.internalServerErrors === 0 && r.http500 === 0,
      ...(before === null ? {} : { graphUnchanged: before.checksum === after?.checksum }),
    };
    results.push({
      attack: name,
      what: attack?.what ?? 'no attack: the probe alone',
      clients: attack?.clients ?? 0,
      owner: attack?.owner ?? null,
      ...r,
      met,
      serverAliveAfter: alive.status === 200,
    });
    console.error(
      `abuse: ${name} (${Math.round((Date.now() - started) / 1000)} s): lookup p99 ${r.probe.lookup.p99} ms, healthz p99 ${r.probe.healthz.p99} ms, ${r.requests} requests ${JSON.stringify(r.statuses)}, ISE ${r.internalServerErrors}`,
    );
    if (alive.status !== 200) {
      // A server stuck on one attack would spoil every later measurement: a fresh one takes over.
      console.error(`abuse: the server did not answer after ${name}; restarting it`);
      server.kill();
      server = await serverProcess(db.connection, env);
      await warmUp(server.url);
    }
  }
} finally {
  server.stop();
  await db.close();
}

const out = {
  bench: 'abuse',
  command: `${SMOKE ? 'npm run bench:abuse -- --smoke' : 'npm run bench:abuse'} (ABUSE_SECONDS=${SECONDS} ABUSE_SIZE=${SIZE} ABUSE_CHUNKS=${CHUNKS})`,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  targets: { probeP99Ms: TARGET_P99_MS, internalServerErrors: 0, http500: 0, graphChangesFromRefusedWrites: 0 },
  secondsPerAttack: SECONDS,
  totalSeconds: Math.round((Date.now() - started) / 1000),
  results,
};
// A smoke run checks that the bench works; its numbers are not results (.bench-smoke/ is ignored).
const dir = join(ROOT, SMOKE ? '.bench-smoke' : 'bench/results');
mkdirSync(dir, { recursive: true });
const file = 'abuse';
writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(out, null, 2)}\n`);
const yes = (b: boolean | undefined) => (b === undefined ? '' : b ? 'yes' : '**no**');
const md = [
  `# Abuse bench (${out.date.slice(0, 10)}, ${out.machine.cpus} cores, ${SECONDS} s per attack)`,
  '',
  `\`${out.command}\`. Probe: /healthz and a one-entity lookup every ${PROBE_EVERY_MS} ms; target p99 < ${TARGET_P99_MS} ms, no INTERNAL_SERVER_ERROR or HTTP 500, refused writes change nothing.`,
  '',
  '| attack | requests | statuses | lookup p50/p95/p99 ms | healthz p99 ms | ISE / 500 | p99 met | no ISE | graph unchanged | owner |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => {
    const x = r as {
      attack: string;
      requests: number;
      statuses: Record<string, number>;
      probe: { lookup: { p50: number; p95: number; p99: number }; healthz: { p99: number } };
      internalServerErrors: number;
      http500: number;
      met: { probeP99: boolean; noInternalServerError: boolean; graphUnchanged?: boolean };
      owner: string | null;
    };
    const l = x.probe.lookup;
    return `| ${x.attack} | ${x.requests} | ${Object.entries(x.statuses)
      .map(([k, v]) => `${k}×${v}`)
      .join(
        ' ',
      )} | ${l.p50} / ${l.p95} / ${l.p99} | ${x.probe.healthz.p99} | ${x.internalServerErrors} / ${x.http500} | ${yes(x.met.probeP99)} | ${yes(x.met.noInternalServerError)} | ${yes(x.met.graphUnchanged)} | ${x.owner ?? ''} |`;
  }),
  '',
].join('\n');
writeFileSync(join(dir, `${file}.md`), md);
console.log(md);
// CI's smoke fails only on what timing cannot cause: an INTERNAL_SERVER_ERROR or HTTP 500, or a
// refused write that changed the graph. Latency (and a slow /healthz) is reported, never gated.
const broken = results.filter((r) => {
  const x = r as { met: { noInternalServerError: boolean; graphUnchanged?: boolean } };
  return !x.met.noInternalServerError || x.met.graphUnchanged === false;
});
if (SMOKE && broken.length > 0) {
  console.error(`abuse: failed: ${broken.map((r) => (r as { attack: string }).attack).join(', ')}`);
  process.exitCode = 1;
}
