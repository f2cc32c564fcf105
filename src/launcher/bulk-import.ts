import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { classDataKey } from './class-data.js';
import { BUILD_DIR, ensureBuilt, javaVersion, LauncherError, neo4jJarsClassPath } from './neo4j-launcher.js';

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
  /** The longest line of any file, in UTF-16 code units: the importer's read buffer is sized to hold it. */
  longestLine: number;
  /** Heap of the importer's JVM. */
  heapMb: number;
  progress?: (line: string) => void;
  /** The JVM arguments of prepareBulkImporter (called here when not given). */
  jvmArgs?: string[];
}

/**
 * The importer's read buffer, in characters: one per file and thread, and a line must fit in one.
 * Its default, 4M, makes the importer's sampling of 28 files (size M) and its parsing slower than
 * 1M does (about 0.5 s of 11 s); a longer line gets a buffer twice its length.
 */
export function readBufferSize(longestLine: number): number {
  return Math.max(1 << 20, 2 * (longestLine + 1));
}

/** The importer's arguments, all but the files: the same for an import and for recording the class-data archive. */
function importerOptions(arrayDelimiter: string, longestLine: number, reportFile: string): string[] {
  return [
    // No --multiline-fields: text spanning lines is set after the importer (dataset/bulk-csv.ts), as
    // --multiline-fields=true reads every file serially (size M: 27 s instead of 16 s), and Neo4j
    // 5.26's per-file list (--multiline-fields-format=v2) finds the end of a chunk's last row by
    // reading the CSV backwards, which an empty text ("") misleads ("found CR outside a text cell").
    `--threads=${availableParallelism()}`,
    `--array-delimiter=${arrayDelimiter}`,
    // Nodes are numbered by the CSV writer, and the numbers are their ids (dataset/bulk-csv.ts).
    '--id-type=actual',
    `--read-buffer-size=${readBufferSize(longestLine)}`,
    // Every value is checked by Annals first; a bad line is an error, never silently skipped.
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    '--bad-tolerance=0',
    '--overwrite-destination=true',
    // A failure then names its cause (file, line, value), not only "Error importing csv file".
    '--verbose',
    // Its report of bad lines (none: tolerance 0) would land in the working directory; kept with the conf, removed after.
    `--report-file=${reportFile}`,
  ];
}

/** Runs the importer's JVM; resolves with its exit code, the last lines of its output, and the section lines passed on. */
async function runImporterJvm(
  jvmArgs: string[],
  files: string[],
  opts: { home: string; conf: string; arrayDelimiter: string; longestLine: number; progress?: (line: string) => void },
): Promise<{ code: number | null; tail: string[] }> {
  const args = [
    ...jvmArgs,
    '-cp',
    neo4jJarsClassPath(),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    ...files,
    ...importerOptions(opts.arrayDelimiter, opts.longestLine, join(opts.conf, 'import.report')),
    'neo4j',
  ];
  const child = spawn('java', args, {
    env: { ...process.env, NEO4J_HOME: opts.home, NEO4J_CONF: opts.conf },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      // The importer's section lines, not its dotted progress bars.
      if (opts.progress && /^(IMPORT|Import starting|Imported|\s+\d+ (nodes|relationships|properties)|[A-Z][a-z]+ .*COMPLETED)/.test(line))
        opts.progress(line.trim());
    });
  }
  const code = await new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('exit', (c) => res(c));
  });
  return { code, tail };
}

/** A scratch NEO4J_HOME with an empty configuration (the defaults put the databases in <home>/data). */
function scratchConf(prefix: string): string {
  const conf = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(conf, 'neo4j.conf'), '');
  return conf;
}

/**
 * The importer is a batch job: the throughput collector spends less of its 2 cores than G1 does
 * (size M: about 1 s of 11 s). The class-data archive is recorded with it too.
 */
const IMPORTER_JVM = ['-XX:+UseParallelGC'];

