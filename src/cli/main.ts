// `annals <command>`: the command line over the same code paths as the API.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Argument, Command, CommanderError, Option } from 'commander';
import { Kind, parse, type DocumentNode, type TypeNode } from 'graphql';
import { isCuratorName, newToken, ROLES, type Role } from '../auth/tokens.js';
import { importSeed, openDatabase, ROOT, type Database } from '../bootstrap.js';
import { ENTITY_LABELS, LABEL_OF_TYPE, RELATIONSHIP_TYPES, TYPE_OF_LABEL, type EntityLabel } from '../model/vocabulary.js';
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
import { ensureBuilt, FIRST_FETCH, LauncherError } from '../launcher/neo4j-launcher.js';
import { createLogger } from '../logger.js';
import { createApollo } from '../server/apollo.js';
import { definitionsElsewhere, reachGraph } from './reach-graph.js';
import { proposeCommand } from './propose.js';
import { bulkImport } from './bulk-import.js';
import { createContext } from '../graphql/context.js';
import { DEFAULT_LIMITS } from '../server/limits.js';
import { runServer } from '../server/run.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2, database: 3 } as const;
const EXIT_CODES = 'exit codes: 0 ok, 1 invalid input or data, 2 usage, 3 database or launcher failure';

class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage goes with the message. */
    readonly command?: Command,
  ) {
    super(message);
  }
}

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

/**
 * Runs `work` against the graph: NEO4J_URI, else the embedded Neo4j already running on the data
 * directory (`npm start`, or another command), else one started for this command and stopped after.
 */
async function withDatabase<T>(out: Output, work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (config.NEO4J_URI) out.progress(`annals: connecting to ${config.NEO4J_URI}`);
  // Warnings of the driver and the launcher go to stderr, so stdout stays data (an export, a query's JSON).
  const logger = createLogger(out.json ? 'silent' : 'warn', 'stderr');
  const db = await openDatabase(config, logger, {
    attach: true,
    onPhase: (_phase, message) => out.progress(message.startsWith('annals: ') ? message : `annals: ${message}`),
  });
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

/**
 * `annals seed` (`npm run seed`): the seed, imported like any dataset; again on a seeded graph, it
 * changes nothing (once a seed entity is merged into another, it is refused, as any import naming it).
 */
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
  if (!(ROLES as readonly string[]).includes(role) || extra.length > 0)
    throw new UsageError(`token takes a role, write, propose or read, not "${rest.slice(1).join(' ')}"`);
  const made = newToken(curator, role as Role);
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
  const given: Record<string, unknown> = {
    ...values,
    types: entityTypesOption(values['types']),
    relationshipTypes: relationshipTypesOption(values['relationshipTypes']),
  };
  const get = (k: string): string | undefined => (typeof given[k] === 'string' ? given[k] : undefined);
  // Every check that needs no graph happens before one is reached (or started).
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
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UsageError(`no query file ${file}: give the path of a .graphql file (examples/queries/ has some)`);
  const text = readFileSync(file, 'utf8');
  const variables: Record<string, unknown> = {};
  const declared = declaredTypes(text);
  for (const v of vars) {
    const eq = v.indexOf('=');
    if (eq < 1) throw new UsageError(`--var takes name=value, not "${v}"`);
    const name = v.slice(0, eq);
    const raw = v.slice(eq + 1);
    // A String or ID variable takes the text as it is (to=2003 is the EDTF "2003"); others take
    // numbers, booleans, lists and objects as JSON, anything else as a string.
    if (declared.get(name) === 'String' || declared.get(name) === 'ID') {
      variables[name] = raw;
      continue;
    }
    try {
      variables[name] = JSON.parse(raw);
    } catch {
      variables[name] = raw;
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

/** The named type of each variable the document declares (`$to: String!` → String); none if it does not parse. */
function declaredTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  let doc: DocumentNode;
  try {
    doc = parse(text);
  } catch {
    return types; // the server's parse error reaches the user with the answer
  }
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      let type: TypeNode = v.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      types.set(v.variable.name.value, type.name.value);
    }
  }
  return types;
}

