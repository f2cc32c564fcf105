import { z } from 'zod';
import { IDENTIFIER_SCHEME_NAMES, type IdentifierSchemeName } from '../../model/identifiers.js';
import {
  ENTITY_LABELS,
  NAME_KINDS,
  NAME_LANGS,
  RELATIONSHIP_RULES,
  RELATIONSHIP_TYPES,
  withArticle,
  type EntityLabel,
  type NameKind,
  type NameLang,
  type RelationshipType,
} from '../../model/vocabulary.js';
import { appliesTo, type Field } from '../field-kit.js';
import { ENTITY_FIELDS, RELATIONSHIP_FIELDS } from '../fields.js';
import { formatPath, type DatasetIssue } from '../issues.js';
import { parseDatasetText } from '../load.js';
import { id } from '../scalars.js';

/**
 * The mapping of a spreadsheet (YAML, like the datasets): which entity type each row makes, which
 * column holds each of its fields, its names and authority-file identifiers, the citation of the
 * row (a source, fixed or from a column, and a quote column), the relationships each row makes, and
 * sources to import along. Which fields a column may fill is read from the field table
 * (fields.ts): every text input of the type, so a field added there can be mapped at once.
 */

/** A column header as the mapping names it. */
const column = z.string().trim().min(1, 'a column name cannot be empty').max(200);

/** Text inputs of a field table: the inputs a spreadsheet cell can fill, by the types they apply to. */
function textInputs<V>(fields: readonly Field<V>[]): { input: string; field: Field<V> }[] {
  return fields.flatMap((field) =>
    Object.entries(field.inputs).flatMap(([input, shape]) => {
      const inner = shape instanceof z.ZodOptional ? shape.unwrap() : shape;
      return inner instanceof z.ZodString ? [{ input, field }] : [];
    }),
  );
}

const ENTITY_TEXT = textInputs(ENTITY_FIELDS);
/** A relationship's ends and id are the import's to set, not a column's. */
const RELATIONSHIP_TEXT = textInputs(RELATIONSHIP_FIELDS).filter((x) => !['id', 'from', 'to'].includes(x.input));

/** Entity fields a column may fill for this type (id and name among them). */
export function entityColumnFields(type: EntityLabel): string[] {
  return ENTITY_TEXT.filter((x) => appliesTo(x.field, type)).map((x) => x.input);
}

/** GraphQL type whose fields show a relationship type's properties (see fields.ts). */
const SHOWN_AS: Partial<Record<RelationshipType, string>> = { HELD_POSITION: 'Position', PARTICIPATED_IN: 'Participation' };

/** Relationship properties a column may fill for this type (title for HELD_POSITION, role for PARTICIPATED_IN, …). */
export function relationshipColumnFields(type: RelationshipType): string[] {
  const shownAs = SHOWN_AS[type];
  return RELATIONSHIP_TEXT.filter((x) => x.field.on === undefined || (shownAs !== undefined && x.field.on.includes(shownAs))).map(
    (x) => x.input,
  );
}

const NameColumnShape = z.strictObject({
  column,
  lang: z.enum(NAME_LANGS),
  kind: z.enum(NAME_KINDS).default('ALIAS'),
  /** Several names in one cell, split on this text (e.g. ";" or "、"). */
  separator: z.string().min(1).max(5).optional(),
});

const RelationshipShape = z
  .strictObject({
    type: z.enum(RELATIONSHIP_TYPES as [RelationshipType, ...RelationshipType[]]),
    /** Columns naming the other end: an id, a name (matched like the rows: name, alias, toneless pinyin), or both (a filled id wins). */
    to: z
      .strictObject({ id: column.optional(), name: column.optional() })
      .refine((t) => t.id !== undefined || t.name !== undefined, 'give the column of the id or of the name of the other end')
      .optional(),
    /** Or one entity every row links to. */
    toId: id.optional(),
    columns: z.record(z.string(), column).default({}),
    /** A column with a quote of its own for this relationship; default: the row's quote. */
    quote: column.optional(),
  })
  .refine((r) => (r.to === undefined) !== (r.toId === undefined), 'give either `to` (columns) or `toId` (one entity for every row)');

export const MappingShape = z.strictObject({
  type: z.enum(ENTITY_LABELS).exclude(['Source']),
  /** The CSV field delimiter. */
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
  /** A matched row's cell for a field the graph already holds: `fill` keeps the graph's value (noted in the row's report), `overwrite` replaces it. */
  onMatch: z.enum(['fill', 'overwrite']).default('fill'),
  /** Language of the name column, when a matched row's name is added to the entity as an alias; default: zh-Hans for Han text, else en. */
  nameLang: z.enum(NAME_LANGS).optional(),
  columns: z.record(z.string(), column),
  names: z.array(NameColumnShape).max(20).default([]),
  identifiers: z.record(z.string(), column).default({}),
  citation: z
    .strictObject({ source: id.optional(), sourceColumn: column.optional(), quote: column })
    .refine(
      (c) => (c.source === undefined) !== (c.sourceColumn === undefined),
      'give either `source` (one source for every row) or `sourceColumn`',
    ),
  relationships: z.array(RelationshipShape).max(20).default([]),
  /** Sources imported with the spreadsheet, as in a dataset (`file` relative to the mapping). */
  sources: z.array(z.record(z.string(), z.unknown())).max(100).default([]),
});

export interface NameColumn {
  column: string;
  lang: NameLang;
  kind: NameKind;
  separator?: string | undefined;
}

