import { afterAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { testDriver } from '../helpers/db.js';

// The executor skips the driver's per-query call-site stack (its cost is paid on every query); a
// failed query's error must still say where it was run from.
describe('a failed query', () => {
  const driver = testDriver();
  const executor = new Executor({ driver });
  afterAll(async () => driver.close());

  it.each([
    ['a read', () => executor.read({ cypher: 'RETURN nope(', params: {} })],
    ['a statement of a write transaction', () => executor.writeAll([{ cypher: 'CREATE (n:Nope {x: nope()})', params: {} }])],
  ])('keeps a stack that leads back to its caller (%s)', async (_name, run) => {
    const err = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const stack = (err as Error).stack ?? '';
    expect(stack).toContain('driver-errors.test.ts');
    expect(stack.split('\n').filter((l) => l.trim().startsWith('at ')).length).toBeGreaterThan(0);
  });
});
