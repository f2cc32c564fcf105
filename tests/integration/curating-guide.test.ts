// docs/curating.md, followed as a curator follows it: the worked example (docs/examples/) is checked
// against the graph, imported with `annals import` and with the importDataset mutation, cited and
// queryable; a bad date or a quote not in the source is refused with nothing written. Every import
// is reverted afterwards, so the graph is the seed again for the other files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectApi } from '../helpers/api.js';
import { neo4jEnv } from '../helpers/db.js';
import { graphState } from '../helpers/graph.js';
import { writeRunningFile } from '../../src/launcher/running-file.js';

const { gql, asCurator, executor } = connectApi();
const EXAMPLE = 'docs/examples/data/curator-note-002.yaml';
const NOTE = 'docs/examples/sources/curator-note-002.txt';
const CURATOR = 'test-guide-rita';
const NEW_IDS = [
  'src-curator-note-002',
  'org-capd-guangdong-website',
  'org-capd-guangdong-website--part-of--org-capd-guangdong',
  'org-capd-guangdong-website--participated-in--event-2002-website',
];

function annalsIn(env: Record<string, string>, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const annals = (...args: string[]) => annalsIn(neo4jEnv(), args);

/** A copy of the example with one change, beside a copy of its source (so `file:` resolves as in docs/examples). */
function variant(name: string, edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'annals-guide-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'sources'));
  copyFileSync(NOTE, join(dir, 'sources', 'curator-note-002.txt'));
  const file = join(dir, 'data', name);
  const yaml = readFileSync(EXAMPLE, 'utf8');
  const edited = edit(yaml);
  expect(edited).not.toBe(yaml);
  writeFileSync(file, edited);
  return file;
}

/** The example as the text of importDataset: the source's `file:` becomes its `text:`, a `|` block of the file's lines (docs/curating.md). */
function asDocument(yaml: string): string {
  const lines = readFileSync(NOTE, 'utf8').replace(/\n$/, '').split('\n');
  const block = lines.map((l) => (l === '' ? '' : `      ${l}`)).join('\n');
  return yaml.replace('    file: ../sources/curator-note-002.txt\n', `    text: |\n${block}\n`);
}

const IMPORT = `mutation($d: String!) { importDataset(document: $d) {
  entities relationships entityCounts { created changed unchanged } relationshipCounts { created changed unchanged } change { id } } }`;

const FACTS = `{
  website: entity(id: "org-capd-guangdong-website") { name ... on Organization { parent { id } participations { role event { id } } }
    citations { quote start end line source { id } } }
  event(id: "event-2002-website") { name names(lang: "en") { value } date { edtf } participants { role entity { id } } citations { quote source { id } } }
  note: source(id: "src-curator-note-002") { title text mentions { id } }
}`;

interface Facts {
  website: {
    name: string;
    parent: { id: string };
    participations: { role: string; event: { id: string } }[];
    citations: { quote: string; start: number; end: number; line: number; source: { id: string } }[];
  } | null;
  event: {
    name: string;
    names: { value: string }[];
    date: { edtf: string };
    participants: { role: string; entity: { id: string } }[];
    citations: { quote: string; source: { id: string } }[];
  };
  note: { title: string; text: string; mentions: { id: string }[] } | null;
}

let seedState: Awaited<ReturnType<typeof graphState>>;
beforeAll(async () => {
  seedState = await graphState(executor, true);
});

afterAll(async () => {
  // The reverts below restore the data; this removes what a failed test may have left, and the change log of this file.
  await executor.write({ cypher: 'MATCH (n) WHERE n.id IN $ids OR n.about IN $ids DETACH DELETE n', params: { ids: NEW_IDS } });
  await executor.write({
    cypher: "MATCH (c:Citation {about: 'event-2002-website'})-[:IN_SOURCE]->(:Source {id: 'src-curator-note-002'}) DETACH DELETE c",
    params: {},
  });
  await executor.write({ cypher: 'MATCH (c:Change) WHERE c.curator = $curator DETACH DELETE c', params: { curator: CURATOR } });
});

/** Reverts a change as the curator of this file. */
async function revert(changeId: string): Promise<void> {
  const res = await asCurator(CURATOR, 'mutation($id: ID!) { revert(changeId: $id) { id } }', { id: changeId });
  expect(res.errors).toBeUndefined();
}

/** What the example adds is in the graph, cited, and reachable from what was there before. */
async function expectExampleFacts(): Promise<void> {
  const res = await gql<Facts>(FACTS);
  expect(res.errors).toBeUndefined();
  const { website, event, note } = res.data!;
  expect(note!.text).toBe(readFileSync(NOTE, 'utf8'));
  expect(note!.mentions.map((m) => m.id).sort()).toEqual(['event-2002-website', 'org-capd-guangdong-website']);
  expect(website!.name).toBe('民进广东省委网站');
  expect(website!.parent.id).toBe('org-capd-guangdong');
  expect(website!.participations).toEqual([{ role: '建立的网站', event: { id: 'event-2002-website' } }]);
  const fromNote = website!.citations.find((c) => c.source.id === 'src-curator-note-002')!;
  expect(fromNote.quote).toBe('2002年12月，省委会建立了民进广东省委网站');
  expect(note!.text.slice(fromNote.start, fromNote.end)).toBe(fromNote.quote);
  expect(fromNote.line).toBe(4);
  expect(website!.citations.map((c) => c.source.id).sort()).toEqual(['src-curator-note-002', 'src-mj-gd-2006-qingyuan']);
  // The restated event: its citations add up, and what the entry left out (its English name) stays.
  expect(event.citations.map((c) => c.source.id).sort()).toEqual(['src-curator-note-002', 'src-mj-gd-2006-qingyuan']);
  expect(event.names.map((n) => n.value)).toEqual(['Launch of the CAPD Guangdong Provincial Committee website']);
  expect(event.date.edtf).toBe('2002-12');
  expect(event.participants).toContainEqual({ role: '建立的网站', entity: { id: 'org-capd-guangdong-website' } });
}

describe('docs/curating.md, step by step', () => {
  it('annals validate checks the example against the graph, says so, and writes nothing', async () => {
    const before = await graphState(executor);
    const res = annals('validate', '--json', EXAMPLE);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.references.graph).toBe(neo4jEnv().NEO4J_URI);
    expect(out.references.note).toBe(`references checked against the graph at ${neo4jEnv().NEO4J_URI}`);
    expect(out).toMatchObject({
      ok: true,
      sources: 1,
      entities: 2,
      relationships: 2,
      wouldImport: { entities: { created: 2, changed: 1, unchanged: 0 }, relationships: { created: 2, changed: 0, unchanged: 0 } },
    });
    const human = annals('validate', EXAMPLE);
    expect(human.stdout).toMatch(/^references checked against the graph at bolt:\/\/127\.0\.0\.1:\d+\nvalid: 1 source\(s\), 2 entities/);
    expect(await graphState(executor)).toEqual(before);
  });

  it('without a graph, annals validate says so and names the file that defines what the example refers to', () => {
    const res = annals('validate', '--offline', EXAMPLE);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'no graph reachable (--offline): references to ids outside these files were not checked against it; pass the files that define them',
    );
    expect(res.stdout).toContain(
      'relationships[0].to: unknown id "org-capd-guangdong": these files do not define it and no graph was reachable to look it up; seed/data/000_mj_guangdong_2006.yaml defines it: pass that file too',
    );
  });

  it('without NEO4J_URI, annals validate finds the embedded Neo4j running for ANNALS_DATA_DIR, and never starts one', () => {
    // A data directory as a running launcher leaves it: the password file and the running file (its
    // Bolt port, and a live process — this one — standing for the JVM); the test database plays that Neo4j.
    const dataDir = mkdtempSync(join(tmpdir(), 'annals-guide-data-'));
    writeFileSync(join(dataDir, 'annals-neo4j.auth'), `${inject('neo4jPassword')}\n`, { mode: 0o600 });
    const port = new URL(inject('neo4jUri')).port;
    writeRunningFile(dataDir, { boltPort: Number(port), jvmPid: process.pid, ownerPid: process.pid, startedAt: new Date().toISOString() });
    const running = annalsIn({ NEO4J_URI: '', ANNALS_DATA_DIR: dataDir, ANNALS_BOLT_PORT: port }, ['validate', '--json', EXAMPLE]);
    expect(running.code, running.stdout + running.stderr).toBe(0);
    expect(JSON.parse(running.stdout).references.graph).toBe(`bolt://127.0.0.1:${port}`);
    // None has run here: nothing is started (no password file made), and validation says it went without a graph.
    const empty = mkdtempSync(join(tmpdir(), 'annals-guide-empty-'));
    const none = annalsIn({ NEO4J_URI: '', ANNALS_DATA_DIR: empty }, ['validate', EXAMPLE]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(`no graph reachable (NEO4J_URI is unset and no embedded Neo4j has run in ${empty})`);
    expect(existsSync(join(empty, 'annals-neo4j.auth'))).toBe(false);
  });

  it('refuses a bad date and a quote not in the source, naming the differing character, and writes nothing', async () => {
    const before = await graphState(executor);
    const badDate = annals(
      'import',
      '--curator',
      CURATOR,
      variant('bad-date.yaml', (y) => y.replace('date: "2002-12"', 'date: "2002-13"')),
    );
    expect(badDate.code).toBe(1);
    expect(badDate.stdout).toMatch(/bad-date\.yaml:33 entities\[1\]\.date \(event-2002-website\): .*month/);
    expect(badDate.stdout).toContain('nothing was written');
    // The article's half-width comma typed where the note has a full-width one.
    const badQuote = annals(
      'import',
      '--curator',
      CURATOR,
      variant('bad-quote.yaml', (y) =>
        y.replace('quote: "省委会建立了民进广东省委网站"', 'quote: "2002年12月,省委会建立了民进广东省委网站"'),
      ),
    );
    expect(badQuote.code).toBe(1);
    expect(badQuote.stdout).toContain('relationships[0].citations[0].quote: quote not found verbatim in source src-curator-note-002');
    expect(badQuote.stdout).toContain('quote has "," (U+002C) where the source has "，" (U+FF0C)');
    expect(badQuote.stdout).toContain('(line 4)');
    expect(await graphState(executor)).toEqual(before);
  });

  it('annals import adds the note: imported, cited, visible; again, it changes nothing', async () => {
    const res = annals('import', '--json', '--curator', CURATOR, EXAMPLE);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      ok: true,
      entityCounts: { created: 2, changed: 1, unchanged: 0 },
      relationshipCounts: { created: 2, changed: 0, unchanged: 0 },
      change: { curator: CURATOR },
    });
    await expectExampleFacts();
    const once = await graphState(executor);
    const again = annals('import', '--json', '--curator', CURATOR, EXAMPLE);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, change: null });
    expect(await graphState(executor)).toEqual(once);
    await revert(out.change.id);
    expect(await graphState(executor, true)).toEqual(seedState);
  });

  it('importDataset takes the same document with the text inline, and refuses the same mistakes', async () => {
    const document = asDocument(readFileSync(EXAMPLE, 'utf8'));
    const before = await graphState(executor);
    for (const bad of [
      document.replace('date: "2002-12"', 'date: "2002-13"'),
      document.replace('quote: "省委会建立了', 'quote: "省委会设立了'),
    ]) {
      const res = await asCurator(CURATOR, IMPORT, { d: bad });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/document:\d+ (entities\[1\]\.date|relationships\[0\]\.citations\[0\]\.quote)/);
    }
    const quoteError = await asCurator(CURATOR, IMPORT, { d: document.replace('quote: "省委会建立了', 'quote: "省委会设立了') });
    expect(quoteError.errors?.[0]?.message).toContain('quote has "设" (U+8BBE) where the source has "建" (U+5EFA)');
    // A `file:` cannot be read through the API.
    const withFile = await asCurator(CURATOR, IMPORT, { d: readFileSync(EXAMPLE, 'utf8') });
    expect(withFile.errors?.[0]?.message).toContain('sources[0].file');
    expect(await graphState(executor)).toEqual(before);

    const ok = await asCurator<{ importDataset: { entities: number; relationships: number; change: { id: string } } }>(CURATOR, IMPORT, {
      d: document,
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importDataset).toMatchObject({
      entities: 2,
      relationships: 2,
      entityCounts: { created: 2, changed: 1, unchanged: 0 },
      relationshipCounts: { created: 2, changed: 0, unchanged: 0 },
    });
    await expectExampleFacts();
    await revert(ok.data!.importDataset.change.id);
    expect(await graphState(executor, true)).toEqual(seedState);
  });
});
