// Imports validate everything first, write all or nothing, and are idempotent.
import { describe, expect, it } from 'vitest';
import { importSeed } from '../../src/bootstrap.js';
import { readDatasetFiles, seedFiles } from '../../src/dataset/load.js';
import type { DatasetText } from '../../src/dataset/prepare.js';
import { planImport } from '../../src/dataset/plan.js';
import { validateDataset } from '../../src/dataset/validate.js';
import { toParams } from '../../src/db/values.js';
import { importStatements } from '../../src/queries/import.js';
import { importRecorded } from '../../src/domain/curation/import-dataset.js';
import { countGraph, DatasetInvalidError } from '../../src/domain/import.js';
import { connectApi } from '../helpers/api.js';
import { graphState } from '../helpers/graph.js';

const { executor, gql, driver, asCurator } = connectApi();

const importDocuments = (texts: DatasetText[]) => importRecorded(executor, 'test-import', texts);

/** A small dataset of this test's own, linking to the seeded graph (ids prefixed with the test's name). */
function ownDataset(prefix: string, quote = 'a test source that mentions 罗富和 once'): DatasetText {
  const yaml = `
sources:
  - id: ${prefix}-src
    title: Test source
    text: "${'a test source that mentions 罗富和 once'}"
entities:
  - id: ${prefix}-event
    type: Event
    name: 测试会议
    date: "2004-05"
    citations: [{ source: ${prefix}-src, quote: "a test source" }]
relationships:
  - type: PARTICIPATED_IN
    from: person-luo-fuhe
    to: ${prefix}-event
    role: 出席
    citations: [{ source: ${prefix}-src, quote: "${quote}" }]
`;
  return { text: yaml, file: `${prefix}.yaml`, baseDir: null };
}

async function removeOwn(prefix: string): Promise<void> {
  // Relationship citations are about ids like person-luo-fuhe--participated-in--<prefix>-event.
  await executor.write({
    cypher: 'MATCH (n) WHERE n.id STARTS WITH $prefix OR n.about CONTAINS $prefix DETACH DELETE n',
    params: { prefix },
  });
}

describe('seed import', () => {
  it('is idempotent: a second run changes nothing, so it records nothing (the first seed was recorded)', async () => {
    const before = await graphState(executor);
    const summary = await importSeed(executor, 'seed', 'test-seed-curator');
    expect(summary.entities).toBeGreaterThanOrEqual(38);
    expect(summary.citations).toBeGreaterThan(100);
    expect(summary.entityCounts).toMatchObject({ created: 0, changed: 0 });
    expect(summary.change).toBeNull();
    expect(await graphState(executor)).toEqual(before);
    const first = await gql<{ history: { operation: string }[] }>('{ history(id: "person-luo-fuhe", first: 500) { operation } }');
    expect(first.data!.history.at(-1)).toEqual({ operation: 'IMPORT_DATASET' });
  });
});