/**
 * Entity types as the CLI takes them: the API's `PERSON` (canonical here, as over HTTP) or the data
 * files' `Person`, in any case; unknown names are a usage error, found before any database is reached.
 */
export function entityTypesOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return namesOption(
    value,
    '--types',
    (name) => {
      const label = ENTITY_LABELS.find((l) => l.toLowerCase() === name.toLowerCase());
      return label === undefined ? undefined : TYPE_OF_LABEL[label as EntityLabel];
    },
    Object.keys(LABEL_OF_TYPE),
  );
}

function relationshipTypesOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return namesOption(value, '--relationship-types', (name) => RELATIONSHIP_TYPES.find((t) => t === name.toUpperCase()), RELATIONSHIP_TYPES);
}

function namesOption(value: string, option: string, canonical: (name: string) => string | undefined, known: readonly string[]): string {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names
    .map((name) => {
      const found = canonical(name);
      if (found === undefined) throw new UsageError(`${option}: unknown type "${name.slice(0, 40)}"; one of ${known.join(', ')}`);
      return found;
    })
    .join(',');
}

/** `annals serve` equals `npm start`: the explorer's bundle is built first (`npm run build:web`), then the server starts. */
function buildExplorer(out: Output): void {
  out.progress('annals: building the explorer (npm run build:web)…');
  const res = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.error !== undefined || res.status !== 0)
    throw new UsageError(
      `the explorer could not be built (npm run build:web: ${res.error?.message ?? `exit ${res.status}`}); --no-build serves the last bundle`,
    );
}

const example = (...lines: string[]): string => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

