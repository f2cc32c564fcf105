// Starts column (d), the bare HTTP server of bare-server.ts, in its own process (as serverProcess in
// fixture.ts starts Annals), and says what a client sends it for one operation.
import { spawn } from 'node:child_process';
import { connectionEnv, ROOT, type Neo4jConnection } from './fixture.js';
import { freePort } from '../src/launcher/free-port.js';
import type { OperationKey } from './operations.js';
import type { BenchIds } from './suite.js';
import type { CypherQuery } from '../src/db/query.js';

export interface BareServer {
  url: string;
  pid: number;
  stop(): void;
}

/** The endpoint and JSON body of one operation on the bare server (what autocannon POSTs). */
export function bareRequest(url: string, key: OperationKey): { endpoint: string; body: string } {
  return { endpoint: `${url}/query`, body: JSON.stringify({ operation: key }) };
}

/** node --import tsx bench/bare-server.ts with the database's password in its environment; resolves once ready. */
export async function startBareServer(
  neo4j: Neo4jConnection,
  ids: BenchIds,
  queries?: Partial<Record<OperationKey, CypherQuery<unknown>>>,
): Promise<BareServer> {
  // Only the Cypher and its parameters travel (a query's decode, if any, stays here: rows go out as sent).
  const given =
    queries === undefined
      ? {}
      : {
          BENCH_QUERIES: JSON.stringify(
            Object.fromEntries(Object.entries(queries).map(([k, q]) => [k, { cypher: q.cypher, params: q.params }])),
          ),
        };
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...connectionEnv(neo4j), PORT: String(port), BENCH_IDS: JSON.stringify(ids), ...given },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; ; i += 1) {
    const ready = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (exited || i >= 300) {
      child.kill('SIGKILL');
      throw new Error('the bare HTTP server did not start (bench/bare-server.ts)');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}
