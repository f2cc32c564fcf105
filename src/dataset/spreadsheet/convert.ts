// Rows of a spreadsheet → one dataset document (the format of seed/data), given what matching
// found in the graph. Pure: the domain looks things up (src/domain/curation/import-spreadsheet.ts)
// and hands the answers in, so the conversion is unit-tested without a database.
import { canonicalIdentifier, identifierKey, type Identifier, type IdentifierSchemeName } from '../../model/identifiers.js';
import { hasHan } from '../../model/pinyin.js';
import { slugFor } from '../../model/slug.js';
import type { EntityLabel, NameLang, RelationshipType } from '../../model/vocabulary.js';
import { ENTITY_FIELDS, readFields } from '../fields.js';
import { formatPath, type DatasetIssue } from '../issues.js';
import { naturalKey, relationshipId, type GraphRelationship } from '../validate.js';
import type { Sheet } from './csv.js';
import { mappedColumns, type Mapping, type ParsedMapping } from './mapping.js';

/** A cell with the column it came from. */
export interface Cell {
  value: string;
  column: string;
}

/** One relationship a row asks for: the other end as the row names it, and its properties. */
export interface RowRelation {
  /** Index of the relationship in the mapping. */
  mapping: number;
  type: RelationshipType;
  toId?: Cell;
  toName?: Cell;
  /** The mapping's one entity for every row (toId). */
  fixedTo?: string;
  props: Record<string, Cell>;
  quote?: Cell;
}

/** What a row says, cell by cell, before anything is looked up. */
export interface RowValues {
  line: number;
  id?: Cell;
  name?: Cell;
  fields: Record<string, Cell>;
  names: { value: string; lang: NameLang; kind: string; column: string }[];
  identifiers: { scheme: IdentifierSchemeName; value: string; column: string }[];
  source?: Cell | { value: string; column?: undefined };
  quote?: Cell;
  relations: RowRelation[];
}

/** The columns of the header, by name; issues for columns the mapping names that the sheet lacks or has twice. */
export function columnIndex(sheet: Sheet, mapping: ParsedMapping): { index: Map<string, number>; issues: DatasetIssue[] } {
  const index = new Map<string, number>();
  const twice = new Set<string>();
  sheet.header.forEach((name, n) => {
    if (index.has(name)) twice.add(name);
    else index.set(name, n);
  });
  const issues: DatasetIssue[] = [];
  for (const { column, path } of mappedColumns(mapping.mapping)) {
    const at = { file: mapping.file, path: formatPath(path), line: mapping.lineOf(path) };
    if (!index.has(column))
      issues.push({ ...at, message: `the spreadsheet has no column "${column}" (its columns: ${sheet.header.join(', ')})` });
    else if (twice.has(column)) issues.push({ ...at, message: `the spreadsheet has two columns named "${column}"` });
  }
  return { index, issues };
}

