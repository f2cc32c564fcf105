import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { ensureAuthFile, type Neo4jCredentials } from './auth-file.js';
import { planClassData, type ClassDataMode, type ClassDataPlan } from './class-data.js';
import { readRunningFile, removeRunningFile, writeRunningFile } from './running-file.js';

const MODULE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../neo4j');
/** The class path of the Neo4j jars, as Maven wrote it. */
const MAVEN_CLASSPATH_FILE = join(MODULE_DIR, 'target/classpath-maven.txt');
/** The class path the JVMs run on: Maven's, with copies of its signed jars (deriveClassPath). */
const CLASSPATH_FILE = join(MODULE_DIR, 'target/classpath.txt');
const CLASSES_DIR = join(MODULE_DIR, 'target/classes');
const MAIN_CLASS_FILE = join(CLASSES_DIR, 'annals/neo4j/Launcher.class');
/** The launcher's classes as a jar: Java's class-data sharing takes jars only on the class path. */
const LAUNCHER_JAR = join(MODULE_DIR, 'target/annals-neo4j-launcher.jar');
const JAVA_DIR = join(MODULE_DIR, 'src/main/java/annals/neo4j');
/** Copies of the signed jars without their signatures (UnsignedJars.java), which the class path names instead. */
const UNSIGNED_DIR = join(MODULE_DIR, 'target/unsigned-jars');
const READY = 'ANNALS_NEO4J_READY';

export interface LaunchOptions {
  dataDir: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
  /** A folder of plugin jars (APOC, for the benches only): on the class path, procedures from it, apoc.* unrestricted. */
  pluginDir?: string;
  /** Where Maven's and Neo4j's progress lines go (stderr by default). */
  progress?: (line: string) => void;
  /**
   * Java class-data sharing (default true): the first start records an archive of the classes it
   * loads into the data directory when it stops, and the next starts map it (see class-data.ts).
   */
  classDataSharing?: boolean;
}

/** The embedded Neo4j a configuration names: its data directory, Bolt port and memory. */
export function embeddedLaunchOptions(
  config: Pick<Config, 'ANNALS_DATA_DIR' | 'ANNALS_BOLT_PORT' | 'ANNALS_NEO4J_HEAP_MB' | 'ANNALS_NEO4J_PAGECACHE_MB'>,
  progress: (line: string) => void,
): LaunchOptions {
  return {
    dataDir: config.ANNALS_DATA_DIR,
    boltPort: config.ANNALS_BOLT_PORT,
    heapMb: config.ANNALS_NEO4J_HEAP_MB,
    pageCacheMb: config.ANNALS_NEO4J_PAGECACHE_MB,
    progress,
  };
}

/**
 * An embedded Neo4j already being started (`npm start` starts it before loading the server's
 * modules, src/server/early-neo4j.ts), taken by openDatabase as its first start.
 */
export interface StartingNeo4j {
  /** When the start began (Date.now()): the neo4j phase's ms count from here. */
  startedAt: number;
  neo4j: Promise<RunningNeo4j>;
  /** Hands the progress lines so far to `to`, and the later ones as they come. */
  progress(to: (line: string) => void): void;
}

export interface RunningNeo4j {
  uri: string;
  /** User neo4j and the data directory's password (censored when logged): pass both to createDriver. */
  credentials: Neo4jCredentials;
  pid: number | undefined;
  /** Resolves when the JVM exits, for whatever reason (stop(), a crash, kill -9). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Shuts the database down cleanly (SIGTERM) and resolves when the JVM has exited. */
  stop(): Promise<void>;
  /** What this start did with the class-data archive: mapped it, records it when stopping, or neither. */
  classData: ClassDataMode;
}

/** What went wrong, for a person (one line) and for a script (the code). */
export type LauncherCode =
  | 'JAVA_MISSING'
  | 'MAVEN_MISSING'
  | 'NEO4J_BUILD_FAILED'
  | 'DATA_DIR_UNUSABLE'
  | 'DATA_DIR_IN_USE'
  | 'BOLT_PORT_IN_USE'
  | 'NEO4J_START_FAILED'
  | 'BULK_IMPORT_FAILED';

