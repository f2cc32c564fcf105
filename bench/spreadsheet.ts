// Spreadsheet import: a generated sheet of people and positions (10,000 rows by default) through the
// real path of `annals import x.csv --mapping m.yaml` (importSpreadsheetAs: csv-parse, matching every
// row against the graph, conversion, validation in the import worker, one transaction), into an
// embedded Neo4j holding the seed and the organizations and sources the rows cite. Times four runs:
// a dry run and the import with every row new, then a dry run and the import again with every row
// matched (the second import changes nothing and records nothing). Writes bench/results/spreadsheet.json.
// `npm run bench:spreadsheet` (`-- --rows N`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GRAPH_SCHEMA_DIR, importSeed } from '../src/bootstrap.js';
import { createDriver, Executor } from '../src/db/executor.js';
import { applyGraphSchema } from '../src/db/schema.js';
import { importRecorded } from '../src/domain/curation/import-dataset.js';
import { importSpreadsheetAs, type SpreadsheetReport, type SpreadsheetTimings } from '../src/domain/curation/import-spreadsheet.js';
import { freePort } from '../src/launcher/free-port.js';
import { startNeo4j } from '../src/launcher/neo4j-launcher.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' } } });
const ROWS = Number(values.rows);
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 100_000) throw new Error('--rows takes 1 to 100000');

// Fictional people of a fictional society: names from these characters, unique up to 25,000 rows.
const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = '安柏辰丹恩帆刚海禾华嘉杰锦俊凯岚磊林玲敏宁鹏琪青然若善诗舒涛婷薇文希晓欣轩雅怡毅英宇雨玉元悦云哲志舟竹';
const ORGS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
const TITLES = ['会长', '副会长', '秘书长', '理事', '编辑'];
const PER_SOURCE = 100;

const nameOf = (n: number): string =>
  `${SURNAMES[n % 10]!}${GIVEN[Math.floor(n / 10) % GIVEN.length]!}${GIVEN[Math.floor(n / (10 * GIVEN.length)) % GIVEN.length]!}`;
const orgOf = (n: number): string => `基准学会${ORGS[n % ORGS.length]!}`;

interface Row {
  name: string;
  born: string;
  wikidata: string;
  org: string;
  title: string;
  period: string;
  source: string;
  quote: string;
}

