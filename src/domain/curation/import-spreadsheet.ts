import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { formatIssue, type DatasetIssue } from '../../dataset/issues.js';
import type { DatasetText, GraphFactsData, ImportCounts } from '../../dataset/prepare.js';
import type { GraphRelationship } from '../../dataset/validate.js';
import { parseSheet, type Sheet } from '../../dataset/spreadsheet/csv.js';
import {
  buildDocument,
  columnIndex,
  freeId,
  groupRows,
  originOf,
  pathList,
  readRows,
  targetKey,
  type Converted,
  type RowMatch,
  type RowRelation,
  type RowReport,
  type RowValues,
} from '../../dataset/spreadsheet/convert.js';
import { parseMapping, type ParsedMapping } from '../../dataset/spreadsheet/mapping.js';
import { AnnalsError, ErrorCode, badInput } from '../../errors.js';
import { IDENTIFIER_SCHEMES } from '../../model/identifiers.js';
import { RELATIONSHIP_RULES, type EntityLabel } from '../../model/vocabulary.js';
import { relationshipsBetween, storedEntities, takenIds } from '../../queries/import.js';
import { DatasetInvalidError } from '../import.js';
import { matchEntities, type MatchQuery, type MatchResult } from '../match.js';
import type { ChangeRecord } from './change.js';
import { dryRunImport, importRecorded, IMPORT_MAX_BYTES } from './import-dataset.js';

/** A spreadsheet and its mapping, as text, with the names they are reported under. */
export interface SpreadsheetInput {
  csv: string;
  csvFile: string;
  mapping: string;
  mappingFile: string;
  /** Folder of the mapping, where its sources' `file`s are read; null: none may be read (the API). */
  baseDir: string | null;
}

export interface SpreadsheetReport {
  dryRun: boolean;
  /** No issue and no ambiguous row: the import was done (dry run: would be). */
  ok: boolean;
  rowCount: number;
  newRows: number;
  matchedRows: number;
  ambiguousRows: number;
  rowsWithIssues: number;
  /** Issues of the mapping, of the sheet as a whole, and of the sources the mapping gives. */
  issues: DatasetIssue[];
  /** Every row, in order. */
  rows: RowReport[];
  /** What the import wrote (dry run: would write); null when it is refused. */
  import: (ImportCounts & { change: ChangeRecord | null }) | null;
}

/** Thrown when a spreadsheet cannot be imported as it is: nothing was written. Lists the issues, ambiguous rows with their candidates. */
export class SpreadsheetInvalidError extends AnnalsError {
  constructor(readonly report: SpreadsheetReport) {
    const issues = [...report.issues, ...report.rows.flatMap((r) => r.issues)];
    const shown = issues.slice(0, 50).map(formatIssue);
    const more = issues.length > shown.length ? [`…and ${issues.length - shown.length} more`] : [];
    super(
      ErrorCode.BAD_USER_INPUT,
      `The spreadsheet cannot be imported (${issues.length} issue(s), ${report.ambiguousRows} ambiguous row(s)); nothing was written:\n${[...shown, ...more].join('\n')}`,
      {
        issues: issues.slice(0, 200),
        rows: report.rows.filter((r) => r.issues.length > 0).slice(0, 200),
      },
    );
  }
}

/** Where the time of one spreadsheet import went (the bench reads it): parsing, matching and converting, then the rest (validation, and the write). */
export interface SpreadsheetTimings {
  analyzeMs: number;
}

/** Reads that run in pieces of this many ids (each one query). */
const CHUNK = 5000;
const chunks = <T>(list: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, n) => list.slice(n * CHUNK, (n + 1) * CHUNK));

const asCandidates = (r: MatchResult | undefined): RowMatch['candidates'] =>
  (r?.candidates ?? []).map((c) => ({ id: c.entity.id, name: c.entity.name, score: c.score, by: c.by }));

/**
 * What matching decided. An id given decides alone: the entity of that id when the graph holds
 * one of the type, else a new entity under that id. Otherwise the matching module's answer.
 */
function decided(result: MatchResult | undefined, givenId: string | undefined): RowMatch {
  const candidates = asCandidates(result);
  if (givenId !== undefined) {
    const byId = candidates.find((c) => c.by === 'id' && c.id === givenId);
    return { status: byId ? 'matched' : 'new', id: givenId, by: byId ? 'id' : null, candidates };
  }
  if (result === undefined || result.status === 'new') return { status: 'new', id: null, by: null, candidates };
  if (result.status === 'ambiguous') return { status: 'ambiguous', id: null, by: null, candidates };
  const match = result.candidates.find((c) => c.match)!;
  return { status: 'matched', id: match.entity.id, by: match.by, candidates };
}

