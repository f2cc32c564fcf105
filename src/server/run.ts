import { parseTokens } from '../auth/tokens.js';
import { openDatabase, seedIfEmpty } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startApp, type RunningApp } from './app.js';
import { limitsFromEnv } from './limits.js';
import { exportBudgetFromEnv, fairShareFromEnv } from './fair-share.js';
import { trustedDocumentsOf } from './trusted-documents.js';
import type { StartingNeo4j } from '../launcher/neo4j-launcher.js';

/**
 * `npm start` and `annals serve`: the embedded Neo4j (or NEO4J_URI), the graph schema, the seed
 * on an empty graph, then GraphQL; SIGINT/SIGTERM stop HTTP, the driver and the JVM, in order.
 * `firstStart`: the embedded Neo4j src/main.ts started before this module loaded.
 */
export async function runServer(options: { firstStart?: StartingNeo4j | undefined } = {}): Promise<RunningApp> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT);
  const tokens = parseTokens(config.ANNALS_TOKENS, config.ANNALS_READ_TOKEN);
  const limits = limitsFromEnv();
  const fairShare = fairShareFromEnv();
  // Read and checked before anything starts: a bad manifest stops the server with its reason.
  const trustedDocuments = trustedDocumentsOf(config.ANNALS_TRUSTED_DOCUMENTS);
  if (trustedDocuments !== undefined)
    logger.info({ manifest: trustedDocuments.source }, 'trusted documents: only registered operations run (write tokens may run any)');
  const db = await openDatabase(config, logger, options.firstStart === undefined ? {} : { firstStart: options.firstStart });
  let app: RunningApp | undefined;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app?.stop().catch(() => undefined);
    logger.debug('http server stopped');
    await db.close();
    logger.debug('database closed');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await seedIfEmpty(db.executor, config.ANNALS_SEED_DIR, logger);
    const appStarted = Date.now();
    app = await startApp({
      driver: db.driver,
      database: db.database,
      logger,
      host: config.HOST,
      port: config.PORT,
      tokens,
      privateReads: config.ANNALS_READ_TOKEN !== undefined,
      limits,
      // Liveness: once the embedded Neo4j is given up on, only a new process can help.
      live: () => db.embedded?.state !== 'gave up',
      fairShare,
      exportBudgetMs: exportBudgetFromEnv(limits.queryTimeoutMs),
      trustedDocuments,
    });
    const ms = Date.now() - appStarted;
    logger.info({ phase: 'graphql', ms }, `GraphQL schema built and HTTP listening in ${ms} ms`);
  } catch (err) {
    await db.close();
    throw err;
  }
  const explorer = app.url.replace(/graphql$/, '');
  // ms: since runServer began; processMs: since the process began (module loading included).
  logger.info(
    { phase: 'ready', url: app.url, explorer, ms: Date.now() - started, processMs: Math.round(performance.now()) },
    `Annals is ready at ${explorer} (the explorer); GraphQL at ${app.url}; Ctrl-C stops it`,
  );
  return app;
}
