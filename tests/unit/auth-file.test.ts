// The password file of the embedded Neo4j: made once per data directory, private to its owner.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_FILE, ensureAuthFile } from '../../src/launcher/auth-file.js';

const root = mkdtempSync(join(tmpdir(), 'annals-auth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('ensureAuthFile', () => {
  it('creates the data directory 0700 and a random password file 0600, then keeps that password', () => {
    const dir = join(root, 'fresh', 'data');
    const first = ensureAuthFile(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, AUTH_FILE))).toBe(0o600);
    expect(first.password).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(join(dir, AUTH_FILE), 'utf8').trim()).toBe(first.password);
    expect(ensureAuthFile(dir).password).toBe(first.password);
    expect(ensureAuthFile(join(root, 'other')).password).not.toBe(first.password);
  });

  it('closes an existing directory and file that others could read', () => {
    const dir = join(root, 'loose');
    ensureAuthFile(dir);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, AUTH_FILE), 0o644);
    ensureAuthFile(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, AUTH_FILE)).toString(8)).toBe('600');
  });

  it('refuses an empty or short password file instead of starting without auth', () => {
    const dir = join(root, 'empty');
    ensureAuthFile(dir);
    writeFileSync(join(dir, AUTH_FILE), '\n');
    expect(() => ensureAuthFile(dir)).toThrow(/at least 8 characters: delete it/);
  });

  it('censors the password when the credentials are logged or inspected', () => {
    const credentials = ensureAuthFile(join(root, 'logged'));
    expect(JSON.stringify({ credentials })).not.toContain(credentials.password);
    expect(inspect({ credentials })).not.toContain(credentials.password);
    expect(JSON.stringify({ credentials })).toContain('[redacted]');
  });
});
