import neo4j, { isRetryableError, Neo4jError, type Driver, type QueryResult } from 'neo4j-driver';
import { AnnalsError, ErrorCode, overloaded } from '../errors.js';
import type { CypherQuery, Runner } from './query.js';
import { toParams, toPlain } from './values.js';

export interface ConnectionSettings {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
}

/** Opens the one Driver of the process. Auth is sent only when a password is configured. */
export function createDriver(settings: ConnectionSettings): Driver {
  const auth = settings.password === undefined ? undefined : neo4j.auth.basic(settings.user ?? 'neo4j', settings.password);
  return neo4j.driver(settings.uri, auth, {
    maxConnectionPoolSize: 50,
    // When the database is gone, fail within seconds instead of retrying for the default 30 s.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 3_000,
    // Integers arrive as JS numbers: every count, offset and id number here is far below 2^53, and
    // decoding into Integer objects (then converting them) was a visible share of the server's CPU.
    disableLosslessIntegers: true,
  });
}

/** Counts round trips to the database; one per request lets tests prove there is no N+1. */
export class RoundTripCounter {
  count = 0;
}

/**
 * Causal consistency across processes: the bookmarks a request starts from (the client's
 * `Annals-Bookmark`) and the one its last write left. Every session of the request waits until
 * the database it reaches (any member of a cluster) has applied them, so a read through one Annals
 * process after a write through another sees that write.
 */
export class RequestBookmarks {
  private latest: string[] | undefined;
  constructor(readonly given: readonly string[] = []) {}

  /** What the request's next session starts from: its own latest write, else what it was given. */
  get current(): string[] {
    return this.latest ?? [...this.given];
  }

  /** The bookmarks of the request's last committed write, or undefined when it wrote nothing. */
  get made(): readonly string[] | undefined {
    return this.latest;
  }

  /** Records the bookmarks a committed write session ended with (they supersede the older ones). */
  advance(bookmarks: Iterable<string>): void {
    const list = [...bookmarks];
    if (list.length > 0) this.latest = list;
  }
}

/** How an executor runs its queries; forRequest and withTimeout derive one executor from another. */
export interface ExecutorSettings {
  /** Server-side limit of every transaction (a read may ask for less). */
  queryTimeoutMs?: number;
  /** Statements slower than this are logged with their Cypher and the shape of their parameters. */
  slowQueryMs?: number;
  logger?: SlowQueryLogger;
  /** How long a write may be tried again after a retryable failure before its commit (3 s). */
  writeRetryMs?: number;
  /** Sees every query before it runs (the bench records what a request costs with it). */
  onQuery?: (query: CypherQuery<unknown>) => void;
  /** Epoch ms after which no query of this request starts; each runs with at most what is left. */
  deadline?: number;
  /** The budget the deadline came from, named in the refusal. */
  budgetMs?: number;
}

/**
 * The settings of an executor, named field by field: an object spread with extra properties
 * (`{ ...settings, driver }`) takes V8's slow path, ~5 µs per request executor, a visible share of a
 * small request's CPU. The request-scoped fields (logger, deadline, budget) are given apart.
 */
function settingsOf(
  from: ExecutorSettings,
  logger: SlowQueryLogger | undefined,
  deadline: number | undefined,
  budgetMs: number | undefined,
): ExecutorSettings {
  return {
    queryTimeoutMs: from.queryTimeoutMs,
    slowQueryMs: from.slowQueryMs,
    logger,
    writeRetryMs: from.writeRetryMs,
    onQuery: from.onQuery,
    deadline,
    budgetMs,
  };
}

/** What `new Executor()` takes: the process's driver, the database, and how to run queries. */
export interface ExecutorOptions extends ExecutorSettings {
  driver: Driver;
  /** The database to use; the server's default one when absent. */
  database?: string | undefined;
  /** Shared by executors that count for the same request (a new one otherwise). */
  counter?: RoundTripCounter;
  /** Shared by executors of the same request (a new, empty one otherwise). */
  bookmarks?: RequestBookmarks;
}

/**
 * The transaction timeout of one query: the smaller of its own limit and what is left of the
 * request's budget (a whole number of ms, at least 1: 0 would mean no limit at all). Throws once
 * the budget is spent, so no further query starts.
 */
export function transactionTimeout({
  limitMs,
  deadline,
  budgetMs,
  now,
}: {
  /** The query's own limit (undefined: none). */
  limitMs?: number;
  /** Epoch ms at which the request's budget runs out (undefined: no budget). */
  deadline?: number;
  /** That budget, for the refusal's message. */
  budgetMs?: number;
  /** Epoch ms now. */
  now: number;
}): number | undefined {
  if (deadline === undefined) return limitMs;
  const left = Math.floor(deadline - now);
  if (left < 1) {
    throw new AnnalsError(
      ErrorCode.BAD_USER_INPUT,
      `The request used up its time budget of ${budgetMs ?? '?'} ms and was stopped; narrow it (fewer nested lists, smaller pages).`,
      {
        reason: 'TIMEOUT',
        limit: 'requestBudgetMs',
        max: budgetMs,
      },
    );
  }
  return limitMs === undefined ? left : Math.min(limitMs, left);
}

