// The markdown side of a side-by-side run: one row per operation and concurrency with the four
// columns, the ratios the performance targets are stated in, the targets checked, and PROFILE; and
// of a run over several sizes (`--sizes`): operation × size, the ratio largest/smallest, its target.
import { median, pooled, type LoadResult } from './load-drivers.js';
import type { OperationKey } from './operations.js';
import type { BenchIds } from './suite.js';
import type { OperationProfile } from './profile.js';

export interface Row {
  key: OperationKey;
  operation: string;
  concurrency: number;
  raw: LoadResult | null;
  annals: LoadResult | null;
  neo4jGraphql: LoadResult | null;
  /** Column d: the Cypher of column a behind a bare node:http server (bench/bare-server.ts). */
  bare: LoadResult | null;
  /** Column e: the bare server running the query Annals sends for the operation (absent in runs before it existed). */
  bareAnnals?: LoadResult | null;
}

interface Report {
  command: string;
  date: string;
  machine: { cpus: number; model: string; memGiB: number; node: string };
  data: { generated: string; stats: unknown; loadSeconds: number };
  method: string;
  rows: Row[];
  /** With --runs N > 1: each run's rows (rows above pool them, see poolRuns). */
  runs?: Row[][];
  profiles: (Omit<OperationProfile, 'queries'> & { queries: { dbHits: number; scans: string[] }[] })[];
}

const COLUMN_KEYS = ['raw', 'annals', 'neo4jGraphql', 'bare', 'bareAnnals'] as const;

/**
 * The rows of several runs of the same cells as one: per cell and column, the runs pooled as the
 * rounds of a cell are (pooled in load-drivers.ts: each percentile the median of the runs').
 */
export function poolRuns(runs: readonly (readonly Row[])[]): Row[] {
  const [first, ...rest] = runs;
  if (first === undefined) return [];
  return first.map((row, i) => {
    const same = [row, ...rest.map((run) => run[i])];
    if (same.some((r) => r === undefined || r.key !== row.key || r.concurrency !== row.concurrency))
      throw new Error(`poolRuns: the runs do not hold the same cells (${row.key} @${row.concurrency})`);
    const out: Row = { ...row };
    for (const column of COLUMN_KEYS) {
      const measured = same.map((r) => r![column] ?? null);
      out[column] = measured.every((m): m is LoadResult => m !== null) ? pooled(measured) : null;
    }
    return out;
  });
}

const p50Ratio = (x: LoadResult | null | undefined, y: LoadResult | null | undefined): number | undefined =>
  x == null || y == null || y.p50 === 0 ? undefined : x.p50 / y.p50;
const fixed = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(2));

/** Each run's b/d at every cell, and over the runs the median b/d, b/e and e/d (medians of the runs' ratios). */
function runsSection(runs: readonly (readonly Row[])[]): string[] {
  const first = runs[0] ?? [];
  type Column = (typeof COLUMN_KEYS)[number];
  const medianRatio = (i: number, x: Column, y: Column): string => {
    const ratios = runs.map((run) => p50Ratio(run[i]![x], run[i]![y]));
    return ratios.some((r) => r === undefined) ? '—' : fixed(median(ratios as number[]));
  };
  return [
    `## The ${runs.length} runs`,
    '',
    "The table above pools the runs (each percentile the median of the runs'). Here each run's b/d, and over the runs the median of each run's b/d, b/e and e/d.",
    '',
    `| operation | conc. | ${runs.map((_, n) => `run ${n + 1} b/d`).join(' | ')} | median b/d | median b/e | median e/d |`,
    `| --- | --: | ${runs.map(() => '--:').join(' | ')} | --: | --: | --: |`,
    ...first.map(
      (row, i) =>
        `| ${row.operation} | ${row.concurrency} | ${runs.map((run) => fixed(p50Ratio(run[i]!.annals, run[i]!.bare))).join(' | ')} | ` +
        `${medianRatio(i, 'annals', 'bare')} | ${medianRatio(i, 'annals', 'bareAnnals')} | ${medianRatio(i, 'bareAnnals', 'bare')} |`,
    ),
    '',
  ];
}

