import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseDate, DateParseError, type ParsedDate } from '../model/dates.js';
import { KINDS, RELATIONSHIP_RULES, withArticle, type EntityLabel, type RelationshipType } from '../model/vocabulary.js';
import { appliesTo, type Field } from './field-kit.js';
import { ENTITY_FIELDS, RELATIONSHIP_FIELDS } from './fields.js';
import type { RelationshipBetweenRow } from '../queries/import.js';
import { formatPath, type DatasetIssue } from './issues.js';
import { describeNearest, nearestPassage } from './nearest-passage.js';
import type { ParsedDocument } from './load.js';
import { parseDataset } from './shape.js';
import type {
  CitationInput,
  ClaimInput,
  EntityInput,
  FindingInput,
  FurtherInputs,
  LocatedCitation,
  ParsedDataset,
  RelationshipInput,
  SourceInput,
  ValidClaim,
  ValidDataset,
  ValidEntity,
  ValidFinding,
  ValidRelationship,
  ValidSource,
} from './entries.js';

export type { LocatedCitation, ValidClaim, ValidDataset, ValidEntity, ValidFinding, ValidRelationship, ValidSource } from './entries.js';

/** What the graph already holds, so a dataset may link to its entities and quote its sources. */
export interface GraphFacts {
  label(id: string): EntityLabel | undefined;
  sourceText(id: string): string | undefined;
  /** The ends of a relationship of this type and id in the graph, if there is one. */
  relationship?(type: RelationshipType, id: string): { from: string; to: string } | undefined;
  /** The curated relationships the graph holds from one entity to another, to flag likely duplicates. */
  relationshipsBetween?(from: string, to: string): GraphRelationship[];
  /** Where an id that neither the documents nor the graph define may be: said to the curator with "unknown id". */
  elsewhere?(id: string): string | undefined;
  /** The entity an id was merged into: the id names no entity of its own any more (reads follow it there). */
  mergedInto?(id: string): string | undefined;
}

const NOTHING_KNOWN: GraphFacts = { label: () => undefined, sourceText: () => undefined };

/**
 * Rules by type that the section shapes cannot state, checked here and emitted into the JSON Schema
 * (json-schema.ts) from these same constants: inputs an entity type requires, and relationship
 * inputs that only one type has (reported at the first of them).
 */
export const ENTITY_TYPE_REQUIRES: Readonly<Partial<Record<EntityLabel, readonly string[]>>> = { Event: ['date'] };
export const RELATIONSHIP_TYPE_ONLY: Readonly<Partial<Record<RelationshipType, readonly string[]>>> = {
  HELD_POSITION: ['title', 'titleEn'],
  PARTICIPATED_IN: ['role', 'roleEn'],
};

/** Where a quote first occurs in a text: UTF-16 offsets (end exclusive) and a 1-based line; null if absent. */
export function locateQuote(text: string, quote: string): { start: number; end: number; line: number } | null {
  const start = text.indexOf(quote);
  if (start < 0) return null;
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < start; at = text.indexOf('\n', at + 1)) line += 1;
  return { start, end: start + quote.length, line };
}

/** Quotes not found whose nearest passage a validation looks for (each costs a scan of its source); later ones are just named. */
export const NEAREST_SEARCHES = 20;

/** Why a quote is not in a text: the message of validation and of the curation mutations. */
export function quoteNotFound(sourceId: string, text: string, quote: string, searchNearest = true): string {
  const nearest = searchNearest ? `; ${describeNearest(nearestPassage(text, quote))}` : '';
  return `quote not found verbatim in source ${sourceId}: "${quote}"${nearest}`;
}

/** Default relationship id: readable, and stable across imports so MERGE finds it again. */
export function relationshipId(type: string, from: string, to: string): string {
  return `${from}--${type.toLowerCase().replace(/_/g, '-')}--${to}`;
}

/**
 * Whether an explicit relationship id has the one allowed form: the derived id, or the derived id,
 * "--" and a suffix without "--" (a second position of one person in one organization). Entity ids
 * never contain "--", so the type can be read back from the id: relationship ids cannot collide
 * with entity ids, nor with relationships of another type.
 */
export function isRelationshipIdOf(id: string, type: string, from: string, to: string): boolean {
  const derived = relationshipId(type, from, to);
  if (id === derived) return true;
  return id.startsWith(`${derived}--`) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id.slice(derived.length + 2));
}

