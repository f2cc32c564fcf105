import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { AnnalsError } from '../../src/errors.js';
import { exportBudgetFromEnv, FairShare, fairShareFromEnv, Gate } from '../../src/server/fair-share.js';

const never = () => new Promise<never>(() => undefined);
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((ok) => (resolve = ok));
  return { promise, resolve };
};
const code = (err: unknown) => (err instanceof AnnalsError ? err.code : String(err));

describe('Gate', () => {
  it('runs at most `concurrency`, queues at most `queue`, refuses the rest at once', async () => {
    const gate = new Gate(2, 1, 60_000);
    const refuse = () => new AnnalsError('OVERLOADED', 'busy');
    const a = await gate.acquire(refuse);
    await gate.acquire(refuse);
    const queued = gate.acquire(refuse);
    await expect(gate.acquire(refuse)).rejects.toThrow('busy');
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    a();
    a(); // a second release of the same slot is ignored
    const c = await queued;
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    c();
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
  });

  it('gives up on a wait past maxWaitMs', async () => {
    const gate = new Gate(1, 5, 20);
    await gate.acquire(() => new AnnalsError('OVERLOADED', 'busy'));
    await expect(gate.acquire((why) => new AnnalsError('OVERLOADED', why))).rejects.toThrow('wait');
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
  });
});

describe('FairShare', () => {
  it('lets one request run its expensive fields one at a time and refuses past its share', async () => {
    const share = new FairShare({ concurrency: 4, queue: 4, perRequest: 2, maxWaitMs: 60_000 });
    const request = share.forRequest();
    let running = 0;
    let most = 0;
    const gates = [deferred(), deferred()];
    const field = (n: number) =>
      request('neighborhood', async () => {
        running += 1;
        most = Math.max(most, running);
        await gates[n]!.promise;
        running -= 1;
        return n;
      });
    const first = field(0);
    const second = field(1);
    gates[0]!.resolve();
    gates[1]!.resolve();
    expect(await first).toBe(0);
    expect(await second).toBe(1);
    expect(most).toBe(1);
    // Two admitted at once (one running, one waiting for its turn): a third is refused at once,
    const hold = deferred();
    const busy = request('neighborhood', () => hold.promise);
    const waiting = request('neighborhood', async () => 'ran').catch(code);
    await new Promise((ok) => setTimeout(ok, 0)); // the first one has its slot
    expect(await request('neighborhood', never).catch(code)).toBe('OVERLOADED');
    hold.resolve();
    await busy;
    // and so is the one that was waiting: the request's answer is already partly an error.
    expect(await waiting).toBe('OVERLOADED');
    expect(await request('neighborhood', async () => 1).catch(code)).toBe('OVERLOADED');
  });

  it('shares the process-wide slots between requests and refuses beyond the queue', async () => {
    const share = new FairShare({ concurrency: 1, queue: 1, perRequest: 4, maxWaitMs: 60_000 });
    const hold = deferred();
    const running = share.forRequest()('connections', () => hold.promise);
    const waiting = share.forRequest()('connections', async () => 'ran');
    const refused = await share
      .forRequest()('export', async () => 'ran')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AnnalsError);
    expect((refused as AnnalsError).extensions).toMatchObject({ code: 'OVERLOADED', retryAfterSeconds: 1, http: { status: 503 } });
    hold.resolve();
    await running;
    expect(await waiting).toBe('ran');
    expect(share.load).toEqual({ running: 0, waiting: 0 });
  });

  it('releases the slot when the work fails', async () => {
    const share = new FairShare({ concurrency: 1, queue: 0, perRequest: 1, maxWaitMs: 1000 });
    await expect(share.forRequest()('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await share.forRequest()('x', async () => 'ok')).toBe('ok');
  });

  it('reads its bounds from the environment', () => {
    expect(fairShareFromEnv({})).toEqual({
      concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
      queue: 4,
      perRequest: 4,
      maxWaitMs: 5000,
    });
    expect(fairShareFromEnv({ ANNALS_EXPENSIVE_CONCURRENCY: '3', ANNALS_EXPENSIVE_QUEUE: '0' })).toMatchObject({
      concurrency: 3,
      queue: 0,
    });
    expect(() => fairShareFromEnv({ ANNALS_EXPENSIVE_CONCURRENCY: '0' })).toThrow('ANNALS_EXPENSIVE_CONCURRENCY');
    expect(exportBudgetFromEnv(15_000, {})).toBe(15_000);
    expect(exportBudgetFromEnv(15_000, { ANNALS_EXPORT_TIMEOUT_MS: '2000' })).toBe(2000);
  });
});
