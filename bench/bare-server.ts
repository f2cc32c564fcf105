// Column (d) of the side-by-side bench: the physical limit of "one HTTP request, one Bolt round trip,
// JSON out" on this machine. A bare node:http server in its own process (started by bare.ts) that
// answers POST /query {"operation": "<key>"} with the rows of that operation's hand-written Cypher
// (rawOperations of suite.ts, the Cypher of column a), run through the same Executor as Annals
// (plain rows: the executor's record-to-plain conversion) and sent as JSON. No GraphQL, no parsing
// or validation of a document, no limits, no logging: what is left of a request once Annals' layer is gone.
//
// Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (never argv), PORT, BENCH_IDS (the BenchIds as JSON),
// BENCH_QUERIES (optional: column e, the Cypher Annals sends, `{ key: { cypher, params } }` as JSON).
import { createServer, type IncomingMessage } from 'node:http';
import { createDriver, Executor } from '../src/db/executor.js';
import { OPERATION_KEYS, type OperationKey } from './operations.js';
import { rawOperations, type BenchIds } from './suite.js';
import type { CypherQuery } from '../src/db/query.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`bare-server: ${name} is not set`);
  return v;
};

const ids = JSON.parse(env('BENCH_IDS')) as BenchIds;
// Column e: BENCH_QUERIES holds, per operation, the one query Annals sends for it (recorded by the
// bench), run here instead of the hand-written Cypher; its rows go out as the database sent them.
const given = process.env['BENCH_QUERIES'];
const operations: Partial<Record<OperationKey, CypherQuery>> =
  given === undefined ? rawOperations(ids) : (JSON.parse(given) as Record<OperationKey, CypherQuery>);
const driver = createDriver({ uri: env('NEO4J_URI'), user: process.env['NEO4J_USER'] ?? 'neo4j', password: process.env['NEO4J_PASSWORD'] });
const executor = new Executor({ driver });
const known = new Set<string>(OPERATION_KEYS.filter((key) => operations[key] !== undefined));

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const server = createServer((req, res) => {
  const send = (status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (req.method === 'GET' && req.url === '/readyz') {
    driver
      .verifyConnectivity()
      .then(() => send(200, '{"ready":true}'))
      .catch(() => send(503, '{"ready":false}'));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/query') {
    send(404, '{"error":"POST /query {\\"operation\\": key}"}');
    return;
  }
  readBody(req)
    .then(async (text) => {
      let operation: unknown;
      try {
        ({ operation } = JSON.parse(text) as { operation?: unknown });
      } catch {
        send(400, '{"error":"the body is not JSON"}');
        return;
      }
      if (typeof operation !== 'string' || !known.has(operation)) {
        send(400, JSON.stringify({ error: `unknown operation ${JSON.stringify(operation)}` }));
        return;
      }
      send(200, JSON.stringify(await executor.read(operations[operation as OperationKey]!)));
    })
    .catch((err: unknown) => send(500, JSON.stringify({ error: err instanceof Error ? err.message : String(err) })));
});

server.listen(Number(env('PORT')), '127.0.0.1');

const stop = (): void => {
  server.close();
  void driver.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
