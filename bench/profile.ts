// What each benchmarked GraphQL operation costs in the database: the operation runs in process
// against the bench database, every Cypher query it sends is recorded, and each is run again under
// PROFILE for its db hits and plan. A plan that scans a whole label (or all nodes) is flagged.
import type { CypherQuery } from '../src/db/query.js';
import { Executor, type Driver, type QueryProfile } from '../src/db/executor.js';
import { createLogger } from '../src/logger.js';
import { createApollo } from '../src/server/apollo.js';
import { createContext } from '../src/graphql/context.js';
import { DEFAULT_LIMITS } from '../src/server/limits.js';

export interface OperationProfile {
  operation: string;
  roundTrips: number;
  dbHits: number;
  queries: (QueryProfile & { cypher: string; scans: string[] })[];
}

/** Operators that read a whole label or the whole graph instead of an index. */
const SCAN =
  /^(AllNodesScan|NodeByLabelScan|DirectedAllRelationshipsScan|UndirectedAllRelationshipsScan|DirectedRelationshipTypeScan|UndirectedRelationshipTypeScan)\b/;

/** The Cypher queries Annals sends for each GraphQL document, recorded in process (Apollo as the server runs it). */
export async function recordQueries(driver: Driver, operations: { name: string; graphql: string }[]): Promise<CypherQuery<unknown>[][]> {
  const logger = createLogger('silent');
  const apollo = createApollo(logger);
  await apollo.start();
  try {
    const out: CypherQuery<unknown>[][] = [];
    for (const op of operations) {
      const seen: CypherQuery<unknown>[] = [];
      const recording = new Executor({ driver, onQuery: (q) => seen.push(q) });
      const res = await apollo.executeOperation({ query: op.graphql }, { contextValue: createContext(recording, logger, DEFAULT_LIMITS) });
      if (res.body.kind !== 'single' || res.body.singleResult.errors) throw new Error(`${op.name}: ${JSON.stringify(res.body)}`);
      out.push(seen);
    }
    return out;
  } finally {
    await apollo.stop();
  }
}

export async function profileOperations(driver: Driver, operations: { name: string; graphql: string }[]): Promise<OperationProfile[]> {
  const profiler = new Executor({ driver });
  const recorded = await recordQueries(driver, operations);
  const out: OperationProfile[] = [];
  for (const [i, op] of operations.entries()) {
    const seen = recorded[i]!;
    {
      const queries = [];
      for (const q of seen) {
        const p = await profiler.profile(q);
        queries.push({ ...p, cypher: q.cypher, scans: p.operators.filter((o) => SCAN.test(o)) });
      }
      out.push({ operation: op.name, roundTrips: seen.length, dbHits: queries.reduce((s, q) => s + q.dbHits, 0), queries });
    }
  }
  return out;
}
