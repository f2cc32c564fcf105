import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAuthFile, type Neo4jCredentials } from './auth-file.js';

const MODULE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../neo4j');
const CLASSPATH_FILE = join(MODULE_DIR, 'target/classpath.txt');
const MAIN_CLASS_FILE = join(MODULE_DIR, 'target/classes/annals/neo4j/Launcher.class');
const JAVA_DIR = join(MODULE_DIR, 'src/main/java/annals/neo4j');
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
}

export class LauncherError extends Error {}

/** The class path of the Neo4j jars (after ensureBuilt): the bulk importer runs from it too. */
export function neo4jClassPath(): string {
  return `${join(MODULE_DIR, 'target/classes')}:${readFileSync(CLASSPATH_FILE, 'utf8').trim()}`;
}

function commandExists(cmd: string, args: string[]): boolean {
  const res = spawnSync(cmd, args, { stdio: 'ignore' });
  return res.error === undefined && res.status === 0;
}

function isStale(): boolean {
  if (!existsSync(CLASSPATH_FILE) || !existsSync(MAIN_CLASS_FILE)) return true;
  const built = Math.min(statSync(CLASSPATH_FILE).mtimeMs, statSync(MAIN_CLASS_FILE).mtimeMs);
  const sources = [join(MODULE_DIR, 'pom.xml'), ...readdirSync(JAVA_DIR).map((f) => join(JAVA_DIR, f))];
  return sources.some((f) => statSync(f).mtimeMs > built);
}

/** Compiles the launcher and writes its class path, once; Maven fetches the Neo4j jars on the first run. */
export async function ensureBuilt(progress: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  if (!commandExists('java', ['-version'])) {
    throw new LauncherError(
      'Java 17 or newer is needed to run the embedded Neo4j: install it (apt-get install openjdk-17-jdk-headless), or set NEO4J_URI to use a Neo4j server of your own.',
    );
  }
  if (!isStale()) return;
  if (!commandExists('mvn', ['-v'])) {
    throw new LauncherError(
      'Maven is needed once to fetch the embedded Neo4j: install it (apt-get install maven), or set NEO4J_URI to use a Neo4j server of your own.',
    );
  }
  progress('annals: building the embedded Neo4j launcher (the first run downloads the Neo4j jars through Maven)…');
  // regenerateFile: Maven otherwise leaves an unchanged class path file untouched, and isStale() would stay true.
  const args = ['-B', 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`, '-Dmdep.regenerateFile=true'];
  const child = spawn('mvn', args, { cwd: MODULE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let fetched = 0;
  const onLine = (line: string): void => {
    tail.push(line);
    tail.splice(0, Math.max(0, tail.length - 40));
    if (line.startsWith('Downloaded from')) {
      fetched += 1;
      if (fetched % 25 === 0) progress(`annals: fetched ${fetched} files from Maven…`);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const started = Date.now();
  const ticker = setInterval(
    () => progress(`annals: still building the launcher… ${Math.round((Date.now() - started) / 1000)}s, ${fetched} files fetched`),
    15_000,
  );
  const code = await new Promise<number | null>((res) => child.on('close', res));
  clearInterval(ticker);
  if (code !== 0) {
    throw new LauncherError(`Maven could not build the Neo4j launcher (exit ${code}):\n${tail.join('\n')}`);
  }
  progress(`annals: launcher built in ${Math.round((Date.now() - started) / 1000)}s`);
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
    throw new LauncherError(`The data directory ${opts.dataDir} is not usable: ${(err as Error).message}`);
  }
  // Plugin jars go on the class path too, as the Neo4j server does: APOC's extensions load from there.
  const plugins = opts.pluginDir === undefined ? '' : `:${join(resolve(opts.pluginDir), '*')}`;
  const classpath = `${join(MODULE_DIR, 'target/classes')}:${readFileSync(CLASSPATH_FILE, 'utf8').trim()}${plugins}`;
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(256, opts.heapMb)}m`,
      `-Xmx${opts.heapMb}m`,
      '-XX:+UseSerialGC',
      '-cp',
      classpath,
      'annals.neo4j.Launcher',
      '--data',
      resolve(opts.dataDir),
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
  const errTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    errTail.push(line);
    errTail.splice(0, Math.max(0, errTail.length - 30));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );

  await new Promise<void>((res, rej) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) res();
    });
    child.on('error', (e) => rej(new LauncherError(`Could not start java: ${e.message}`)));
    void exited.then(({ code, signal }) =>
      rej(new LauncherError(`Neo4j exited before it was ready (exit ${code ?? signal}):\n${explain(errTail)}`)),
    );
  });

  return {
    uri: `bolt://127.0.0.1:${opts.boltPort}`,
    credentials,
    pid: child.pid,
    exited,
    stop: () => stopChild(child, exited),
  };
}

function explain(tail: string[]): string {
  const text = tail.join('\n');
  if (/Address already in use|BindException/.test(text)) return `The Bolt port is in use (set ANNALS_BOLT_PORT).\n${text}`;
  if (/lock|Lock/.test(text)) return `The data directory is in use by another Neo4j (set ANNALS_DATA_DIR).\n${text}`;
  return text;
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