/** Repeatable `--var name=value`. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The command line: one commander program, each command with its own usage, options and example. */
function program(run: (code: Promise<number>) => void): Command {
  const cli = new Command('annals')
    .description('Annals: a knowledge graph of organizational history on Neo4j, every fact cited to its source.')
    .option('--json', 'machine-readable output on stdout (progress lines are left out)')
    .addHelpText(
      'after',
      `\nThe graph: NEO4J_URI if set; else the embedded Neo4j already running on ANNALS_DATA_DIR (npm start,
or another command), used as it is; else one started for the command and stopped after it.
${EXIT_CODES}\n`,
    )
    .showSuggestionAfterError(true)
    .exitOverride();
  const json = (): boolean => cli.opts<{ json?: boolean }>().json === true;
  const out = (): Output => output(json());

  cli
    .command('serve')
    .description('start the API and the explorer, as npm start does (embedded Neo4j unless NEO4J_URI is set)')
    .option('--no-build', 'serve the explorer bundle last built (dist/web) instead of building it first')
    .addHelpText('after', example('annals serve', 'PORT=4001 ANNALS_DATA_DIR=/srv/annals annals serve --no-build'))
    .action((opts: { build: boolean }) => {
      run(
        (async () => {
          if (opts.build) buildExplorer(out());
          await runServer();
          return EXIT.ok;
        })(),
      );
    });

  cli
    .command('validate')
    .description('check dataset files (shape, ids, EDTF, vocabulary, quotes) without writing anything')
    .argument('<files...>', 'dataset files (YAML or JSON, see docs/curating.md)')
    .option('--offline', 'do not look for a graph: references to ids outside the files are checked against other dataset files only')
    .addHelpText(
      'after',
      `\nReferences to ids outside the files are checked against the graph when one is reachable (NEO4J_URI,
or a running embedded Neo4j), read only; no database is ever started for it.
${example('annals validate docs/examples/worked-example.yaml', 'annals validate --offline --json seed/data/*.yaml')}`,
    )
    .action((files: string[], opts: { offline?: boolean }) => run(validate(files, opts.offline === true, out())));

  cli
    .command('import')
    .description('validate, then write all or nothing, recorded as one change')
    .argument('<files...>', 'dataset files (YAML or JSON), or one CSV file with --mapping')
    .option('--curator <name>', 'who the history names (default: ANNALS_CURATOR, else the OS user)')
    .option('--mapping <file>', "a spreadsheet's mapping (YAML): rows matched against the graph, then imported (docs/spreadsheets.md)")
    .option('--dry-run', 'validate against the graph and say what would change; write nothing')
    .option(
      '--bulk',
      "first load of an EMPTY embedded database through neo4j-admin's importer: one folder of datasets (docs/bulk-import.md)",
    )
    .addHelpText(
      'after',
      example(
        'annals import docs/examples/worked-example.yaml --dry-run',
        'annals import docs/examples/worked-example.yaml --curator alice',
        'annals import people.csv --mapping people.mapping.yaml --dry-run',
        'annals import --bulk seed/data --curator alice',
      ),
    )
    .action((files: string[], opts: { curator?: string; mapping?: string; dryRun?: boolean; bulk?: boolean }) => {
      if (opts.bulk === true) {
        if (files.length !== 1 || opts.mapping !== undefined || opts.dryRun === true)
          throw new UsageError('import --bulk takes one folder, without --mapping or --dry-run');
        run(bulkImport(files[0]!, { curator: curatorOf(opts.curator), json: json() }).then((r) => r.code));
        return;
      }
      run(importFiles(files, { curator: opts.curator, mapping: opts.mapping, dryRun: opts.dryRun === true }, out()));
    });

  cli
    .command('seed')
    .description('import the seed (ANNALS_SEED_DIR, default seed/) like any dataset, idempotently')
    .option('--curator <name>', 'who the history names (default: ANNALS_CURATOR, else the OS user)')
    .addHelpText('after', example('annals seed', 'npm run seed'))
    .action((opts: { curator?: string }, cmd: Command) => run(seed(cmd.args, opts.curator, out())));

  cli
    .command('export')
    .description('write the graph, or a slice of it, in a format other tools read (the same as GET /export/<format>)')
    .addArgument(new Argument('<format>', 'the format').choices(EXPORT_FORMATS))
    .option('--around <id>', 'only the neighbourhood of this entity')
    .option('--depth <n>', 'hops around --around (1 to 4, default 2)')
    .option('--from <edtf>', 'only what may fall on or after this date (EDTF: 2002, 2002-06)')
    .option('--to <edtf>', 'only what may fall on or before this date (EDTF)')
    .option(
      '--types <list>',
      'entity types, comma-separated: PERSON, ORGANIZATION, EVENT, INITIATIVE, PLACE, SOURCE (Person… as in data files is accepted too)',
    )
    .option('--relationship-types <list>', `relationship types, comma-separated: ${RELATIONSHIP_TYPES.join(', ')}`)
    .addOption(new Option('--relationshipTypes <list>').hideHelp())
    .addOption(new Option('--lang <lang>', 'language of names and display dates').choices(['zh', 'en']).default('en'))
    .option('--out <file>', 'write to this file (removed again if the export fails) instead of stdout')
    .addHelpText(
      'after',
      example(
        'annals export graphml --around person-luo-fuhe --depth 1 --out luo.graphml',
        'annals export timelinejs --lang zh --from 2002 --to 2003 > timeline.json',
        'annals export nodes.csv --types PERSON,ORGANIZATION',
      ),
    )
    .action((format: string, opts: Record<string, string | undefined>) =>
      run(
        exportCommand(
          format,
          {
            around: opts['around'],
            depth: opts['depth'],
            from: opts['from'],
            to: opts['to'],
            types: opts['types'],
            relationshipTypes: opts['relationshipTypes'],
            lang: opts['lang'],
            out: opts['out'],
          },
          out(),
        ),
      ),
    );

  cli
    .command('query')
    .description('run a GraphQL query (or mutation-free operation) from a file and print its JSON answer')
    .argument('<file>', 'a .graphql file')
    .option('--var <name=value>', 'a variable; repeat for more (numbers, booleans, lists and objects as JSON, else a string)', collect)
    .addHelpText(
      'after',
      example(
        'annals query examples/queries/work-style-year.graphql',
        'annals query examples/queries/entity.graphql --var id=person-hu-xian',
      ),
    )
    .action((file: string, opts: { var?: string[] }) => run(query(file, opts.var ?? [], out())));

  cli
    .command('token')
    .description('print a new API token once, and the ANNALS_TOKENS entry that stores only its hash; no database needed')
    .argument('<curator>', 'the curator the token names: letters, digits and _ . @ -, at most 64')
    .argument('[role]', 'write, propose (may submit drafts for review, never write facts) or read', 'write')
    .addHelpText('after', example('annals token alice', 'annals token pat propose', 'annals token rita read --json'))
    .action((curator: string, role: string, _opts: unknown, cmd: Command) => {
      run(Promise.resolve(token([curator, role, ...cmd.args.slice(2)], out())));
    });

  cli
    .command('propose')
    .description(
      'draft cited proposals (known entities, new people, positions, dates, events, quantities) from a text, against the reachable graph (read only); review them with proposeDataset (docs/proposing.md)',
    )
    .argument('<source>', 'the source text file (Chinese or English)')
    .option('--date <edtf>', 'the date of the text (EDTF): positions without a date of their own are attested at it')
    .option('--title <title>', 'the title of the source in the draft')
    .option('--out <file>', 'write the draft dataset (YAML) to this file instead of standard output')
    .addHelpText('after', example('annals propose note.txt --date 2016-01-24 --out draft.yaml'))
    .action((file: string, opts: { date?: string; title?: string; out?: string }) => {
      const io = out();
      run(proposeCommand({ files: [file], date: opts.date, title: opts.title, out: opts.out }, { ...io, usage: (m) => new UsageError(m) }));
    });

  cli
    .command('build-neo4j')
    .description(`fetch the Neo4j jars through Maven and build the embedded launcher now, not at the first start (${FIRST_FETCH})`)
    .addHelpText('after', example('annals build-neo4j', 'npm run neo4j:build'))
    .action((_opts: unknown, cmd: Command) => run(buildNeo4j(cmd.args, out())));

  for (const command of cli.commands) command.exitOverride().showSuggestionAfterError(true);
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  let result: Promise<number> | undefined;
  const cli = program((code) => {
    result = code;
  });
  if (argv.length === 0) {
    process.stderr.write(cli.helpInformation());
    return EXIT.usage;
  }
  // Messages of commander (unknown command or option, a missing argument, a wrong format) are usage errors.
  cli.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const command of cli.commands) command.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  try {
    await cli.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      const command = cli.commands.find((c) => c.name() === argv.find((a) => !a.startsWith('-')));
      throw new UsageError(err.message.replace(/^error: /, ''), command);
    }
    throw err;
  }
  return result ?? EXIT.ok;
}

