import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Props } from '../model/props.js';
import type { ImportPlan } from '../model/rows.js';
import type { RelationshipType } from '../model/vocabulary.js';
import type { BulkNodeKind, EmptyListRow } from '../queries/bulk.js';

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
 */

/** Separates the items of a list property (the unit separator: no curated text holds it). */
export const ARRAY_DELIMITER = '\u001f';

/** One CSV file and what the importer is told about it. */
export interface BulkFile {
  kind: 'nodes' | 'relationships';
  path: string;
  rows: number;
}

export interface BulkCsv {
  files: BulkFile[];
  nodes: number;
  relationships: number;
  /** Empty-list properties, which the importer leaves out: set after it (queries/bulk.ts). */
  emptyLists: { nodes: Map<BulkNodeKind, EmptyListRow[]>; relationships: Map<RelationshipType, EmptyListRow[]> };
}

type Column = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'string[]' | 'long[]' | 'double[]' | 'boolean[]';

/** Properties stored as dates by the statements (`date(row.props.earliest)`) on entities and relationships. */
const DATE_PROPS = new Set(['earliest', 'latest']);

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

/** Writes rows into files grouped by their columns; `head` names the fixed columns, `fixed` gives their cells. */
class FileSet {
  private readonly open = new Map<string, { fd: number; file: BulkFile; columns: [string, Column][] }>();
  readonly files: BulkFile[] = [];

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
      writeSync(fd, `${header}\n`);
      target = { fd, file: { kind: this.kind, path, rows: 0 }, columns };
      this.open.set(signature, target);
      this.files.push(target.file);
    }
    const cells = [...fixed, ...target.columns.map(([k, t]) => cell(props[k], t))];
    writeSync(target.fd, `${cells.join(',')}\n`);
    target.file.rows += 1;
  }

  close(): void {
    for (const { fd } of this.open.values()) closeSync(fd);
  }
}

/**
 * Writes the plan of an import into an empty graph as importer CSV files under `dir` (created,
 * mode 0700; the files 0600: they hold the dataset). Node ids live in one id space per kind
 * (`Entity`, `Finding`, `Claim`, `Citation`), as their constraints do.
 */
export function writeBulkCsv(plan: ImportPlan, dir: string): BulkCsv {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sets: FileSet[] = [];
  const set = (name: string, kind: BulkFile['kind'], head: string[]) => {
    const s = new FileSet(dir, name, kind, head);
    sets.push(s);
    return s;
  };
  let nodes = 0;
  let relationships = 0;
  const emptyLists: BulkCsv['emptyLists'] = { nodes: new Map(), relationships: new Map() };
  /** Takes the empty lists out of props (into emptyLists), keeping the rest. */
  function split<K>(into: Map<K, EmptyListRow[]>, kind: K, id: string, props: Props): Props {
    const empty = Object.keys(props).filter((k) => Array.isArray(props[k]) && (props[k] as unknown[]).length === 0);
    if (empty.length === 0) return props;
    const rest = { ...props };
    for (const k of empty) delete rest[k];
    const list = into.get(kind) ?? [];
    list.push({ id, props: Object.fromEntries(empty.map((k) => [k, []])) });
    into.set(kind, list);
    return rest;
  }
  try {
    for (const [label, rows] of plan.nodes) {
      const files = set(`nodes-${label}`, 'nodes', ['id:ID(Entity)', ':LABEL']);
      for (const row of rows) {
        const { id: _id, ...props } = split(emptyLists.nodes, 'Entity', row.id, row.props);
        files.add([quote(row.id), quote(`Entity;${label}`)], { ...props, revision: 1 }, true);
        nodes += 1;
      }
    }
    for (const [type, rows] of plan.relationships) {
      const files = set(`rels-${type}`, 'relationships', [':START_ID(Entity)', ':END_ID(Entity)', ':TYPE']);
      for (const row of rows) {
        files.add([quote(row.from), quote(row.to), quote(type)], split(emptyLists.relationships, type, row.id, row.props), true);
        relationships += 1;
      }
    }
    const findings = set('nodes-Finding', 'nodes', ['id:ID(Finding)', ':LABEL']);
    const recorded = set('rels-RECORDED', 'relationships', [':START_ID(Entity)', ':END_ID(Finding)', ':TYPE']);
    for (const row of plan.findings) {
      const { id: _id, ...props } = split(emptyLists.nodes, 'Finding', row.id, row.props);
      findings.add([quote(row.id), quote('Finding')], props, false);
      recorded.add([quote(row.event), quote(row.id), quote('RECORDED')], {}, false);
      nodes += 1;
      relationships += 1;
    }
    const claims = set('nodes-Claim', 'nodes', ['id:ID(Claim)', ':LABEL']);
    for (const row of plan.claims) {
      const { id: _id, ...props } = split(emptyLists.nodes, 'Claim', row.id, row.props);
      claims.add([quote(row.id), quote('Claim')], props, false);
      nodes += 1;
    }
    const citations = set('nodes-Citation', 'nodes', ['id:ID(Citation)', ':LABEL']);
    const inSource = set('rels-IN_SOURCE', 'relationships', [':START_ID(Citation)', ':END_ID(Entity)', ':TYPE']);
    for (const row of plan.citations) {
      const { id: _id, ...props } = split(emptyLists.nodes, 'Citation', row.id, row.props);
      citations.add([quote(row.id), quote('Citation')], props, false);
      inSource.add([quote(row.id), quote(row.sourceId), quote('IN_SOURCE')], {}, false);
      nodes += 1;
      relationships += 1;
    }
    const mentions = set('rels-MENTIONS', 'relationships', [':START_ID(Entity)', ':END_ID(Entity)', ':TYPE']);
    const seen = new Set<string>();
    for (const { sourceId, entityId } of plan.mentions) {
      const id = `${sourceId}--mentions--${entityId}`;
      if (seen.has(id)) continue; // MERGE: one per source and entity
      seen.add(id);
      mentions.add([quote(sourceId), quote(entityId), quote('MENTIONS')], { id }, false);
      relationships += 1;
    }
  } finally {
    for (const s of sets) s.close();
  }
  return { files: sets.flatMap((s) => s.files), nodes, relationships, emptyLists };
}
