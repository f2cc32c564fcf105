import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyConnectivity, type Driver, Executor } from '../db/executor.js';
import type { Logger } from '../logger.js';
import { createApollo } from './apollo.js';
import { createContext } from './context.js';
import { authenticate, requireReader, type ConfiguredToken } from '../auth/tokens.js';
import { createHttpServer } from './http.js';

export interface RunningApp {
  url: string;
  server: Server;
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
}): Promise<RunningApp> {
  const tokens = opts.tokens ?? [];
  const executor = new Executor(opts.driver, opts.database);
  const apollo = createApollo(opts.logger);
  await apollo.start();
  const server = createHttpServer(
    apollo,
    (authorization) => {
      const principal = authenticate(authorization, tokens);
      requireReader(principal, opts.privateReads ?? false);
      return createContext(executor, opts.logger, principal);
    },
    async () => {
      await verifyConnectivity(opts.driver, opts.database);
      return true;
    },
    opts.logger,
  );
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port, opts.host, () => res());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/graphql`,
    server,
    stop: async () => {
      const closed = new Promise<void>((res) => server.close(() => res()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
