// The markdown of `npm run bench` (one size, columns a–e) and of `npm run bench -- --sizes …` (operation
// × size), pinned on small fixed inputs: the columns, the ratios and the targets met or not.
import { describe, expect, it } from 'vitest';
import {
  checkTargets,
  markdownReport,
  poolRuns,
  ratioSizes,
  sizesMarkdownReport,
  sizeRatios,
  type Row,
  type SizeData,
} from '../../bench/report.js';
import type { LoadResult } from '../../bench/load-drivers.js';

const load = (p50: number, rps: number, errors = 0, shed = 0): LoadResult => ({
  p50,
  p95: Math.round(p50 * 200) / 100,
  p99: Math.round(p50 * 300) / 100,
  rps,
  seconds: 5,
  requests: rps * 5,
  errors,
  shed,
});
const machine = { cpus: 2, model: 'Test CPU', memGiB: 8, node: 'v20.0.0' };

const rows: Row[] = [
  {
    key: 'entity',
    operation: 'entity with its relationships and citations',
    concurrency: 1,
    raw: load(1, 900),
    annals: load(2, 450),
    neo4jGraphql: load(6, 150),
    bare: load(1.6, 600),
  },
  {
    key: 'entity',
    operation: 'entity with its relationships and citations',
    concurrency: 16,
    raw: load(4, 4000),
    annals: { ...load(10, 1600), cpuMsPerRequest: { server: 0.9, neo4j: 0.5 } },
    neo4jGraphql: load(30, 500),
    bare: { ...load(5, 3000, 2), cpuMsPerRequest: { server: 0.3, neo4j: 0.3 } },
    bareAnnals: { ...load(7, 2200), cpuMsPerRequest: { server: 0.45, neo4j: 0.5 } },
  },
  {
    key: 'connections',
    operation: 'connections between two people (≤ 4 hops)',
    concurrency: 16,
    raw: load(3, 5000),
    annals: load(12, 1300, 0, 40),
    neo4jGraphql: null,
    bare: null,
  },
];

describe('bench report, one size', () => {
  it('checks Annals against bare HTTP at every concurrency, next to the targets at 16', () => {
    const bare = checkTargets(rows).filter((t) => t.target.includes('bare'));
    expect(bare).toEqual([
      { target: 'entity @1: Annals p50 ≤ 1.3 × bare HTTP', measured: '1.25×', met: true },
      { target: 'entity @16: Annals p50 ≤ 1.3 × bare HTTP', measured: '2.00×', met: false },
    ]);
    expect(checkTargets(rows).map((t) => t.target)).toContain('entity: Annals p50 ≤ 1.3 × raw');
  });

  it('pins the markdown: columns a–e, b/a, b/c, b/d, b/e and e/d, CPU per request by process, shed load apart from errors, targets', () => {
    const md = markdownReport({
      command: 'npm run bench -- --size S --seconds 5 --concurrency 1,16',
      date: '2026-12-01T00:00:00.000Z',
      machine,
      data: { generated: 'S', stats: { nodes: 10, relationships: 20 }, loadSeconds: 3 },
      method: 'fixed input',
      rows,
      profiles: [{ operation: 'entity', roundTrips: 1, dbHits: 180, queries: [{ dbHits: 180, scans: [] }] }],
    });
    expect(md).toMatchInlineSnapshot(`
      "# npm run bench -- --size S --seconds 5 --concurrency 1,16

      2026-12-01T00:00:00.000Z · 2 cores (Test CPU), 8 GiB, Node v20.0.0 · seed + generated archive S ({"nodes":10,"relationships":20}, loaded in 3 s)

      Method: fixed input. a = raw Cypher, b = Annals, c = @neo4j/graphql 7 (— where it cannot express the operation), d = bare HTTP (the Cypher of a behind a minimal node:http server in its own process, rows as JSON), e = bare HTTP with Annals' Cypher (the same server running the query Annals sends).

      | operation | conc. | a p50/p95/p99 ms | b p50/p95/p99 ms | c p50/p95/p99 ms | d p50/p95/p99 ms | e p50/p95/p99 ms | a req/s | b req/s | c req/s | d req/s | e req/s | b/a p50 | b/c p50 | b/c req/s | b/d p50 | b/e p50 | e/d p50 | shed | errors |
      | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |
      | entity with its relationships and citations | 1 | 1 / 2 / 3 | 2 / 4 / 6 | 6 / 12 / 18 | 1.6 / 3.2 / 4.8 | — | 900 | 450 | 150 | 600 | — | 2.00 | 0.33 | 3.00 | 1.25 | — | — | 0 | 0 |
      | entity with its relationships and citations | 16 | 4 / 8 / 12 | 10 / 20 / 30 | 30 / 60 / 90 | 5 / 10 / 15 | 7 / 14 / 21 | 4000 | 1600 | 500 | 3000 | 2200 | 2.50 | 0.33 | 3.20 | 2.00 | 1.43 | 1.40 | 0 | 2 |
      | connections between two people (≤ 4 hops) | 16 | 3 / 6 / 9 | 12 / 24 / 36 | — | — | — | 5000 | 1300 | — | — | — | 4.00 | — | — | — | — | — | 40 | 0 |

      ## Where a request's cost lies: CPU ms per request

      From /proc over each timed run: the server process (b Annals, d bare, e bare with Annals' Cypher) and Neo4j's JVM (— when the bench did not start it). b − e on the server is what the GraphQL layer adds over the same Cypher; e − d (server and Neo4j) is what Annals' Cypher costs over the hand-written one. Shed requests count as requests served.

      | operation | conc. | a Neo4j | b server | b Neo4j | d server | d Neo4j | e server | e Neo4j |
      | --- | --: | --: | --: | --: | --: | --: | --: | --: |
      | entity with its relationships and citations | 1 | — | — | — | — | — | — | — |
      | entity with its relationships and citations | 16 | — | 0.900 | 0.500 | 0.300 | 0.300 | 0.450 | 0.500 |
      | connections between two people (≤ 4 hops) | 16 | — | — | — | — | — | — | — |

      ## Targets

      At concurrency 16, except Annals against bare HTTP: at every concurrency (@c in the row).

      | target | measured | met |
      | --- | --: | --- |
      | entity: Annals p50 ≤ 1.3 × raw | 2.50× | **no** |
      | entity: Annals req/s ≥ @neo4j/graphql (≥ 2× if nested) | 3.20× | yes |
      | connections: Annals p50 ≤ 1.3 × raw | 4.00× (40 shed by fair share) | **no** |
      | connections: Annals p99 < 200 ms | 36 ms | yes |
      | entity @1: Annals p50 ≤ 1.3 × bare HTTP | 1.25× | yes |
      | entity @16: Annals p50 ≤ 1.3 × bare HTTP | 2.00× | **no** |

      ## PROFILE of the Cypher Annals sends (one request each)

      | operation | round trips | db hits | label or full scans |
      | --- | --: | --: | --- |
      | entity | 1 | 180 | none |
      "
    `);
  });
});

