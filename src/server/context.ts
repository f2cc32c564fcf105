import { ANONYMOUS, type Principal } from '../auth/tokens.js';
import type { Executor } from '../db/executor.js';
import { createLoaders, type Loaders } from '../domain/loaders.js';
import { AnnalsError, ErrorCode } from '../errors.js';
import type { ListBudget } from '../graphql/bounds.js';
import type { Logger } from '../logger.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';

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
import { UNBOUNDED, type Expensive } from './fair-share.js';

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
export function createContext(
  base: Executor,
  logger: Logger,
  principal: Principal = ANONYMOUS,
  limits: Pick<Limits, 'requestBudgetMs' | 'maxCost'> = DEFAULT_LIMITS,
  expensive: Expensive = UNBOUNDED,
): Context {
  const executor = base.forRequest(logger, limits.requestBudgetMs);
  return { principal, executor, loaders: createLoaders(executor), logger, budget: new ObjectBudget(limits.maxCost), expensive };
}
