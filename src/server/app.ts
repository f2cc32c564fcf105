import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyConnectivity, type Driver, Executor } from '../db/executor.js';
import type { Logger } from '../logger.js';
import { createApollo } from './apollo.js';
import { createContext } from '../graphql/context.js';
import { authenticate, requireReader, type ConfiguredToken } from '../auth/tokens.js';
import { createHttpServer } from './http.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { DEFAULT_FAIR_SHARE, FairShare, type FairShareOptions } from './fair-share.js';

export interface RunningApp {
  url: string;
  server: Server;
  stop(drainMs?: number): Promise<void>;
}

/** Starts Apollo and the HTTP server on host:port (0 picks a free port). */
export async function startApp(opts: {
  driver: Driver;
  database?: string;
  logger: Logger;
  host: string;
  port: number;
  tokens?: readonly ConfiguredToken[];
  /** When true (ANNALS_READ_TOKEN set), reads need a token too. */
  privateReads?: boolean;
  limits?: Partial<Limits>;
  /** Liveness (/healthz); false once the embedded Neo4j is given up on. Always true by default. */
  live?: () => boolean;
  /** Bounds of concurrent expensive work (paths, neighbourhoods, exports). */
  fairShare?: Partial<FairShareOptions>;
  /** Time budget of one export (default: the query timeout). */
  exportBudgetMs?: number;
}): Promise<RunningApp> {
  const tokens = opts.tokens ?? [];
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const executor = new Executor({
    driver: opts.driver,
    database: opts.database,
    queryTimeoutMs: limits.queryTimeoutMs,
    slowQueryMs: limits.slowQueryMs,
    logger: opts.logger,
  });
  const fairShare = new FairShare({ ...DEFAULT_FAIR_SHARE, ...opts.fairShare });
  const apollo = createApollo(opts.logger, limits);
  await apollo.start();
  const server = createHttpServer({
    apollo,
    makeContext: (authorization, requestId) => {
      const principal = authenticate(authorization, tokens);
      requireReader(principal, opts.privateReads ?? false);
      return createContext(executor, opts.logger.child({ reqId: requestId }), limits, { principal, expensive: fairShare.forRequest() });
    },
    ready: async () => {
      await verifyConnectivity(opts.driver, opts.database);
      return true;
    },
    live: opts.live ?? (() => true),
    logger: opts.logger,
    maxBodyBytes: limits.maxBodyBytes,
    exportBudgetMs: opts.exportBudgetMs ?? limits.queryTimeoutMs,
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port, opts.host, () => res());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/graphql`,
    server,
    // Drains: no new connections, idle ones closed, in-flight requests finish (up to drainMs).
    stop: async (drainMs = 10_000) => {
      const closed = new Promise<void>((res) => server.close(() => res()));
      // Connections turn idle as their requests finish; close each then, the rest at the deadline.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), drainMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
      await apollo.stop();
    },
  };
}
