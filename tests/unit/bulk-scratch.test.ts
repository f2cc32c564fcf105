import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvInMemory, csvRoomNeeded, csvScratchDir, SHARED_MEMORY_DIR } from '../../src/cli/bulk-scratch.js';

const MB = 2 ** 20;

describe('where the bulk importer CSV files go', () => {
  it('to shared memory only when it and the free memory (twice) hold room for them', () => {
    const dataset = 138 * MB; // size M
    const needed = csvRoomNeeded(dataset);
    expect(needed).toBeGreaterThan(2 * dataset);
    expect(csvInMemory(dataset, { sharedFree: needed, memoryFree: 2 * needed })).toBe(true);
    expect(csvInMemory(dataset, { sharedFree: needed - 1, memoryFree: 10 * needed })).toBe(false);
    expect(csvInMemory(dataset, { sharedFree: 10 * needed, memoryFree: 2 * needed - 1 })).toBe(false);
    // No /dev/shm (not Linux), or a container's 64 MB one.
    expect(csvInMemory(dataset, { sharedFree: undefined, memoryFree: 100 * needed })).toBe(false);
    expect(csvInMemory(1 * MB, { sharedFree: 64 * MB, memoryFree: 100 * needed })).toBe(false);
  });
});

describe('a load killed before its clean-up', () => {
  it.runIf(existsSync(SHARED_MEMORY_DIR))('leaves CSV files in shared memory that the next load removes', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const dead = Number(gone.stdout);
    const left = mkdtempSync(join(SHARED_MEMORY_DIR, `annals-bulk-${dead}-`));
    writeFileSync(join(left, 'nodes-Person-1.csv'), '":ID"\n0\n');
    // Another load of this user that still runs keeps its files.
    const live = mkdtempSync(join(SHARED_MEMORY_DIR, `annals-bulk-${process.ppid}-`));
    // A link named like a leftover is removed, if anything, never followed.
    const target = mkdtempSync(join(tmpdir(), 'annals-bulk-target-'));
    writeFileSync(join(target, 'keep.txt'), 'kept');
    const link = join(SHARED_MEMORY_DIR, `annals-bulk-${dead}-link`);
    symlinkSync(target, link);
    const fallback = join(tmpdir(), 'annals-bulk-scratch-test');
    try {
      const { dir } = csvScratchDir(1, fallback);
      if (dir !== fallback) rmSync(dir, { recursive: true, force: true });
      expect(existsSync(left)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(join(target, 'keep.txt'))).toBe(true);
    } finally {
      rmSync(link, { force: true });
      rmSync(target, { recursive: true, force: true });
      rmSync(left, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