/** A launcher failure: one sentence, never a Java stack trace (the JVM's output goes to its log file). */
export class LauncherError extends Error {
  constructor(
    readonly code: LauncherCode,
    message: string,
  ) {
    super(message);
  }
}

/** The file, inside the data directory, that receives the JVM's own output (Neo4j's stack traces). */
export const LAUNCHER_LOG = 'annals-neo4j.log';

/** What a first fetch of the Neo4j jars costs, as measured into an empty ~/.m2 (README, progress line). */
export const FIRST_FETCH = 'about 2,350 files, 158 MB';

/**
 * A line of Maven's output that reports a finished download, with its size in bytes when given:
 * `[INFO] Downloaded from central: https://… (12 kB at 340 kB/s)` (batch mode prefixes `[INFO] `).
 */
export function mavenDownload(line: string): { bytes: number } | null {
  const m = /^(?:\[INFO\] )?Downloaded from [^:]+: \S+(?: \((\d+(?:\.\d+)?) (B|kB|KB|MB|GB)\b)?/.exec(line);
  if (m === null) return null;
  const unit = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 }[m[2] ?? 'B'] ?? 1;
  return { bytes: m[1] === undefined ? 0 : Math.round(Number(m[1]) * unit) };
}

/** Counts Maven's downloads from its output lines and says so every `every` files. */
export function mavenProgress(progress: (line: string) => void, every = 100) {
  let files = 0;
  let bytes = 0;
  return {
    line(line: string): void {
      const got = mavenDownload(line);
      if (got === null) return;
      files += 1;
      bytes += got.bytes;
      if (files % every === 0) progress(`annals: fetched ${files} files (${megabytes(bytes)}) from Maven…`);
    },
    get files() {
      return files;
    },
    get bytes() {
      return bytes;
    },
  };
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

/** The Neo4j jars alone, without the launcher's classes: what Neo4j's own tools (the importer) run on. */
export function neo4jJarsClassPath(): string {
  return readFileSync(CLASSPATH_FILE, 'utf8').trim();
}

/** The launcher's build output (neo4j/target): what is kept per build, such as the importer's class-data archive. */
export const BUILD_DIR = join(MODULE_DIR, 'target');

/** The class path of the launcher's classes and the Neo4j jars (after ensureBuilt). */
export function neo4jClassPath(): string {
  return `${join(BUILD_DIR, 'classes')}:${neo4jJarsClassPath()}`;
}

let javaVersionText: string | undefined;

/** `java -version`'s output (it names the JVM's build), or undefined when there is no java; asked once per process. */
export function javaVersion(): string | undefined {
  if (javaVersionText !== undefined) return javaVersionText;
  const res = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (res.error !== undefined || res.status !== 0) return undefined;
  javaVersionText = `${res.stderr}${res.stdout}`;
  return javaVersionText;
}

function commandExists(cmd: string, args: string[]): boolean {
  const res = spawnSync(cmd, args, { stdio: 'ignore' });
  return res.error === undefined && res.status === 0;
}

function isStale(): boolean {
  if (!existsSync(MAVEN_CLASSPATH_FILE) || !existsSync(MAIN_CLASS_FILE)) return true;
  const built = Math.min(statSync(MAVEN_CLASSPATH_FILE).mtimeMs, statSync(MAIN_CLASS_FILE).mtimeMs);
  const sources = [join(MODULE_DIR, 'pom.xml'), ...readdirSync(JAVA_DIR).map((f) => join(JAVA_DIR, f))];
  return sources.some((f) => statSync(f).mtimeMs > built);
}

/** Compiles the launcher and writes its class path, once; Maven fetches the Neo4j jars on the first run. */
export async function ensureBuilt(progress: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  if (javaVersion() === undefined) {
    throw new LauncherError(
      'JAVA_MISSING',
      'Java 17 or newer is needed to run the embedded Neo4j: install it (apt-get install openjdk-17-jdk-headless), or set NEO4J_URI to use a Neo4j server of your own.',
    );
  }
  if (!isStale()) {
    ensureLauncherJar();
    // The copies deleted, or the checkout moved: the class path is derived from Maven's again.
    if (!classPathComplete()) deriveClassPath(progress);
    return;
  }
  if (!commandExists('mvn', ['-v'])) {
    throw new LauncherError(
      'MAVEN_MISSING',
      'Maven is needed once to fetch the embedded Neo4j: install it (apt-get install maven), or set NEO4J_URI to use a Neo4j server of your own.',
    );
  }
  progress(
    existsSync(MAVEN_CLASSPATH_FILE)
      ? 'annals: fetching the Neo4j jars through Maven and building the launcher again (its sources changed; jars already in ~/.m2 are not fetched again)…'
      : `annals: fetching the Neo4j jars through Maven and building the launcher (first start only: ${FIRST_FETCH})…`,
  );
  // regenerateFile: Maven otherwise leaves an unchanged class path file untouched, and isStale() would stay true.
  const args = ['-B', 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${MAVEN_CLASSPATH_FILE}`, '-Dmdep.regenerateFile=true'];
  const child = spawn('mvn', args, { cwd: MODULE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const fetched = mavenProgress(progress);
  const onLine = (line: string): void => {
    tail.push(line);
    tail.splice(0, Math.max(0, tail.length - 40));
    fetched.line(line);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const started = Date.now();
  const ticker = setInterval(
    () =>
      progress(
        `annals: still fetching and building… ${Math.round((Date.now() - started) / 1000)}s, ${fetched.files} files (${megabytes(fetched.bytes)}) fetched`,
      ),
    15_000,
  );
  const code = await new Promise<number | null>((res) => child.on('close', res));
  clearInterval(ticker);
  if (code !== 0) {
    // Maven's own errors are lines a person can act on (no network, no disk), unlike a JVM's stack trace.
    const errors = tail.filter((l) => l.startsWith('[ERROR]')).slice(0, 5);
    throw new LauncherError(
      'NEO4J_BUILD_FAILED',
      `Maven could not fetch Neo4j or build its launcher (exit ${code}): ${errors.join(' ') || tail.slice(-3).join(' ')}`,
    );
  }
  ensureLauncherJar();
  deriveClassPath(progress);
  progress(
    `annals: launcher built in ${Math.round((Date.now() - started) / 1000)}s (${fetched.files} files, ${megabytes(fetched.bytes)} fetched)`,
  );
}

/** Whether CLASSPATH_FILE exists and every jar it names does. */
function classPathComplete(): boolean {
  if (!existsSync(CLASSPATH_FILE)) return false;
  return readFileSync(CLASSPATH_FILE, 'utf8')
    .trim()
    .split(':')
    .every((entry) => entry === '' || existsSync(entry));
}

/**
 * Writes CLASSPATH_FILE from Maven's, naming copies of its signed jars without their signatures
 * (UnsignedJars.java: class-data sharing skips a signed jar's classes, and the JVM verifies each
 * one it loads; Neo4j's importer reaches its first stage 0.5–0.6 s sooner). Should that fail,
 * Maven's class path is used as it is, and works.
 */
function deriveClassPath(progress: (line: string) => void): void {
  const args = ['-cp', CLASSES_DIR, 'annals.neo4j.UnsignedJars', MAVEN_CLASSPATH_FILE, CLASSPATH_FILE, UNSIGNED_DIR];
  const res = spawnSync('java', args, { encoding: 'utf8' });
  if (res.error === undefined && res.status === 0) return;
  const why = (res.stderr ?? '').trim().split('\n')[0] || res.error?.message || `exit ${res.status}`;
  progress(`annals: the signed Neo4j jars stay as Maven fetched them (${why}): starts are a little slower`);
  writeFileSync(CLASSPATH_FILE, readFileSync(MAVEN_CLASSPATH_FILE, 'utf8'));
}

/**
 * Packs the launcher's classes into LAUNCHER_JAR when it is missing or older than they are, with
 * the JDK's jar tool (Maven's jar plugin may not be in ~/.m2). False when that cannot be done: the
 * JVM then runs from the classes folder, without class-data sharing.
 */
function ensureLauncherJar(): boolean {
  const classes = join(CLASSES_DIR, 'annals/neo4j');
  try {
    const newest = Math.max(...readdirSync(classes).map((f) => statSync(join(classes, f)).mtimeMs));
    if (existsSync(LAUNCHER_JAR) && statSync(LAUNCHER_JAR).mtimeMs >= newest) return true;
    const tmp = `${LAUNCHER_JAR}.${process.pid}.tmp`;
    const res = spawnSync('jar', ['--create', '--file', tmp, '-C', CLASSES_DIR, '.'], { stdio: 'ignore' });
    if (res.error !== undefined || res.status !== 0) {
      rmSync(tmp, { force: true });
      return false;
    }
    renameSync(tmp, LAUNCHER_JAR);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts Neo4j embedded on 127.0.0.1:boltPort with its data in dataDir; resolves once Bolt answers.
 * Auth is on, with the password of dataDir's auth file (see auth-file.ts), made on its first start.
 */
export async function startNeo4j(opts: LaunchOptions): Promise<RunningNeo4j> {
  const progress = opts.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  await ensureBuilt(progress);
  let credentials: Neo4jCredentials;
  try {
    credentials = ensureAuthFile(opts.dataDir);
  } catch (err) {
    throw new LauncherError('DATA_DIR_UNUSABLE', `The data directory ${opts.dataDir} is not usable: ${(err as Error).message}`);
  }
  // Plugin jars go on the class path too, as the Neo4j server does: APOC's extensions load from there.
  const plugins = opts.pluginDir === undefined ? '' : `:${join(resolve(opts.pluginDir), '*')}`;
  const jar = existsSync(LAUNCHER_JAR) && statSync(LAUNCHER_JAR).mtimeMs >= statSync(MAIN_CLASS_FILE).mtimeMs;
  const classpath = `${jar ? LAUNCHER_JAR : CLASSES_DIR}:${readFileSync(CLASSPATH_FILE, 'utf8').trim()}${plugins}`;
  const plan = planClassData(opts.dataDir, classpath, javaVersion(), jar && opts.classDataSharing !== false);
  try {
    return await launch(opts, credentials, classpath, plan, progress);
  } catch (err) {
    // A class-data archive that passed our checks but not the JVM's (refused under -Xshare:on, or a
    // crash while mapping it): start again without it, recording a new one. A taken port or data directory is not its fault.
    if (plan.mode !== 'used' || (err instanceof LauncherError && err.code !== 'NEO4J_START_FAILED')) throw err;
    plan.discard();
    progress(`annals: Neo4j did not start with its class-data archive (${(err as Error).message}); starting it without`);
    return launch(opts, credentials, classpath, planClassData(opts.dataDir, classpath, javaVersion()), progress);
  }
}

async function launch(
  opts: LaunchOptions,
  credentials: Neo4jCredentials,
  classpath: string,
  plan: ClassDataPlan,
  progress: (line: string) => void,
): Promise<RunningNeo4j> {
  const dataDir = resolve(opts.dataDir);
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(256, opts.heapMb)}m`,
      `-Xmx${opts.heapMb}m`,
      '-XX:+UseSerialGC',
      ...plan.args,
      // A JVM crash report goes to the data directory, not to whatever folder the server was started from.
      `-XX:ErrorFile=${join(dataDir, 'hs_err_pid%p.log')}`,
      '-cp',
      classpath,
      'annals.neo4j.Launcher',
      '--data',
      dataDir,
      '--port',
      String(opts.boltPort),
      '--page-cache-mb',
      String(opts.pageCacheMb),
      ...(opts.pluginDir === undefined ? [] : ['--plugins', resolve(opts.pluginDir)]),
    ],
    // stdin stays a pipe that we never close: the JVM exits by itself when this process dies.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // The password goes through that pipe: an argument or an environment variable could be read by
  // other local users (ps) or from /proc/<pid>/environ. An EPIPE here means the JVM died, reported below.
  child.stdin.on('error', () => undefined);
  child.stdin.write(`${credentials.password}\n`);
  // The JVM's own output (Neo4j's errors, with their stack traces) goes to a log file in the data
  // directory; a person gets one sentence naming it.
  const logFile = join(opts.dataDir, LAUNCHER_LOG);
  const errTail: string[] = [];
  const log = (line: string): void => {
    try {
      appendFileSync(logFile, `${line}\n`, { mode: 0o600 });
    } catch {
      // a log line lost is no reason to fail
    }
  };
  createInterface({ input: child.stderr }).on('line', (line) => {
    errTail.push(line);
    errTail.splice(0, Math.max(0, errTail.length - 200));
    log(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => {
      // Before anyone awaiting `exited` goes on: a recorded archive is in place once stop() resolves.
      plan.settle({ code, signal });
      res({ code, signal });
    }),
  );

  await new Promise<void>((res, rej) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) res();
      // The JVM's own warnings come on stdout; the hundreds of class-data recording's (classes it skips) are left out.
      else if (line.startsWith('[') && !/\[warning\]\[cds\] (Skipping|Pre JDK 6|Preload Warning)/.test(line)) log(line);
    });
    child.on('error', (e) => rej(new LauncherError('NEO4J_START_FAILED', `Could not start java: ${e.message}`)));
    void exited.then(({ code, signal }) => rej(explain(errTail, { ...opts, logFile, exit: code ?? signal })));
  });
  // Said once Neo4j is up: a start that fails has nothing to record, and its one line is its reason.
  if (plan.mode === 'recording')
    progress(
      'annals: this Neo4j records its class-data archive when it stops (about 120 MB in the data directory, a few seconds): the next starts load faster',
    );
  if (child.pid !== undefined) {
    const jvmPid = child.pid;
    writeRunningFile(opts.dataDir, { boltPort: opts.boltPort, jvmPid, ownerPid: process.pid, startedAt: new Date().toISOString() });
    void exited.then(() => removeRunningFile(opts.dataDir, jvmPid));
  }

  return {
    uri: `bolt://127.0.0.1:${opts.boltPort}`,
    credentials,
    pid: child.pid,
    exited,
    // Writing the archive at exit takes seconds (tens on a busy machine): wait longer before SIGKILL.
    stop: () => stopChild(child, exited, plan.mode === 'recording' ? 120_000 : 30_000),
    classData: plan.mode,
  };
}