/** The suffix of an explicit relationship id after its derived part ('' for a derived id). */
export function relationshipIdSuffix(id: string, type: string, from: string, to: string): string {
  const derived = relationshipId(type, from, to);
  return id.startsWith(`${derived}--`) ? id.slice(derived.length) : '';
}

/**
 * Validates whole documents before anything is written: shape, unique ids, closed vocabulary,
 * EDTF, label pairs of relationships, and every quote found verbatim in its source.
 */
export function validateDataset(
  docs: ParsedDocument[],
  known: GraphFacts = NOTHING_KNOWN,
): { dataset?: ValidDataset; issues: DatasetIssue[] } {
  const issues: DatasetIssue[] = [];
  const parts: { doc: ParsedDocument; data: ParsedDataset }[] = [];

  for (const doc of docs) {
    const parsed = parseDataset(doc.data ?? {});
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        issues.push({ file: doc.file, path: formatPath(path), entry: entryId(doc.data, path), line: doc.lineOf(path), message: i.message });
      }
    } else {
      parts.push({ doc, data: parsed.data });
    }
  }
  if (issues.length > 0) return { issues };

  const ctx = new Checker(issues, known);
  for (const { doc, data } of parts) ctx.collectIds(doc, data);
  for (const { doc, data } of parts) ctx.loadSources(doc, data.sources);
  const dataset: ValidDataset = { sources: ctx.sources, entities: [], relationships: [], findings: [], claims: [] };
  const placed: PlacedRelationship[] = [];
  for (const { doc, data } of parts) {
    data.entities.forEach((e, n) => {
      const v = ctx.entity(doc, e, ['entities', n]);
      if (v) dataset.entities.push(v);
    });
    data.relationships.forEach((r, n) => {
      const v = ctx.relationship(doc, r, ['relationships', n]);
      if (v) dataset.relationships.push(v);
      if (v) placed.push({ relationship: v, doc, path: ['relationships', n] });
    });
    data.findings.forEach((f, n) => {
      const v = ctx.finding(doc, f, ['findings', n]);
      if (v) dataset.findings.push(v);
    });
  }
  for (const { doc, data } of parts) {
    data.claims.forEach((c, n) => {
      const v = ctx.claim(doc, c, ['claims', n]);
      if (v) dataset.claims.push(v);
    });
  }
  flagLikelyDuplicates(placed, known, issues);
  return issues.length > 0 ? { issues } : { dataset, issues };
}

function entryId(data: unknown, path: readonly (string | number)[]): string | undefined {
  const [section, index] = path;
  if (typeof section !== 'string' || typeof index !== 'number') return undefined;
  const list = (data as Record<string, unknown> | null)?.[section];
  const entry = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  return typeof entry?.['id'] === 'string' ? entry['id'] : undefined;
}

type Path = (string | number)[];

class Checker {
  readonly sources: ValidSource[] = [];
  private readonly labels = new Map<string, EntityLabel | 'Finding' | 'Claim'>();
  /** The document that first defines each id, to say where a duplicate's twin is. */
  private readonly definedIn = new Map<string, { doc: ParsedDocument; path: Path }>();
  private readonly texts = new Map<string, string>();
  private readonly relationshipIds = new Set<string>();
  private readonly relationshipTypes = new Map<string, RelationshipType>();
  private nearestSearches = 0;

  constructor(
    private readonly issues: DatasetIssue[],
    private readonly known: GraphFacts,
  ) {}

  private report(doc: ParsedDocument, path: Path, message: string): void {
    this.issues.push({ file: doc.file, path: formatPath(path), entry: entryId(doc.data, path), line: doc.lineOf(path), message });
  }

