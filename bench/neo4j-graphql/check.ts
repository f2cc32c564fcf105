// A quick check of the @neo4j/graphql column on the XS archive: each expressible operation once,
// its response size and first result; fails on any GraphQL error. npx tsx bench/neo4j-graphql/check.ts
import { benchDatabase } from '../fixture.js';
import { OPERATION_KEYS } from '../operations.js';
import { ensureApoc, neo4jGraphqlOperations, startNeo4jGraphqlServer } from './index.js';

const db = await benchDatabase({ size: 'XS', heapMb: 1024, pageCacheMb: 256, pluginDir: ensureApoc() });
let server: Awaited<ReturnType<typeof startNeo4jGraphqlServer>> | undefined;
let failed = false;
try {
  const [apoc] = await db.executor.read({ cypher: 'RETURN apoc.version() AS version', params: {} });
  console.log(`APOC ${String(apoc?.['version'])}`);
  // The same picks as bench/run.ts: the busiest organization and two people who held positions there.
  const [pick] = await db.executor.read({
    cypher: `MATCH (o:Organization)<-[:HELD_POSITION]-(p:Person) WITH o, collect(DISTINCT p.id) AS people ORDER BY size(people) DESC LIMIT 1
MATCH (a:Person {id: people[0]}) RETURN o.id AS org, people[0] AS a, people[size(people) - 1] AS b, a.name AS name`,
    params: {},
  });
  const ids = { org: String(pick!['org']), a: String(pick!['a']), b: String(pick!['b']), name: String(pick!['name']) };
  console.log(JSON.stringify(ids));
  server = await startNeo4jGraphqlServer(db.connection);
  const operations = neo4jGraphqlOperations(ids);
  for (const key of OPERATION_KEYS) {
    const query = operations[key];
    if (query === null) {
      console.log(`${key}: not expressible`);
      continue;
    }
    const started = performance.now();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const text = await res.text();
    const ms = Math.round(performance.now() - started);
    const body = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors !== undefined || res.status !== 200) {
      failed = true;
      console.log(`${key}: HTTP ${res.status} ${JSON.stringify(body.errors)}`);
      continue;
    }
    const [root] = Object.values(body.data ?? {});
    const first = Array.isArray(root) ? root[0] : (root as { edges?: unknown[] } | undefined)?.edges?.[0];
    const count = Array.isArray(root) ? root.length : (root as { edges?: unknown[] } | undefined)?.edges?.length;
    console.log(`${key}: ${text.length} bytes, ${String(count)} results, ${ms} ms; first: ${JSON.stringify(first)?.slice(0, 300)}`);
  }
} finally {
  server?.stop();
  await db.close();
}
if (failed) {
  console.error('some operations failed');
  process.exitCode = 1;
}
