import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';

/** The shared-memory file system of Linux: files there never go to a disk. */
export const SHARED_MEMORY_DIR = '/dev/shm';

/**
 * Room a load's importer CSV files may take, from the dataset's size in bytes: about twice the
 * dataset (size M: 138 MB of dataset, 283 MB of CSV), so three times, plus a margin.
 */
export const csvRoomNeeded = (datasetBytes: number): number => 3 * datasetBytes + 256 * 2 ** 20;

/**
 * Whether the CSV files go to shared memory: only when both it and the machine's free memory hold
 * room for them (free memory twice: the importer and Neo4j need theirs too). Written there, the
 * files are read once and deleted without ever reaching the disk; written to the data directory,
 * the kernel flushes them while the importer runs (size M: its run 11-15 s instead of 9-11 s).
 */
export function csvInMemory(datasetBytes: number, room: { sharedFree: number | undefined; memoryFree: number }): boolean {
  const needed = csvRoomNeeded(datasetBytes);
  return room.sharedFree !== undefined && room.sharedFree >= needed && room.memoryFree >= 2 * needed;
}

/** Free bytes of shared memory, or undefined where there is none. */
function sharedMemoryFree(): number | undefined {
  try {
    const s = statfsSync(SHARED_MEMORY_DIR);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** Free memory for this process: the machine's, or less under a cgroup limit (a container), whose count tmpfs pages join. */
function memoryFree(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  const machine = freemem();
  return limit > 0 && limit < Number.MAX_SAFE_INTEGER ? Math.min(machine, limit - process.memoryUsage.rss()) : machine;
}

/** A CSV directory in shared memory: this prefix, the pid of the load that made it, and mkdtemp's suffix. */
const PREFIX = 'annals-bulk-';
const LEFT_BY = new RegExp(`^${PREFIX}(\\d+)-`);

/** Whether a process of that pid still runs (signal 0 only asks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the CSV directories of this user's earlier loads whose process is gone (killed before
 * its clean-up ran): in shared memory they would hold their memory until the machine restarts.
 */
function removeLeftovers(): void {
  const uid = process.getuid?.();
  for (const name of readdirSync(SHARED_MEMORY_DIR)) {
    const pid = Number(LEFT_BY.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || running(pid)) continue;
    const path = join(SHARED_MEMORY_DIR, name);
    try {
      // lstat: a link another user put there names its own owner, and is never followed.
      const found = lstatSync(path);
      if (found.isDirectory() && (uid === undefined || found.uid === uid)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

/**
 * A new directory for the importer's CSV files: in shared memory when it has room (see
 * csvInMemory), else `fallback` (in the data directory). Only this process's user may open it
 * (mkdtemp's 0700), as the data directory; the caller removes it, and a later load removes it
 * if this process was killed first (its pid is in the name).
 */
export function csvScratchDir(datasetBytes: number, fallback: string): { dir: string; inMemory: boolean } {
  if (!existsSync(SHARED_MEMORY_DIR)) return { dir: fallback, inMemory: false };
  removeLeftovers();
  if (csvInMemory(datasetBytes, { sharedFree: sharedMemoryFree(), memoryFree: memoryFree() }))
    return { dir: mkdtempSync(join(SHARED_MEMORY_DIR, `${PREFIX}${process.pid}-`)), inMemory: true };
  return { dir: fallback, inMemory: false };
}
