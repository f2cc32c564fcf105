import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { STORED_DATE_PROPERTIES, type Props } from '../model/props.js';
import type { ImportPlan } from '../model/rows.js';
import type { RelationshipType } from '../model/vocabulary.js';
import type { CypherQuery } from '../db/query.js';
import { setLaterPropsOnNodes, setLaterPropsOnRelationships, type BulkNodeKind, type LaterPropsRow } from '../queries/bulk.js';

/**
 * The CSV files of `neo4j-admin database import full` for an import plan: the same nodes,
 * relationships and properties the import's statements (queries/import.ts) write into an empty
 * graph, so both paths make the same graph. Mirrored here, statement by statement:
 *
 * - entities: labels `Entity` and their own, `SET n = props`, `earliest`/`latest` as dates, revision 1;
 * - curated relationships: `SET r = props`, `earliest`/`latest` as dates;
 * - findings (`RECORDED` from their event), claims, citations (`IN_SOURCE` to their source), all
 *   `SET x = props`; `MENTIONS` from a source to each entity it is cited for, with its id.
 *
 * A property whose value is null is not stored (as `SET n = props` leaves it out). Rows whose
 * properties have the same names and types share a file, so every column has one type.
 *
 * Nodes are numbered here, 0, 1, 2…, and the importer is told to use those numbers as the nodes'
 * own ids (`--id-type=actual`): relationships name their ends by number, so the importer neither
 * builds nor searches an index of text ids (size M: 12 s instead of 19 s for its whole run). The
 * text id is an ordinary `id` property, as the statements set it.
 *
 * Two kinds of property are left to statements after the importer (`laterStatements`), by id:
 * empty lists, which the importer cannot store, and text (or lists of text) spanning lines, which
 * the importer reads only with `--multiline-fields`, a line-agnostic mode that makes every file's
 * reading serial (on size M: 27 s instead of 16 s for the whole importer run). No file then holds
 * a line break inside a cell.
 */

/**
 * Separates the items of a list property, and the labels of a node in its `:LABEL` column (the
 * importer splits both on `--array-delimiter`): the unit separator, which no curated text holds.
 */
export const ARRAY_DELIMITER = '\u001f';

/** The `:LABEL` cell of a node with these labels, in this order. */
export function labelCell(labels: readonly string[]): string {
  return `"${labels.map((l) => quote(l).slice(1, -1)).join(ARRAY_DELIMITER)}"`;
}

/** One CSV file and what the importer is told about it. */
export interface BulkFile {
  kind: 'nodes' | 'relationships';
  path: string;
  rows: number;
}

export interface BulkCsv {
  files: BulkFile[];
  /** The longest line of any file, in UTF-16 code units (the importer's read buffer must hold it). */
  longestLine: number;
  /** The dataset's nodes and relationships. */
  nodes: number;
  relationships: number;
  /** The Change node, ChangeKey nodes and AFFECTED links of addChange (none without it). */
  history: { nodes: number; relationships: number };
  /**
   * The properties set after the importer (empty lists, text spanning lines): one JSON line per
   * node or relationship in this file (under the writer's directory, 0600), read by
   * `laterStatements`; `rows` lines, and no file when there are none.
   */
  later: { path: string; rows: number };
}

/** A line of the later file: the node (by kind and id) or relationship (by type and id) and its properties. */
type LaterLine =
  { node: BulkNodeKind; id: string; props: LaterPropsRow['props'] } | { rel: RelationshipType; id: string; props: LaterPropsRow['props'] };

type Column = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'string[]' | 'long[]' | 'double[]' | 'boolean[]';

/** Properties stored as dates by the statements (`date(row.props.earliest)`) on entities and relationships. */
const DATE_PROPS: ReadonlySet<string> = new Set(STORED_DATE_PROPERTIES);