/** Reads each row's cells as the mapping says; an empty cell is a value not given. */
export function readRows(sheet: Sheet, mapping: Mapping, index: Map<string, number>): RowValues[] {
  return sheet.rows.map((row) => {
    const cell = (column: string | undefined): Cell | undefined => {
      if (column === undefined) return undefined;
      const value = row.cells[index.get(column) ?? -1] ?? '';
      return value === '' ? undefined : { value, column };
    };
    const fields: Record<string, Cell> = {};
    for (const [field, column] of Object.entries(mapping.columns)) {
      const c = cell(column);
      if (c !== undefined && field !== 'id' && field !== 'name') fields[field] = c;
    }
    const names: RowValues['names'] = [];
    for (const n of mapping.names) {
      const c = cell(n.column);
      if (c === undefined) continue;
      const values = n.separator === undefined ? [c.value] : c.value.split(n.separator).map((v) => v.trim());
      for (const value of values) if (value !== '') names.push({ value, lang: n.lang, kind: n.kind, column: n.column });
    }
    const identifiers: RowValues['identifiers'] = [];
    for (const [scheme, column] of Object.entries(mapping.identifiers)) {
      const c = cell(column);
      if (c !== undefined) identifiers.push({ scheme: scheme as IdentifierSchemeName, value: c.value, column });
    }
    const relations: RowRelation[] = mapping.relationships.map((r, n) => {
      const props: Record<string, Cell> = {};
      for (const [field, column] of Object.entries(r.columns)) {
        const c = cell(column);
        if (c !== undefined) props[field] = c;
      }
      const toId = cell(r.to?.id);
      const toName = cell(r.to?.name);
      const quote = cell(r.quote);
      return {
        mapping: n,
        type: r.type,
        ...(toId === undefined ? {} : { toId }),
        ...(toName === undefined ? {} : { toName }),
        ...(r.toId === undefined ? {} : { fixedTo: r.toId }),
        props,
        ...(quote === undefined ? {} : { quote }),
      };
    });
    const id = cell(mapping.columns['id']);
    const name = cell(mapping.columns['name']);
    const source = mapping.citation.source !== undefined ? { value: mapping.citation.source } : cell(mapping.citation.sourceColumn);
    const quote = cell(mapping.citation.quote);
    return {
      line: row.line,
      ...(id === undefined ? {} : { id }),
      ...(name === undefined ? {} : { name }),
      fields,
      names,
      identifiers,
      ...(source === undefined ? {} : { source }),
      ...(quote === undefined ? {} : { quote }),
      relations,
    };
  });
}

// ---- Matching results, as the domain hands them in ----------------------------------------------