const wellFormed = (row: RowValues) =>
  row.identifiers.filter((i) => {
    const def = IDENTIFIER_SCHEMES[i.scheme];
    return def.pattern.test(def.normalize(i.value));
  });

/** Matches the rows and the other ends they name against the graph (the matching module, batched). */
async function matchAll(
  executor: Executor,
  type: EntityLabel,
  rows: readonly RowValues[],
): Promise<{ rows: RowMatch[]; targets: Map<string, RowMatch> }> {
  const queries: MatchQuery[] = rows.map((row, n) => ({
    key: String(n),
    id: row.id?.value ?? null,
    name: row.name?.value ?? null,
    identifiers: wellFormed(row),
    types: [type],
  }));
  const targetQueries = new Map<string, { query: MatchQuery; givenId: string | undefined }>();
  for (const row of rows) {
    for (const r of row.relations) {
      if (r.fixedTo === undefined && r.toId === undefined && r.toName === undefined) continue;
      const key = targetKey(r);
      if (targetQueries.has(key)) continue;
      const givenId = r.toId?.value ?? r.fixedTo;
      targetQueries.set(key, {
        query: {
          key,
          id: givenId ?? null,
          name: givenId === undefined ? (r.toName?.value ?? null) : null,
          types: RELATIONSHIP_RULES[r.type].to,
        },
        givenId,
      });
    }
  }
  const [found, targetsFound] = await Promise.all([
    matchEntities(executor, queries),
    matchEntities(
      executor,
      [...targetQueries.values()].map((t) => t.query),
    ),
  ]);
  const byKey = new Map(targetsFound.map((r) => [r.key, r]));
  const targets = new Map<string, RowMatch>();
  for (const [key, { givenId }] of targetQueries) {
    const m = decided(byKey.get(key), givenId);
    // An id given for the other end must be in the graph: it is not made by this import.
    targets.set(key, givenId !== undefined && m.status === 'new' ? { ...m, id: null } : m);
  }
  return { rows: rows.map((row, n) => decided(found[n], row.id?.value)), targets };
}

/** Everything the conversion needs, and what came of it. */
interface Analysis {
  parsed: ParsedMapping;
  sheet: Sheet;
  converted: Converted;
  /** Revisions of the matched entities when they were read: the import refuses if one moved. */
  revisions: Map<string, unknown>;
  /** Ids the import makes anew (entities and relationships): the import refuses if one appeared. */
  fresh: Set<string>;
}

function report(dryRun: boolean, rows: RowReport[], issues: DatasetIssue[], outcome: SpreadsheetReport['import']): SpreadsheetReport {
  const count = (status: RowReport['status']) => rows.filter((r) => r.status === status).length;
  const ambiguous = count('ambiguous');
  const withIssues = rows.filter((r) => r.issues.length > 0).length;
  return {
    dryRun,
    ok: issues.length === 0 && withIssues === 0 && ambiguous === 0 && outcome !== null,
    rowCount: rows.length,
    newRows: count('new'),
    matchedRows: count('matched'),
    ambiguousRows: ambiguous,
    rowsWithIssues: withIssues,
    issues,
    rows,
    import: outcome,
  };
}

