import { describe, expect, it } from 'vitest';
import { csvInMemory, csvRoomNeeded } from '../../src/cli/bulk-scratch.js';

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
