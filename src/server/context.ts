import type { Executor } from '../db/executor.js';
import { createLoaders, type Loaders } from '../domain/loaders.js';
import type { Logger } from '../logger.js';

/** What every resolver receives: a request-scoped executor (with its round-trip counter) and loaders. */
export interface Context {
  executor: Executor;
  loaders: Loaders;
  logger: Logger;
}

/** Builds the context of one request; loaders must never be shared between requests. */
export function createContext(base: Executor, logger: Logger): Context {
  const executor = base.forRequest();
  return { executor, loaders: createLoaders(executor), logger };
}
