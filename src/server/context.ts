import { ANONYMOUS, type Principal } from '../auth/tokens.js';
import type { Executor } from '../db/executor.js';
import { createLoaders, type Loaders } from '../domain/loaders.js';
import type { Logger } from '../logger.js';
import { UNBOUNDED, type Expensive } from './fair-share.js';

/** What every resolver receives: who asks, a request-scoped executor (with its round-trip counter), loaders. */
export interface Context {
  principal: Principal;
  executor: Executor;
  loaders: Loaders;
  logger: Logger;
  /** Paths, neighbourhoods and exports run through this: the request's fair share of expensive work. */
  expensive: Expensive;
}

/** Builds the context of one request; loaders must never be shared between requests. */
export function createContext(base: Executor, logger: Logger, principal: Principal = ANONYMOUS, expensive: Expensive = UNBOUNDED): Context {
  const executor = base.forRequest(logger);
  return { principal, executor, loaders: createLoaders(executor), logger, expensive };
}
