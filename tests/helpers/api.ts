import { afterAll, beforeAll } from 'vitest';
import type { Principal } from '../../src/auth/tokens.js';
import { Executor } from '../../src/db/executor.js';
import { createLogger } from '../../src/logger.js';
import { createApollo } from '../../src/server/apollo.js';
import { createContext } from '../../src/graphql/context.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { testDriver } from './db.js';

export interface GqlResult<T = Record<string, unknown>> {
  data: T | null | undefined;
  errors: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
  /** Cypher round trips this request cost. */
  roundTrips: number;
}

/** A client of the real API on the test database: GraphQL in, JSON out, in process. */
export function connectApi() {
  const driver = testDriver();
  const executor = new Executor({ driver });
  const logger = createLogger('silent');
  const apollo = createApollo(logger);
  beforeAll(async () => apollo.start());
  afterAll(async () => {
    await apollo.stop();
    await driver.close();
  });

  async function gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<GqlResult<T>> {
    const contextValue = createContext(executor, logger, DEFAULT_LIMITS, { principal });
    const res = await apollo.executeOperation({ query, variables }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = res.body.singleResult;
    return { data: data as T | null | undefined, errors: errors as GqlResult['errors'], roundTrips: contextValue.executor.counter.count };
  }

  /** The first error's code, or undefined when the request succeeded. */
  async function errorCode(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
    const { errors } = await gql(query, variables);
    return errors?.[0]?.extensions?.['code'] as string | undefined;
  }

  /** The same, as a curator with a write token. */
  const asCurator = <T = Record<string, unknown>>(curator: string, query: string, variables?: Record<string, unknown>) =>
    gql<T>(query, variables, { kind: 'curator', curator, role: 'write' });

  return { gql, asCurator, errorCode, executor, driver, logger };
}
