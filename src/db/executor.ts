import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import { AnnalsError, ErrorCode } from '../errors.js';
import type { CypherQuery, Row, Runner } from './query.js';
import { toParams, toPlain } from './values.js';

export interface ConnectionSettings {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
}

/** Opens the one Driver of the process. Auth is sent only when a password is configured. */
export function createDriver(settings: ConnectionSettings): Driver {
  const auth =
    settings.password === undefined ? undefined : neo4j.auth.basic(settings.user ?? 'neo4j', settings.password);
  return neo4j.driver(settings.uri, auth, {
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 10_000,
    disableLosslessIntegers: false,
  });
}

/** Counts round trips to the database; one per request lets tests prove there is no N+1. */
export class RoundTripCounter {
  count = 0;
}

/**
 * Runs query-builder output. Reads go through managed read transactions (retried, routed to
 * secondaries on a cluster), writes through managed write transactions.
 */
export class Executor {
  constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
    readonly counter: RoundTripCounter = new RoundTripCounter(),
  ) {}

  /** The same connection with a fresh round-trip counter (one per GraphQL request). */
  forRequest(): Executor {
    return new Executor(this.driver, this.database, new RoundTripCounter());
  }

  /** A read; with timeoutMs, the server aborts it past that time (TIMEOUT as BAD_USER_INPUT: narrow the query). */
  async read(query: CypherQuery, timeoutMs?: number): Promise<Row[]> {
    return this.run(query, neo4j.routing.READ, timeoutMs);
  }

  async write(query: CypherQuery): Promise<Row[]> {
    return this.run(query, neo4j.routing.WRITE);
  }

  /** Runs all queries in one write transaction: all of them take effect, or none. */
  async writeAll(queries: CypherQuery[]): Promise<Row[][]> {
    return this.inWriteTransaction(async (run) => {
      const results: Row[][] = [];
      for (const q of queries) results.push(await run(q));
      return results;
    });
  }

  /**
   * Runs `work` in one write transaction; whatever it throws rolls everything back. The driver
   * retries transient failures, so `work` may run again and must not keep state between tries.
   */
  async inWriteTransaction<T>(work: (run: Runner) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(async (tx) =>
        work(async (q) => {
          this.counter.count += 1;
          const res = await tx.run(q.cypher, toParams(q.params) as Record<string, unknown>);
          return res.records.map((r) => toPlain(r.toObject()) as Row);
        }),
      );
    } catch (err) {
      throw mapDriverError(err);
    } finally {
      await session.close();
    }
  }

  /** Reads as a Runner, for domain code that works the same inside or outside a transaction. */
  readonly reader: Runner = (q) => this.read(q);

  private async run(query: CypherQuery, routing: 'READ' | 'WRITE', timeoutMs?: number): Promise<Row[]> {
    this.counter.count += 1;
    try {
      const result = await this.driver.executeQuery(query.cypher, toParams(query.params) as Record<string, unknown>, {
        routing,
        database: this.database,
        ...(timeoutMs === undefined ? {} : { transactionConfig: { timeout: timeoutMs } }),
      });
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } catch (err) {
      throw mapDriverError(err);
    }
  }
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Turns driver failures into coded errors; anything unexpected is rethrown for masking upstream. */
export function mapDriverError(err: unknown): unknown {
  if (err instanceof AnnalsError) return err;
  if (err instanceof Neo4jError) {
    if (UNAVAILABLE.has(err.code) || err.code.startsWith('Neo.TransientError.General.DatabaseUnavailable')) {
      return new AnnalsError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable; try again shortly.');
    }
    if (err.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
      return new AnnalsError(ErrorCode.BAD_USER_INPUT, 'The query took too long and was stopped; narrow it (fewer hops, a date, a smaller page).', { reason: 'TIMEOUT' });
    }
    if (err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new AnnalsError(ErrorCode.CONFLICT, 'The write conflicts with existing data (a duplicate id).');
    }
  }
  return err;
}

/** Checks that the server answers; used at start-up and by the health endpoint. */
export async function verifyConnectivity(driver: Driver, database?: string): Promise<void> {
  await driver.verifyConnectivity({ database });
}

export type { Driver };