/** What PROFILE says about one query: database hits, rows, and every operator of its plan. */
export interface QueryProfile {
  dbHits: number;
  rows: number;
  /** Operator names without the runtime suffix, each with its details (e.g. "NodeIndexSeek e:Event(id)"). */
  operators: string[];
}

interface PlanNode {
  operatorType: string;
  dbHits: number;
  rows: number;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

function flattenPlan(plan: PlanNode): PlanNode[] {
  return [plan, ...plan.children.flatMap(flattenPlan)];
}

/** The part of a pino logger the executor needs (db/ stays free of the logger module). */
export interface SlowQueryLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Parameter names with types and sizes, never values: values may be private text or secrets. */
function paramShape(value: unknown): unknown {
  if (Array.isArray(value)) return `list(${value.length})`;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, paramShape(v)]));
  return typeof value === 'string' ? `string(${value.length})` : value === null ? 'null' : typeof value;
}

/**
 * Awaits `run` (a driver call that creates a Result) without the call-site stack the driver captures
 * in every Result's constructor (`new Error().stack`, formatted: ~85 µs per query under load, 5 %
 * of a small request's CPU), only used to graft the caller's stack onto a failed query's error. A
 * failed query's error gets its stack here instead, where it is awaited (with the async callers),
 * so only failures pay for one. The limit is lowered only while `run` runs (synchronously).
 */
async function withoutCallSite<T>(run: () => PromiseLike<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let pending: PromiseLike<T>;
  try {
    pending = run();
  } finally {
    Error.stackTraceLimit = limit;
  }
  try {
    return await pending;
  } catch (err) {
    if (err instanceof Error) Error.captureStackTrace(err);
    throw err;
  }
}

/**
 * Runs query-builder output, one round trip per query (counted), each under a server-side
 * transaction timeout: the query's own limit or `queryTimeoutMs`, cut to what is left of the
 * request's budget. Results come back as plain rows of the type the query declares; driver
 * failures become coded errors (see mapDriverError), and slow statements are logged.
 *
 * - `read` runs one auto-commit query in a read session (routed to a reader on a cluster): RUN
 *   and PULL in one round trip, no BEGIN or COMMIT; a retryable failure is tried again once.
 * - `write` runs one statement through the driver's executeQuery, a managed write transaction
 *   that the driver itself retries (schema set-up and tests use it; curation does not).
 * - `inWriteTransaction` and `writeAll` run statements in one explicit write transaction, retried
 *   on retryable failures before the commit only (see inWriteTransaction).
 * - `profile` runs one query under PROFILE in a managed read transaction.
 */
export class Executor {
  readonly counter: RoundTripCounter;
  readonly bookmarks: RequestBookmarks;
  private readonly driver: Driver;
  private readonly database: string | undefined;
  private readonly settings: ExecutorSettings;

  /** `settings`, when given, replaces those of `options` (forRequest and withTimeout derive them from this executor's). */
  constructor(options: ExecutorOptions, settings = settingsOf(options, options.logger, options.deadline, options.budgetMs)) {
    this.driver = options.driver;
    this.database = options.database;
    this.counter = options.counter ?? new RoundTripCounter();
    this.bookmarks = options.bookmarks ?? new RequestBookmarks();
    this.settings = settings;
  }

  /**
   * The same connection and counter with another server-side limit on each transaction: an
   * import's own budget, which replaces the request's (imports are documented to take longer).
   */
  withTimeout(queryTimeoutMs: number): Executor {
    const settings = settingsOf(this.settings, this.settings.logger, undefined, undefined);
    settings.queryTimeoutMs = queryTimeoutMs;
    return new Executor({ driver: this.driver, database: this.database, counter: this.counter, bookmarks: this.bookmarks }, settings);
  }

  /**
   * The same connection with a fresh round-trip counter (one per GraphQL request), logging to its
   * logger; with budgetMs, every query of the request shares that much time (see transactionTimeout);
   * with bookmarks, every query waits for the writes they name (see RequestBookmarks).
   */
  forRequest({
    logger,
    budgetMs,
    bookmarks = [],
  }: { logger?: SlowQueryLogger; budgetMs?: number; bookmarks?: readonly string[] } = {}): Executor {
    const deadline = budgetMs === undefined ? undefined : Date.now() + budgetMs;
    return new Executor(
      { driver: this.driver, database: this.database, bookmarks: new RequestBookmarks(bookmarks) },
      settingsOf(this.settings, logger ?? this.settings.logger, deadline, budgetMs),
    );
  }

