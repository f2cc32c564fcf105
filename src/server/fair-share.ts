/**
 * Fair sharing of expensive work (paths, neighbourhoods, exports). A few such operations saturate
 * Neo4j's two cores, its transaction memory and, if left alone, the driver's connection pool; cheap
 * lookups then wait behind them. So at most `concurrency` run at once in the process, at most
 * `queue` wait, and anything beyond is refused at once with OVERLOADED (retryable, HTTP 503 +
 * Retry-After): a refusal in a millisecond is better for everyone than a timeout in 15 s.
 *
 * Within one request expensive fields run one at a time and at most `perRequest` may be admitted
 * (running or waiting): thirty aliased neighbourhoods hold one slot, not thirty, and once one of a
 * request's fields is refused its other waiting fields are refused too instead of running for an
 * answer that is already partly an error.
 */
import { availableParallelism } from 'node:os';
import type { ApolloServerPlugin } from '@apollo/server';
import { z } from 'zod';
import { overloaded, RETRY_AFTER_SECONDS, type AnnalsError } from '../errors.js';
import type { Expensive } from '../graphql/context.js';

export interface FairShareOptions {
  /** Expensive operations running at once in this process; keep it well below the driver pool (50). */
  concurrency: number;
  /** Operations waiting for a slot; one more is refused at once. */
  queue: number;
  /** Expensive fields one request may have admitted (running or waiting) at once. */
  perRequest: number;
  /** Longest wait for a slot before the operation is refused. */
  maxWaitMs: number;
}

// Half the cores (Neo4j and Node share them), at least one: on 2 cores one depth-3 neighbourhood
// already keeps a core busy, and the other must stay free for cheap lookups.
export const DEFAULT_FAIR_SHARE: FairShareOptions = {
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  queue: 4,
  perRequest: 4,
  maxWaitMs: 5_000,
};

const int = (min: number) => z.coerce.number().int().min(min);

/** ANNALS_EXPORT_TIMEOUT_MS: the time budget of one HTTP export, by default the query timeout. */
export function exportBudgetFromEnv(fallbackMs: number, env: NodeJS.ProcessEnv = process.env): number {
  const parsed = int(100).default(fallbackMs).safeParse(env['ANNALS_EXPORT_TIMEOUT_MS']);
  if (!parsed.success) throw new Error(`Invalid ANNALS_EXPORT_TIMEOUT_MS: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** ANNALS_EXPENSIVE_CONCURRENCY, ANNALS_EXPENSIVE_QUEUE, ANNALS_EXPENSIVE_PER_REQUEST, ANNALS_EXPENSIVE_MAX_WAIT_MS. */
export function fairShareFromEnv(env: NodeJS.ProcessEnv = process.env): FairShareOptions {
  const parsed = z
    .object({
      ANNALS_EXPENSIVE_CONCURRENCY: int(1).max(40).default(DEFAULT_FAIR_SHARE.concurrency),
      ANNALS_EXPENSIVE_QUEUE: int(0).default(DEFAULT_FAIR_SHARE.queue),
      ANNALS_EXPENSIVE_PER_REQUEST: int(1).default(DEFAULT_FAIR_SHARE.perRequest),
      ANNALS_EXPENSIVE_MAX_WAIT_MS: int(0).default(DEFAULT_FAIR_SHARE.maxWaitMs),
    })
    .safeParse(env);
  if (!parsed.success)
    throw new Error(`Invalid fair-share settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    concurrency: e.ANNALS_EXPENSIVE_CONCURRENCY,
    queue: e.ANNALS_EXPENSIVE_QUEUE,
    perRequest: e.ANNALS_EXPENSIVE_PER_REQUEST,
    maxWaitMs: e.ANNALS_EXPENSIVE_MAX_WAIT_MS,
  };
}

type Release = () => void;

/** A counting semaphore with a bounded queue and a bounded wait. */
export class Gate {
  private running = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
    readonly maxWaitMs: number,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** A slot (call the release once done), or `refuse()` thrown when the queue is full or the wait too long. */
  acquire(refuse: (why: 'queue' | 'wait') => AnnalsError): Promise<Release> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queue) return Promise.reject(refuse('queue'));
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(refuse('wait'));
      }, this.maxWaitMs);
      this.waiting.push(entry);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so `running` stays as it is.
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.running -= 1;
    };
  }
}

/** Runs one piece of expensive work under the fair-share bounds (what resolvers and exports call). */

/** The process-wide gate; `forRequest()` gives each request its own share of it. */
export class FairShare {
  private readonly gate: Gate;

  constructor(readonly options: FairShareOptions = DEFAULT_FAIR_SHARE) {
    this.gate = new Gate(options.concurrency, options.queue, options.maxWaitMs);
  }

  get load(): { running: number; waiting: number } {
    return this.gate.load;
  }

  forRequest(): Expensive {
    // One at a time per request; the rest of its admitted fields wait here, not in the shared queue.
    const own = new Gate(1, this.options.perRequest - 1, this.options.maxWaitMs * this.options.perRequest);
    let refused = false;
    const refuse = (scope: 'request' | 'server') => (why: 'queue' | 'wait') => {
      refused = true;
      return overloaded(
        scope === 'request'
          ? `Too many paths, neighbourhoods or exports in one request (at most ${this.options.perRequest} at once); retry with fewer.`
          : why === 'queue'
            ? 'The server is busy with other expensive queries (paths, neighbourhoods, exports); retry shortly.'
            : `No slot for an expensive query freed up within ${this.options.maxWaitMs} ms; retry shortly.`,
      );
    };
    return async (what, work) => {
      if (refused)
        throw overloaded(`An earlier ${what === 'export' ? 'part' : 'field'} of this request was refused for overload; retry shortly.`);
      const releaseOwn = await own.acquire(refuse('request'));
      let releaseShared: Release;
      try {
        if (refused) throw overloaded('An earlier field of this request was refused for overload; retry shortly.');
        releaseShared = await this.gate.acquire(refuse('server'));
      } catch (err) {
        releaseOwn();
        throw err;
      }
      try {
        return await work();
      } finally {
        releaseShared();
        releaseOwn();
      }
    };
  }
}

/**
 * A GraphQL response whose only errors are OVERLOADED is a 503 with Retry-After, so HTTP clients,
 * proxies and load balancers back off; any other error keeps the usual status.
 */
export function overloadStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.length > 0 && errors.every((e) => e.extensions?.['code'] === 'OVERLOADED')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