function columnOf(key: string, value: Exclude<Props[string], null>, dates: boolean): Column {
  if (dates && DATE_PROPS.has(key)) return 'date';
  if (Array.isArray(value)) {
    const items = value as unknown[];
    // The importer stores no empty list (writeBulkCsv leaves it to a statement afterwards).
    if (items.length === 0) throw new BulkCsvError(`property ${key} is an empty list`);
    const types = new Set(items.map((v) => scalarColumn(key, v as string | number | boolean)));
    if (types.size === 1) return `${[...types][0]!}[]` as Column;
    if (types.size === 2 && types.has('long') && types.has('double')) return 'double[]';
    throw new BulkCsvError(`property ${key} mixes types in one list`);
  }
  return scalarColumn(key, value);
}

function scalarColumn(key: string, value: string | number | boolean): Column {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'long' : 'double';
  throw new BulkCsvError(`property ${key} has a value of type ${typeof value}`);
}

/** A plan the importer cannot write exactly as the statements would: the transactional import is the way then. */
export class BulkCsvError extends Error {}

function quote(text: string): string {
  if (text.includes(ARRAY_DELIMITER)) throw new BulkCsvError('a text holds the unit separator U+001F');
  return `"${text.replaceAll('"', '""')}"`;
}

function cell(value: Props[string] | undefined, column: Column | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `"${(value as unknown[]).map((v) => quote(String(v)).slice(1, -1)).join(ARRAY_DELIMITER)}"`;
  if (column === 'string' || column === 'date') return quote(String(value));
  // A double keeps its fraction; a whole double (2.0 sent as a float) cannot arise: JS has one number type.
  return String(value);
}

/** Properties without nulls, in name order, each with its column type. */
function typed(props: Props, dates: boolean): [string, Column][] {
  return Object.keys(props)
    .filter((k) => props[k] !== null)
    .sort()
    .map((k) => [k, columnOf(k, props[k] as Exclude<Props[string], null>, dates)]);
}

const NEWLINE = /[\r\n]/;

/** Text, or a list of text only, with a line break in it: set after the importer. */
function spansLines(value: Props[string]): boolean {
  if (typeof value === 'string') return NEWLINE.test(value);
  if (!Array.isArray(value)) return false;
  const items = value as unknown[];
  return items.every((v) => typeof v === 'string') && items.some((v) => NEWLINE.test(v as string));
}

/** Bytes buffered per file before one write: the files are written in large blocks, not row by row. */
const FLUSH_AT = 1 << 20;

/**
 * Writes every byte: write(2) may write part of a buffer (a file system nearly full, e.g. shared
 * memory) and say so only by its count, which would cut a file short without an error.
 */
function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** Writes rows into files grouped by their columns; `head` names the fixed columns, `fixed` gives their cells. */
class FileSet {
  private readonly open = new Map<string, { fd: number; file: BulkFile; columns: [string, Column][]; buffer: string[]; size: number }>();
  readonly files: BulkFile[] = [];
  longestLine = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly kind: BulkFile['kind'],
    private readonly head: string[],
  ) {}

  add(fixed: string[], props: Props, dates: boolean): void {
    const columns = typed(props, dates);
    const signature = columns.map(([k, t]) => `${k}:${t}`).join(',');
    let target = this.open.get(signature);
    if (target === undefined) {
      const path = join(this.dir, `${this.name}-${this.open.size + 1}.csv`);
      const fd = openSync(path, 'w', 0o600);
      // Property names come from the field table (never user text); quoted anyway, as CSV.
      const header = [...this.head, ...columns.map(([k, t]) => `${k}:${t}`)].map((h) => `"${h}"`).join(',');
      target = { fd, file: { kind: this.kind, path, rows: 0 }, columns, buffer: [`${header}\n`], size: 0 };
      this.longestLine = Math.max(this.longestLine, header.length + 1);
      this.open.set(signature, target);
      this.files.push(target.file);
    }
    const line = `${[...fixed, ...target.columns.map(([k, t]) => cell(props[k], t))].join(',')}\n`;
    target.buffer.push(line);
    target.size += line.length;
    if (line.length > this.longestLine) this.longestLine = line.length;
    target.file.rows += 1;
    if (target.size >= FLUSH_AT) FileSet.flush(target);
  }

  static flush(target: { fd: number; buffer: string[]; size: number }): void {
    if (target.buffer.length === 0) return;
    writeAll(target.fd, Buffer.from(target.buffer.join(''), 'utf8'));
    target.buffer = [];
    target.size = 0;
  }

  close(): void {
    try {
      for (const target of this.open.values()) FileSet.flush(target);
    } finally {
      for (const { fd } of this.open.values()) closeSync(fd);
    }
  }
}

