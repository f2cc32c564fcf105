// `npm start`: see server/run.ts.
import { runServer } from './server/run.js';

runServer().catch((err: unknown) => {
  // Known failures (no Java, port in use, bad configuration) carry one clear sentence; config is never printed.
  process.stderr.write(`annals: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