  private timeoutFor(limitMs: number | undefined): number | undefined {
    return transactionTimeout({
      limitMs: limitMs ?? this.settings.queryTimeoutMs,
      deadline: this.settings.deadline,
      budgetMs: this.settings.budgetMs,
      now: Date.now(),
    });
  }

  private timed<T>(query: CypherQuery<unknown>, work: () => Promise<T>): Promise<T> {
    this.settings.onQuery?.(query);
    const started = performance.now();
    return work().finally(() => {
      const ms = performance.now() - started;
      if (this.settings.slowQueryMs !== undefined && ms >= this.settings.slowQueryMs) {
        this.settings.logger?.warn({ ms: Math.round(ms), cypher: query.cypher, params: paramShape(query.params) }, 'slow query');
      }
    });
  }

  /** A read; with timeoutMs, the server aborts it past that time (TIMEOUT as BAD_USER_INPUT: narrow the query). */
  async read<Row = Record<string, unknown>>(query: CypherQuery<Row>, { timeoutMs }: { timeoutMs?: number } = {}): Promise<Row[]> {
    return this.run(query, neo4j.routing.READ, timeoutMs);
  }

  async write<Row = Record<string, unknown>>(query: CypherQuery<Row>): Promise<Row[]> {
    return this.run(query, neo4j.routing.WRITE);
  }

  /** Runs all queries in one write transaction: all of them take effect, or none. */
  async writeAll<Row = Record<string, unknown>>(queries: readonly CypherQuery<Row>[]): Promise<Row[][]> {
    return this.inWriteTransaction(async (run) => {
      const results: Row[][] = [];
      for (const q of queries) results.push(await run(q));
      return results;
    });
  }

  /**
   * Runs `work` in one write transaction; whatever it throws rolls everything back. A failure
   * before the commit is retried (for up to `writeRetryMs`) when the driver calls it retryable, so
   * `work` may run again and must not keep state between tries. A connection lost during the
   * commit is never retried: the write may have taken effect, so the caller hears
   * WRITE_OUTCOME_UNKNOWN (a retry with the same idempotency key is then safe). The driver's own
   * managed transactions would retry that case too, and write twice.
   */
  async inWriteTransaction<T>(work: (run: Runner) => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.settings.writeRetryMs ?? 3_000);
    for (let attempt = 0; ; attempt += 1) {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.WRITE,
        bookmarks: this.bookmarks.current,
      });
      let committing = false;
      try {
        // Within the request's budget, if it has one (a spent budget refuses here, before BEGIN).
        const timeout = this.timeoutFor(undefined);
        const tx = session.beginTransaction(timeout === undefined ? undefined : { timeout });
        try {
          const result = await work(async (q) => {
            this.counter.count += 1;
            const res = await this.timed(q, async () =>
              withoutCallSite(() => tx.run(q.cypher, toParams(q.params) as Record<string, unknown>)),
            );
            return rowsOf(q, res);
          });
          committing = true;
          await tx.commit();
          this.bookmarks.advance(session.lastBookmarks());
          return result;
        } finally {
          if (!committing && tx.isOpen()) await tx.rollback().catch(() => undefined);
        }
      } catch (err) {
        if (committing && isConnectionLoss(err)) {
          throw new AnnalsError(
            ErrorCode.WRITE_OUTCOME_UNKNOWN,
            'The connection to the database was lost while the write was committing: it may or may not have taken effect. Retry with the same idempotencyKey (safe either way), or look at `changes` before writing again.',
          );
        }
        if (!committing && isRetryableError(err) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * 2 ** attempt)));
          continue;
        }
        throw mapDriverError(err);
      } finally {
        await session.close().catch(() => undefined);
      }
    }
  }

  /** Runs the query under PROFILE (in a read transaction, so a write is refused) and sums its plan. */
  async profile(query: CypherQuery<unknown>): Promise<QueryProfile> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      bookmarks: this.bookmarks.current,
    });
    try {
      const result = await session.executeRead((tx) =>
        tx.run(`PROFILE ${query.cypher}`, toParams(query.params) as Record<string, unknown>),
      );
      const plan = result.summary.profile as unknown as PlanNode | false;
      if (plan === false) throw new Error('the database returned no profile');
      const nodes = flattenPlan(plan);
      return {
        dbHits: nodes.reduce((sum, n) => sum + n.dbHits, 0),
        rows: result.records.length,
        operators: nodes.map((n) => `${n.operatorType.replace(/@.*$/, '')} ${String(n.arguments['Details'] ?? '')}`.trim()),
      };
    } catch (err) {
      throw mapDriverError(err);
    } finally {
      await session.close();
    }
  }

  /** Reads as a Runner, for domain code that works the same inside or outside a transaction. */
  readonly reader: Runner = (q) => this.read(q);

  private async run<Row>(query: CypherQuery<Row>, routing: 'READ' | 'WRITE', timeoutMs?: number): Promise<Row[]> {
    const timeout = this.timeoutFor(timeoutMs);
    this.counter.count += 1;
    try {
      const result = await this.timed(query, async () =>
        routing === 'READ' ? this.autoCommitRead(query, timeout) : this.executeWrite(query, timeout),
      );
      return rowsOf(query, result);
    } catch (err) {
      throw mapDriverError(err);
    }
  }

  /** One statement in a managed write transaction, from the request's bookmarks, leaving the new one. */
  private async executeWrite(query: CypherQuery<unknown>, timeout: number | undefined): Promise<QueryResult> {
    const bookmarkManager = neo4j.bookmarkManager({ initialBookmarks: this.bookmarks.current });
    const result = await this.driver.executeQuery(query.cypher, toParams(query.params) as Record<string, unknown>, {
      routing: neo4j.routing.WRITE,
      database: this.database,
      bookmarkManager,
      ...(timeout === undefined ? {} : { transactionConfig: { timeout } }),
    });
    this.bookmarks.advance(await bookmarkManager.getBookmarks());
    return result;
  }

  /**
   * A read as one auto-commit query: RUN and PULL go out together, where a managed transaction
   * adds BEGIN and a COMMIT round trip (0.5 ms against 1.1 ms per query here). A read changes
   * nothing, so a retryable failure is simply tried again, once.
   */
  private async autoCommitRead(query: CypherQuery<unknown>, timeout: number | undefined, retried = false): Promise<QueryResult> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      bookmarks: this.bookmarks.current,
    });
    try {
      return await withoutCallSite(() =>
        session.run(query.cypher, toParams(query.params) as Record<string, unknown>, timeout === undefined ? undefined : { timeout }),
      );
    } catch (err) {
      if (retried || !isRetryableError(err)) throw err;
      await new Promise((r) => setTimeout(r, 100));
      return this.autoCommitRead(query, timeout, true);
    } finally {
      await session.close();
    }
  }
}

