// `annals <command>`: the command line over the same code paths as the API.
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isCuratorName, newToken } from '../auth/tokens.js';
import { importSeed, openDatabase, ROOT, type Database } from '../bootstrap.js';
import { defaultCurator, loadConfig } from '../config.js';
import { readDatasetFiles, readDatasetTexts } from '../dataset/load.js';
import { formatIssue, type DatasetIssue } from '../dataset/issues.js';
import { validateDataset } from '../dataset/validate.js';
import { dryRunImport, importRecorded } from '../domain/curation/import-dataset.js';
import { importSpreadsheetAs, SpreadsheetInvalidError, type SpreadsheetReport } from '../domain/curation/import-spreadsheet.js';
import { checkAgainstGraph, countGraph, DatasetInvalidError, type ImportSummary } from '../domain/import.js';
import type { ChangeRecord } from '../domain/curation/change.js';
import { AnnalsError } from '../errors.js';
import { exportRequestFrom, openExport } from '../export/export.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { ensureBuilt, LauncherError } from '../launcher/neo4j-launcher.js';
import { createLogger } from '../logger.js';
import { createApollo } from '../server/apollo.js';
import { definitionsElsewhere, reachGraph } from './reach-graph.js';
import { bulkImport } from './bulk-import.js';
import { createContext } from '../graphql/context.js';
import { DEFAULT_LIMITS } from '../server/limits.js';
import { runServer } from '../server/run.js';

const USAGE = `usage: annals <command> [options]
  serve                              start the API (embedded Neo4j unless NEO4J_URI is set)
  validate <files…> [--offline]      check datasets (shape, ids, EDTF, vocabulary, quotes); references to ids
                                     outside the files are checked against the graph when one is reachable
                                     (NEO4J_URI, or a running embedded Neo4j), never written to
  import <files…> [--curator NAME]   validate, then write all or nothing, recorded as one change
                                     by NAME (default: ANNALS_CURATOR, else the OS user); --dry-run: validate
                                     against the graph and say what would change, write nothing
  import <file.csv> --mapping <m.yaml> [--dry-run] [--curator NAME]
                                     a spreadsheet: rows matched against the graph (new, matched, ambiguous),
                                     then imported like a dataset (see docs/spreadsheets.md)
  import --bulk <dir> [--curator NAME]
                                     first load of an EMPTY embedded database through neo4j-admin's importer
                                     (validated as import does, recorded as one change; see docs/bulk-import.md)
  seed [--curator NAME]              import the seed (ANNALS_SEED_DIR, default seed/) the same way, idempotently
  export <format> [filters]          ${EXPORT_FORMATS.join(', ')}
      --around ID --depth N --from EDTF --to EDTF --types PERSON,EVENT --relationshipTypes PART_OF --lang zh|en --out FILE
  query <file.graphql> [--var k=v]…  run a GraphQL query
  token <curator> [write|read]       print a new API token once (default write), and the ANNALS_TOKENS
                                     entry that stores only its hash; no database needed
  build-neo4j                        fetch the Neo4j jars and build the embedded launcher now, not at first start
options: --json (machine-readable output), --help
exit codes: 0 ok, 1 invalid input or data, 2 usage, 3 database or launcher failure`;

export const EXIT = { ok: 0, invalid: 1, usage: 2, database: 3 } as const;

class UsageError extends Error {}

interface Output {
  json: boolean;
  /** Progress and human messages go to stderr, so stdout stays data. */
  progress(line: string): void;
  result(human: string, data: unknown): void;
}

