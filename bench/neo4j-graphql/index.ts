// The third column of the side-by-side bench: @neo4j/graphql 7 over HTTP (see README.md).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { connectionEnv, ROOT, type Neo4jConnection } from '../fixture.js';
import { freePort } from '../../src/launcher/free-port.js';

export { ensureApoc, PLUGIN_DIR } from './apoc.js';
export { neo4jGraphqlOperations } from './operations.js';
export { typeDefs } from './type-defs.js';

/**
 * The @neo4j/graphql server in its own process (tsx bench/neo4j-graphql/server.ts), as
 * fixture.serverProcess runs Annals; resolves once it listens. POST the query to `${url}/graphql`.
 * The database needs APOC (benchDatabase({ pluginDir: ensureApoc() })): the server checks it.
 */
export async function startNeo4jGraphqlServer(neo4j: Neo4jConnection): Promise<{ url: string; pid: number; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/neo4j-graphql/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...connectionEnv(neo4j), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('the @neo4j/graphql server did not start within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('NEO4J_GRAPHQL_READY')) {
        clearTimeout(timer);
        res();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the @neo4j/graphql server exited before it was ready (exit ${String(code)})`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}