// A cell where no request finished within the run has no latency to show, only that fact.
const ms = (r: LoadResult | null): string => (r === null ? '—' : r.requests === 0 ? 'none finished' : `${r.p50} / ${r.p95} / ${r.p99}`);
const rps = (r: LoadResult | null): string => (r === null ? '—' : r.rps.toFixed(0));
const cpu = (r: LoadResult | null, of: 'server' | 'neo4j'): string => {
  const v = r?.cpuMsPerRequest?.[of];
  return v === undefined || v === null ? '—' : v.toFixed(3);
};
const columnsOf = (x: Row): (LoadResult | null)[] => [x.raw, x.annals, x.neo4jGraphql, x.bare, x.bareAnnals ?? null];
const errorsOf = (x: Row): number => columnsOf(x).reduce((n, r) => n + (r?.errors ?? 0), 0);
const shedOf = (x: Row): number => columnsOf(x).reduce((n, r) => n + (r?.shed ?? 0), 0);
// Shed load is the fair share refusing what is over its limit: its latencies are of the answers served.
const shedNote = (r: LoadResult): string => (r.shed > 0 ? ` (${r.shed} shed by fair share)` : '');
const ratio = (x: number | undefined, y: number | undefined): string =>
  x === undefined || y === undefined || y === 0 ? '—' : (x / y).toFixed(2);

/**
 * The targets of the performance issue (null: not measured): on the rows at concurrency 16, and
 * Annals against bare HTTP at every concurrency (the row names it).
 */
export function checkTargets(rows: Row[]): { target: string; measured: string; met: boolean | null }[] {
  const at16 = rows.filter((r) => r.concurrency === 16);
  const row = (key: OperationKey): Row | undefined => at16.find((r) => r.key === key);
  const out: { target: string; measured: string; met: boolean | null }[] = [];
  for (const r of at16) {
    if (r.raw && r.annals) {
      const x = r.annals.p50 / Math.max(r.raw.p50, 0.01);
      out.push({ target: `${r.key}: Annals p50 ≤ 1.3 × raw`, measured: `${x.toFixed(2)}×${shedNote(r.annals)}`, met: x <= 1.3 });
    }
    if (r.annals && r.neo4jGraphql) {
      const x = r.annals.rps / Math.max(r.neo4jGraphql.rps, 0.01);
      out.push({
        target: `${r.key}: Annals req/s ≥ @neo4j/graphql (≥ 2× if nested)`,
        measured: `${x.toFixed(2)}×`,
        met: x >= (['searchZh', 'searchPinyin'].includes(r.key) ? 1 : 2),
      });
    }
  }
  const p99 = (key: OperationKey, limit: number): void => {
    const r = row(key);
    if (r?.annals) out.push({ target: `${key}: Annals p99 < ${limit} ms`, measured: `${r.annals.p99} ms`, met: r.annals.p99 < limit });
  };
  p99('timeline', 30);
  p99('searchZh', 50);
  p99('searchPinyin', 50);
  p99('connections', 200);
  for (const r of rows) {
    if (r.annals && r.bare) {
      const x = r.annals.p50 / Math.max(r.bare.p50, 0.01);
      out.push({
        target: `${r.key} @${r.concurrency}: Annals p50 ≤ 1.3 × bare HTTP`,
        measured: `${x.toFixed(2)}×${shedNote(r.annals)}`,
        met: x <= 1.3,
      });
    }
  }
  return out;
}

