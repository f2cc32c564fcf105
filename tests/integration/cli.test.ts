// The `annals` command line, run as a user runs it, against the test database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';

const { executor } = connectApi();
const dir = mkdtempSync(join(tmpdir(), 'annals-cli-'));

function annals(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...neo4jEnv(), LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
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
  await executor.write({ cypher: "MATCH (n) WHERE n.id STARTS WITH 'test-cli' OR n.about STARTS WITH 'test-cli' DETACH DELETE n", params: {} });
});

describe('annals validate', () => {
  it('accepts the seed without a database and reports counts', () => {
    const res = annals('validate', '--json', 'seed/data/000_mj_guangdong_2006.yaml', 'seed/data/001_curator_note.yaml');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, entities: 38, claims: 2 });
  });

  it('names file and line of each issue and exits 1', () => {
    const res = annals('validate', dataset('bad.yaml', '不在资料里'));
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/bad\.yaml:9 entities\[0\]\.citations\[0\]\.quote \(test-cli-place\): quote not found verbatim/);
  });

  it('exits 2 on a usage error', () => {
    expect(annals('frobnicate').code).toBe(2);
  });
});

describe('annals import', () => {
  it('imports all or nothing, idempotently', async () => {
    const before = await graphState(executor);
    const bad = annals('import', dataset('bad2.yaml', '不在资料里'));
    expect(bad.code).toBe(1);
    expect(await graphState(executor)).toEqual(before);
    const ok = annals('import', '--json', dataset('good.yaml', '提到清远'));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, entities: 1, sources: 1 });
    const once = await graphState(executor);
    expect(annals('import', dataset('good2.yaml', '提到清远')).code).toBe(0);
    const twice = await graphState(executor);
    expect({ nodes: twice.nodes, relationships: twice.relationships }).toEqual({ nodes: once.nodes, relationships: once.relationships });
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

  it('refuses an unknown format with exit 1', () => {
    const res = annals('export', 'pdf');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown export format');
  });

  it('runs a GraphQL file with variables', () => {
    const file = join(dir, 'q.graphql');
    writeFileSync(file, 'query($id: ID!) { entity(id: $id) { name } }');
    const res = annals('query', file, '--var', 'id=person-yao-bentang');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ data: { entity: { name: '姚本棠' } } });
  });
});