  collectIds(
    doc: ParsedDocument,
    data: { sources: SourceInput[]; entities: EntityInput[]; findings: FindingInput[]; claims: ClaimInput[] },
  ): void {
    // Citations are keyed by the id they are about: one id across all four sections.
    const add = (id: string, label: EntityLabel | 'Finding' | 'Claim', path: Path): void => {
      const inGraph = this.known.label(id);
      const first = this.definedIn.get(id);
      if (first !== undefined) {
        const line = first.doc.lineOf(first.path);
        const where = `${first.doc.file}${line === undefined ? '' : `:${line}`}`;
        this.report(
          doc,
          path,
          first.doc === doc
            ? `duplicate id "${id}" (first at ${where})`
            : `duplicate id "${id}" (first in ${where}): one import states an id once; an entry restating what another file defined is checked against the graph that holds it`,
        );
      } else if (inGraph !== undefined && inGraph !== label)
        this.report(doc, path, `"${id}" is already a ${inGraph} in the graph; it cannot become ${label}`);
      else if (inGraph === undefined && this.known.mergedInto?.(id) !== undefined)
        // Created again, it would stand beside the survivor that every read of the id leads to.
        this.report(doc, path, `${this.merged(id)}: state the entry under that id, or revert the merge to bring "${id}" back`);
      else {
        this.labels.set(id, label);
        this.definedIn.set(id, { doc, path });
      }
    };
    data.sources.forEach((s, n) => add(s.id, 'Source', ['sources', n, 'id']));
    data.entities.forEach((e, n) => add(e.id, e.type, ['entities', n, 'id']));
    data.findings.forEach((f, n) => add(f.id, 'Finding', ['findings', n, 'id']));
    data.claims.forEach((c, n) => add(c.id, 'Claim', ['claims', n, 'id']));
  }

  loadSources(doc: ParsedDocument, sources: SourceInput[]): void {
    sources.forEach((s, n) => {
      const { file, text: inline, ...rest } = s;
      let text = inline;
      if (file !== undefined) {
        if (doc.baseDir === null) return this.report(doc, ['sources', n, 'file'], 'files cannot be read here: give the text inline');
        const abs = resolve(doc.baseDir, file);
        const rel = relative(resolve(doc.baseDir, '..'), abs);
        if (rel.startsWith('..') || !existsSync(abs)) {
          return this.report(doc, ['sources', n, 'file'], `source file not found next to the dataset: ${file}`);
        }
        text = readFileSync(abs, 'utf8');
      }
      if (text === undefined) return this.report(doc, ['sources', n], 'a source needs its text: give `file` or `text`');
      this.texts.set(s.id, text);
      this.sources.push({ ...rest, text });
    });
  }

  private labelOf(id: string): EntityLabel | 'Finding' | 'Claim' | undefined {
    return this.labels.get(id) ?? this.known.label(id);
  }

  private unknown(id: string): string {
    if (this.known.mergedInto?.(id) !== undefined) return `${this.merged(id)}: refer to that id`;
    const hint = this.known.elsewhere?.(id);
    return `unknown id "${id}"${hint === undefined ? '' : `: ${hint}`}`;
  }

  private merged(id: string): string {
    return `"${id}" was merged into "${this.known.mergedInto?.(id) ?? ''}"`;
  }

  /** What the field table says of an entry beyond its shape: inputs its type does not have, and each field's own checks. */
  private fieldIssues(doc: ParsedDocument, fields: readonly Field<never>[], type: string, entry: FurtherInputs, path: Path): void {
    for (const field of fields) {
      if (!appliesTo(field, type)) {
        for (const input of Object.keys(field.inputs)) {
          const value = entry[input];
          if (value !== undefined && !(Array.isArray(value) && value.length === 0))
            this.report(doc, [...path, input], `${withArticle(type)} has no ${input}`);
        }
      } else {
        for (const issue of field.check?.(entry) ?? [])
          this.report(doc, [...path, ...issue.input.split('.'), ...(issue.at ?? [])], issue.message);
      }
    }
  }

  private date(doc: ParsedDocument, value: string | undefined, path: Path): ParsedDate | null | false {
    if (value === undefined) return null;
    try {
      return parseDate(value);
    } catch (e) {
      this.report(doc, path, e instanceof DateParseError ? e.message : `invalid EDTF date "${value}"`);
      return false;
    }
  }

  private citations(doc: ParsedDocument, list: CitationInput[], path: Path): LocatedCitation[] {
    const out: LocatedCitation[] = [];
    list.forEach((c, n) => {
      const text = this.texts.get(c.source) ?? this.known.sourceText(c.source);
      if (text === undefined) {
        const hint = this.known.elsewhere?.(c.source);
        const why =
          this.labelOf(c.source) !== undefined
            ? `"${c.source}" is not a source`
            : `no such source${hint === undefined ? '' : ` (${hint})`}`;
        return this.report(doc, [...path, n, 'source'], `cannot check the quote: ${why}`);
      }
      const found = locateQuote(text, c.quote);
      if (found === null) {
        this.nearestSearches += 1;
        return this.report(doc, [...path, n, 'quote'], quoteNotFound(c.source, text, c.quote, this.nearestSearches <= NEAREST_SEARCHES));
      }
      out.push({ sourceId: c.source, quote: c.quote, ...found });
    });
    return out;
  }