/** The fixed columns of every node file and every relationship file (see the file comment on node numbers). */
const NODE_HEAD = [':ID', 'id:string', ':LABEL'];
const RELATIONSHIP_HEAD = [':START_ID', ':END_ID', ':TYPE'];

/** The id spaces of nodes, as their constraints make them: a text id is unique within its space. */
type IdSpace = 'Entity' | 'Finding' | 'Claim' | 'Citation';

/** A number only a relationship has named yet is kept as −(number + 1); the same step turns it back. */
const reserved = (n: number): number => -n - 1;

/**
 * The importer's node ids (0, 1, 2… in the order nodes are written) by id space and text id. A
 * relationship may name a node of a later plan: its end is then given the next number, which
 * that node takes when written (`pending` counts such ends; close() checks none is left).
 */
class NodeNumbers {
  private next = 0;
  /** Per space, text id → number, or −(number + 1) while only a relationship has named it. */
  private readonly spaces = new Map<IdSpace, Map<string, number>>();
  private pending = 0;

  private space(space: IdSpace): Map<string, number> {
    let ids = this.spaces.get(space);
    if (ids === undefined) this.spaces.set(space, (ids = new Map()));
    return ids;
  }

  /** A number for a node no relationship names by text id (a change's own nodes). */
  fresh(): number {
    return this.next++;
  }

  /** The number of a node being written; a second node with its id is refused, as the constraints would refuse it. */
  node(space: IdSpace, id: string): number {
    const ids = this.space(space);
    const known = ids.get(id);
    if (known !== undefined && known >= 0) throw new BulkCsvError(`two ${space} nodes have the id ${JSON.stringify(id)}`);
    if (known !== undefined) this.pending -= 1;
    const n = known === undefined ? this.fresh() : reserved(known);
    ids.set(id, n);
    return n;
  }

  /** Whether a node of this id has been written. */
  written(space: IdSpace, id: string): boolean {
    return (this.spaces.get(space)?.get(id) ?? -1) >= 0;
  }

  /** The number of a relationship's end: its node's, or the one its node will take. */
  end(space: IdSpace, id: string): number {
    const ids = this.space(space);
    const known = ids.get(id);
    if (known !== undefined) return known >= 0 ? known : reserved(known);
    const n = this.fresh();
    ids.set(id, reserved(n));
    this.pending += 1;
    return n;
  }

  /** Refuses a relationship to a node that was never written (the importer would make it an empty node). */
  check(): void {
    if (this.pending === 0) return;
    for (const [space, ids] of this.spaces)
      for (const [id, n] of ids)
        if (n < 0) throw new BulkCsvError(`a relationship ends at ${space} ${JSON.stringify(id)}, which is not in the dataset`);
  }
}

/**
 * Writes import plans into an empty graph as importer CSV files under `dir` (created, mode 0700;
 * the files 0600: they hold the dataset), plan after plan: a large archive is validated and
 * planned chunk by chunk and each chunk's plan appended here, so no more than one chunk's rows are
 * in memory. What stays is the number of every node by its text id (NodeNumbers: about 100 bytes
 * per node, some 0.6 GB at size L's 6.4M nodes) and the MENTIONS pairs written. Node ids live in
 * one id space per kind (`Entity`, `Finding`, `Claim`, `Citation`), as their constraints do; a
 * relationship may reach a node of an earlier plan or of a later one.
 */