main(process.argv.slice(2))
  .then((code) => {
    if (code !== EXIT.ok || process.argv[2] !== 'serve') process.exitCode = code;
  })
  .catch((err: unknown) => {
    const json = process.argv.includes('--json');
    const [exit, code, message] =
      err instanceof UsageError
        ? [EXIT.usage, 'USAGE', usageMessage(err, process.argv.slice(2))]
        : err instanceof AnnalsError
          ? [err.code === 'DATABASE_UNAVAILABLE' || err.code === 'OVERLOADED' ? EXIT.database : EXIT.invalid, err.code, err.message]
          : err instanceof LauncherError
            ? [EXIT.database, err.code, err.message]
            : [EXIT.database, 'DATABASE_UNAVAILABLE', firstLine(err)];
    // One line with the code; a usage error adds the command's usage and where its help is.
    const [first, ...more] = message.split('\n');
    process.stderr.write(
      json
        ? `${JSON.stringify({ ok: false, code, error: message })}\n`
        : `annals: ${first} [${code}]\n${more.map((l) => `${l}\n`).join('')}`,
    );
    process.exitCode = exit;
  });

/** A usage error, with the usage line of its command (or of annals) and where to read more. */
function usageMessage(err: UsageError, argv: string[]): string {
  const cli = program(() => undefined);
  const name = err.command?.name() ?? argv.find((a) => !a.startsWith('-'));
  const command = cli.commands.find((c) => c.name() === name);
  const usage = command === undefined ? cli.usage() : `${command.name()} ${command.usage()}`;
  return `${err.message}\nUsage: annals ${usage}\n(annals ${command === undefined ? '' : `${command.name()} `}--help for more)`;
}

/** The first line of an unexpected error: the driver's and Java's details are no message for a person. */
const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 500);