/**
 * Builds the launcher if needed, and returns the importer's JVM arguments: its heap, and its
 * class-data archive (Java's AppCDS, as the embedded Neo4j has one, class-data.ts). The importer
 * loads some 6,600 classes before its first stage; mapped from the archive they are neither parsed
 * nor verified again (size M on 2 cores under load: 2.2 s instead of 4.5 s from the JVM's start to
 * the import's, 6 s less CPU). The archive is recorded once per build and JVM (its name holds the
 * key of classDataKey: the JVM and every jar), by a tiny import of two nodes and one relationship
 * through every stage into a scratch directory (a few seconds), and kept in neo4j/target; a JVM
 * that cannot map it runs without (`-Xshare:auto`).
 */
export async function prepareBulkImporter(heapMb: number, progress: (line: string) => void): Promise<string[]> {
  await ensureBuilt(progress);
  const heap = `-Xmx${heapMb}m`;
  const version = javaVersion();
  if (version === undefined) return [heap];
  // The key holds the JVM, every jar and the importer's JVM options (an archive is recorded under one collector).
  const archive = join(BUILD_DIR, `importer-${classDataKey(`${version} ${IMPORTER_JVM.join(' ')}`, neo4jJarsClassPath())}.jsa`);
  if (!existsSync(archive)) {
    const conf = scratchConf('annals-import-cds-');
    const recording = `${archive}.${process.pid}.tmp`;
    try {
      progress("annals: recording the importer's class-data archive once for this build (a tiny import, a few seconds)…");
      const U = '\u001f';
      writeFileSync(
        join(conf, 'n.csv'),
        `":ID","id:string",":LABEL","name:string","n:long","x:double","b:boolean","d:date","l:string[]"\n0,"a","Entity${U}Person","x",1,0.5,true,"2002-01-01","p${U}q"\n1,"b","Entity","y",2,1.5,false,"2002-01-02","r"\n`,
      );
      writeFileSync(join(conf, 'r.csv'), `":START_ID",":END_ID",":TYPE","id:string"\n0,1,"KNOWS","k"\n`);
      const { code } = await runImporterJvm(
        ['-Xmx256m', ...IMPORTER_JVM, `-XX:ArchiveClassesAtExit=${recording}`],
        [`--nodes=${join(conf, 'n.csv')}`, `--relationships=${join(conf, 'r.csv')}`],
        { home: conf, conf, arrayDelimiter: U, longestLine: 0 },
      );
      if (code === 0 && existsSync(recording)) {
        renameSync(recording, archive);
        // Archives of earlier builds or JVMs are of no use any more.
        for (const f of readdirSync(BUILD_DIR))
          if (/^importer-[0-9a-f]+\.jsa$/.test(f) && join(BUILD_DIR, f) !== archive) rmSync(join(BUILD_DIR, f), { force: true });
      }
    } finally {
      rmSync(recording, { force: true });
      rmSync(conf, { recursive: true, force: true });
    }
  }
  return [heap, ...IMPORTER_JVM, ...(existsSync(archive) ? ['-Xshare:auto', `-XX:SharedArchiveFile=${archive}`] : [])];
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
  const jvmArgs = opts.jvmArgs ?? (await prepareBulkImporter(opts.heapMb, progress));
  const conf = scratchConf('annals-import-conf-');
  try {
    const { code, tail } = await runImporterJvm(
      jvmArgs,
      [...opts.nodes.map((f) => `--nodes=${resolve(f)}`), ...opts.relationships.map((f) => `--relationships=${resolve(f)}`)],
      { home: resolve(opts.dataDir), conf, arrayDelimiter: opts.arrayDelimiter, longestLine: opts.longestLine, progress },
    );
    if (code !== 0)
      throw new LauncherError(
        'BULK_IMPORT_FAILED',
        `neo4j-admin database import full failed (exit ${code}):\n${tail.filter((l) => !/^\s+at /.test(l)).join('\n')}`,
      );
  } finally {
    rmSync(conf, { recursive: true, force: true });
  }
}