/** Parses, matches and converts; issues of the mapping or the sheet as a whole come back alone. */
async function analyze(executor: Executor, input: SpreadsheetInput): Promise<{ analysis?: Analysis; issues: DatasetIssue[] }> {
  const { parsed, issues: mappingIssues } = parseMapping(input.mapping, input.mappingFile, input.baseDir);
  if (parsed === undefined) return { issues: mappingIssues };
  const { mapping } = parsed;
  const { sheet, issues: sheetIssues } = parseSheet(input.csv, input.csvFile, { delimiter: mapping.delimiter });
  if (sheet === undefined) return { issues: sheetIssues };
  const { index, issues: columnIssues } = columnIndex(sheet, parsed);
  if (sheetIssues.length + columnIssues.length > 0) return { issues: [...sheetIssues, ...columnIssues] };

  const rows = readRows(sheet, mapping, index);
  const matches = await matchAll(executor, mapping.type, rows);
  const fixedIssues: DatasetIssue[] = [];
  mapping.relationships.forEach((r, n) => {
    if (r.toId === undefined) return;
    const probe: RowRelation = { mapping: n, type: r.type, fixedTo: r.toId, props: {} };
    if (rows.length > 0 && matches.targets.get(targetKey(probe))?.status !== 'matched') {
      const path = ['relationships', n, 'toId'];
      fixedIssues.push({
        file: parsed.file,
        path: 'relationships[' + n + '].toId',
        line: parsed.lineOf(path),
        message: `no ${RELATIONSHIP_RULES[r.type].to.join(' or ')} has the id "${r.toId}" in the graph`,
      });
    }
  });
  if (fixedIssues.length > 0) return { issues: fixedIssues };

  const grouping = groupRows(sheet, mapping.type, rows, matches.rows);
  const matchedIds = grouping.groups.filter((g) => g.status === 'matched').map((g) => g.id!);
  const storedRows = (await Promise.all(chunks(matchedIds).map((ids) => executor.read(storedEntities(ids))))).flat();
  const stored = new Map(storedRows.map((r) => [r.id, r.props as Record<string, unknown>]));

  // New entities without an id of their own get their slug, or the slug with -2, -3… when it is taken (here or in the graph).
  const sheetIds = new Set(grouping.groups.flatMap((g) => (g.id === null ? [] : [g.id])));
  const unnamed = grouping.groups.filter((g) => g.id === null);
  const inGraph = new Set<string>();
  for (let round = 0; unnamed.some((g) => g.id === null); round += 1) {
    if (round > 20) throw new AnnalsError(ErrorCode.CONFLICT, 'could not find free ids for the new entities; give them ids');
    const wanted = new Map<string, (typeof unnamed)[number]>();
    for (const g of unnamed) {
      if (g.id !== null) continue;
      const id = freeId(g.slug, (x) => sheetIds.has(x) || inGraph.has(x) || wanted.has(x));
      wanted.set(id, g);
    }
    const taken = (await Promise.all(chunks([...wanted.keys()]).map((ids) => executor.read(takenIds(ids))))).flat();
    for (const t of taken) inGraph.add(t.id);
    for (const [id, g] of wanted) {
      if (inGraph.has(id)) continue;
      g.id = id;
      sheetIds.add(id);
    }
  }

  // Relationships the graph holds from matched entities to the ends the rows name: a row restating one keeps its id.
  const pairs = new Map<string, { from: string; to: string }>();
  rows.forEach((row, n) => {
    const g = grouping.groupOf[n];
    if (g == null || grouping.groups[g]!.status !== 'matched') return;
    for (const r of row.relations) {
      const to = matches.targets.get(targetKey(r))?.id;
      const from = grouping.groups[g]!.id!;
      if (to != null) pairs.set(`${from}\u0000${to}`, { from, to });
    }
  });
  const between: GraphRelationship[] = (
    await Promise.all(chunks([...pairs.values()]).map((p) => executor.read(relationshipsBetween(p))))
  ).flat();

  const converted = buildDocument(sheet, parsed, rows, grouping, { stored, targets: matches.targets, between });
  const betweenIds = new Set(between.map((r) => r.id));
  const fresh = new Set<string>([
    ...grouping.groups.filter((g) => g.status === 'new').map((g) => g.id!),
    ...converted.document.relationships.map((r) => r['id'] as string).filter((id) => !betweenIds.has(id)),
  ]);
  const revisions = new Map(matchedIds.map((id) => [id, stored.get(id)?.['revision']]));
  return { analysis: { parsed, sheet, converted, revisions, fresh }, issues: [] };
}

/** Puts each validation issue of the document where the curator can fix it: the row and column, or the mapping's line. */
function placeIssues(analysis: Analysis, issues: DatasetIssue[]): DatasetIssue[] {
  const { parsed, sheet, converted } = analysis;
  const general: DatasetIssue[] = [];
  for (const issue of issues) {
    if (issue.path.startsWith('sources')) {
      general.push({ ...issue, file: parsed.file, line: parsed.lineOf(pathList(issue.path)) });
      continue;
    }
    const origin = originOf(converted.origins, issue.path);
    const row = origin === undefined ? undefined : converted.reports[origin.row];
    if (row === undefined || origin === undefined) {
      general.push({ ...issue, file: sheet.file, line: undefined });
      continue;
    }
    const column = origin.column ?? '';
    // A row's own issue about a column says it already (a missing quote, then no citation).
    if (row.issues.some((i) => i.path === column && i.path !== '')) continue;
    row.issues.push({
      file: sheet.file,
      path: column,
      line: row.line,
      ...(issue.entry === undefined ? {} : { entry: issue.entry }),
      message: issue.message,
    });
  }
  return general;
}