function output(json: boolean): Output {
  return {
    json,
    progress: (line) => {
      if (!json) process.stderr.write(`${line}\n`);
    },
    result: (human, data) => process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`),
  };
}

async function withDatabase<T>(out: Output, work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  out.progress(config.NEO4J_URI ? `annals: connecting to ${config.NEO4J_URI}` : 'annals: starting the embedded Neo4j…');
  const db = await openDatabase(config, createLogger(out.json ? 'silent' : 'warn'));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function issuesResult(out: Output, issues: DatasetIssue[], wrote = false): number {
  const note = wrote ? '; nothing was written' : '';
  out.result(`${issues.length} issue(s)${note}:\n${issues.map(formatIssue).join('\n')}`, { ok: false, issues });
  return EXIT.invalid;
}

/**
 * Validates files as an import would. With a graph reachable (NEO4J_URI, or the embedded Neo4j of
 * ANNALS_DATA_DIR if it is running: never started here), against it, in read-only transactions;
 * otherwise alone, naming the files that define ids they refer to. Either way the output says which.
 */
async function validate(files: string[], offline: boolean, out: Output): Promise<number> {
  if (files.length === 0) throw new UsageError('validate needs at least one file');
  const { docs, issues } = readDatasetFiles(files);
  if (issues.length > 0) return issuesResult(out, issues);
  const config = loadConfig();
  const graph = offline ? { reached: false as const, why: '--offline' } : await reachGraph(config);
  let references: { graph: string | null; note: string };
  let checked: Awaited<ReturnType<typeof checkAgainstGraph>>;
  if (graph.reached) {
    references = { graph: graph.uri, note: `references checked against the graph at ${graph.uri}` };
    out.progress(`annals: ${references.note} (read only)`);
    try {
      checked = await checkAgainstGraph((q) => graph.executor.read(q), docs);
    } finally {
      await graph.close();
    }
  } else {
    references = {
      graph: null,
      note: `no graph reachable (${graph.why}): references to ids outside these files were not checked against it; pass the files that define them`,
    };
    const elsewhere = definitionsElsewhere(files, resolve(ROOT, config.ANNALS_SEED_DIR));
    checked = validateDataset(docs, { label: () => undefined, sourceText: () => undefined, elsewhere });
  }
  const dataset = checked.dataset;
  if (dataset === undefined) {
    out.result(`${references.note}\n${checked.issues.length} issue(s):\n${checked.issues.map(formatIssue).join('\n')}`, {
      ok: false,
      references,
      issues: checked.issues,
    });
    return EXIT.invalid;
  }
  const summary = {
    ok: true,
    references,
    sources: dataset.sources.length,
    entities: dataset.entities.length,
    relationships: dataset.relationships.length,
    findings: dataset.findings.length,
    claims: dataset.claims.length,
    ...('counts' in checked && checked.counts !== undefined
      ? { wouldImport: { entities: checked.counts.entityCounts, relationships: checked.counts.relationshipCounts } }
      : {}),
  };
  const tally = (c: { created: number; changed: number; unchanged: number }) =>
    `${c.created} created, ${c.changed} changed, ${c.unchanged} unchanged`;
  const effect =
    summary.wouldImport === undefined
      ? ''
      : `\nif imported: entities ${tally(summary.wouldImport.entities)}; relationships ${tally(summary.wouldImport.relationships)} (sources count as entities)`;
  out.result(
    `${references.note}\nvalid: ${summary.sources} source(s), ${summary.entities} entities, ${summary.relationships} relationships, ${summary.findings} findings, ${summary.claims} claims${effect}`,
    summary,
  );
  return EXIT.ok;
}

/** The curator of a write made from the command line: --curator, else ANNALS_CURATOR, else the OS user. */
function curatorOf(flag: string | undefined): string {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--curator needs a name');
  return flag?.trim() ?? defaultCurator();
}

/** Runs one recorded import (files or the seed) and reports what it wrote. */
async function recordedImport(
  out: Output,
  db: Database,
  work: () => Promise<ImportSummary & { change: ChangeRecord | null }>,
): Promise<number> {
  const started = Date.now();
  try {
    const { change, ...summary } = await work();
    const counts = await countGraph(db.executor);
    const tally = (c: { created: number; changed: number; unchanged: number }) =>
      `${c.created} created, ${c.changed} changed, ${c.unchanged} unchanged`;
    const recorded = change === null ? 'nothing changed, nothing recorded' : `change ${change.id} by ${change.curator}`;
    out.result(
      `imported: entities ${tally(summary.entityCounts)}; relationships ${tally(summary.relationshipCounts)}; ${summary.citations} citations in ${Date.now() - started} ms, ${recorded} (graph: ${counts.nodes} nodes, ${counts.relationships} relationships)`,
      {
        ok: true,
        ...summary,
        change: change === null ? null : { id: change.id, curator: change.curator },
        graph: counts,
        ms: Date.now() - started,
      },
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DatasetInvalidError) return issuesResult(out, err.issues, true);
    throw err;
  }
}

async function importFiles(
  files: string[],
  flags: { curator?: string | undefined; mapping?: string | undefined; dryRun: boolean },
  out: Output,
): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one file');
  if (flags.mapping !== undefined) return importSheet(files, flags.mapping, flags, out);
  const sheets = files.filter((f) => /\.(csv|tsv)$/i.test(f));
  if (sheets.length > 0) throw new UsageError(`a spreadsheet needs its mapping: annals import ${sheets[0]!} --mapping FILE.yaml`);
  const curator = curatorOf(flags.curator);
  const { texts, issues } = readDatasetTexts(files);
  if (issues.length > 0) return issuesResult(out, issues);
  if (flags.dryRun) {
    return withDatabase(out, async (db) => {
      const { counts, issues: problems } = await dryRunImport(db.executor, texts);
      if (counts === undefined) return issuesResult(out, problems);
      const tally = (c: { created: number; changed: number; unchanged: number }) =>
        `${c.created} created, ${c.changed} changed, ${c.unchanged} unchanged`;
      out.result(
        `dry run, nothing written: entities would be ${tally(counts.entityCounts)}; relationships ${tally(counts.relationshipCounts)}`,
        { ok: true, dryRun: true, ...counts },
      );
      return EXIT.ok;
    });
  }
  return withDatabase(out, async (db) => {
    out.progress(`annals: validating and importing ${files.length} file(s) in one transaction, as ${curator}…`);
    return recordedImport(out, db, () => importRecorded(db.executor, curator, texts));
  });
}

/** A spreadsheet file may be this large on the command line (the API takes what its body limit lets through). */
const SHEET_MAX_BYTES = 64 * 2 ** 20;

/** `annals import x.csv --mapping m.yaml [--dry-run]`: the rows' report, then the import (or why not). */
async function importSheet(
  files: string[],
  mappingFile: string,
  flags: { curator?: string | undefined; dryRun: boolean },
  out: Output,
): Promise<number> {
  if (files.length !== 1) throw new UsageError('a spreadsheet import takes one CSV file (and its --mapping)');
  const csvFile = files[0]!;
  const curator = curatorOf(flags.curator);
  const missing = [csvFile, mappingFile].filter((f) => !existsSync(f));
  if (missing.length > 0)
    return issuesResult(
      out,
      missing.map((file) => ({ file, path: '', message: 'file not found' })),
    );
  if (statSync(csvFile).size > SHEET_MAX_BYTES) {
    return issuesResult(out, [{ file: csvFile, path: '', message: `the spreadsheet is over ${SHEET_MAX_BYTES / 2 ** 20} MiB; split it` }]);
  }
  const input = {
    csv: readFileSync(csvFile, 'utf8'),
    csvFile,
    mapping: readFileSync(mappingFile, 'utf8'),
    mappingFile,
    baseDir: dirname(resolve(mappingFile)),
  };
  return withDatabase(out, async (db) => {
    out.progress(
      flags.dryRun
        ? `annals: matching and validating ${csvFile} (dry run: nothing is written)…`
        : `annals: matching, validating and importing ${csvFile} in one transaction, as ${curator}…`,
    );
    const started = Date.now();
    try {
      const report = await importSpreadsheetAs(db.executor, curator, input, { dryRun: flags.dryRun });
      sheetResult(out, report, Date.now() - started);
      return report.ok ? EXIT.ok : EXIT.invalid;
    } catch (err) {
      if (err instanceof SpreadsheetInvalidError) {
        sheetResult(out, err.report, Date.now() - started);
        return EXIT.invalid;
      }
      throw err;
    }
  });
}

/** Shown rows of a spreadsheet report on the terminal (--json has them all). */
const SHOWN_ROWS = 200;

function sheetResult(out: Output, report: SpreadsheetReport, ms: number): void {
  const tally = (c: { created: number; changed: number; unchanged: number }) =>
    `${c.created} created, ${c.changed} changed, ${c.unchanged} unchanged`;
  const rowLine = (r: SpreadsheetReport['rows'][number]): string => {
    const head = `line ${r.line}: ${r.status.toUpperCase().padEnd(9)} ${r.id ?? ''} ${r.name ?? ''}`.trimEnd();
    const best = r.status === 'matched' ? r.candidates.find((c) => c.id === r.id) : undefined;
    const how = best === undefined ? '' : ` (by ${best.by}, ${best.score})`;
    const candidates =
      r.status === 'ambiguous' ? `\n    candidates: ${r.candidates.map((c) => `${c.id} ${c.name} (${c.by} ${c.score})`).join('; ')}` : '';
    const notes = r.notes.map((n) => `\n    note: ${n}`).join('');
    const issues = r.issues.map((i) => `\n    ${formatIssue(i)}`).join('');
    return `${head}${how}${candidates}${notes}${issues}`;
  };
  const shown = report.rows.slice(0, SHOWN_ROWS).map(rowLine);
  if (report.rows.length > SHOWN_ROWS) {
    const rest = report.rows.slice(SHOWN_ROWS).filter((r) => r.issues.length > 0 || r.status === 'ambiguous');
    shown.push(`…${report.rows.length - SHOWN_ROWS} more rows (--json lists them all)`, ...rest.slice(0, SHOWN_ROWS).map(rowLine));
  }
  const counts = `${report.rowCount} rows: ${report.matchedRows} matched, ${report.newRows} new, ${report.ambiguousRows} ambiguous, ${report.rowsWithIssues} with issues`;
  const general = report.issues.map(formatIssue);
  const outcome = report.import;
  const verdict = !report.ok
    ? `refused: nothing was written${report.dryRun ? ' (dry run)' : ''}`
    : report.dryRun
      ? `dry run, nothing written: entities would be ${tally(outcome!.entityCounts)}; relationships ${tally(outcome!.relationshipCounts)}`
      : `imported: entities ${tally(outcome!.entityCounts)}; relationships ${tally(outcome!.relationshipCounts)}; ${outcome!.citations} citations; ${outcome!.change === null ? 'nothing changed, nothing recorded' : `change ${outcome!.change.id} by ${outcome!.change.curator}`}`;
  out.result([...shown, ...general, counts, `${verdict} (${ms} ms)`].join('\n'), {
    ...report,
    import:
      outcome === null
        ? null
        : { ...outcome, change: outcome.change === null ? null : { id: outcome.change.id, curator: outcome.change.curator } },
    ms,
  });
}

/** `annals seed` (`npm run seed`): the seed, imported like any dataset; again on a seeded graph, it changes nothing. */
async function seed(rest: string[], curatorFlag: string | undefined, out: Output): Promise<number> {
  if (rest.length > 0) throw new UsageError('seed takes no files: it imports ANNALS_SEED_DIR (default seed/)');
  const curator = curatorOf(curatorFlag);
  const { ANNALS_SEED_DIR: dir } = loadConfig();
  return withDatabase(out, async (db) => {
    out.progress(`annals: validating and importing the seed (${dir}) in one transaction, as ${curator}…`);
    return recordedImport(out, db, () => importSeed(db.executor, dir, curator));
  });
}

/** `annals token` (`npm run token`): a new token, shown once, and the entry that stores only its hash. */
function token(rest: string[], out: Output): number {
  const [curator, role = 'write', ...extra] = rest;
  if (curator === undefined || !isCuratorName(curator))
    throw new UsageError('token needs a curator name: letters, digits and _ . @ -, at most 64');
  if ((role !== 'write' && role !== 'read') || extra.length > 0)
    throw new UsageError(`token takes a role, write or read, not "${rest.slice(1).join(' ')}"`);
  const made = newToken(curator, role);
  out.result(
    `token (give it to ${curator}; it is not stored anywhere):\n  ${made.token}\nadd to ANNALS_TOKENS (comma-separated):\n  ${made.entry}`,
    { ok: true, curator, role, ...made },
  );
  return EXIT.ok;
}

/** `annals build-neo4j` (`npm run neo4j:build`): fetch the Neo4j jars and compile the launcher now rather than on first start. */
async function buildNeo4j(rest: string[], out: Output): Promise<number> {
  if (rest.length > 0) throw new UsageError('build-neo4j takes no arguments');
  await ensureBuilt(out.progress);
  out.result('annals: the embedded Neo4j launcher is built', { ok: true });
  return EXIT.ok;
}

async function exportCommand(
  format: string | undefined,
  values: Record<string, string | boolean | string[] | undefined>,
  out: Output,
): Promise<number> {
  if (format === undefined) throw new UsageError(`export needs a format: ${EXPORT_FORMATS.join(', ')}`);
  const get = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const request = exportRequestFrom(format, get);
  return withDatabase(out, async (db) => {
    out.progress(`annals: exporting ${format}…`);
    // The same checked, chunked export as GET /export/<format>, streamed; no time budget here (an
    // operator may export a whole archive), each chunk still under the query timeout.
    const opened = await openExport(db.executor, request);
    const file = get('out');
    const sink: Writable = file === undefined ? process.stdout : createWriteStream(file);
    let characters = 0;
    let last = '';
    try {
      for await (const piece of opened.write()) {
        characters += piece.length;
        if (piece !== '') last = piece;
        if (!sink.write(piece)) await once(sink, 'drain');
      }
      if (file === undefined) {
        if (!last.endsWith('\n')) sink.write('\n');
      } else {
        await new Promise<void>((ok, fail) => sink.end((err?: Error | null) => (err ? fail(err) : ok())));
        out.progress(`annals: wrote ${file} (${characters} characters)`);
      }
    } catch (err) {
      // A half-written file must not pass for an export.
      if (file !== undefined) {
        sink.destroy();
        rmSync(file, { force: true });
      }
      throw err;
    }
    return EXIT.ok;
  });
}

async function query(file: string | undefined, vars: string[], out: Output): Promise<number> {
  if (file === undefined) throw new UsageError('query needs a .graphql file');
  const text = readFileSync(file, 'utf8');
  const variables: Record<string, unknown> = {};
  for (const v of vars) {
    const eq = v.indexOf('=');
    if (eq < 1) throw new UsageError(`--var takes name=value, not "${v}"`);
    const raw = v.slice(eq + 1);
    // Numbers, booleans, lists and objects as JSON; anything else as a string.
    try {
      variables[v.slice(0, eq)] = JSON.parse(raw);
    } catch {
      variables[v.slice(0, eq)] = raw;
    }
  }
  return withDatabase(out, async (db) => {
    const logger = createLogger('silent');
    const apollo = createApollo(logger);
    await apollo.start();
    try {
      const res = await apollo.executeOperation(
        { query: text, variables },
        { contextValue: createContext(db.executor, logger, DEFAULT_LIMITS) },
      );
      if (res.body.kind !== 'single') throw new Error('incremental results are not supported');
      const body = res.body.singleResult;
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return body.errors?.length ? EXIT.invalid : EXIT.ok;
    } finally {
      await apollo.stop();
    }
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      var: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      curator: { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      bulk: { type: 'boolean', default: false },
      around: { type: 'string' },
      depth: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      types: { type: 'string' },
      relationshipTypes: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  const out = output(values.json === true);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  switch (command) {
    case 'serve':
      await runServer();
      return EXIT.ok;
    case 'validate':
      return validate(rest, values.offline === true, out);
    case 'import':
      if (values.bulk === true) {
        if (rest.length !== 1) throw new UsageError('import --bulk takes one folder');
        return (await bulkImport(rest[0], { curator: curatorOf(values.curator), json: values.json === true })).code;
      }
      return importFiles(rest, { curator: values.curator, mapping: values.mapping, dryRun: values['dry-run'] === true }, out);
    case 'seed':
      return seed(rest, values.curator, out);
    case 'export':
      return exportCommand(rest[0], values, out);
    case 'query':
      return query(rest[0], values.var ?? [], out);
    case 'token':
      return token(rest, out);
    case 'build-neo4j':
      return buildNeo4j(rest, out);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2))
  .then((code) => {
    if (code !== EXIT.ok || process.argv[2] !== 'serve') process.exitCode = code;
  })
  .catch((err: unknown) => {
    const json = process.argv.includes('--json');
    const [code, message] =
      err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
        ? [EXIT.usage, `${err.message}\n${USAGE}`]
        : err instanceof AnnalsError
          ? [err.code === 'DATABASE_UNAVAILABLE' || err.code === 'OVERLOADED' ? EXIT.database : EXIT.invalid, err.message]
          : err instanceof LauncherError
            ? [EXIT.database, err.message]
            : [EXIT.database, err instanceof Error ? err.message : String(err)];
    process.stderr.write(json ? `${JSON.stringify({ ok: false, error: message })}\n` : `annals: ${message}\n`);
    process.exitCode = code;
  });
