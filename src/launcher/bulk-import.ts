import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBuilt, LauncherError, neo4jClassPath } from './neo4j-launcher.js';

export interface BulkImportOptions {
  /** The data directory of the embedded Neo4j (its `data/databases/neo4j` is replaced). */
  dataDir: string;
  /**
   * Node and relationship CSV files (headers as `neo4j-admin database import full` reads them), with
   * no line break inside a cell: the importer reads them line by line, in parallel.
   */
  nodes: string[];
  relationships: string[];
  /** The item separator of list properties in the files. */
  arrayDelimiter: string;
  /** Heap of the importer's JVM. */
  heapMb: number;
  progress?: (line: string) => void;
}

/**
 * Runs Neo4j's own importer (`neo4j-admin database import full`, the AdminTool class of the jars
 * the launcher already fetched) into database `neo4j` of the data directory, replacing that
 * database: the caller has made sure it is empty and that no Neo4j serves the directory (the
 * importer also takes the store lock, and fails while a running Neo4j holds it). Resolves once the
 * importer has finished; its last lines are in the error when it fails.
 */
export async function runBulkImporter(opts: BulkImportOptions): Promise<void> {
  const progress = opts.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  await ensureBuilt(progress);
  // An empty configuration: the defaults put the databases in <home>/data, where the launcher keeps them.
  const conf = mkdtempSync(join(tmpdir(), 'annals-import-conf-'));
  writeFileSync(join(conf, 'neo4j.conf'), '');
  const args = [
    `-Xmx${opts.heapMb}m`,
    '-cp',
    neo4jClassPath(),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    ...opts.nodes.map((f) => `--nodes=${resolve(f)}`),
    ...opts.relationships.map((f) => `--relationships=${resolve(f)}`),
    // No --multiline-fields: text spanning lines is set after the importer (dataset/bulk-csv.ts), as
    // --multiline-fields=true reads every file serially (size M: 27 s instead of 16 s), and Neo4j
    // 5.26's per-file list (--multiline-fields-format=v2) finds the end of a chunk's last row by
    // reading the CSV backwards, which an empty text ("") misleads ("found CR outside a text cell").
    `--threads=${availableParallelism()}`,
    `--array-delimiter=${opts.arrayDelimiter}`,
    '--id-type=string',
    // Every value is checked by Annals first; a bad line is an error, never silently skipped.
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    '--bad-tolerance=0',
    '--overwrite-destination=true',
    // A failure then names its cause (file, line, value), not only "Error importing csv file".
    '--verbose',
    // Its report of bad lines (none: tolerance 0) would land in the working directory; kept with the conf, removed after.
    `--report-file=${join(conf, 'import.report')}`,
    'neo4j',
  ];
  const home = resolve(opts.dataDir);
  const child = spawn('java', args, { env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: conf }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      // The importer's section lines, not its dotted progress bars.
      if (/^(IMPORT|Import starting|Imported|\s+\d+ (nodes|relationships|properties)|[A-Z][a-z]+ .*COMPLETED)/.test(line))
        progress(line.trim());
    });
  }
  try {
    const code = await new Promise<number | null>((res, rej) => {
      child.once('error', rej);
      child.once('exit', (c) => res(c));
    });
    if (code !== 0)
      throw new LauncherError(
        'BULK_IMPORT_FAILED',
        `neo4j-admin database import full failed (exit ${code}):\n${tail.filter((l) => !/^\s+at /.test(l)).join('\n')}`,
      );
  } finally {
    rmSync(conf, { recursive: true, force: true });
  }
}
