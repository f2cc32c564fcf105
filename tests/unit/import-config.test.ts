// The import's budget and the curator of writes outside the API come from the environment.
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_TIMEOUT_MS, defaultCurator, importTimeoutMs } from '../../src/config.js';

describe('import configuration', () => {
  it('gives imports 120 s unless ANNALS_IMPORT_TIMEOUT_MS says otherwise, and refuses a budget under 1 ms', () => {
    expect(DEFAULT_IMPORT_TIMEOUT_MS).toBe(120_000);
    expect(importTimeoutMs({})).toBe(120_000);
    expect(importTimeoutMs({ ANNALS_IMPORT_TIMEOUT_MS: '' })).toBe(120_000);
    expect(importTimeoutMs({ ANNALS_IMPORT_TIMEOUT_MS: '300000' })).toBe(300_000);
    expect(() => importTimeoutMs({ ANNALS_IMPORT_TIMEOUT_MS: '0' })).toThrow(/ANNALS_IMPORT_TIMEOUT_MS/);
    expect(() => importTimeoutMs({ ANNALS_IMPORT_TIMEOUT_MS: 'soon' })).toThrow(/ANNALS_IMPORT_TIMEOUT_MS/);
  });

  it('names ANNALS_CURATOR as the curator, else the OS user', () => {
    expect(defaultCurator({ ANNALS_CURATOR: ' rita ' })).toBe('rita');
    expect(defaultCurator({ ANNALS_CURATOR: '' })).toBe(userInfo().username);
    expect(defaultCurator({})).toBe(userInfo().username);
  });
});