export function markdownReport(r: Report): string {
  const lines = [
    `# ${r.command}`,
    '',
    `${r.date} · ${r.machine.cpus} cores (${r.machine.model}), ${r.machine.memGiB} GiB, Node ${r.machine.node} · seed + generated archive ${r.data.generated} (${JSON.stringify(r.data.stats)}, loaded in ${r.data.loadSeconds} s)`,
    '',
    `Method: ${r.method}. a = raw Cypher, b = Annals, c = @neo4j/graphql 7 (— where it cannot express the operation), d = bare HTTP (the Cypher of a behind a minimal node:http server in its own process, rows as JSON), e = bare HTTP with Annals' Cypher (the same server running the query Annals sends).`,
    '',
    '| operation | conc. | a p50/p95/p99 ms | b p50/p95/p99 ms | c p50/p95/p99 ms | d p50/p95/p99 ms | e p50/p95/p99 ms | a req/s | b req/s | c req/s | d req/s | e req/s | b/a p50 | b/c p50 | b/c req/s | b/d p50 | b/e p50 | e/d p50 | shed | errors |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...r.rows.map((x) =>
      [
        x.operation,
        x.concurrency,
        ms(x.raw),
        ms(x.annals),
        ms(x.neo4jGraphql),
        ms(x.bare),
        ms(x.bareAnnals ?? null),
        rps(x.raw),
        rps(x.annals),
        rps(x.neo4jGraphql),
        rps(x.bare),
        rps(x.bareAnnals ?? null),
        ratio(x.annals?.p50, x.raw?.p50),
        ratio(x.annals?.p50, x.neo4jGraphql?.p50),
        ratio(x.annals?.rps, x.neo4jGraphql?.rps),
        ratio(x.annals?.p50, x.bare?.p50),
        ratio(x.annals?.p50, x.bareAnnals?.p50),
        ratio(x.bareAnnals?.p50, x.bare?.p50),
        shedOf(x),
        errorsOf(x),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
    '',
    "## Where a request's cost lies: CPU ms per request",
    '',
    "From /proc over each timed run: the server process (b Annals, d bare, e bare with Annals' Cypher) and Neo4j's JVM (— when the bench did not start it). " +
      "b − e on the server is what the GraphQL layer adds over the same Cypher; e − d (server and Neo4j) is what Annals' Cypher costs over the hand-written one. Shed requests count as requests served.",
    '',
    '| operation | conc. | a Neo4j | b server | b Neo4j | d server | d Neo4j | e server | e Neo4j |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...r.rows.map((x) =>
      [
        x.operation,
        x.concurrency,
        cpu(x.raw, 'neo4j'),
        cpu(x.annals, 'server'),
        cpu(x.annals, 'neo4j'),
        cpu(x.bare, 'server'),
        cpu(x.bare, 'neo4j'),
      ]
        .concat([cpu(x.bareAnnals ?? null, 'server'), cpu(x.bareAnnals ?? null, 'neo4j')])
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
    '',
    ...(r.runs !== undefined && r.runs.length > 1 ? runsSection(r.runs) : []),
    '## Targets',
    '',
    'At concurrency 16, except Annals against bare HTTP: at every concurrency (@c in the row).',
    '',
    '| target | measured | met |',
    '| --- | --: | --- |',
    ...checkTargets(r.rows).map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`),
    '',
    '## PROFILE of the Cypher Annals sends (one request each)',
    '',
    '| operation | round trips | db hits | label or full scans |',
    '| --- | --: | --: | --- |',
    ...r.profiles.map(
      (p) => `| ${p.operation} | ${p.roundTrips} | ${p.dbHits} | ${p.queries.flatMap((q) => q.scans).join(', ') || 'none'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** One size of a run over several sizes: its fresh database and what each operation reads in it. */
export interface SizeData {
  size: string;
  loader: string;
  stats: { nodes: number; relationships: number };
  loadSeconds: number;
  ids: BenchIds;
  /** Column a's answer to each operation at this size: rows and bytes of JSON (the same read at every size?). */
  reads: Partial<Record<OperationKey, { rows: number; bytes: number }>>;
}

interface SizesReport {
  command: string;
  date: string;
  machine: { cpus: number; model: string; memGiB: number; node: string };
  method: string;
  /** In order, smallest first. */
  sizes: SizeData[];
  rows: (Row & { size: string })[];
}

const COLUMNS: { field: 'raw' | 'annals' | 'neo4jGraphql' | 'bare' | 'bareAnnals'; title: string }[] = [
  { field: 'annals', title: 'b = Annals' },
  { field: 'raw', title: 'a = raw Cypher' },
  { field: 'neo4jGraphql', title: 'c = @neo4j/graphql 7' },
  { field: 'bare', title: 'd = bare HTTP' },
  { field: 'bareAnnals', title: "e = bare HTTP, Annals' Cypher" },
];

/**
 * The sizes a growth is measured between: from S (the issue's target is stated from S to L; XS is
 * a toy) when S is there and not the largest, else from the smallest; to the largest.
 */
export function ratioSizes(sizes: readonly string[]): { from: string | undefined; to: string | undefined } {
  const to = sizes.at(-1);
  return { from: sizes.includes('S') && to !== 'S' ? 'S' : sizes[0], to };
}

/** Growth of each operation's p50 between ratioSizes, per column and concurrency. */
export function sizeRatios(
  r: Pick<SizesReport, 'sizes' | 'rows'>,
): { key: OperationKey; concurrency: number; field: (typeof COLUMNS)[number]['field']; ratio: number | null }[] {
  const { from: first, to: last } = ratioSizes(r.sizes.map((s) => s.size));
  const out: { key: OperationKey; concurrency: number; field: (typeof COLUMNS)[number]['field']; ratio: number | null }[] = [];
  for (const row of r.rows.filter((x) => x.size === first)) {
    const other = r.rows.find((x) => x.size === last && x.key === row.key && x.concurrency === row.concurrency);
    for (const { field } of COLUMNS) {
      const a = row[field] ?? null;
      const b = other?.[field];
      if (a === null && (b ?? null) === null) continue;
      out.push({
        key: row.key,
        concurrency: row.concurrency,
        field,
        ratio: a && b && a.requests > 0 && b.requests > 0 ? b.p50 / Math.max(a.p50, 0.01) : null,
      });
    }
  }
  return out;
}

/** The markdown of a run over several sizes: what each size holds and reads, p50 and req/s per size, targets. */
export function sizesMarkdownReport(r: SizesReport): string {
  const sizes = r.sizes.map((s) => s.size);
  const { from: first = '?', to: last = '?' } = ratioSizes(sizes);
  const ratios = sizeRatios(r);
  const keys = [...new Set(r.rows.map((x) => x.key))];
  const levels = [...new Set(r.rows.map((x) => x.concurrency))];
  const cell = (x: LoadResult | null | undefined): string =>
    x == null ? '—' : x.requests === 0 ? 'none finished' : `${x.p50} ms · ${x.rps.toFixed(0)}/s`;
  const tables: string[] = [];
  for (const { field, title } of COLUMNS) {
    if (!r.rows.some((x) => (x[field] ?? null) !== null)) continue;
    for (const c of levels) {
      tables.push(
        `## ${title}, concurrency ${c}: p50 · req/s`,
        '',
        `| operation | ${sizes.join(' | ')} | ${last}/${first} p50 |`,
        `| --- | ${sizes.map(() => '--:').join(' | ')} | --: |`,
        ...keys.map((key) => {
          const at = (size: string): Row | undefined => r.rows.find((x) => x.key === key && x.size === size && x.concurrency === c);
          const growth = ratios.find((x) => x.key === key && x.concurrency === c && x.field === field)?.ratio;
          const name = at(sizes[0]!)?.operation ?? key;
          return `| ${name} | ${sizes.map((s) => cell(at(s)?.[field])).join(' | ')} | ${growth == null ? '—' : growth.toFixed(2)} |`;
        }),
        '',
      );
    }
  }
  const targets = ratios
    .filter((x) => x.field === 'annals')
    .map((x) => {
      const met = x.ratio === null ? '—' : x.ratio <= 1.5 ? 'yes' : '**no**';
      return `| ${x.key} @${x.concurrency}: Annals p50 within 1.5× from ${first} to ${last} | ${x.ratio === null ? '—' : `${x.ratio.toFixed(2)}×`} | ${met} |`;
    });
  const errors = r.rows.reduce((n, x) => n + errorsOf(x), 0);
  const shed = r.rows.reduce((n, x) => n + shedOf(x), 0);
  const reads = (key: OperationKey, s: SizeData): string => {
    const x = s.reads[key];
    return x === undefined ? '—' : `${x.rows} row${x.rows === 1 ? '' : 's'}, ${x.bytes} B`;
  };
  return [
    `# ${r.command}`,
    '',
    `${r.date} · ${r.machine.cpus} cores (${r.machine.model}), ${r.machine.memGiB} GiB, Node ${r.machine.node}`,
    '',
    `Method: ${r.method}.`,
    '',
    '## Data and what each operation reads',
    '',
    'Each size is a fresh database with the seed and the generated archive of that size. The ids are chosen by degree (bench/suite.ts pickIds), so each size reads an entity of the same kind and size.',
    '',
    '| size | nodes | relationships | loader | loaded in | roster: organization (holders) | entity: person (relationships, two-hop reach) | connections: to | search text |',
    '| --- | --: | --: | --- | --: | --- | --- | --- | --- |',
    ...r.sizes.map(
      (s) =>
        `| ${s.size} | ${s.stats.nodes} | ${s.stats.relationships} | ${s.loader} | ${s.loadSeconds} s | ${s.ids.org} (${s.ids.holders}) | ${s.ids.a} (${s.ids.aRelations}, ${s.ids.aReach}) | ${s.ids.b} | ${s.ids.name} |`,
    ),
    '',
    'The answer of the hand-written Cypher (column a) to each operation at each size:',
    '',
    `| operation | ${sizes.join(' | ')} |`,
    `| --- | ${sizes.map(() => '--:').join(' | ')} |`,
    ...keys.map((key) => `| ${key} | ${r.sizes.map((s) => reads(key, s)).join(' | ')} |`),
    '',
    ...tables,
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --: | --- |',
    ...targets,
    '',
    `Failed requests: ${errors}. Shed by fair share (503): ${shed}.`,
    '',
  ].join('\n');
}