  entity(doc: ParsedDocument, e: EntityInput, path: Path): ValidEntity | undefined {
    const before = this.issues.length;
    this.fieldIssues(doc, ENTITY_FIELDS, e.type, e, path);
    const kinds = KINDS[e.type];
    if (e.kind !== undefined && kinds !== undefined && !kinds.includes(e.kind)) {
      this.report(doc, [...path, 'kind'], `unknown ${e.type} kind "${e.kind}"; allowed: ${kinds.join(', ')}`);
    }
    for (const input of ENTITY_TYPE_REQUIRES[e.type] ?? []) {
      if (e[input] === undefined)
        this.report(doc, [...path, input], input === 'date' ? 'an event needs a date (EDTF)' : `a ${e.type} needs ${input}`);
    }
    const date = this.date(doc, e.date, [...path, 'date']);
    const citations = this.citations(doc, e.citations, [...path, 'citations']);
    if (this.issues.length > before || date === false) return undefined;
    return { ...e, date, citations };
  }

  relationship(doc: ParsedDocument, r: RelationshipInput, path: Path): ValidRelationship | undefined {
    const before = this.issues.length;
    const type = r.type as RelationshipType;
    const rule = RELATIONSHIP_RULES[type];
    for (const end of ['from', 'to'] as const) {
      const label = this.labelOf(r[end]);
      const allowed: readonly string[] = rule[end];
      if (label === undefined) this.report(doc, [...path, end], this.unknown(r[end]));
      else if (!allowed.includes(label)) {
        this.report(
          doc,
          [...path, end],
          `${type} ${end === 'from' ? 'goes from' : 'goes to'} ${allowed.join(' or ')}, not ${label} "${r[end]}"`,
        );
      }
    }
    for (const prop of rule.required) {
      if (r[prop as keyof RelationshipInput] === undefined) this.report(doc, [...path, prop], `${type} needs "${prop}"`);
    }
    for (const [only, inputs] of Object.entries(RELATIONSHIP_TYPE_ONLY)) {
      if (type !== only && inputs.some((input) => r[input] !== undefined))
        this.report(doc, [...path, inputs[0]!], `only ${only} has a ${inputs[0]}`);
    }
    for (const field of RELATIONSHIP_FIELDS)
      for (const issue of field.check?.(r) ?? []) this.report(doc, [...path, issue.input], issue.message);
    const id = r.id ?? relationshipId(type, r.from, r.to);
    if (r.id !== undefined && !isRelationshipIdOf(r.id, type, r.from, r.to)) {
      this.report(
        doc,
        [...path, 'id'],
        `a relationship id is "${relationshipId(type, r.from, r.to)}" or that followed by "--" and a suffix (e.g. "--2"), not "${r.id}": ids name one thing only`,
      );
    }
    if (this.relationshipIds.has(id)) {
      this.report(doc, path, `duplicate relationship "${id}": give each of the two an explicit id`);
    }
    const inGraph = this.known.relationship?.(type, id);
    if (inGraph !== undefined && (inGraph.from !== r.from || inGraph.to !== r.to)) {
      // The id is unique within its type (a constraint): this would be a second relationship under it.
      this.report(
        doc,
        r.id === undefined ? path : [...path, 'id'],
        `${type} "${id}" already links ${inGraph.from} to ${inGraph.to} in the graph; give this one an id of its own`,
      );
    }
    this.relationshipIds.add(id);
    this.relationshipTypes.set(id, type);
    const period = this.date(doc, r.period, [...path, 'period']);
    const attestedAt = this.date(doc, r.attestedAt, [...path, 'attestedAt']);
    const citations = this.citations(doc, r.citations, [...path, 'citations']);
    if (this.issues.length > before || period === false || attestedAt === false) return undefined;
    return { ...r, id, type, period, attestedAt, citations };
  }