function generate(): { rows: Row[]; sources: string[][] } {
  const rows: Row[] = [];
  const sources: string[][] = [];
  for (let n = 0; n < ROWS; n += 1) {
    const name = nameOf(n);
    const from = 1990 + (n % 25);
    const row: Row = {
      name,
      born: String(1930 + (n % 50)),
      wikidata: n % 10 === 0 ? `Q${900_000_000 + n}` : '',
      org: orgOf(n),
      title: TITLES[n % TITLES.length]!,
      period: `${from}/${from + 4}`,
      source: `bench-sheet-src-${Math.floor(n / PER_SOURCE)}`,
      quote: `${name},生于${1930 + (n % 50)}年,${from}年至${from + 4}年任${orgOf(n)}${TITLES[n % TITLES.length]!}。`,
    };
    rows.push(row);
    (sources[Math.floor(n / PER_SOURCE)] ??= []).push(row.quote);
  }
  return { rows, sources };
}

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function csvOf(rows: Row[]): string {
  const head = ['name', 'born', 'wikidata', 'organization', 'title', 'period', 'source', 'quote'];
  const lines = rows.map((r) => [r.name, r.born, r.wikidata, r.org, r.title, r.period, r.source, r.quote].map(cell).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

const MAPPING = `type: Person
columns: { name: name, birthDate: born }
identifiers: { WIKIDATA: wikidata }
citation: { sourceColumn: source, quote: quote }
relationships:
  - type: HELD_POSITION
    to: { name: organization }
    columns: { title: title, period: period }
`;

/** The sources the rows quote (one per 100 rows) and the organizations they name, as one dataset. */
function fixture(sources: string[][]): string {
  const orgNote = ORGS.split('')
    .map((_c, k) => `${orgOf(k)}是一个虚构的基准测试团体。`)
    .join('\n');
  return JSON.stringify({
    sources: [
      { id: 'bench-sheet-orgs', title: '基准测试资料(虚构)', text: orgNote },
      ...sources.map((lines, k) => ({ id: `bench-sheet-src-${k}`, title: `基准测试资料 ${k}(虚构)`, text: lines.join('\n') })),
    ],
    entities: ORGS.split('').map((_c, k) => ({
      id: `org-bench-sheet-${k}`,
      type: 'Organization',
      name: orgOf(k),
      citations: [{ source: 'bench-sheet-orgs', quote: `${orgOf(k)}是一个虚构的基准测试团体。` }],
    })),
  });
}

const round = (ms: number): number => Math.round(ms);
// As the import bench gives its size S (10,000 entities): the whole sheet is one transaction.
const HEAP_MB = 2048;
const PAGE_CACHE_MB = 1024;
const loadBefore = Math.round(loadavg()[0]! * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), 'annals-bench-sheet-'));
const neo4j = await startNeo4j({ dataDir, boltPort: await freePort(), heapMb: HEAP_MB, pageCacheMb: PAGE_CACHE_MB });
const driver = createDriver({ uri: neo4j.uri, ...neo4j.credentials });
try {
  const executor = new Executor({ driver });
  await applyGraphSchema(executor, GRAPH_SCHEMA_DIR);
  await importSeed(executor, 'seed', 'bench');
  const { rows, sources } = generate();
  await importRecorded(executor, 'bench', [{ text: fixture(sources), file: 'fixture.json', baseDir: null }]);
  const csv = csvOf(rows);
  const input = { csv, csvFile: 'bench.csv', mapping: MAPPING, mappingFile: 'bench.mapping.yaml', baseDir: null };

  const runs: Record<string, unknown>[] = [];
  const once = async (label: string, dryRun: boolean): Promise<SpreadsheetReport> => {
    const timings: SpreadsheetTimings = { analyzeMs: 0 };
    const t = performance.now();
    const report = await importSpreadsheetAs(executor, 'bench', input, { dryRun, timings });
    const ms = performance.now() - t;
    if (!report.ok)
      throw new Error(
        `${label}: refused: ${JSON.stringify(report.issues.slice(0, 5))} ${JSON.stringify(report.rows.filter((r) => r.issues.length > 0).slice(0, 5))}`,
      );
    const counts = report.import!;
    runs.push({
      run: label,
      dryRun,
      ms: round(ms),
      rowsPerSecond: Math.round(ROWS / (ms / 1000)),
      parseMatchConvertMs: round(timings.analyzeMs),
      validateAndWriteMs: round(ms - timings.analyzeMs),
      rows: { new: report.newRows, matched: report.matchedRows, ambiguous: report.ambiguousRows },
      entities: counts.entityCounts,
      relationships: counts.relationshipCounts,
      citations: counts.citations,
      change: counts.change === null ? null : 'recorded',
    });
    process.stderr.write(`${label}: ${round(ms)} ms (parse, match and convert ${round(timings.analyzeMs)} ms)\n`);
    return report;
  };
  await once('dry run, every row new', true);
  await once('import, every row new', false);
  await once('dry run again, every row matched', true);
  await once('import again, every row matched (changes nothing)', false);

  const out = {
    bench: 'spreadsheet',
    command: `npm run bench:spreadsheet${ROWS === 10_000 ? '' : ` -- --rows ${ROWS}`}`,
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      // Other work on the machine (the 2 cores are shared): the 1-minute load average before and after the runs.
      loadAverage1m: { before: loadBefore, after: Math.round(loadavg()[0]! * 10) / 10 },
    },
    neo4j: { heapMb: HEAP_MB, pageCacheMb: PAGE_CACHE_MB, embedded: true },
    sheet: {
      rows: ROWS,
      csvBytes: Buffer.byteLength(csv),
      columns:
        'name, born (EDTF), wikidata (every tenth row), organization (matched by name among 20), title, period (EDTF), source (one per 100 rows), quote',
      makes: 'per row one Person (or the one it matches) and one HELD_POSITION, each cited with the row quote',
    },
    graphBefore: 'the seed, 20 organizations and the sources the rows quote',
    runs,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/spreadsheet.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(runs.map((r) => `${String(r['run'])}: ${String(r['ms'])} ms (${String(r['rowsPerSecond'])} rows/s)`).join('\n'));
} finally {
  await driver.close().catch(() => undefined);
  await neo4j.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