/** Why the JVM stopped before it was ready, in one sentence with a code; the details stay in its log file. */
function explain(tail: string[], ctx: { dataDir: string; boltPort: number; logFile: string; exit: number | string | null }): LauncherError {
  const text = tail.join('\n');
  const details = `(Neo4j's output is in ${ctx.logFile})`;
  if (/Address already in use|BindException/.test(text))
    return new LauncherError(
      'BOLT_PORT_IN_USE',
      `The Bolt port ${ctx.boltPort} is taken by another program: set ANNALS_BOLT_PORT to a free port ${details}`,
    );
  if (/FileLockException|Lock file has been locked|lock(ed)? (by|on)|StoreLockException/i.test(text)) {
    const running = readRunningFile(ctx.dataDir);
    const who = running === undefined ? 'another process' : `process ${running.ownerPid} (its Neo4j is process ${running.jvmPid})`;
    return new LauncherError(
      'DATA_DIR_IN_USE',
      `The data directory ${ctx.dataDir} is in use by ${who}, which holds its lock: stop it, or wait for it to finish ${details}`,
    );
  }
  const last = tail.filter((l) => l.trim() !== '' && !/^\s+at |^\s*\.\.\. \d+ more|^Caused by/.test(l)).at(-1);
  return new LauncherError(
    'NEO4J_START_FAILED',
    `Neo4j stopped before it was ready (exit ${ctx.exit})${last === undefined ? '' : `: ${last.slice(0, 300)}`} ${details}`,
  );
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}