function documentText(analysis: Analysis, input: SpreadsheetInput): DatasetText {
  return { text: JSON.stringify(analysis.converted.document), file: input.csvFile, baseDir: input.baseDir, generated: true };
}

/** Refuses the import when the graph is no longer as the rows were matched against (checked in the import's transaction). */
function unchangedSinceMatching(analysis: Analysis): (facts: GraphFactsData) => void {
  return (facts) => {
    const moved: string[] = [];
    for (const [id, revision] of analysis.revisions) {
      const now = facts.stored.byId.get(id);
      if (now === undefined || now.props['revision'] !== revision) moved.push(id);
    }
    for (const id of analysis.fresh) if (facts.stored.byId.has(id)) moved.push(id);
    if (moved.length > 0) {
      throw new AnnalsError(
        ErrorCode.CONFLICT,
        `The graph changed while the spreadsheet was matched against it (${moved.slice(0, 10).join(', ')}); nothing was written: run the import again.`,
        { ids: moved.slice(0, 100) },
      );
    }
  };
}

/**
 * A spreadsheet import (`annals import x.csv --mapping m.yaml`, the importSpreadsheet mutation):
 * rows matched against the graph, converted into one dataset document, then validated and
 * written through importRecorded (all or nothing, one recorded change, idempotent). A dry run
 * does all of it but the write, and reports every row. An import that cannot be done throws
 * SpreadsheetInvalidError (BAD_USER_INPUT) with every issue, and writes nothing.
 */
export async function importSpreadsheetAs(
  executor: Executor,
  curator: string,
  input: SpreadsheetInput,
  {
    dryRun = false,
    idempotencyKey = null,
    timings,
    afterMatching,
  }: {
    dryRun?: boolean;
    idempotencyKey?: string | null;
    timings?: SpreadsheetTimings;
    /** Runs between matching and the import's transaction: where tests change the graph under a running import. */
    afterMatching?: () => Promise<void>;
  } = {},
): Promise<SpreadsheetReport> {
  const started = performance.now();
  const { analysis, issues } = await analyze(executor, input);
  if (timings !== undefined) timings.analyzeMs = performance.now() - started;
  if (analysis === undefined) {
    const refused = report(dryRun, [], issues, null);
    if (dryRun) return refused;
    throw new SpreadsheetInvalidError(refused);
  }
  const rows = analysis.converted.reports;
  const text = documentText(analysis, input);
  const blocked = rows.some((r) => r.status === 'ambiguous' || r.issues.length > 0);
  if (dryRun || blocked) {
    const checked = await dryRunImport(executor, [text]);
    const general = placeIssues(analysis, checked.issues);
    const done = report(true, rows, general, checked.counts === undefined ? null : { ...checked.counts, change: null });
    if (dryRun) return { ...done, ok: done.ok && !blocked };
    throw new SpreadsheetInvalidError({ ...done, dryRun: false, import: null, ok: false });
  }
  await afterMatching?.();
  try {
    const outcome = await importRecorded(executor, curator, [text], {
      idempotencyKey,
      request: ['spreadsheet', input.csv, input.mapping],
      check: unchangedSinceMatching(analysis),
    });
    return report(false, rows, [], outcome);
  } catch (err) {
    if (!(err instanceof DatasetInvalidError)) throw err;
    const general = placeIssues(analysis, err.issues);
    throw new SpreadsheetInvalidError(report(false, rows, general, null));
  }
}

/** The mutation behind `importSpreadsheet`: a write token, also for a dry run (see schema/graphql/mutation.graphql). */
export async function importSpreadsheet(
  executor: Executor,
  principal: Principal,
  args: { csv: string; mapping: string; dryRun?: boolean | null; idempotencyKey?: string | null },
): Promise<SpreadsheetReport> {
  const curator = requireWriter(principal);
  if (args.csv.length > IMPORT_MAX_BYTES) throw badInput(`the spreadsheet is over ${IMPORT_MAX_BYTES} characters; split it`, 'csv');
  if (args.mapping.length > IMPORT_MAX_BYTES) throw badInput(`the mapping is over ${IMPORT_MAX_BYTES} characters`, 'mapping');
  if (args.dryRun === true && args.idempotencyKey != null)
    throw badInput('a dry run writes nothing: it takes no idempotencyKey', 'idempotencyKey');
  return importSpreadsheetAs(
    executor,
    curator,
    { csv: args.csv, csvFile: 'csv', mapping: args.mapping, mappingFile: 'mapping', baseDir: null },
    { dryRun: args.dryRun === true, idempotencyKey: args.idempotencyKey ?? null },
  );
}
