// The `annals` command line, run as a user runs it, against the test database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';

const { executor, gql } = connectApi();
const dir = mkdtempSync(join(tmpdir(), 'annals-cli-'));

function run(
  script: string,
  env: Record<string, string | undefined>,
  args: string[],
): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync('npx', ['tsx', script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ANNALS_CURATOR: undefined, ...neo4jEnv(), LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const annals = (...args: string[]) => run('src/cli/main.ts', {}, args);

/** The curators of the changes a curator made, newest first, with their operation and targets. */
async function changesBy(curator: string) {
  const res = await gql<{ changes: { curator: string; operation: string; targets: string[]; citations: { quote: string }[] }[] }>(
    'query($c: String!) { changes(curator: $c, first: 10) { curator operation targets citations { quote } } }',
    { c: curator },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.changes;
}

function dataset(name: string, quote: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `sources:
  - id: test-cli-src
    title: CLI test source
    text: "一份命令行测试资料,提到清远。"
entities:
  - id: test-cli-place
    type: Place
    name: 测试地点
    citations: [{ source: test-cli-src, quote: "${quote}" }]
`,
  );
  return file;
}

afterAll(async () => {
  await executor.write({
    cypher: "MATCH (n) WHERE n.id STARTS WITH 'test-cli' OR n.about STARTS WITH 'test-cli' DETACH DELETE n",
    params: {},
  });
});

describe('annals validate', () => {
  it('accepts the seed without a database and reports counts', () => {
    const res = annals('validate', '--json', '--offline', 'seed/data/000_mj_guangdong_2006.yaml', 'seed/data/001_curator_note.yaml');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, entities: 42, claims: 2 });
  });

  it('names file and line of each issue and exits 1', () => {
    const res = annals('validate', dataset('bad.yaml', '不在资料里'));
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/bad\.yaml:9 entities\[0\]\.citations\[0\]\.quote \(test-cli-place\): quote not found verbatim/);
  });

  it('exits 2 on a usage error', () => {
    expect(annals('frobnicate').code).toBe(2);
    expect(annals('seed', 'seed/data/000_mj_guangdong_2006.yaml').code).toBe(2);
  });
});

// Each command starts Node and tsx, seconds on a busy machine: wide bounds, never a measurement.
describe('annals import', { timeout: 240_000 }, () => {
  it('imports all or nothing, idempotently', async () => {
    const before = await graphState(executor);
    const bad = annals('import', dataset('bad2.yaml', '不在资料里'));
    expect(bad.code).toBe(1);
    expect(await graphState(executor)).toEqual(before);
    const ok = annals('import', '--json', dataset('good.yaml', '提到清远'));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, entities: 1, sources: 1 });
    // The same data again changes nothing, and so records nothing: the whole graph stays as it was.
    const once = await graphState(executor);
    const again = annals('import', '--json', dataset('good2.yaml', '提到清远'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, change: null, entityCounts: { created: 0, changed: 0, unchanged: 2 } });
    expect(await graphState(executor)).toEqual(once);
  });
});

describe('every import leaves history', () => {
  it('annals import records one change by --curator, else ANNALS_CURATOR, else the OS user', async () => {
    // Each import adds a citation, so each changes the place and is recorded.
    const me = userInfo().username;
    const mine = (await changesBy(me)).length;
    const flagged = run('src/cli/main.ts', { ANNALS_CURATOR: 'test-cli-dave' }, [
      'import',
      '--json',
      '--curator',
      'test-cli-carol',
      dataset('recorded-1.yaml', '一份命令行'),
    ]);
    expect(flagged.code).toBe(0);
    expect(JSON.parse(flagged.stdout)).toMatchObject({ ok: true, change: { curator: 'test-cli-carol' } });
    expect(run('src/cli/main.ts', { ANNALS_CURATOR: 'test-cli-dave' }, ['import', dataset('recorded-2.yaml', '命令行测试资料')]).code).toBe(
      0,
    );
    expect(annals('import', dataset('recorded-3.yaml', '测试资料')).code).toBe(0);
    for (const curator of ['test-cli-carol', 'test-cli-dave']) {
      expect(await changesBy(curator)).toEqual([
        expect.objectContaining({ curator, operation: 'IMPORT_DATASET', targets: expect.arrayContaining(['test-cli-place']) }),
      ]);
    }
    expect((await changesBy(me)).length).toBe(mine + 1);
    const history = await gql<{ history: { curator: string }[] }>('{ history(id: "test-cli-place", first: 3) { curator } }');
    expect(history.data!.history.map((c) => c.curator)).toEqual([me, 'test-cli-dave', 'test-cli-carol']);
  });

  it('annals seed on a seeded graph changes nothing and records nothing; the first seed was recorded, citing relationships too', async () => {
    const before = await graphState(executor);
    const res = run('src/cli/main.ts', { ANNALS_CURATOR: 'test-cli-seeder' }, ['seed', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, change: null, entityCounts: { created: 0, changed: 0 } });
    expect(await changesBy('test-cli-seeder')).toEqual([]);
    expect(await graphState(executor)).toEqual(before);
    const seeded = await gql<{ history: { operation: string; targets: string[]; citations: { quote: string }[] }[] }>(
      '{ history(id: "person-yao-bentang--held-position--org-capd-guangdong", first: 20) { operation targets citations { quote } } }',
    );
    const change = seeded.data!.history.at(-1)!;
    expect(change).toMatchObject({
      operation: 'IMPORT_DATASET',
      targets: expect.arrayContaining(['person-luo-fuhe', 'person-yao-bentang--held-position--org-capd-guangdong']),
    });
    // Quotes only relationships cite (the website ORGANIZED by the committee), not only the entities'.
    expect(change.citations.map((c) => c.quote)).toContain('省委会率先建立了民进广东省委网站');
  });
});

describe('annals export and query', () => {
  it('exports GraphML around an entity to stdout', () => {
    const res = annals('export', 'graphml', '--around', 'person-luo-fuhe', '--depth', '1');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^<\?xml/);
    expect(res.stdout).toContain('罗富和');
    expect(res.stdout).not.toContain('清远市');
  });

  it('refuses an unknown format as a usage error (exit 2), listing the formats', () => {
    const res = annals('export', 'pdf');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("'pdf' is invalid for argument 'format'. Allowed choices are timelinejs,");
  });

  it('runs a GraphQL file with variables', () => {
    const file = join(dir, 'q.graphql');
    writeFileSync(file, 'query($id: ID!) { entity(id: $id) { name } }');
    const res = annals('query', file, '--var', 'id=person-yao-bentang');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ data: { entity: { name: '姚本棠' } } });
  });
});
