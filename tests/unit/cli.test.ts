// The `annals` commands that need no database: help, usage errors and token, run as a user runs them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authenticate, parseTokens } from '../../src/auth/tokens.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}
// The real binary (`annals`, package.json's bin), as npx or a linked install runs it.
const ARGS = ['src/cli/bin.js'];
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
      expect(res.stderr).toContain('Usage: annals token [options] <curator> [role]');
      expect(res.stderr).toMatch(/^annals: .* \[USAGE\]$/m);
      expect(res.stdout).toBe('');
    }
  });
});

const COMMANDS = ['serve', 'validate', 'import', 'seed', 'export', 'query', 'token', 'build-neo4j'];

describe('annals <command> --help', { timeout: 120_000 }, () => {
  it("prints that command's own usage, options and an example, and exits 0", async () => {
    const helps = await Promise.all(COMMANDS.map((command) => annalsAsync(command, '--help')));
    for (const [n, res] of helps.entries()) {
      const command = COMMANDS[n]!;
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Usage: annals ${command}\\b`));
      expect(res.stdout).toMatch(/^Options:$/m);
      expect(res.stdout).toMatch(new RegExp(`^Examples?:\\n {2}(annals ${command}|npm run)`, 'm'));
    }
    // Each its own: no two commands print the same help.
    expect(new Set(helps.map((h) => h.stdout)).size).toBe(COMMANDS.length);
    const exportHelp = helps[COMMANDS.indexOf('export')]!.stdout;
    for (const option of ['--around', '--depth', '--from', '--to', '--types', '--relationship-types', '--lang', '--out'])
      expect(exportHelp).toContain(option);
    expect(exportHelp).toContain('graphml');
  });
});

describe('usage errors are found before any database is reached', { timeout: 120_000 }, () => {
  // NEO4J_URI points at a closed port: reaching for the database would exit 3, not 2.
  it('a missing query file is a usage error (exit 2) naming the file, not a raw ENOENT', () => {
    const res = annals('query', 'no-such-query.graphql');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^annals: no query file no-such-query\.graphql: .* \[USAGE\]$/m);
    expect(res.stderr).toContain('Usage: annals query [options] <file>');
    expect(res.stderr).not.toMatch(/ENOENT|connecting|Neo4j/);
    expect(res.stdout).toBe('');
  });

  it('an unknown export format, entity type or language is a usage error listing what is allowed', async () => {
    const [format, type, lang] = await Promise.all([
      annalsAsync('export', 'pdf'),
      annalsAsync('export', 'nodes.csv', '--types', 'PERSON,Persn'),
      annalsAsync('export', 'nodes.csv', '--lang', 'fr'),
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/'pdf' is invalid .* timelinejs, vis-timeline, graphml, gexf, nodes\.csv, edges\.csv, jsonld, geojson/);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('--types: unknown type "Persn"; one of PERSON, ORGANIZATION, EVENT, INITIATIVE, PLACE, SOURCE');
    expect(lang.code).toBe(2);
    for (const res of [format, type, lang]) expect(res.stderr).not.toMatch(/connecting|DATABASE_UNAVAILABLE/);
  });

  it('entity types pass in either spelling (PERSON as in the API, Person as in data files), on to the database', () => {
    const res = annals('export', 'nodes.csv', '--types', 'Person,EVENT', '--json');
    // Past every check: only then does it need the (unreachable) database.
    expect(res.code).toBe(3);
    expect(JSON.parse(res.stderr)).toMatchObject({ ok: false, code: 'DATABASE_UNAVAILABLE' });
  });

  it('no command at all prints the general usage on stderr and exits 2', () => {
    const res = annals();
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^Usage: annals \[options\] \[command\]/);
  });
});

describe('data files name entity types either way', { timeout: 60_000 }, () => {
  it('PERSON and Person validate alike (Person is canonical in files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'annals-types-'));
    cpSync('seed/sources', join(dir, 'sources'), { recursive: true });
    mkdirSync(join(dir, 'data'));
    const seed = readFileSync('seed/data/000_mj_guangdong_2006.yaml', 'utf8');
    const upper = seed.replace(/^(\s+type: )Person$/gm, '$1PERSON').replace(/^(\s+type: )Event$/gm, '$1EVENT');
    expect(upper).not.toBe(seed);
    writeFileSync(join(dir, 'data', 'upper.yaml'), upper);
    writeFileSync(join(dir, 'data', 'note.yaml'), readFileSync('seed/data/001_curator_note.yaml', 'utf8'));
    const res = annals('validate', '--offline', '--json', join(dir, 'data', 'upper.yaml'), join(dir, 'data', 'note.yaml'));
    expect(res.code, res.stdout).toBe(0);
    // The same answer as the seed as written (Person, Event): every entity counted either way.
    const asWritten = annals('validate', '--offline', '--json', 'seed/data/000_mj_guangdong_2006.yaml', 'seed/data/001_curator_note.yaml');
    expect(asWritten.code, asWritten.stdout).toBe(0);
    const written = JSON.parse(asWritten.stdout) as { entities: number };
    expect(written.entities).toBeGreaterThan(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, entities: written.entities });
    writeFileSync(join(dir, 'data', 'lower.yaml'), seed.replace(/^(\s+type: )Person$/m, '$1person'));
    const lower = annals('validate', '--offline', '--json', join(dir, 'data', 'lower.yaml'), join(dir, 'data', 'note.yaml'));
    expect(lower.code).toBe(1);
    const issues = (JSON.parse(lower.stdout) as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^entities\[\d+\]\.type$/),
        message: expect.stringContaining('"Person"|"Organization"'),
      }),
    ]);
  });
});

describe('the example queries', () => {
  it('are valid against the schema, and the README runs each of them', () => {
    const schema = buildSchema(loadTypeDefs());
    const files = readdirSync('examples/queries').filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const readme = readFileSync('README.md', 'utf8');
    for (const file of files) {
      expect(validate(schema, parse(readFileSync(join('examples/queries', file), 'utf8'))), file).toEqual([]);
      expect(readme).toContain(`npm run annals -- query examples/queries/${file}`);
    }
    // And the README names no query file that is not there.
    for (const [, named] of readme.matchAll(/annals (?:-- )?query (\S+\.graphql)/g))
      expect(files.map((f) => `examples/queries/${f}`)).toContain(named);
  });
});
