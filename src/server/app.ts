import { createServer, type Server } from 'node:http';
import { printSchema } from 'graphql';
import type { AddressInfo } from 'node:net';
import { verifyConnectivity, type Driver, Executor } from '../db/executor.js';
import type { Logger } from '../logger.js';
import { createApollo } from './apollo.js';
import { HotOperations } from './hot-operations.js';
import { createContext } from '../graphql/context.js';
import { authenticate, requireReader, type ConfiguredToken } from '../auth/tokens.js';
import { httpHandler } from './http.js';
import { parseBookmarkHeader } from './bookmark-header.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { DEFAULT_FAIR_SHARE, FairShare, type FairShareOptions } from './fair-share.js';
import type { TrustedDocuments } from './trusted-documents.js';

export interface RunningApp {
  url: string;
  server: Server;
  /** Drains (no new connections, requests in flight finish up to drainMs), then stops Apollo. */
  stop(): Promise<void>;
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
  /** How long stop() lets requests in flight finish before cutting their connections (default 10 s). */
  drainMs?: number;
  /** Trusted documents (ANNALS_TRUSTED_DOCUMENTS): only these operations run, unless the caller holds a write token. */
  trustedDocuments?: TrustedDocuments;
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
  // The server exists before Apollo, whose drain plugin watches its connections from the start.
  const server = createServer();
  // The SDL of the schema Apollo serves, printed once, for /schema.graphql.
  let sdl: string | null = null;
  const hot = limits.hotPath && limits.executor === 'jit' ? new HotOperations(limits) : undefined;
  const apollo = createApollo(
    opts.logger,
    limits,
    { httpServer: server, gracePeriodMs: opts.drainMs },
    (schema) => {
      sdl = printSchema(schema);
    },
    hot,
  );
  await apollo.start();
  server.on(
    'request',
    httpHandler({
      apollo,
      makeContext: (authorization, requestId, bookmarkHeader) => {
        const principal = authenticate(authorization, tokens);
        requireReader(principal, opts.privateReads ?? false);
        const bookmarks = parseBookmarkHeader(bookmarkHeader);
        return createContext(executor, opts.logger.child({ reqId: requestId }), limits, {
          principal,
          expensive: fairShare.forRequest(),
          bookmarks,
        });
      },
      ready: async () => {
        await verifyConnectivity(opts.driver, opts.database);
        return true;
      },
      live: opts.live ?? (() => true),
      logger: opts.logger,
      maxBodyBytes: limits.maxBodyBytes,
      exportBudgetMs: opts.exportBudgetMs ?? limits.queryTimeoutMs,
      privateReads: opts.privateReads ?? false,
      schemaSdl: () => (limits.introspection ? sdl : null),
      trustedDocuments: opts.trustedDocuments,
      hot,
    }),
  );
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port, opts.host, () => res());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/graphql`,
    server,
    stop: () => apollo.stop(),
  };
}
