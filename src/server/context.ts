import { ANONYMOUS, type Principal } from '../auth/tokens.js';
import type { Executor } from '../db/executor.js';
import { createLoaders, type Loaders } from '../domain/loaders.js';
import type { Logger } from '../logger.js';

/** What every resolver receives: who asks, a request-scoped executor (with its round-trip counter), loaders. */
export interface Context {
  principal: Principal;
  executor: Executor;
  loaders: Loaders;
  logger: Logger;
}

/** Builds the context of one request; loaders must never be shared between requests. */
export function createContext(base: Executor, logger: Logger, principal: Principal = ANONYMOUS): Context {
  const executor = base.forRequest(logger);
  return { principal, executor, loaders: createLoaders(executor), logger };
}
