// The `annals` commands that need no database: help and token, run as a user runs them.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { authenticate, parseTokens } from '../../src/auth/tokens.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}
const ARGS = ['--import', 'tsx', 'src/cli/main.ts'];
// No database anywhere: a command that tried to reach one would fail (exit 3).
const ENV = { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1', LOG_LEVEL: 'silent' };

function annals(...args: string[]): Ran {
  const res = spawnSync(process.execPath, [...ARGS, ...args], { encoding: 'utf8', env: ENV });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The same, without blocking: several run side by side. */
function annalsAsync(...args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('annals --help', { timeout: 60_000 }, () => {
  it('lists every command, the npm aliases among them, and the exit codes', () => {
    const res = annals('--help');
    expect(res.code).toBe(0);
    for (const command of ['serve', 'validate', 'import', 'seed', 'export', 'query', 'token', 'propose', 'build-neo4j'])
      expect(res.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(res.stdout).toContain('exit codes: 0 ok, 1 invalid input or data, 2 usage, 3 database or launcher failure');
  });
});

// Each test starts Node and tsx: seconds on a busy machine, never a measurement.
describe('annals token', { timeout: 60_000 }, () => {
  it('prints a new token once and the entry that stores only its hash, which then authenticates it', () => {
    const res = annals('token', 'rita', 'read', '--json');
    expect(res.code, res.stderr).toBe(0);
    const made = JSON.parse(res.stdout) as { ok: boolean; curator: string; role: string; token: string; entry: string };
    expect(made).toMatchObject({ ok: true, curator: 'rita', role: 'read' });
    expect(made.entry).toMatch(/^rita:read:sha256:[0-9a-f]{64}$/);
    expect(made.entry).not.toContain(made.token);
    expect(authenticate(`Bearer ${made.token}`, parseTokens(made.entry, undefined))).toEqual({
      kind: 'curator',
      curator: 'rita',
      role: 'read',
    });
  });

  it('makes a propose token, which authenticates with its role', () => {
    const res = annals('token', 'pat', 'propose', '--json');
    expect(res.code).toBe(0);
    const made = JSON.parse(res.stdout) as { role: string; token: string; entry: string };
    expect(made.role).toBe('propose');
    expect(made.entry).toMatch(/^pat:propose:sha256:[0-9a-f]{64}$/);
    expect(authenticate(`Bearer ${made.token}`, parseTokens(made.entry, undefined))).toEqual({
      kind: 'curator',
      curator: 'pat',
      role: 'propose',
    });
  });

  it('makes a write token by default, in words a person reads', () => {
    const res = annals('token', '罗富和');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^token \(give it to 罗富和; it is not stored anywhere\):\n {2}annals_\S+\nadd to ANNALS_TOKENS/);
    expect(res.stdout).toMatch(/^ {2}罗富和:write:sha256:[0-9a-f]{64}$/m);
  });

  it('refuses a missing or unusable curator name and an unknown role with exit 2 and the usage', async () => {
    const refusals = await Promise.all([[], ['a b'], ['alice', 'admin']].map((args) => annalsAsync('token', ...args)));
    for (const res of refusals) {
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('usage: annals <command>');
      expect(res.stdout).toBe('');
    }
  });
});