export class BulkCsvWriter {
  private readonly sets: FileSet[] = [];
  private readonly entities = new Map<string, FileSet>();
  private readonly curated = new Map<RelationshipType, FileSet>();
  private readonly findings: FileSet;
  private readonly recorded: FileSet;
  private readonly claims: FileSet;
  private readonly citations: FileSet;
  private readonly inSource: FileSet;
  private readonly mentions: FileSet;
  /** (source, entity) pairs written: MERGE makes one MENTIONS per pair, across plans too. */
  private readonly mentioned = new Set<string>();
  private readonly numbers = new NodeNumbers();
  private nodes = 0;
  private relationships = 0;
  /** The change's node, its keys and their links (addChange), counted apart from the dataset's. */
  private readonly history = { nodes: 0, relationships: 0 };
  /** The later file (opened with its first line), buffered as the CSV files are. */
  private readonly laterPath: string;
  private later: { fd: number; buffer: string[]; size: number } | undefined;
  private laterRows = 0;
  private closed = false;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.laterPath = join(dir, 'later.jsonl');
    this.findings = this.set('nodes-Finding', 'nodes', NODE_HEAD);
    this.recorded = this.set('rels-RECORDED', 'relationships', RELATIONSHIP_HEAD);
    this.claims = this.set('nodes-Claim', 'nodes', NODE_HEAD);
    this.citations = this.set('nodes-Citation', 'nodes', NODE_HEAD);
    this.inSource = this.set('rels-IN_SOURCE', 'relationships', RELATIONSHIP_HEAD);
    this.mentions = this.set('rels-MENTIONS', 'relationships', RELATIONSHIP_HEAD);
  }

  /** The fixed cells of a node: its number, its text id, its labels. */
  private nodeCells(space: IdSpace, id: string, labels: string): string[] {
    return [String(this.numbers.node(space, id)), quote(id), labels];
  }

  /** The fixed cells of a relationship: the numbers of its ends, its type. */
  private relationshipCells(from: [IdSpace, string], to: [IdSpace, string], type: string): string[] {
    return [String(this.numbers.end(...from)), String(this.numbers.end(...to)), quote(type)];
  }

  private set(name: string, kind: BulkFile['kind'], head: string[]): FileSet {
    const s = new FileSet(this.dir, name, kind, head);
    this.sets.push(s);
    return s;
  }

  /** Takes the empty lists and the text spanning lines out of props (into the later file), keeping the rest. */
  private split(target: { node: BulkNodeKind } | { rel: RelationshipType }, id: string, props: Props): Props {
    const later = Object.keys(props).filter(
      (k) => (Array.isArray(props[k]) && (props[k] as unknown[]).length === 0) || spansLines(props[k] as Props[string]),
    );
    if (later.length === 0) return props;
    const rest = { ...props };
    for (const k of later) delete rest[k];
    const line: LaterLine = { ...target, id, props: Object.fromEntries(later.map((k) => [k, props[k]])) as LaterPropsRow['props'] };
    const text = `${JSON.stringify(line)}\n`;
    this.later ??= { fd: openSync(this.laterPath, 'w', 0o600), buffer: [], size: 0 };
    this.later.buffer.push(text);
    this.later.size += text.length;
    this.laterRows += 1;
    if (this.later.size >= FLUSH_AT) FileSet.flush(this.later);
    return rest;
  }

  /** Appends the rows of one plan. */
  add(plan: ImportPlan): void {
    if (this.closed) throw new Error('BulkCsvWriter: add after close');
    for (const [label, rows] of plan.nodes) {
      let files = this.entities.get(label);
      if (files === undefined) {
        files = this.set(`nodes-${label}`, 'nodes', NODE_HEAD);
        this.entities.set(label, files);
      }
      // Two labels, as `MERGE (n:Entity …) SET n:Label`: the importer splits the cell on the array delimiter.
      const labels = labelCell(['Entity', label]);
      for (const row of rows) {
        const { id: _id, ...props } = this.split({ node: 'Entity' }, row.id, row.props);
        files.add(this.nodeCells('Entity', row.id, labels), { ...props, revision: 1 }, true);
        this.nodes += 1;
      }
    }
    for (const [type, rows] of plan.relationships) {
      let files = this.curated.get(type);
      if (files === undefined) {
        files = this.set(`rels-${type}`, 'relationships', RELATIONSHIP_HEAD);
        this.curated.set(type, files);
      }
      for (const row of rows) {
        const cells = this.relationshipCells(['Entity', row.from], ['Entity', row.to], type);
        files.add(cells, this.split({ rel: type }, row.id, row.props), true);
        this.relationships += 1;
      }
    }
    for (const row of plan.findings) {
      const { id: _id, ...props } = this.split({ node: 'Finding' }, row.id, row.props);
      this.findings.add(this.nodeCells('Finding', row.id, labelCell(['Finding'])), props, false);
      this.recorded.add(this.relationshipCells(['Entity', row.event], ['Finding', row.id], 'RECORDED'), {}, false);
      this.nodes += 1;
      this.relationships += 1;
    }
    for (const row of plan.claims) {
      const { id: _id, ...props } = this.split({ node: 'Claim' }, row.id, row.props);
      this.claims.add(this.nodeCells('Claim', row.id, labelCell(['Claim'])), props, false);
      this.nodes += 1;
    }
    for (const row of plan.citations) {
      // The same quote of the same source cited twice for one thing has one id (citationId), and the
      // statements MERGE it into one node with one IN_SOURCE; its properties are the same (the
      // quote's first place in the source), so the first row stands for both.
      if (this.numbers.written('Citation', row.id)) continue;
      const { id: _id, ...props } = this.split({ node: 'Citation' }, row.id, row.props);
      this.citations.add(this.nodeCells('Citation', row.id, labelCell(['Citation'])), props, false);
      this.inSource.add(this.relationshipCells(['Citation', row.id], ['Entity', row.sourceId], 'IN_SOURCE'), {}, false);
      this.nodes += 1;
      this.relationships += 1;
    }
    for (const { sourceId, entityId } of plan.mentions) {
      const pair = `${sourceId}\u0000${entityId}`;
      if (this.mentioned.has(pair)) continue; // MERGE: one per source and entity
      this.mentioned.add(pair);
      const cells = this.relationshipCells(['Entity', sourceId], ['Entity', entityId], 'MENTIONS');
      this.mentions.add(cells, { id: `${sourceId}--mentions--${entityId}` }, false);
      this.relationships += 1;
    }
  }

  /**
   * The Change node of the load (by id) and its AFFECTED link to a ChangeKey node per key, as
   * recordChange would write them: written here, a load of a million targets does not create 2M
   * nodes and relationships in one transaction. The node is a PendingChange until recording
   * sets its properties and makes it a Change (completeChange): should anything fail in between,
   * no history query meets a change without its number, time or curator. Once per writer.
   */
  addChange(id: string, keys: readonly string[]): void {
    if (this.closed) throw new Error('BulkCsvWriter: add after close');
    if (this.history.nodes > 0) throw new Error('BulkCsvWriter: a load has one change');
    const change = this.set('nodes-Change', 'nodes', NODE_HEAD);
    const changeKeys = this.set('nodes-ChangeKey', 'nodes', NODE_HEAD);
    const affected = this.set('rels-AFFECTED', 'relationships', RELATIONSHIP_HEAD);
    // Numbered without a look-up table: no relationship but these links names them (keys are distinct: keysOf).
    const changeNumber = String(this.numbers.fresh());
    change.add([changeNumber, quote(id), labelCell(['PendingChange'])], {}, false);
    const keyLabel = labelCell(['ChangeKey']);
    const affectedType = quote('AFFECTED');
    for (const key of keys) {
      const keyNumber = String(this.numbers.fresh());
      changeKeys.add([keyNumber, quote(key), keyLabel], {}, false);
      affected.add([changeNumber, keyNumber, affectedType], {}, false);
    }
    this.history.nodes += 1 + keys.length;
    this.history.relationships += keys.length;
  }

  /** Nodes and relationships written so far. */
  get written(): { nodes: number; relationships: number } {
    return { nodes: this.nodes, relationships: this.relationships };
  }

  /**
   * Flushes and closes every file, and refuses (BulkCsvError) a relationship to a node no plan
   * held; what the importer is to be told. A later call returns the same, unchecked (a clean-up).
   */
  close(): BulkCsv {
    if (!this.closed) {
      this.closed = true;
      let failure: unknown;
      const closers = [
        ...this.sets.map((s) => () => s.close()),
        () => {
          if (this.later === undefined) return;
          try {
            FileSet.flush(this.later);
          } finally {
            closeSync(this.later.fd);
          }
        },
      ];
      for (const close of closers) {
        try {
          close();
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure !== undefined) throw failure;
      // Once, when nothing more can come: a later call (a caller's clean-up) gets the files to remove.
      this.numbers.check();
    }
    // A kind without rows has no file (a file is opened with its first row).
    const files = this.sets.flatMap((s) => s.files);
    return {
      files,
      longestLine: Math.max(0, ...this.sets.map((s) => s.longestLine)),
      nodes: this.nodes,
      relationships: this.relationships,
      history: { ...this.history },
      later: { path: this.laterPath, rows: this.laterRows },
    };
  }
}