describe('bench report, several runs (--runs)', () => {
  // Run 2 is run 1 slower by half on Annals, run 3 by a quarter on the bare server.
  const slower = (r: LoadResult | null | undefined, by: number): LoadResult | null =>
    r == null ? null : { ...r, p50: r.p50 * by, p95: r.p95 * by, p99: r.p99 * by, rps: r.rps / by, requests: r.requests / by };
  const runs: Row[][] = [
    rows,
    rows.map((r) => ({ ...r, annals: slower(r.annals, 1.5) })),
    rows.map((r) => ({ ...r, bare: slower(r.bare, 1.25), bareAnnals: slower(r.bareAnnals, 1.25) })),
  ];

  it("pools each cell over the runs: percentiles the median of the runs', requests summed, req/s over the summed time", () => {
    const pooled = poolRuns(runs);
    expect(pooled.map((r) => [r.key, r.concurrency])).toEqual(rows.map((r) => [r.key, r.concurrency]));
    const entity16 = pooled[1]!;
    expect(entity16.annals!.p50).toBe(10);
    expect(entity16.bare!.p50).toBe(5);
    expect(entity16.annals!.requests).toBe(8000 + 8000 / 1.5 + 8000);
    expect(entity16.annals!.rps).toBeCloseTo((8000 + 8000 / 1.5 + 8000) / 15, 1);
    expect(entity16.bare!.errors).toBe(6);
    // A column missing from a cell stays missing.
    expect(pooled[2]!.bare).toBeNull();
  });

  it('refuses runs that do not hold the same cells', () => {
    expect(() => poolRuns([rows, rows.slice(1)])).toThrow(/same cells/);
  });

  it("reports each run's b/d and the medians of b/d, b/e and e/d over the runs", () => {
    const md = markdownReport({
      command: 'npm run bench -- --size S --runs 3',
      date: '2026-12-05T00:00:00.000Z',
      machine,
      data: { generated: 'S', stats: {}, loadSeconds: 1 },
      method: 'test',
      rows: poolRuns(runs),
      runs,
      profiles: [],
    });
    expect(md).toContain('| operation | conc. | run 1 b/d | run 2 b/d | run 3 b/d | median b/d | median b/e | median e/d |');
    // entity @16: b/d 2.00, 3.00, 1.60 (median 2.00); b/e 1.43, 2.14, 1.14 (1.43); e/d 1.40 each.
    expect(md).toContain('| entity with its relationships and citations | 16 | 2.00 | 3.00 | 1.60 | 2.00 | 1.43 | 1.40 |');
    // entity @1 has no column e: its medians of b/e and e/d are —.
    expect(md).toContain('| entity with its relationships and citations | 1 | 1.25 | 1.88 | 1.00 | 1.25 | — | — |');
    expect(
      markdownReport({
        ...{ command: 'c', date: 'd', machine, data: { generated: 'S', stats: {}, loadSeconds: 1 }, method: 'm', profiles: [] },
        rows,
      }),
    ).not.toContain('runs');
  });
});