/** What matching made of a row (the GraphQL enum SpreadsheetRowStatus, in capitals). */
export const ROW_STATUSES = ['new', 'matched', 'ambiguous'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowCandidate {
  id: string;
  name: string;
  score: number;
  by: string;
}

/** What matching decided for a row (or for the other end of a relationship). */
export interface RowMatch {
  status: RowStatus;
  /** The entity matched, or the id a new row gives. */
  id: string | null;
  by: string | null;
  candidates: RowCandidate[];
}

/** The key under which the domain answers for the other end a row names. */
export const targetKey = (r: RowRelation): string =>
  JSON.stringify([r.mapping, r.fixedTo ?? null, r.toId?.value ?? null, r.toName?.value ?? null]);

/** A row's report: its status, the entity it makes or restates, the candidates, its issues and notes. */
export interface RowReport {
  line: number;
  status: RowStatus;
  id: string | null;
  name: string | null;
  candidates: RowCandidate[];
  issues: DatasetIssue[];
  notes: string[];
}

/** The entities the rows make: one per matched entity, one per new one (rows naming the same one share it). */
export interface EntityGroup {
  /** Its place in the list of groups. */
  index: number;
  key: string;
  status: 'new' | 'matched';
  /** The matched id, the id a row gives, or (new, none given) the one the domain picks from `slug`. */
  id: string | null;
  slug: string;
  rows: number[];
}

const normalName = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const tokenOf = (i: { scheme: IdentifierSchemeName; value: string }): string => identifierKey(canonicalIdentifier(i as Identifier));

function rowIssue(sheet: Sheet, row: RowValues, column: string, message: string, entry?: string | null): DatasetIssue {
  return { file: sheet.file, path: column, line: row.line, ...(entry == null ? {} : { entry }), message };
}

/**
 * Which rows make which entity. A matched row restates the entity it matched; rows matching the
 * same one share it. New rows naming the same entity share one too: the same id, else the same
 * identifier, else (with neither) the same name. Two new entities of one name where either has
 * neither id nor identifier cannot be told apart: an issue on the later row.
 */
export function groupRows(
  sheet: Sheet,
  type: EntityLabel,
  rows: readonly RowValues[],
  matches: readonly RowMatch[],
): { groups: EntityGroup[]; groupOf: (number | null)[]; reports: RowReport[] } {
  const groups: EntityGroup[] = [];
  const byKey = new Map<string, EntityGroup>();
  const groupOf: (number | null)[] = [];
  const reports: RowReport[] = [];
  const plainNames = new Map<string, { group: EntityGroup; line: number; identified: boolean }>();
  rows.forEach((row, n) => {
    const match = matches[n]!;
    const report: RowReport = {
      line: row.line,
      status: match.status,
      id: match.status === 'ambiguous' ? null : match.id,
      name: row.name?.value ?? null,
      candidates: match.candidates,
      issues: [],
      notes: [],
    };
    reports.push(report);
    groupOf.push(null);
    if (match.status === 'ambiguous') {
      const column = row.name?.column ?? row.id?.column ?? '';
      const list = match.candidates.map((c) => `${c.id} (${c.name}, ${c.by} ${c.score})`).join(', ');
      report.issues.push(rowIssue(sheet, row, column, `ambiguous: matches ${list}; fill in the id column to say which (or give a new id)`));
      return;
    }
    let key: string;
    if (match.status === 'matched') key = `id:${match.id!}`;
    else if (row.id !== undefined) key = `id:${row.id.value}`;
    else if (row.identifiers.length > 0) key = `identifier:${tokenOf(row.identifiers[0]!)}`;
    else if (row.name !== undefined) key = `name:${normalName(row.name.value)}`;
    else {
      report.issues.push(rowIssue(sheet, row, '', 'a row needs a name (or the id of an entity in the graph)'));
      return;
    }
    // A new row whose identifier another new row already gave joins that row's entity.
    if (match.status === 'new' && row.id === undefined) {
      const shared = row.identifiers.map((i) => byKey.get(`identifier:${tokenOf(i)}`)).find((g) => g !== undefined);
      if (shared !== undefined) key = shared.key;
    }
    let group = byKey.get(key);
    if (group === undefined) {
      if (match.status === 'new' && row.id === undefined && row.name === undefined) {
        report.issues.push(rowIssue(sheet, row, '', 'a new entity needs a name'));
        return;
      }
      group = {
        index: groups.length,
        key,
        status: match.status,
        id: match.status === 'matched' ? match.id : (row.id?.value ?? null),
        slug: slugFor(type, row.name?.value ?? ''),
        rows: [],
      };
      byKey.set(key, group);
      for (const i of row.identifiers) if (!byKey.has(`identifier:${tokenOf(i)}`)) byKey.set(`identifier:${tokenOf(i)}`, group);
      groups.push(group);
      if (match.status === 'new' && row.name !== undefined) {
        const name = normalName(row.name.value);
        const identified = row.id !== undefined || row.identifiers.length > 0;
        const other = plainNames.get(name);
        if (other !== undefined && other.group !== group && (!identified || !other.identified)) {
          report.issues.push(
            rowIssue(
              sheet,
              row,
              row.name.column,
              `line ${other.line} makes a new entity of the same name: give both ids (or identifiers) to tell them apart, or the same one to make one`,
            ),
          );
        } else if (other === undefined) plainNames.set(name, { group, line: row.line, identified });
      }
    }
    group.rows.push(n);
    groupOf[n] = group.index;
  });
  return { groups, groupOf, reports };
}

/** The first free id of `base`, `base-2`, `base-3`… */
export function freeId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n += 1) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** What the domain found in the graph for the conversion. */
export interface GraphAnswers {
  /** Stored properties of the matched entities, by id. */
  stored: Map<string, Record<string, unknown>>;
  /** The other ends rows name, by targetKey. */
  targets: Map<string, RowMatch>;
  /** Relationships the graph holds from the matched entities to the ends the rows name. */
  between: readonly GraphRelationship[];
}

/** Where an entry (or a part of it) of the document came from: a row's line and a column. */
export interface Origin {
  row: number;
  column?: string;
}