/** Writes the plan of an import into an empty graph as importer CSV files under `dir` (see BulkCsvWriter), with its change's links when given. */
export function writeBulkCsv(plan: ImportPlan, dir: string, change?: { id: string; keys: readonly string[] }): BulkCsv {
  const writer = new BulkCsvWriter(dir);
  try {
    writer.add(plan);
    if (change !== undefined) writer.addChange(change.id, change.keys);
  } catch (err) {
    try {
      writer.close();
    } catch {
      // The first failure is the one to report.
    }
    throw err;
  }
  return writer.close();
}

/**
 * The statements that set, after the importer, the properties it was not given (`BulkCsv.later`),
 * by id, in batches of at most `batchRows` rows and about `batchChars` characters of values (texts
 * of several KB make a batch large long before its row count), read from the later file line by
 * line: an archive's texts are never all in memory.
 */
export async function* laterStatements(
  later: BulkCsv['later'],
  batchRows = 10_000,
  batchChars = 4_000_000,
): AsyncGenerator<CypherQuery<never>> {
  if (later.rows === 0) return;
  const batches = new Map<string, { line: LaterLine; rows: LaterPropsRow[]; chars: number }>();
  const statement = ({ line, rows }: { line: LaterLine; rows: LaterPropsRow[] }) =>
    'node' in line ? setLaterPropsOnNodes(line.node, rows) : setLaterPropsOnRelationships(line.rel, rows);
  for await (const text of createInterface({ input: createReadStream(later.path, 'utf8'), crlfDelay: Infinity })) {
    if (text === '') continue;
    const line = JSON.parse(text) as LaterLine;
    const key = 'node' in line ? `n:${line.node}` : `r:${line.rel}`;
    let batch = batches.get(key);
    if (batch === undefined) {
      batch = { line, rows: [], chars: 0 };
      batches.set(key, batch);
    }
    batch.rows.push({ id: line.id, props: line.props });
    batch.chars += text.length;
    if (batch.rows.length >= batchRows || batch.chars >= batchChars) {
      yield statement(batch);
      batch.rows = [];
      batch.chars = 0;
    }
  }
  for (const batch of batches.values()) if (batch.rows.length > 0) yield statement(batch);
}
