import { ANONYMOUS, type Principal } from '../auth/tokens.js';
import type { Executor } from '../db/executor.js';
import { createLoaders, type Loaders } from '../domain/loaders.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import type { ListBudget } from './bounds.js';
import type { Logger } from '../logger.js';

/**
 * Objects the lists of one request have returned. The cost estimate bounds them before the
 * request runs; counting them as they resolve stops a request the estimate got wrong early,
 * instead of building an answer the response-size limit would throw away.
 */
export class ObjectBudget implements ListBudget {
  objects = 0;
  constructor(readonly max: number) {}

  charge(objects: number): void {
    this.objects += objects;
    if (this.objects > this.max) {
      throw new AnnalsError(
        ErrorCode.RESPONSE_TOO_LARGE,
        `The answer holds more than ${this.max} objects, the request's limit: ask for smaller pages (first) or fewer nested lists.`,
        {
          limit: 'objects',
          max: this.max,
        },
      );
    }
  }
}
/** Runs expensive work (paths, neighbourhoods, exports) within the request's fair share; server/fair-share.ts gives the bounded one. */
export type Expensive = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/** No bounds: for the CLI and in-process tests, where one caller owns the database. */
export const UNBOUNDED: Expensive = (_what, work) => work();

/** The limits a request's context enforces as it runs (server/limits.ts reads them from the environment). */
export interface RequestLimits {
  requestBudgetMs: number;
  maxCost: number;
}

export interface ContextOptions {
  principal?: Principal;
  expensive?: Expensive;
  /** Bookmarks the request's reads and writes wait for (the client's Annals-Bookmark header). */
  bookmarks?: readonly string[];
}

/** What every resolver receives: who asks, a request-scoped executor (with its round-trip counter), loaders. */
export interface Context {
  principal: Principal;
  executor: Executor;
  loaders: Loaders;
  logger: Logger;
  budget: ObjectBudget;
  /** Paths, neighbourhoods and exports run through this: the request's fair share of expensive work. */
  expensive: Expensive;
}

/**
 * Builds the context of one request; loaders must never be shared between requests. The request's
 * time budget starts now, and its lists may return as many objects as its cost may estimate.
 */
export function createContext(base: Executor, logger: Logger, limits: RequestLimits, options: ContextOptions = {}): Context {
  const executor = base.forRequest({ logger, budgetMs: limits.requestBudgetMs, bookmarks: options.bookmarks ?? [] });
  return {
    principal: options.principal ?? ANONYMOUS,
    executor,
    loaders: createLoaders(executor),
    logger,
    budget: new ObjectBudget(limits.maxCost),
    expensive: options.expensive ?? UNBOUNDED,
  };
}
