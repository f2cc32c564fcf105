// An embedded Neo4j started before the server's own modules load (`npm start`: src/main.ts), so
// that the JVM's start (seconds, on its own threads) overlaps Node's loading of GraphQL, Apollo and
// the domain. openDatabase takes it as its first start (see bootstrap.ts `firstStart`).
import { loadConfig } from '../config.js';
import { embeddedLaunchOptions, startNeo4j, type StartingNeo4j } from '../launcher/neo4j-launcher.js';

/** Starts it when the configuration asks for the embedded Neo4j; undefined otherwise (or when the configuration is bad: runServer says why). */
export function startNeo4jEarly(): StartingNeo4j | undefined {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch {
    return undefined;
  }
  if (config.NEO4J_URI !== undefined) return undefined;
  const buffered: string[] = [];
  let sink: ((line: string) => void) | undefined;
  const startedAt = Date.now();
  const neo4j = startNeo4j(embeddedLaunchOptions(config, (line) => (sink === undefined ? buffered.push(line) : sink(line))));
  // Awaited by openDatabase; until then a failure must not count as unhandled.
  neo4j.catch(() => undefined);
  return {
    startedAt,
    neo4j,
    progress(to) {
      sink = to;
      for (const line of buffered.splice(0)) to(line);
    },
  };
}
