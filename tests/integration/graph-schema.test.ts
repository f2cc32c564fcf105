// A restart on an existing graph applies no schema statement that would change nothing: the names
// of the indexes and constraints in place are read once, and only what is missing is sent.
import { afterAll, describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_DIR } from '../../src/bootstrap.js';
import { Executor } from '../../src/db/executor.js';
import { applyGraphSchema } from '../../src/db/schema.js';
import { testDriver } from '../helpers/db.js';

const driver = testDriver();
const executor = new Executor({ driver });
afterAll(() => driver.close());

const names = async (): Promise<string[]> =>
  (await executor.read<{ name: string }>({ cypher: 'SHOW INDEXES YIELD name RETURN name ORDER BY name', params: {} })).map((r) => r.name);

describe('applying the graph schema again', () => {
  it('sends only the statements that are no named no-op (the timeline backfill), and leaves every index in place', async () => {
    const before = await names();
    expect(before).toContain('entity_search');
    const again = await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    expect(again.statements).toBeGreaterThan(50);
    // The one statement without a name (a backfill of events' span classes) always runs.
    expect(again.applied).toBe(1);
    expect(await names()).toEqual(before);
  });

  it('creates a missing index again, and only that one', async () => {
    await executor.write({ cypher: 'DROP INDEX change_at IF EXISTS', params: {} });
    expect(await names()).not.toContain('change_at');
    const again = await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
    expect(again.applied).toBe(2);
    expect(await names()).toContain('change_at');
  });
});
