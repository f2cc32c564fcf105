import type { Neo4jCredentials } from './auth-file.js';
import type { RunningNeo4j } from './neo4j-launcher.js';

/**
 * How often a crashed embedded Neo4j is started again: waits of firstDelayMs, doubling up to
 * maxDelayMs, and at most maxRestarts restarts within windowMs; one more crash and we give up
 * (the process stays up and says so through /healthz, so an orchestrator can replace it).
 */
export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 10 * 60_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

/** The part of a pino logger the supervisor needs (launcher/ stays free of the logger module). */
export interface SupervisorLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export type SupervisedState = 'running' | 'restarting' | 'gave up';

/** An embedded Neo4j that is started again when its JVM dies (same port, data and password). */
export interface SupervisedNeo4j {
  readonly uri: string;
  readonly credentials: Neo4jCredentials;
  /** The pid of the JVM running now (undefined between a crash and its restart). */
  readonly pid: number | undefined;
  readonly state: SupervisedState;
  /** What the first start did with the class-data archive (see class-data.ts). */
  readonly classData: RunningNeo4j['classData'];
  /** Stops supervising, then shuts the database down cleanly. */
  stop(): Promise<void>;
}

/** Starts Neo4j through `start` and watches its JVM; a failure of the first start is thrown. */
export async function superviseNeo4j(
  start: () => Promise<RunningNeo4j>,
  log: SupervisorLog,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): Promise<SupervisedNeo4j> {
  let current: RunningNeo4j | null = await start();
  let state: SupervisedState = 'running';
  let stopping = false;
  let wake: (() => void) | null = null;
  let recovery: Promise<void> = Promise.resolve();
  const restarts: number[] = [];

  const pause = (ms: number) =>
    new Promise<void>((res) => {
      const timer = setTimeout(res, ms);
      wake = () => {
        clearTimeout(timer);
        res();
      };
    });

  const watch = (neo4j: RunningNeo4j): void => {
    void neo4j.exited.then(({ code, signal }) => {
      if (stopping || neo4j !== current) return;
      current = null;
      // jvmPid: pino's own `pid` field is this process.
      log.error({ code, signal, jvmPid: neo4j.pid }, `embedded Neo4j exited (code ${code ?? signal})`);
      recovery = recover();
    });
  };

  async function recover(): Promise<void> {
    state = 'restarting';
    while (!stopping) {
      const now = Date.now();
      while (restarts.length > 0 && restarts[0]! < now - policy.windowMs) restarts.shift();
      if (restarts.length >= policy.maxRestarts) {
        state = 'gave up';
        log.error(
          { restarts: restarts.length, windowMs: policy.windowMs },
          'embedded Neo4j gave up restarting: /healthz answers 503 from now on',
        );
        return;
      }
      const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** restarts.length);
      log.warn({ attempt: restarts.length + 1, of: policy.maxRestarts, delayMs }, 'restarting the embedded Neo4j');
      await pause(delayMs);
      if (stopping) return;
      restarts.push(Date.now());
      try {
        const next = await start();
        if (stopping) {
          await next.stop();
          return;
        }
        current = next;
        state = 'running';
        log.info({ jvmPid: next.pid, uri: next.uri }, 'embedded Neo4j is ready again');
        watch(next);
        return;
      } catch (err) {
        log.error({ err: (err as Error).message }, 'embedded Neo4j could not be restarted');
      }
    }
  }

  watch(current);
  const first = current;
  return {
    uri: first.uri,
    credentials: first.credentials,
    classData: first.classData,
    get pid() {
      return current?.pid;
    },
    get state() {
      return state;
    },
    stop: async () => {
      stopping = true;
      wake?.();
      await recovery;
      await current?.stop();
    },
  };
}
