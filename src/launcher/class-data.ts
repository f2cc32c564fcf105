import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './running-file.js';

/**
 * The embedded Neo4j's class-data archive (Java's AppCDS, a dynamic archive): the classes a start
 * loads (about 20,000, parsed and verified each time otherwise), written once by the JVM when it
 * stops after a first start (`-XX:ArchiveClassesAtExit`) and mapped by the next starts
 * (`-XX:SharedArchiveFile`). It lives in the data directory as ARCHIVE, with MANIFEST naming the key
 * it was made for (the JVM's version and the class path with each jar's size and time) and its size.
 * It is used only when both match: new jars or a new JVM make the launcher record it again, and a
 * missing or truncated archive is never handed to the JVM (a truncated one would crash it), and a
 * start that fails with one (the JVM refuses a foreign header) is retried without it by the launcher.
 */
export const CLASS_DATA_ARCHIVE = 'annals-neo4j.jsa';
const MANIFEST = 'annals-neo4j.jsa.json';
/** What a recording JVM writes: one name per starting process, renamed to ARCHIVE after a clean exit. */
const RECORDING = /^annals-neo4j\.jsa\.(\d+)\.tmp$/;

/** How a start uses the archive: maps it, records it at exit, or neither (no JVM version known). */
export type ClassDataMode = 'used' | 'recording' | 'off';

export interface ClassDataPlan {
  mode: ClassDataMode;
  /** The JVM arguments of that mode. */
  args: string[];
  /** To call when the JVM exits: a recording JVM's archive becomes the archive after a clean stop. */
  settle(exit: { code: number | null; signal: NodeJS.Signals | null }): void;
  /** Forgets the archive (the start failed while using it). */
  discard(): void;
}

/** The key of an archive: the JVM, and every class path entry with its size and modification time. */
export function classDataKey(javaVersion: string, classPath: string): string {
  const hash = createHash('sha256').update(javaVersion).update('\0');
  for (const entry of classPath.split(':')) {
    const files = entry.endsWith('/*') ? jarsIn(entry.slice(0, -2)) : [entry];
    for (const file of files) {
      hash.update(file).update('\0');
      try {
        const st = statSync(file);
        hash.update(`${st.size}:${st.mtimeMs}\0`);
      } catch {
        hash.update('missing\0');
      }
    }
  }
  return hash.digest('hex').slice(0, 32);
}

function jarsIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jar'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

interface Manifest {
  key: string;
  bytes: number;
}

function readManifest(dataDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dataDir, MANIFEST), 'utf8')) as Partial<Manifest>;
    return typeof m.key === 'string' && typeof m.bytes === 'number' ? { key: m.key, bytes: m.bytes } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the archive of dataDir was made for this key and is whole. */
export function classDataUsable(dataDir: string, key: string): boolean {
  const manifest = readManifest(dataDir);
  if (manifest?.key !== key) return false;
  try {
    return statSync(join(dataDir, CLASS_DATA_ARCHIVE)).size === manifest.bytes;
  } catch {
    return false;
  }
}

function removeArchive(dataDir: string): void {
  // The manifest first: an archive without one is never used.
  rmSync(join(dataDir, MANIFEST), { force: true });
  rmSync(join(dataDir, CLASS_DATA_ARCHIVE), { force: true });
}

/**
 * What the next start of the JVM does with the archive of dataDir. javaVersion undefined (unknown)
 * turns the archive off; so does `enabled: false`.
 */
export function planClassData(dataDir: string, classPath: string, javaVersion: string | undefined, enabled = true): ClassDataPlan {
  const off: ClassDataPlan = { mode: 'off', args: [], settle: () => undefined, discard: () => undefined };
  if (!enabled || javaVersion === undefined) return off;
  const key = classDataKey(javaVersion, classPath);
  if (classDataUsable(dataDir, key)) {
    return {
      mode: 'used',
      // -Xshare:on: an archive the JVM cannot use (a foreign or damaged header) stops it at once,
      // where the default would go on silently without; the launcher then starts it without (and records anew).
      args: ['-Xshare:on', `-XX:SharedArchiveFile=${join(dataDir, CLASS_DATA_ARCHIVE)}`],
      settle: () => undefined,
      discard: () => removeArchive(dataDir),
    };
  }
  // Stale (other jars, other JVM), partial or absent: remove it, and the leftovers of recordings
  // whose process is gone, then record a new one.
  removeArchive(dataDir);
  try {
    for (const name of readdirSync(dataDir)) {
      const m = RECORDING.exec(name);
      if (m !== null && !isAlive(Number(m[1]))) rmSync(join(dataDir, name), { force: true });
    }
  } catch {
    return off;
  }
  const recording = join(dataDir, `${CLASS_DATA_ARCHIVE}.${process.pid}.tmp`);
  rmSync(recording, { force: true });
  let discarded = false;
  return {
    mode: 'recording',
    args: [`-XX:ArchiveClassesAtExit=${recording}`],
    settle({ code, signal }) {
      try {
        // A JVM stopped by SIGTERM/SIGINT through its shutdown hook exits 143/130, one ended by its
        // parent's going away 0; anything else (a crash, kill -9, a failed start) may have left half an archive.
        const clean = signal === null && (code === 0 || code === 130 || code === 143);
        if (clean && !discarded && existsSync(recording) && statSync(recording).size > 0) {
          removeArchive(dataDir);
          renameSync(recording, join(dataDir, CLASS_DATA_ARCHIVE));
          // The JVM maps this file as code at every start: its owner only (the data directory is 0700 too).
          chmodSync(join(dataDir, CLASS_DATA_ARCHIVE), 0o600);
          const manifest: Manifest = { key, bytes: statSync(join(dataDir, CLASS_DATA_ARCHIVE)).size };
          writeFileSync(join(dataDir, MANIFEST), `${JSON.stringify(manifest)}\n`, { mode: 0o600 });
        } else rmSync(recording, { force: true });
      } catch {
        // no archive this time: the next start records one
        rmSync(recording, { force: true });
      }
    },
    discard() {
      discarded = true;
      rmSync(recording, { force: true });
    },
  };
}

/** For tests: the archive and manifest paths of a data directory. */
export function classDataFiles(dataDir: string): { archive: string; manifest: string } {
  return { archive: join(dataDir, CLASS_DATA_ARCHIVE), manifest: join(dataDir, MANIFEST) };
}
