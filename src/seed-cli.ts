// `npm run seed`: validate and import seed/ into the configured database (embedded when NEO4J_URI is unset),
// recorded as a change by ANNALS_CURATOR (else the OS user).
import { importSeed, openDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { countGraph } from './domain/import.js';
import { createLogger } from './logger.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const db = await openDatabase(config, logger);
try {
  const before = await countGraph(db.executor);
  const { change, ...summary } = await importSeed(db.executor, config.ANNALS_SEED_DIR);
  const after = await countGraph(db.executor);
  process.stdout.write(
    `${JSON.stringify({ ...summary, change: change === null ? null : { id: change.id, curator: change.curator }, before, after })}\n`,
  );
} catch (err) {
  process.stderr.write(`annals seed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
