// APOC core for the @neo4j/graphql column only: Maven copies the jar (from ~/.m2 when it is already
// there, so offline once fetched) into neo4j/target/plugins, which `startNeo4j({ pluginDir })` loads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The only 5.26.x APOC core the Maven mirror serves; procedures of 5.26.0 run on Neo4j 5.26.30. */
export const APOC_VERSION = '5.26.0';
const MODULE_DIR = resolve(import.meta.dirname, '../../neo4j');
export const PLUGIN_DIR = join(MODULE_DIR, 'target/plugins');

/** Fetches APOC core into PLUGIN_DIR once and returns that folder. */
export function ensureApoc(): string {
  if (existsSync(join(PLUGIN_DIR, `apoc-core-${APOC_VERSION}-core.jar`))) return PLUGIN_DIR;
  process.stderr.write(`bench: fetching APOC core ${APOC_VERSION} through Maven…\n`);
  const res = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      'dependency:copy',
      `-Dartifact=org.neo4j.procedure:apoc-core:${APOC_VERSION}:jar:core`,
      `-DoutputDirectory=${PLUGIN_DIR}`,
    ],
    { cwd: MODULE_DIR, stdio: ['ignore', 2, 2] },
  );
  if (res.error !== undefined || res.status !== 0)
    throw new Error(`Maven could not fetch APOC core (exit ${String(res.status)}): ${res.error?.message ?? 'see above'}`);
  return PLUGIN_DIR;
}
