// The side-by-side bench loads its columns in turn, round after round, and pools each column's rounds.
import { describe, expect, it } from 'vitest';
import { alternating, alternatingList, median, type Load, type LoadResult } from '../../bench/load-drivers.js';

const result = (p50: number, requests: number, seconds: number, cpu: number | null): LoadResult => ({
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  rps: requests / seconds,
  seconds,
  requests,
  errors: 1,
  shed: 0,
  cpuMsPerRequest: { server: cpu, neo4j: 1 },
});

describe('alternating', () => {
  it('loads the columns in turn, warms each up before its first round only, and pools the rounds', async () => {
    const calls: string[] = [];
    const column =
      (name: string, rounds: LoadResult[]): Load =>
      async (seconds, warmup) => {
        calls.push(`${name} ${seconds} ${warmup}`);
        return rounds[calls.filter((c) => c.startsWith(name)).length - 1]!;
      };
    const pooled = await alternating(
      {
        a: column('a', [result(5, 100, 1, 0.5), result(1, 300, 2, 0.1), result(3, 100, 1, 0.5)]),
        b: column('b', [result(2, 10, 1, null), result(2, 10, 1, 0.2), result(2, 10, 1, 0.2)]),
        c: undefined,
      },
      3,
      6,
      1,
    );
    expect(calls).toEqual(['a 2 1', 'b 2 1', 'a 2 0', 'b 2 0', 'a 2 0', 'b 2 0']);
    // Each percentile the median of the rounds'; counts summed; req/s over the seconds really taken.
    expect(pooled.a).toMatchObject({ p50: 3, p95: 6, p99: 9, requests: 500, seconds: 4, rps: 125, errors: 3, shed: 0 });
    // CPU per request over all requests: (100 × 0.5 + 300 × 0.1 + 100 × 0.5) / 500.
    expect(pooled.a?.cpuMsPerRequest).toEqual({ server: 0.26, neo4j: 1 });
    // A round without a reading makes the column's reading unknown, not a partial average.
    expect(pooled.b?.cpuMsPerRequest?.server).toBeNull();
    expect(pooled).not.toHaveProperty('c');
  });

  it('keeps a list of columns in its order', async () => {
    const loads = [7, 9].map(
      (p50): Load =>
        async () =>
          result(p50, 10, 1, 0.1),
    );
    expect((await alternatingList(loads, 2, 2, 0)).map((r) => r.p50)).toEqual([7, 9]);
  });
});

describe('median', () => {
  it('is the middle value of an odd count and the mean of the two middle values of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1])).toBe(2.5);
    expect(median([5, 1, 4, 2])).toBe(3);
    expect(median([])).toBe(0);
  });
});
