// `npm start`: see server/run.ts.
// graphql-js checks every type test twice outside production (to explain "another realm" errors
// during development); a running server does not need that, so production is the default here.
process.env['NODE_ENV'] ??= 'production';
// The embedded Neo4j's JVM starts first, so that it starts while Node loads the server's modules.
const { startNeo4jEarly } = await import('./server/early-neo4j.js');
const firstStart = startNeo4jEarly();
const { runServer } = await import('./server/run.js');

runServer({ firstStart }).catch((err: unknown) => {
  // Known failures (no Java, port in use, data directory in use, bad configuration) carry one clear
  // sentence, and a code when they have one; config is never printed, nor a Java stack trace.
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? ` [${err.code}]` : '';
  process.stderr.write(`annals: ${err instanceof Error ? err.message : String(err)}${code}\n`);
  process.exit(1);
});