export interface Converted {
  document: { sources: Record<string, unknown>[]; entities: Record<string, unknown>[]; relationships: Record<string, unknown>[] };
  /** By dataset path (entities[3].citations[0].quote, relationships[2], …). */
  origins: Map<string, Origin>;
  reports: RowReport[];
}

interface Draft {
  entry: Record<string, unknown>;
  path: string;
  /** Field → the value and the row that gave it first (a later row giving another value is an issue). */
  given: Map<string, { value: string; row: number }>;
}

/**
 * The dataset document of the rows, once every group has its id. A matched entity is restated:
 * its primary name stays, names and identifiers the rows add are appended to the stored ones,
 * citations add up, and (onMatch: fill) a field the graph already holds keeps its value. A new
 * one is made from its rows. Relationships restate the graph's relationship of the same natural
 * key (type, ends, title and period, or role), else take the derived id, or that with "--2", "--3"…
 * when the derived one is taken.
 */
export function buildDocument(
  sheet: Sheet,
  parsed: ParsedMapping,
  rows: readonly RowValues[],
  grouping: { groups: EntityGroup[]; groupOf: (number | null)[]; reports: RowReport[] },
  answers: GraphAnswers,
): Converted {
  const { mapping } = parsed;
  const { groups, groupOf, reports } = grouping;
  const origins = new Map<string, Origin>();
  const entities: Draft[] = [];
  const draftOf = new Map<EntityGroup, Draft>();

  for (const group of groups) {
    const path = `entities[${entities.length}]`;
    const first = group.rows[0]!;
    origins.set(path, { row: first });
    const entry: Record<string, unknown> = { id: group.id, type: mapping.type };
    const stored = group.status === 'matched' ? answers.stored.get(group.id!) : undefined;
    const known = stored === undefined ? {} : readFields(ENTITY_FIELDS, stored);
    if (group.status === 'new') {
      const n = group.rows.find((k) => rows[k]!.name !== undefined) ?? first;
      const name = rows[n]!.name!;
      entry['name'] = name.value;
      origins.set(`${path}.name`, { row: n, column: name.column });
    }
    // Every mapped field points at its column, on the entity's first row (a row that gives it says so below).
    for (const [field, column] of Object.entries(mapping.columns))
      if (!origins.has(`${path}.${field}`)) origins.set(`${path}.${field}`, { row: first, column });
    const draft: Draft = { entry, path, given: new Map() };
    entities.push(draft);
    draftOf.set(group, draft);

    const names = ((known['names'] as { value: string; lang: string; kind: string }[] | undefined) ?? []).slice();
    const nameCount = names.length;
    const allNames = [(known['name'] as string | undefined) ?? (entry['name'] as string), ...names.map((x) => x.value)].map(normalName);
    const identifiers = ((known['identifiers'] as Identifier[] | undefined) ?? []).map(canonicalIdentifier);
    const identifierCount = identifiers.length;
    const tokens = new Set(identifiers.map(identifierKey));
    const citations: { source: string; quote: string }[] = [];

    for (const n of group.rows) {
      const row = rows[n]!;
      const report = reports[n]!;
      report.id = group.id;
      const match = report.status === 'matched' ? report : null;
      // A matched row's name, when the entity lacks it and the match was not by name itself, becomes an alias.
      if (match !== null && row.name !== undefined && !allNames.includes(normalName(row.name.value))) {
        const by = report.candidates.find((c) => c.id === group.id)?.by;
        if (by === 'id' || by === 'identifier') {
          const lang: NameLang = mapping.nameLang ?? (hasHan(row.name.value) ? 'zh-Hans' : 'en');
          origins.set(`${path}.names[${names.length}]`, { row: n, column: row.name.column });
          names.push({ value: row.name.value, lang, kind: 'ALIAS' });
          allNames.push(normalName(row.name.value));
          report.notes.push(`"${row.name.value}" is added to ${group.id} as an alias`);
        }
      }
      for (const name of row.names) {
        if (names.some((x) => x.value === name.value && x.lang === name.lang)) continue;
        if (entry['name'] === name.value || known['name'] === name.value) continue;
        origins.set(`${path}.names[${names.length}]`, { row: n, column: name.column });
        names.push({ value: name.value, lang: name.lang, kind: name.kind });
        allNames.push(normalName(name.value));
      }
      for (const i of row.identifiers) {
        const token = tokenOf(i);
        if (tokens.has(token)) continue;
        tokens.add(token);
        origins.set(`${path}.identifiers[${identifiers.length}]`, { row: n, column: i.column });
        identifiers.push({ scheme: i.scheme, value: i.value });
        const holder = report.candidates.find((c) => c.by === 'identifier' && c.id !== group.id);
        if (holder !== undefined)
          report.issues.push(rowIssue(sheet, row, i.column, `${token} already identifies ${holder.id} (${holder.name})`, group.id));
      }
      for (const [field, cell] of Object.entries(row.fields)) {
        const had = known[field];
        if (had !== undefined && had !== cell.value && mapping.onMatch === 'fill') {
          report.notes.push(`${field}: the graph's value is kept ("${String(had)}"); onMatch: overwrite replaces it`);
          continue;
        }
        const earlier = draft.given.get(field);
        if (earlier !== undefined) {
          if (earlier.value !== cell.value) {
            const message = `${field} is "${earlier.value}" on line ${rows[earlier.row]!.line}, "${cell.value}" here`;
            report.issues.push(rowIssue(sheet, row, cell.column, message, group.id));
          }
          continue;
        }
        draft.given.set(field, { value: cell.value, row: n });
        if (had === cell.value) continue;
        entry[field] = cell.value;
        origins.set(`${path}.${field}`, { row: n, column: cell.column });
      }
      const citation = citationOf(sheet, row, report, mapping);
      if (citation !== null && !citations.some((c) => c.source === citation.source && c.quote === citation.quote)) {
        origins.set(`${path}.citations[${citations.length}]`, { row: n, column: mapping.citation.quote });
        origins.set(`${path}.citations[${citations.length}].source`, { row: n, column: mapping.citation.sourceColumn ?? '' });
        origins.set(`${path}.citations[${citations.length}].quote`, { row: n, column: mapping.citation.quote });
        citations.push(citation);
      }
    }
    if (names.length > nameCount || (group.status === 'new' && names.length > 0)) entry['names'] = names;
    if (identifiers.length > identifierCount || (group.status === 'new' && identifiers.length > 0)) entry['identifiers'] = identifiers;
    entry['citations'] = citations;
  }

  const relationships = buildRelationships(sheet, mapping, rows, groups, groupOf, reports, answers, origins);
  // Rows with a problem of their own make nothing (the import is refused anyway; a dry run still checks the rest).
  return {
    document: { sources: mapping.sources, entities: entities.map((d) => d.entry), relationships },
    origins,
    reports,
  };
}

