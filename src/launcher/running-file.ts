import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file, inside the data directory, that says an embedded Neo4j runs there: its Bolt port and
 * its JVM's pid (no secret: the password stays in the auth file). Written (0600) once the database
 * answers, removed when it stops; so `annals import|export|query|validate` find the Neo4j that
 * `npm start` (or another command) runs on the same data directory and use it instead of starting
 * a second one, which the store's lock would refuse.
 */
export const RUNNING_FILE = 'annals-neo4j.running';

export interface RunningRecord {
  boltPort: number;
  /** The JVM that serves the data directory. */
  jvmPid: number;
  /** The Node process that started it (the server or a command). */
  ownerPid: number;
  startedAt: string;
}

export function writeRunningFile(dataDir: string, record: RunningRecord): void {
  writeFileSync(join(dataDir, RUNNING_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** Removes the file only while it still names this JVM (a newer start may have rewritten it). */
export function removeRunningFile(dataDir: string, jvmPid: number | undefined): void {
  if (readRunningFile(dataDir)?.jvmPid === jvmPid) rmSync(join(dataDir, RUNNING_FILE), { force: true });
}

/** What the file says, if it exists, parses, and names a process that is alive; else undefined. */
export function readRunningFile(dataDir: string): RunningRecord | undefined {
  let record: Partial<RunningRecord>;
  try {
    record = JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8')) as Partial<RunningRecord>;
  } catch {
    return undefined;
  }
  const { boltPort, jvmPid, ownerPid, startedAt } = record;
  if (!Number.isInteger(boltPort) || !Number.isInteger(jvmPid) || !Number.isInteger(ownerPid)) return undefined;
  if (!isAlive(jvmPid!)) return undefined;
  return { boltPort: boltPort!, jvmPid: jvmPid!, ownerPid: ownerPid!, startedAt: String(startedAt) };
}

/** Whether a process of that id exists (ours or another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's (the Bolt login will tell whether it is ours).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
