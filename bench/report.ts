// The markdown side of a side-by-side run: one row per operation and concurrency with the three
// columns, the ratios the performance targets are stated in, the targets checked, and PROFILE.
import type { LoadResult } from './load-drivers.js';
import type { OperationKey } from './operations.js';
import type { OperationProfile } from './profile.js';

export interface Row {
  key: OperationKey;
  operation: string;
  concurrency: number;
  raw: LoadResult | null;
  annals: LoadResult | null;
  neo4jGraphql: LoadResult | null;
}

interface Report {
  command: string;
  date: string;
  machine: { cpus: number; model: string; memGiB: number; node: string };
  data: { generated: string; stats: unknown; loadSeconds: number };
  method: string;
  rows: Row[];
  profiles: (Omit<OperationProfile, 'queries'> & { queries: { dbHits: number; scans: string[] }[] })[];
}

// A cell where no request finished within the run has no latency to show, only that fact.
const ms = (r: LoadResult | null): string => (r === null ? '—' : r.requests === 0 ? 'none finished' : `${r.p50} / ${r.p95} / ${r.p99}`);
const rps = (r: LoadResult | null): string => (r === null ? '—' : r.rps.toFixed(0));
const ratio = (x: number | undefined, y: number | undefined): string =>
  x === undefined || y === undefined || y === 0 ? '—' : (x / y).toFixed(2);

/** The targets of the performance issue, checked on the rows at concurrency 16 (null: not measured). */
export function checkTargets(rows: Row[]): { target: string; measured: string; met: boolean | null }[] {
  const at16 = rows.filter((r) => r.concurrency === 16);
  const row = (key: OperationKey): Row | undefined => at16.find((r) => r.key === key);
  const out: { target: string; measured: string; met: boolean | null }[] = [];
  for (const r of at16) {
    if (r.raw && r.annals) {
      const x = r.annals.p50 / Math.max(r.raw.p50, 0.01);
      out.push({ target: `${r.key}: Annals p50 ≤ 1.3 × raw`, measured: `${x.toFixed(2)}×`, met: x <= 1.3 });
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
  return out;
}

export function markdownReport(r: Report): string {
  const lines = [
    `# ${r.command}`,
    '',
    `${r.date} · ${r.machine.cpus} cores (${r.machine.model}), ${r.machine.memGiB} GiB, Node ${r.machine.node} · seed + generated archive ${r.data.generated} (${JSON.stringify(r.data.stats)}, loaded in ${r.data.loadSeconds} s)`,
    '',
    `Method: ${r.method}. a = raw Cypher, b = Annals, c = @neo4j/graphql 7 (— where it cannot express the operation).`,
    '',
    '| operation | conc. | a p50/p95/p99 ms | b p50/p95/p99 ms | c p50/p95/p99 ms | a req/s | b req/s | c req/s | b/a p50 | b/c p50 | b/c req/s | errors |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...r.rows.map((x) =>
      [
        x.operation,
        x.concurrency,
        ms(x.raw),
        ms(x.annals),
        ms(x.neo4jGraphql),
        rps(x.raw),
        rps(x.annals),
        rps(x.neo4jGraphql),
        ratio(x.annals?.p50, x.raw?.p50),
        ratio(x.annals?.p50, x.neo4jGraphql?.p50),
        ratio(x.annals?.rps, x.neo4jGraphql?.rps),
        (x.raw?.errors ?? 0) + (x.annals?.errors ?? 0) + (x.neo4jGraphql?.errors ?? 0),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
    '',
    '## Targets (concurrency 16)',
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