function citationOf(sheet: Sheet, row: RowValues, report: RowReport, mapping: Mapping): { source: string; quote: string } | null {
  if (row.quote === undefined) {
    report.issues.push(
      rowIssue(sheet, row, mapping.citation.quote, 'every row needs a quote of its source (a verbatim sentence)', report.id),
    );
    return null;
  }
  if (row.source === undefined) {
    report.issues.push(
      rowIssue(sheet, row, mapping.citation.sourceColumn ?? '', 'every row needs the id of the source it quotes', report.id),
    );
    return null;
  }
  return { source: row.source.value, quote: row.quote.value };
}

function buildRelationships(
  sheet: Sheet,
  mapping: Mapping,
  rows: readonly RowValues[],
  groups: EntityGroup[],
  groupOf: (number | null)[],
  reports: RowReport[],
  answers: GraphAnswers,
  origins: Map<string, Origin>,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const byNaturalKey = new Map<string, { entry: Record<string, unknown>; path: string }>();
  const usedIds = new Set<string>();
  const graphByKey = new Map(answers.between.map((g) => [naturalKey(g), g.id]));
  const graphIds = new Set(answers.between.map((g) => g.id));
  rows.forEach((row, n) => {
    const g = groupOf[n];
    if (g == null) return;
    const from = groups[g]!.id!;
    const report = reports[n]!;
    for (const r of row.relations) {
      if (r.fixedTo === undefined && r.toId === undefined && r.toName === undefined) continue; // this row makes no such link
      const target = answers.targets.get(targetKey(r));
      const column = r.toId?.column ?? r.toName?.column ?? '';
      const shown = r.toId?.value ?? r.toName?.value ?? r.fixedTo ?? '';
      if (target === undefined || target.status === 'new') {
        const similar = target?.candidates.length ? `; similar: ${target.candidates.map((c) => `${c.id} (${c.name})`).join(', ')}` : '';
        report.issues.push(
          rowIssue(sheet, row, column, `${r.type}: no entity "${shown}" of the type it links to is in the graph${similar}`, from),
        );
        continue;
      }
      if (target.status === 'ambiguous') {
        const list = target.candidates.map((c) => `${c.id} (${c.name}, ${c.by} ${c.score})`).join(', ');
        report.issues.push(rowIssue(sheet, row, column, `${r.type}: "${shown}" is ambiguous: ${list}; give the id instead`, from));
        continue;
      }
      const to = target.id!;
      const props: Record<string, string> = Object.fromEntries(Object.entries(r.props).map(([k, c]) => [k, c.value]));
      const key = naturalKey({
        type: r.type,
        from,
        to,
        title: props['title'] ?? null,
        role: props['role'] ?? null,
        periodEdtf: props['period'] ?? null,
        attestedEdtf: props['attestedAt'] ?? null,
      });
      const quote = r.quote ?? row.quote;
      const citation = quote === undefined || row.source === undefined ? null : { source: row.source.value, quote: quote.value };
      let made = byNaturalKey.get(key);
      if (made === undefined) {
        let id = graphByKey.get(key);
        if (id === undefined) {
          const derived = relationshipId(r.type, from, to);
          id = derived;
          for (let k = 2; graphIds.has(id) || usedIds.has(id); k += 1) id = `${derived}--${k}`;
        }
        usedIds.add(id);
        made = { entry: { id, type: r.type, from, to, ...props, citations: [] }, path: `relationships[${out.length}]` };
        out.push(made.entry);
        byNaturalKey.set(key, made);
        origins.set(made.path, { row: n, column });
        // Every mapped property, given or not, points at its column (a required title left empty is the title's issue).
        for (const [field, col] of Object.entries(mapping.relationships[r.mapping]!.columns))
          origins.set(`${made.path}.${field}`, { row: n, column: col });
      }
      const list = made.entry['citations'] as { source: string; quote: string }[];
      if (citation !== null && !list.some((c) => c.source === citation.source && c.quote === citation.quote)) {
        const path = `${made.path}.citations[${list.length}]`;
        const quoteColumn = r.quote !== undefined ? r.quote.column : mapping.citation.quote;
        origins.set(path, { row: n, column: quoteColumn });
        origins.set(`${path}.quote`, { row: n, column: quoteColumn });
        origins.set(`${path}.source`, { row: n, column: mapping.citation.sourceColumn ?? '' });
        list.push(citation);
      }
    }
  });
  return out;
}

const LAST_SEGMENT = /(\.[^.[\]]+|\[\d+\])$/;

/** The row (and column) a dataset path of the document came from: the longest path with an origin. */
export function originOf(origins: Map<string, Origin>, path: string): Origin | undefined {
  for (let p = path; p !== ''; p = p.replace(LAST_SEGMENT, '')) {
    const found = origins.get(p);
    if (found !== undefined) return found;
    if (!LAST_SEGMENT.test(p)) break;
  }
  return undefined;
}

/** A dataset path as a list (sources[0].file → ['sources', 0, 'file']). */
export function pathList(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}