describe('import statements', () => {
  interface PlanNode {
    operatorType: string;
    arguments: Record<string, unknown>;
    children: PlanNode[];
  }
  const operators = (p: PlanNode): string[] => [
    `${p.operatorType.replace(/@.*$/, '')} ${String(p.arguments['Details'] ?? '')}`,
    ...p.children.flatMap(operators),
  ];

  it('find every row through an index on the seeded graph: no scans, relationships merged by a locking seek of their unique id index', async () => {
    const { docs } = readDatasetFiles(seedFiles('seed'));
    const statements = importStatements(planImport(validateDataset(docs).dataset!));
    const distinct = [...new Map(statements.map((q) => [q.cypher, q])).values()];
    expect(distinct.length).toBeGreaterThan(10);
    for (const q of distinct) {
      const session = driver.session();
      try {
        const plan = (await session.run(`EXPLAIN ${q.cypher}`, toParams(q.params) as Record<string, unknown>)).summary
          .plan as unknown as PlanNode;
        const ops = operators(plan);
        expect(
          ops.filter((o) => /Scan/.test(o)),
          `${q.cypher}\n${ops.join('\n')}`,
        ).toEqual([]);
        if (/MERGE \(a\)-\[r:/.test(q.cypher))
          expect(
            ops.some((o) => o.startsWith('DirectedRelationshipUniqueIndexSeek(Locking)')),
            q.cypher,
          ).toBe(true);
      } finally {
        await session.close();
      }
    }
  });
});

describe('a dataset of its own', () => {
  it('links to existing entities, then answers in GraphQL', async () => {
    const prefix = 'test-import-ok';
    try {
      await importDocuments([ownDataset(prefix)]);
      const res = await gql<{ person: { participations: { role: string; event: { id: string; date: { label: string } } }[] } }>(
        '{ person(id: "person-luo-fuhe") { participations { role event { id date { label(lang: "zh") } } } } }',
      );
      const mine = res.data!.person.participations.find((p) => p.event.id === `${prefix}-event`);
      expect(mine).toEqual({ role: '出席', event: { id: `${prefix}-event`, date: { label: '2004年5月' } } });
    } finally {
      await removeOwn(prefix);
    }
  });

  it('writes nothing when one quote is not in its source, and names the file and line', async () => {
    const prefix = 'test-import-bad';
    const before = await countGraph(executor);
    const error = await importDocuments([ownDataset(prefix, 'a sentence the source never had')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetInvalidError);
    const issue = (error as DatasetInvalidError).issues[0]!;
    expect(issue).toMatchObject({ file: `${prefix}.yaml`, path: 'relationships[0].citations[0].quote', line: 17 });
    expect(issue.message).toContain('not found verbatim');
    expect(await countGraph(executor)).toEqual(before);
    expect((await gql('{ entity(id: "test-import-bad-event") { id } }')).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('refuses a relationship id the graph holds between other ends, naming the file and line', async () => {
    const prefix = 'test-import-relid';
    try {
      await importDocuments([ownDataset(prefix)]);
      const before = await countGraph(executor);
      const yaml = `
relationships:
  - type: PARTICIPATED_IN
    id: person-luo-fuhe--participated-in--${prefix}-event
    from: person-hu-xian
    to: ${prefix}-event
    role: 出席
    citations: [{ source: ${prefix}-src, quote: "a test source" }]
`;
      const error = (await importDocuments([{ text: yaml, file: `${prefix}.yaml`, baseDir: null }]).catch(
        (e: unknown) => e,
      )) as DatasetInvalidError;
      expect(error).toBeInstanceOf(DatasetInvalidError);
      // Its id names other ends: refused for its form, and for the relationship the graph holds under it.
      expect(error.issues).toEqual([
        expect.objectContaining({
          file: `${prefix}.yaml`,
          path: 'relationships[0].id',
          line: 4,
          message: expect.stringContaining(`is "person-hu-xian--participated-in--${prefix}-event" or that followed by "--"`),
        }),
        expect.objectContaining({
          file: `${prefix}.yaml`,
          path: 'relationships[0].id',
          line: 4,
          message: expect.stringContaining(`already links person-luo-fuhe to ${prefix}-event`),
        }),
      ]);
      expect(await countGraph(executor)).toEqual(before);
    } finally {
      await removeOwn(prefix);
    }
  });

  it('refuses an id that already names an entity of another label', async () => {
    const before = await countGraph(executor);
    const doc = ownDataset('test-import-label');
    doc.text = doc.text.replace('id: test-import-label-event', 'id: person-luo-fuhe');
    const error = (await importDocuments([doc]).catch((e: unknown) => e)) as DatasetInvalidError;
    expect(error.issues.map((i) => i.message)).toContain('"person-luo-fuhe" is already a Person in the graph; it cannot become Event');
    expect(await countGraph(executor)).toEqual(before);
  });

  it('writes nothing when the database refuses a statement midway (one transaction)', async () => {
    const prefix = 'test-import-tx';
    // An Event node outside the Entity label is invisible to validation but breaks the Event id
    // constraint when the import writes the event, after it has already written the source.
    await executor.write({ cypher: 'CREATE (:Event {id: $id})', params: { id: `${prefix}-event` } });
    const before = await countGraph(executor);
    try {
      const error = await importDocuments([ownDataset(prefix)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(await countGraph(executor)).toEqual(before);
      expect((await gql(`{ entity(id: "${prefix}-src") { id } }`)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    } finally {
      await removeOwn(prefix);
    }
  });
});

describe('likely duplicates', () => {
  it("refuses 姚本棠's 副主委 position again under a new id, naming the seeded id, and writes nothing", async () => {
    const id = 'person-yao-bentang--held-position--org-capd-guangdong--test-import-dup';
    const before = await graphState(executor);
    const yaml = `
relationships:
  - id: ${id}
    type: HELD_POSITION
    from: person-yao-bentang
    to: org-capd-guangdong
    title: 副主委
    attestedAt: "2003"
    citations: [{ source: src-mj-gd-2006-qingyuan, quote: "姚本棠副主委担任工作班子的组长" }]
`;
    try {
      const res = await asCurator('test-import', 'mutation($d: String!) { importDataset(document: $d) { relationships } }', { d: yaml });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(
        /document:3 relationships\[0\] \(person-yao-bentang--held-position--org-capd-guangdong--test-import-dup\): likely duplicate: .* as "person-yao-bentang--held-position--org-capd-guangdong" already in the graph/,
      );
      expect(await graphState(executor)).toEqual(before);
    } finally {
      await executor.write({ cypher: 'MATCH ()-[r {id: $id}]->() DELETE r', params: { id } });
      await removeOwn(id);
    }
  });
});
