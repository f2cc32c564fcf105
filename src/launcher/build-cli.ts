// `npm run neo4j:build`: fetch the Neo4j jars and compile the launcher now rather than on first start.
import { ensureBuilt, LauncherError } from './neo4j-launcher.js';

try {
  await ensureBuilt();
  process.stdout.write('annals: the embedded Neo4j launcher is built\n');
} catch (err) {
  process.stderr.write(`annals: ${err instanceof LauncherError || err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