/**
 * The records of a result as plain rows of the type the query declares: the one place that type
 * is taken on trust, from the builder that wrote the RETURN clause next to it.
 */
function rowsOf<Row>(query: CypherQuery<Row>, result: QueryResult): Row[] {
  const decode = query.decode ?? ((row) => row as Row);
  return result.records.map((r) => decode(toPlain(r.toObject()) as Record<string, unknown>));
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);
// Neo4j out of transaction memory (the global pool or one transaction's limit): the database is
// fine, it is busy; the same request may pass once the load is gone.
const OUT_OF_MEMORY =
  /^Neo\.(TransientError|ClientError)\.General\.(MemoryPoolOutOfMemoryError|TransactionMemoryLimit|TransactionOutOfMemoryError)/;

/** The connection went away (as opposed to the database answering with an error). */
function isConnectionLoss(err: unknown): boolean {
  return err instanceof Neo4jError && UNAVAILABLE.has(err.code);
}

/** Turns driver failures into coded errors; anything unexpected is rethrown for masking upstream. */
export function mapDriverError(err: unknown): unknown {
  if (err instanceof AnnalsError) return err;
  if (err instanceof Neo4jError) {
    if (UNAVAILABLE.has(err.code) || err.code.startsWith('Neo.TransientError.General.DatabaseUnavailable')) {
      return new AnnalsError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable; try again shortly.');
    }
    if (OUT_OF_MEMORY.test(err.code)) return overloaded('The database is out of memory for queries right now; retry shortly.');
    // Every pooled connection busy for the whole acquisition timeout: overload, not an outage.
    if (err.message.startsWith('Connection acquisition timed out'))
      return overloaded('The server has no free database connection right now; retry shortly.');
    if (err.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
      return new AnnalsError(
        ErrorCode.BAD_USER_INPUT,
        'The query took too long and was stopped; narrow it (fewer hops, a date, a smaller page).',
        { reason: 'TIMEOUT' },
      );
    }
    // A bookmark the database cannot parse (or of another database): the client's Annals-Bookmark is wrong.
    if (err.code.startsWith('Neo.ClientError.Transaction.InvalidBookmark')) {
      return new AnnalsError(
        ErrorCode.BAD_USER_INPUT,
        'The Annals-Bookmark header names no transaction of this database: send back a bookmark exactly as a response gave it, or none.',
        { field: 'Annals-Bookmark', http: { status: 400 } },
      );
    }
    // The database reached has not caught up with the bookmark within its wait (a lagging cluster member).
    if (err.code === 'Neo.TransientError.Transaction.BookmarkTimeout') {
      return overloaded('The database has not yet applied the write named by the Annals-Bookmark header; retry shortly.');
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