export interface RelationshipMapping {
  type: RelationshipType;
  to?: { id?: string | undefined; name?: string | undefined } | undefined;
  toId?: string | undefined;
  columns: Record<string, string>;
  quote?: string | undefined;
}

export interface Mapping {
  type: Exclude<EntityLabel, 'Source'>;
  delimiter: string;
  onMatch: 'fill' | 'overwrite';
  nameLang?: NameLang | undefined;
  columns: Record<string, string>;
  names: NameColumn[];
  identifiers: Partial<Record<IdentifierSchemeName, string>>;
  citation: { source?: string | undefined; sourceColumn?: string | undefined; quote: string };
  relationships: RelationshipMapping[];
  sources: Record<string, unknown>[];
}

/** A parsed mapping, and where each of its parts is (for issues of its sources, and of columns missing from the sheet). */
export interface ParsedMapping {
  mapping: Mapping;
  file: string;
  baseDir: string | null;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export const MAPPING_MAX_CHARS = 1_000_000;

/** Every column a mapping reads, with the mapping path that names it. */
export function mappedColumns(m: Mapping): { column: string; path: (string | number)[] }[] {
  const out: { column: string; path: (string | number)[] }[] = [];
  for (const [field, col] of Object.entries(m.columns)) out.push({ column: col, path: ['columns', field] });
  m.names.forEach((n, i) => out.push({ column: n.column, path: ['names', i, 'column'] }));
  for (const [scheme, col] of Object.entries(m.identifiers)) out.push({ column: col, path: ['identifiers', scheme] });
  if (m.citation.sourceColumn !== undefined) out.push({ column: m.citation.sourceColumn, path: ['citation', 'sourceColumn'] });
  out.push({ column: m.citation.quote, path: ['citation', 'quote'] });
  m.relationships.forEach((r, i) => {
    if (r.to?.id !== undefined) out.push({ column: r.to.id, path: ['relationships', i, 'to', 'id'] });
    if (r.to?.name !== undefined) out.push({ column: r.to.name, path: ['relationships', i, 'to', 'name'] });
    for (const [field, col] of Object.entries(r.columns)) out.push({ column: col, path: ['relationships', i, 'columns', field] });
    if (r.quote !== undefined) out.push({ column: r.quote, path: ['relationships', i, 'quote'] });
  });
  return out;
}

/** What the shape cannot say: fields the type lacks, schemes that do not exist, relationships the type cannot start. */
function meaningIssues(m: Mapping): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const fields = entityColumnFields(m.type);
  for (const field of Object.keys(m.columns)) {
    if (!fields.includes(field)) {
      issues.push({
        path: ['columns', field],
        message: `${withArticle(m.type)} has no field "${field}" a column can fill; it has ${fields.join(', ')}`,
      });
    }
  }
  if (m.columns['name'] === undefined) issues.push({ path: ['columns'], message: 'map the column of the name (columns.name)' });
  if (m.type === 'Event' && m.columns['date'] === undefined)
    issues.push({ path: ['columns'], message: 'an event needs a date: map its column (columns.date)' });
  for (const scheme of Object.keys(m.identifiers)) {
    if (!(IDENTIFIER_SCHEME_NAMES as string[]).includes(scheme)) {
      issues.push({
        path: ['identifiers', scheme],
        message: `unknown identifier scheme "${scheme}"; known: ${IDENTIFIER_SCHEME_NAMES.join(', ')}`,
      });
    }
  }
  m.relationships.forEach((r, i) => {
    const rule = RELATIONSHIP_RULES[r.type];
    if (!(rule.from as readonly string[]).includes(m.type)) {
      issues.push({
        path: ['relationships', i, 'type'],
        message: `${r.type} goes from ${rule.from.join(' or ')}, not from ${withArticle(m.type)}`,
      });
    }
    const allowed = relationshipColumnFields(r.type);
    for (const field of Object.keys(r.columns)) {
      if (!allowed.includes(field)) {
        issues.push({
          path: ['relationships', i, 'columns', field],
          message: `${r.type} has no "${field}"; it has ${allowed.join(', ') || 'no properties'}`,
        });
      }
    }
    for (const needed of rule.required) {
      if (r.columns[needed] === undefined)
        issues.push({ path: ['relationships', i, 'columns'], message: `${r.type} needs "${needed}": map its column` });
    }
  });
  return issues;
}

/** Parses and checks a mapping; issues name the mapping's file and line. */
export function parseMapping(text: string, file: string, baseDir: string | null): { parsed?: ParsedMapping; issues: DatasetIssue[] } {
  if (text.length > MAPPING_MAX_CHARS)
    return { issues: [{ file, path: '', message: `the mapping is over ${MAPPING_MAX_CHARS} characters` }] };
  const { doc, issues } = parseDatasetText(text, file, baseDir);
  if (doc === undefined) return { issues };
  const result = MappingShape.safeParse(doc.data ?? {});
  const issue = (path: (string | number)[], message: string): DatasetIssue => ({
    file,
    path: formatPath(path),
    line: doc.lineOf(path),
    message,
  });
  if (!result.success) {
    return {
      issues: result.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        return issue(path, i.message);
      }),
    };
  }
  const mapping = result.data as Mapping;
  const meaning = meaningIssues(mapping);
  if (meaning.length > 0) return { issues: meaning.map((i) => issue(i.path, i.message)) };
  return { parsed: { mapping, file, baseDir, lineOf: doc.lineOf }, issues: [] };
}