  claim(doc: ParsedDocument, c: ClaimInput, path: Path): ValidClaim | undefined {
    const before = this.issues.length;
    if (c.property === 'date') {
      const label = this.labelOf(c.about);
      if (label !== 'Event')
        this.report(
          doc,
          [...path, 'about'],
          label === undefined ? this.unknown(c.about) : `a date claim is about an Event, not a ${label}`,
        );
      this.date(doc, c.value, [...path, 'value']);
    } else if (c.property === 'attestedAt') {
      if (!this.relationshipTypes.has(c.about))
        this.report(doc, [...path, 'about'], `an attestedAt claim is about a relationship of this dataset, not "${c.about}"`);
      this.date(doc, c.value, [...path, 'value']);
    } else if (this.relationshipTypes.get(c.about) !== 'HELD_POSITION') {
      this.report(doc, [...path, 'about'], `a title claim is about a HELD_POSITION relationship of this dataset, not "${c.about}"`);
    }
    const citations = this.citations(doc, c.citations, [...path, 'citations']);
    return this.issues.length > before ? undefined : { ...c, citations };
  }

  finding(doc: ParsedDocument, f: FindingInput, path: Path): ValidFinding | undefined {
    const before = this.issues.length;
    const label = this.labelOf(f.event);
    if (label !== 'Event')
      this.report(doc, [...path, 'event'], label === undefined ? this.unknown(f.event) : `"${f.event}" is a ${label}, not an Event`);
    const citations = this.citations(doc, f.citations, [...path, 'citations']);
    return this.issues.length > before ? undefined : { ...f, citations };
  }
}

// ---- Likely duplicates: the same fact restated under another id ---------------------------------

/** A curated relationship of the graph, with the properties its natural key reads (as the import's look-up returns it). */
export type GraphRelationship = RelationshipBetweenRow;

interface PlacedRelationship {
  relationship: ValidRelationship;
  doc: ParsedDocument;
  path: Path;
}

/**
 * What makes two relationships the same fact whatever their ids: type and ends, plus what tells
 * such links apart. A person may hold two titles in one organization, or one title in two
 * periods (so the period, or the date it is attested at, is part of a position's key); one may
 * take part in an event in several roles. Other types carry nothing that distinguishes them.
 */
export function naturalKey(r: {
  type: string;
  from: string;
  to: string;
  title?: string | null;
  role?: string | null;
  periodEdtf?: string | null;
  attestedEdtf?: string | null;
}): string {
  const extra =
    r.type === 'HELD_POSITION'
      ? [r.title ?? '', r.periodEdtf ?? '', r.attestedEdtf ?? '']
      : r.type === 'PARTICIPATED_IN'
        ? [r.role ?? '']
        : [];
  return JSON.stringify([r.type, r.from, r.to, ...extra]);
}

function keyOf(r: ValidRelationship): string {
  return naturalKey({ ...r, periodEdtf: r.period?.edtf ?? null, attestedEdtf: r.attestedAt?.edtf ?? null });
}

/** Flags a relationship whose natural key another one has under a different id, in the dataset or the graph, naming both. */
function flagLikelyDuplicates(placed: PlacedRelationship[], known: GraphFacts, issues: DatasetIssue[]): void {
  const seen = new Map<string, PlacedRelationship>();
  // A graph relationship this dataset restates is judged by its new state, among the dataset's own.
  const restated = new Set(placed.map((p) => p.relationship.id));
  for (const p of placed) {
    const r = p.relationship;
    const key = keyOf(r);
    const report = (other: string): void => {
      issues.push({
        file: p.doc.file,
        path: formatPath(p.path),
        entry: r.id,
        line: p.doc.lineOf(p.path),
        message: `likely duplicate: "${r.id}" states the same ${r.type} from ${r.from} to ${r.to}${describeKey(r)} as ${other}; restate it under that id, or tell the two apart`,
      });
    };
    const first = seen.get(key);
    if (first !== undefined && first.relationship.id !== r.id) {
      const line = first.doc.lineOf(first.path);
      report(`"${first.relationship.id}" (${first.doc.file}${line === undefined ? '' : `:${line}`})`);
      continue;
    }
    if (first === undefined) seen.set(key, p);
    const inGraph = (known.relationshipsBetween?.(r.from, r.to) ?? []).find((g) => !restated.has(g.id) && naturalKey(g) === key);
    if (inGraph !== undefined) report(`"${inGraph.id}" already in the graph`);
  }
}

function describeKey(r: ValidRelationship): string {
  if (r.type === 'PARTICIPATED_IN') return ` in the role "${r.role ?? ''}"`;
  if (r.type !== 'HELD_POSITION') return '';
  const when = r.period !== null ? ` for ${r.period.edtf}` : r.attestedAt !== null ? ` attested at ${r.attestedAt.edtf}` : '';
  return ` with the title "${r.title ?? ''}"${when}`;
}