describe('bench report, several sizes', () => {
  const ids = (size: string, holders: number): SizeData['ids'] => ({
    org: `org-${size}`,
    a: `a-${size}`,
    b: `b-${size}`,
    name: '胡献',
    holders,
    aRelations: 6,
    aReach: 40,
  });
  const sizes: SizeData[] = [
    {
      size: 'XS',
      loader: 'transactional',
      stats: { nodes: 10, relationships: 30 },
      loadSeconds: 2,
      ids: ids('XS', 11),
      reads: { entity: { rows: 1, bytes: 700 } },
    },
    {
      size: 'S',
      loader: 'transactional',
      stats: { nodes: 100, relationships: 300 },
      loadSeconds: 20,
      ids: ids('S', 12),
      reads: { entity: { rows: 1, bytes: 900 } },
    },
    {
      size: 'L',
      loader: 'bulk',
      stats: { nodes: 10000, relationships: 30000 },
      loadSeconds: 900,
      ids: ids('L', 12),
      reads: { entity: { rows: 1, bytes: 910 } },
    },
  ];
  const entity = {
    key: 'entity' as const,
    operation: 'entity with its relationships and citations',
    concurrency: 16,
    raw: null,
    neo4jGraphql: null,
    bare: null,
  };
  const roster = { ...entity, key: 'roster' as const, operation: 'organization roster at a date' };
  const sizeRows = [
    { ...entity, size: 'XS', annals: load(2, 5000) },
    { ...roster, size: 'XS', annals: load(2, 5000) },
    { ...entity, size: 'S', annals: load(10, 1600) },
    { ...roster, size: 'S', annals: load(8, 2000) },
    { ...entity, size: 'L', annals: load(14, 1100) },
    { ...roster, size: 'L', annals: load(16, 1000, 1) },
  ];

  it('measures growth from S to the largest size, from the smallest when S is not in the run', () => {
    expect(ratioSizes(['XS', 'S', 'M', 'L'])).toEqual({ from: 'S', to: 'L' });
    expect(ratioSizes(['XS', 'S'])).toEqual({ from: 'XS', to: 'S' });
    expect(ratioSizes(['M', 'L'])).toEqual({ from: 'M', to: 'L' });
    expect(ratioSizes(['S'])).toEqual({ from: 'S', to: 'S' });
  });

  it('computes the largest size over S, per operation and column (XS is left out of the ratio)', () => {
    expect(sizeRatios({ sizes, rows: sizeRows })).toEqual([
      { key: 'entity', concurrency: 16, field: 'annals', ratio: 1.4 },
      { key: 'roster', concurrency: 16, field: 'annals', ratio: 2 },
    ]);
  });

  it('pins the markdown: what each size reads, operation × size, L/S, the 1.5× targets', () => {
    const md = sizesMarkdownReport({
      command: 'npm run bench -- --sizes XS,S,L',
      date: '2026-12-01T00:00:00.000Z',
      machine,
      method: 'fixed input',
      sizes,
      rows: sizeRows,
    });
    expect(md).toMatchInlineSnapshot(`
      "# npm run bench -- --sizes XS,S,L

      2026-12-01T00:00:00.000Z · 2 cores (Test CPU), 8 GiB, Node v20.0.0

      Method: fixed input.

      ## Data and what each operation reads

      Each size is a fresh database with the seed and the generated archive of that size. The ids are chosen by degree (bench/suite.ts pickIds), so each size reads an entity of the same kind and size.

      | size | nodes | relationships | loader | loaded in | roster: organization (holders) | entity: person (relationships, two-hop reach) | connections: to | search text |
      | --- | --: | --: | --- | --: | --- | --- | --- | --- |
      | XS | 10 | 30 | transactional | 2 s | org-XS (11) | a-XS (6, 40) | b-XS | 胡献 |
      | S | 100 | 300 | transactional | 20 s | org-S (12) | a-S (6, 40) | b-S | 胡献 |
      | L | 10000 | 30000 | bulk | 900 s | org-L (12) | a-L (6, 40) | b-L | 胡献 |

      The answer of the hand-written Cypher (column a) to each operation at each size:

      | operation | XS | S | L |
      | --- | --: | --: | --: |
      | entity | 1 row, 700 B | 1 row, 900 B | 1 row, 910 B |
      | roster | — | — | — |

      ## b = Annals, concurrency 16: p50 · req/s

      | operation | XS | S | L | L/S p50 |
      | --- | --: | --: | --: | --: |
      | entity with its relationships and citations | 2 ms · 5000/s | 10 ms · 1600/s | 14 ms · 1100/s | 1.40 |
      | organization roster at a date | 2 ms · 5000/s | 8 ms · 2000/s | 16 ms · 1000/s | 2.00 |

      ## Targets

      | target | measured | met |
      | --- | --: | --- |
      | entity @16: Annals p50 within 1.5× from S to L | 1.40× | yes |
      | roster @16: Annals p50 within 1.5× from S to L | 2.00× | **no** |

      Failed requests: 1. Shed by fair share (503): 0.
      "
    `);
  });
});
