// `npm start`: the embedded Neo4j (or NEO4J_URI), the graph schema, the seed on an empty graph, then GraphQL.
import { openDatabase, seedIfEmpty } from './bootstrap.js';
import { loadConfig } from './config.js';
import { parseTokens } from './auth/tokens.js';
import { LauncherError } from './launcher/neo4j-launcher.js';
import { createLogger } from './logger.js';
import { startApp } from './server/app.js';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const tokens = parseTokens(config.ANNALS_TOKENS, config.ANNALS_READ_TOKEN);
  const db = await openDatabase(config, logger);
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

  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await seedIfEmpty(db.executor, config.ANNALS_SEED_DIR, logger);
    app = await startApp({
      driver: db.driver,
      database: db.database,
      logger,
      host: config.HOST,
      port: config.PORT,
      tokens,
      privateReads: config.ANNALS_READ_TOKEN !== undefined,
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  logger.info({ url: app.url, ms: Date.now() - started }, `Annals is ready at ${app.url}`);
}

main().catch((err: unknown) => {
  // Known failures get one clear sentence; anything else its message (never a secret: config is not printed).
  const message = err instanceof LauncherError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`annals: ${message}\n`);
  process.exit(1);
});
