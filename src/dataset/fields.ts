import { z } from 'zod';
import { parseDate, precisionRank } from '../model/dates.js';
import {
  canonicalIdentifier,
  IDENTIFIER_SCHEME_NAMES,
  identifierKey,
  identifierProblem,
  identifierUri,
  type Identifier,
  type IdentifierSchemeName,
} from '../model/identifiers.js';
import { dateProps, nameProps, timelineBucket, timelineKey, type Props } from '../model/props.js';
import {
  CLAIM_PROPERTIES,
  ENTITY_LABELS,
  FINDING_KINDS,
  KINDS,
  LABEL_OF_TYPE,
  NAME_KINDS,
  NAME_LANGS,
  TYPE_OF_LABEL,
} from '../model/vocabulary.js';
import { RELATIONSHIP_TYPES, type EntityLabel, type EntityTypeName, type RelationshipType } from '../model/vocabulary.js';
import {
  dateOf,
  edtfProperty,
  end,
  plain,
  present,
  relation,
  required,
  resolver,
  stored,
  type Args,
  type Field,
  type FieldRead,
  type Stored,
} from './field-kit.js';
import { CONTROL, edtf, id, relationshipIdText, text } from './scalars.js';
import type { ValidClaim, ValidEntity, ValidFinding, ValidRelationship, ValidSource } from './entries.js';

/**
 * The one field table. Each entry declares a field once: its input fields and their shapes (the
 * dataset format and the GraphQL inputs), the stored properties it writes, how it writes them and
 * reads them back (updates and restating imports start from `read`, so nothing stored is erased by
 * a field forgotten), and the GraphQL fields answered from them. Below, the GraphQL fields that
 * read relationships or load their own data. Section shapes (shape.ts), write plans (plan.ts),
 * projections, joins and field resolvers (graphql/field-table.ts) all derive from here; a GraphQL
 * field of these types that the table does not declare stops the server at startup.
 */

export type { Field, FieldRead } from './field-kit.js';

/** Properties the write path keeps itself, which no input field sets. */
export const SYSTEM_PROPERTIES = ['revision'] as const;

/** 'zh', 'zh-Hans', 'zh-CN' → zh; anything else → en. */
export const langOf = (lang: unknown): 'zh' | 'en' => (typeof lang === 'string' && lang.toLowerCase().startsWith('zh') ? 'zh' : 'en');

/** The names of an entity as parallel lists, the primary first (see nameProps). */
export function namesFromStored(p: Stored): { value: string; lang: string; kind: string }[] {
  const values = (p['nameValues'] as string[] | undefined) ?? [];
  const langs = (p['nameLangs'] as string[] | undefined) ?? [];
  const kinds = (p['nameKinds'] as string[] | undefined) ?? [];
  return values.map((value, n) => ({ value, lang: langs[n] ?? 'zh-Hans', kind: kinds[n] ?? 'ALIAS' }));
}

const NAME_STORED = ['name', 'nameValues', 'nameLangs', 'nameKinds', 'aliasText', 'pinyinText', 'searchText'] as const;
const DATE_STORED = ['edtf', 'earliest', 'latest', 'precision', 'precisionRank', 'approximate', 'uncertain', 'timelineKey'] as const;
const QUANTITY_STORED = ['quantityValues', 'quantityWhat', 'quantityWhatEn'] as const;

const NameShape = z.strictObject({ value: text(300), lang: z.enum(NAME_LANGS), kind: z.enum(NAME_KINDS) });
const QuantityShape = z.strictObject({ value: z.number().int().min(0).max(1e12), what: text(200), whatEn: text(200).optional() });

/** GraphQL reads every entity type shares. */
const NAME_READS = {
  name: stored([]),
  names: stored(['nameValues', 'nameLangs', 'nameKinds'], (p, args: Args) =>
    namesFromStored(p).filter(
      (n) => (args['lang'] == null || n.lang === args['lang']) && (args['kind'] == null || n.kind === args['kind']),
    ),
  ),
};

const descriptions = <V>(): Field<V> => ({
  inputs: { descriptionZh: text(4000).optional(), descriptionEn: text(4000).optional() },
  stored: ['descriptionZh', 'descriptionEn'],
  write: (v) => ({
    descriptionZh: ((v as Stored)['descriptionZh'] as string | undefined) ?? null,
    descriptionEn: ((v as Stored)['descriptionEn'] as string | undefined) ?? null,
  }),
  read: (p) => ({
    ...(present(p['descriptionZh']) ? { descriptionZh: p['descriptionZh'] } : {}),
    ...(present(p['descriptionEn']) ? { descriptionEn: p['descriptionEn'] } : {}),
  }),
  graphql: {
    description: stored(['descriptionZh', 'descriptionEn'], (p, args) => {
      const [first, second] =
        langOf(args['lang']) === 'zh' ? [p['descriptionZh'], p['descriptionEn']] : [p['descriptionEn'], p['descriptionZh']];
      return first ?? second ?? null;
    }),
  },
});

const IdentifierShape = z.strictObject({ scheme: z.enum(IDENTIFIER_SCHEME_NAMES), value: z.string().min(1).max(64) });

/**
 * Identifiers in authority files (Wikidata, CBDB, VIAF, ISNI, GeoNames), checked per scheme and
 * stored canonically as parallel lists, plus one token each ("WIKIDATA:Q42") for exact look-up.
 */
const identifiers = <V>(): Field<V> => {
  const listOf = (v: Stored): Identifier[] => ((v['identifiers'] as Identifier[] | undefined) ?? []).map(canonicalIdentifier);
  return {
    inputs: { identifiers: z.array(IdentifierShape).max(20).default([]) },
    stored: ['identifierSchemes', 'identifierValues', 'identifierText'],
    write: (v) => {
      const list = listOf(v as Stored);
      return list.length === 0
        ? { identifierSchemes: null, identifierValues: null, identifierText: null }
        : {
            identifierSchemes: list.map((i) => i.scheme),
            identifierValues: list.map((i) => i.value),
            identifierText: list.map(identifierKey).join(' '),
          };
    },
    read: (p) => {
      const list = identifiersFromStored(p);
      return list.length === 0 ? {} : { identifiers: list };
    },
    graphql: {
      identifiers: stored(['identifierSchemes', 'identifierValues'], (p) =>
        identifiersFromStored(p).map((i) => ({ ...i, uri: identifierUri(i) })),
      ),
    },
    check: (entry) => {
      const type = (entry['type'] as EntityLabel | undefined) ?? 'Source';
      const seen = new Set<string>();
      return ((entry['identifiers'] as Identifier[] | undefined) ?? []).flatMap((id, n) => {
        const problem = identifierProblem(id.scheme, id.value, type);
        if (problem !== null) return [{ input: 'identifiers', at: [n, 'value'], message: problem }];
        const key = identifierKey(canonicalIdentifier(id));
        if (seen.has(key)) return [{ input: 'identifiers', at: [n], message: `${key} is given twice` }];
        seen.add(key);
        return [];
      });
    },
  };
};

/** The identifiers an entity's stored properties hold. */
export function identifiersFromStored(p: { readonly identifierSchemes?: unknown; readonly identifierValues?: unknown }): Identifier[] {
  const schemes = (p.identifierSchemes as IdentifierSchemeName[] | undefined | null) ?? [];
  const values = (p.identifierValues as string[] | undefined | null) ?? [];
  return schemes.map((scheme, n) => ({ scheme, value: values[n] ?? '' }));
}

/** Entity types that have a kind (the vocabulary's KINDS). */
const KINDED = ENTITY_LABELS.filter((l) => KINDS[l] !== undefined);

export const ENTITY_FIELDS: readonly Field<ValidEntity>[] = [
  {
    inputs: { id, type: z.enum(ENTITY_LABELS).exclude(['Source']) },
    stored: ['id', 'type'],
    write: (e) => ({ id: e.id, type: TYPE_OF_LABEL[e.type] }),
    read: (p) => ({ id: p['id'], type: LABEL_OF_TYPE[p['type'] as EntityTypeName] }),
    graphql: { id: stored([]), type: stored([]) },
  },
  {
    inputs: { name: text(300), names: z.array(NameShape).max(100).default([]) },
    stored: NAME_STORED,
    write: (e) => nameProps(e.name, e.type, e.names),
    read: (p) => ({ name: p['name'], names: namesFromStored(p).slice(1) }),
    graphql: NAME_READS,
  },
  // Which kinds each type allows is checked with the entry (validate.ts), against the vocabulary.
  plain('kind', z.string(), { on: KINDED }),
  descriptions(),
  identifiers(),
  {
    inputs: { date: edtf.optional() },
    on: ['Event'],
    stored: [...DATE_STORED, 'spanClass', 'openBounds'],
    write: (e) => ({
      ...(e.type === 'Event' ? timelineBucket(e.date) : {}),
      ...(e.date === null
        ? {}
        : {
            ...dateProps(e.date),
            precisionRank: precisionRank(e.date.precision),
            approximate: e.date.approximate,
            uncertain: e.date.uncertain,
            timelineKey: timelineKey(e.date, e.id),
          }),
    }),
    read: (p) => (present(p['edtf']) ? { date: p['edtf'] } : {}),
    graphql: { date: stored(['edtf'], (p) => parseDate((p['edtf'] as string | undefined) ?? '')) },
  },
  {
    inputs: { quantities: z.array(QuantityShape).max(50).default([]) },
    on: ['Event'],
    stored: QUANTITY_STORED,
    // Stored with the date (only events have either), as graphs made so far hold them.
    write: (e): Props =>
      e.date === null
        ? {}
        : {
            quantityValues: e.quantities.map((q) => q.value),
            quantityWhat: e.quantities.map((q) => q.what),
            quantityWhatEn: e.quantities.map((q) => q.whatEn ?? ''),
          },
    read: (p) => {
      const values = (p['quantityValues'] as number[] | undefined) ?? [];
      const what = (p['quantityWhat'] as string[] | undefined) ?? [];
      const whatEn = (p['quantityWhatEn'] as string[] | undefined) ?? [];
      return { quantities: values.map((value, n) => ({ value, what: what[n], ...(whatEn[n] ? { whatEn: whatEn[n] } : {}) })) };
    },
    graphql: {
      quantities: stored(QUANTITY_STORED, (p) => {
        const r = (p['quantityValues'] as number[] | undefined) ?? [];
        const what = (p['quantityWhat'] as string[] | undefined) ?? [];
        const whatEn = (p['quantityWhatEn'] as string[] | undefined) ?? [];
        return r.map((value, n) => ({ value, what: what[n] ?? '', whatEn: whatEn[n] || null }));
      }),
    },
  },
  edtfProperty('birthDate', 'birthEdtf', edtf, { on: ['Person'] }),
];

export const SOURCE_FIELDS: readonly Field<ValidSource>[] = [
  {
    inputs: { id },
    stored: ['id', 'type'],
    write: (s) => ({ id: s.id, type: TYPE_OF_LABEL.Source }),
    read: (p) => ({ id: p['id'] }),
    graphql: { id: stored([]), type: stored([]) },
  },
  {
    // A source's text is given inline or as a `file` next to the dataset, which validation reads; only the text is stored.
    inputs: {
      file: text(500).optional(),
      text: z
        .string()
        .min(1)
        .max(10_000_000)
        .refine((v) => !CONTROL.test(v), 'must not contain control characters other than tabs and line breaks')
        .optional(),
    },
    stored: ['text'],
    write: (s) => ({ text: s.text }),
    read: (p) => ({ text: p['text'] }),
    // Source.text loads the text itself (a projection leaves it out).
    graphql: { text: resolver([]) },
  },
  {
    inputs: { title: text(500), titleEn: text(500).optional() },
    stored: [...NAME_STORED, 'title', 'titleEn'],
    write: (s) => ({
      ...nameProps(s.title, 'Source', s.titleEn === undefined ? [] : [{ value: s.titleEn, lang: 'en', kind: 'PRIMARY' }]),
      title: s.title,
      titleEn: s.titleEn ?? null,
    }),
    read: (p) => ({ title: p['title'], ...(present(p['titleEn']) ? { titleEn: p['titleEn'] } : {}) }),
    graphql: { ...NAME_READS, title: stored(['title'], (p) => p['title'] ?? p['name']), titleEn: stored(['titleEn']) },
  },
  plain('publisher', text(300)),
  plain('language', text(20)),
  descriptions(),
  identifiers(),
  {
    /** EDTF publication date, when known: "newer source" decides between equally good claims. */
    inputs: { published: edtf.optional() },
    stored: ['publishedEdtf'],
    write: (s) => ({ publishedEdtf: s.published ?? null }),
    read: (p) => (present(p['publishedEdtf']) ? { published: p['publishedEdtf'] } : {}),
    graphql: { published: stored(['publishedEdtf'], (p) => dateOf(p['publishedEdtf'])) },
  },
];

/** Relationship GraphQL types, by the relationship type they show (Relation shows them all). */
const POSITION_TYPES = ['Position', 'Relation'];
const PARTICIPATION_TYPES = ['Participation', 'Relation'];

export const RELATIONSHIP_FIELDS: readonly Field<ValidRelationship>[] = [
  {
    // The type and ends are the relationship itself, not properties of it.
    inputs: {
      id: relationshipIdText.optional(),
      type: z.enum(RELATIONSHIP_TYPES as [RelationshipType, ...RelationshipType[]]),
      from: id,
      to: id,
    },
    stored: ['id'],
    write: (r) => ({ id: r.id }),
    read: (p) => ({ id: p['id'] }),
    graphql: { id: stored(['id']) },
  },
  plain('title', text(200), { on: POSITION_TYPES }),
  plain('titleEn', text(200), { on: POSITION_TYPES }),
  plain('role', text(200), { on: PARTICIPATION_TYPES }),
  plain('roleEn', text(200), { on: PARTICIPATION_TYPES }),
  {
    inputs: { period: edtf.optional(), attestedAt: edtf.optional() },
    on: POSITION_TYPES,
    stored: ['periodEdtf', 'attestedEdtf', 'earliest', 'latest'],
    // earliest/latest: the span if known, else the attestation, so positions(at:) can use one index.
    write: (r) => {
      const effective = r.period ?? r.attestedAt;
      return {
        periodEdtf: r.period?.edtf ?? null,
        attestedEdtf: r.attestedAt?.edtf ?? null,
        earliest: effective?.earliest ?? null,
        latest: effective?.latest ?? null,
      };
    },
    read: (p) => ({
      ...(present(p['periodEdtf']) ? { period: p['periodEdtf'] } : {}),
      ...(present(p['attestedEdtf']) ? { attestedAt: p['attestedEdtf'] } : {}),
    }),
    graphql: {
      period: stored(['periodEdtf'], (p) => dateOf(p['periodEdtf'])),
      attestedAt: stored(['attestedEdtf'], (p) => dateOf(p['attestedEdtf'])),
    },
  },
];

export const FINDING_FIELDS: readonly Field<ValidFinding>[] = [
  required('id', id),
  required('event', id),
  required('kind', z.enum(FINDING_KINDS)),
  required('order', z.number().int().min(0).max(10_000)),
  required('text', text(2000)),
  plain('textEn', text(2000), { graphql: false }),
];

export const CLAIM_FIELDS: readonly Field<ValidClaim>[] = [
  required('id', id),
  required('about', z.string().min(1).max(300)),
  required('property', z.enum(CLAIM_PROPERTIES)),
  required('value', text(300)),
];

/**
 * GraphQL fields that read relationships or load their own data, by type. Relationship types are
 * answered from the graph's relationships: HELD_POSITION as Position, PARTICIPATED_IN as
 * Participation, any as Relation.
 */
export const LINK_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldRead>>>> = {
  Person: {
    positions: relation('HELD_POSITION', 'OUT', 'relationships', { end: 'organization', join: true }),
    participations: relation('PARTICIPATED_IN', 'OUT', 'relationships', { end: 'event', join: true }),
  },
  Organization: {
    parent: relation('PART_OF', 'OUT', 'one'),
    // Time slices: the database keeps only links that may overlap the date (open ends reach forever).
    units: relation('PART_OF', 'IN', 'ends', { dated: true, join: true }),
    positions: relation('HELD_POSITION', 'IN', 'relationships', { end: 'person', dated: true, join: true }),
    participations: relation('PARTICIPATED_IN', 'OUT', 'relationships', { end: 'event', join: true }),
    organized: relation('ORGANIZED', 'OUT', 'ends'),
    launched: relation('LAUNCHED', 'OUT', 'ends'),
  },
  Event: {
    place: relation('TOOK_PLACE_IN', 'OUT', 'one', { join: true }),
    participants: relation('PARTICIPATED_IN', 'IN', 'relationships', { end: 'entity', join: true }),
    organizers: relation('ORGANIZED', 'IN', 'ends', { join: true }),
    launched: relation('LAUNCHED', 'OUT', 'ends'),
    initiatives: relation(['LAUNCHED', 'ADVANCED'], 'OUT', 'ends'),
    reviewed: relation('REVIEWED', 'OUT', 'ends'),
    follows: relation('FOLLOWED', 'OUT', 'ends'),
    followedBy: relation('FOLLOWED', 'IN', 'ends'),
    dateClaims: resolver(['edtf']),
    findings: resolver(),
  },
  Initiative: {
    components: relation('COMPONENT_OF', 'IN', 'ends'),
    partOf: relation('COMPONENT_OF', 'OUT', 'one'),
    launchedBy: relation('LAUNCHED', 'IN', 'ends'),
    advancedBy: relation('ADVANCED', 'IN', 'ends'),
  },
  Place: {
    events: relation('TOOK_PLACE_IN', 'IN', 'ends'),
  },
  Source: {
    mentions: resolver(),
  },
  Position: {
    person: end('from'),
    organization: end('to'),
    title: stored(['title'], (p) => p['title'] ?? ''),
    citations: resolver(['id']),
    titleClaims: resolver(['id', 'title']),
  },
  Participation: {
    entity: end('from'),
    event: end('to'),
    citations: resolver(['id']),
  },
  Relation: {
    type: stored([]),
    direction: stored([]),
    other: end('other'),
    from: end('from'),
    to: end('to'),
    // A MENTIONS link's evidence is the entity's citations in that source (see the resolver).
    citations: resolver(['id']),
  },
  // Neighbourhood nodes and edges: their resolvers read the entity or relationship they wrap.
  GraphNode: {
    id: resolver(),
    label: resolver(['name']),
    type: resolver(['type']),
    group: resolver(['type']),
    title: resolver(['nameValues', 'nameLangs', 'descriptionEn']),
    depth: stored([]),
    entity: resolver(),
  },
  GraphEdge: {
    id: stored([]),
    from: resolver(),
    to: resolver(),
    source: resolver(),
    target: resolver(),
    type: stored([]),
    label: resolver(['title', 'role']),
    // The whole relationship, with its ends loaded whole.
    relation: resolver('ALL'),
  },
};

/** Reads every entity type has besides its fields: the write path's revision, citations, relations. */
const ENTITY_READS: Readonly<Record<string, FieldRead>> = {
  revision: stored(['revision'], (p) => p['revision'] ?? 0),
  citations: resolver(),
  relations: resolver(),
};

/** The GraphQL types whose fields the table declares: the entity types and the relationship views. */
export const ENTITY_TYPES: readonly EntityLabel[] = ENTITY_LABELS;
export const RELATIONSHIP_VIEWS = ['Position', 'Participation', 'Relation'] as const;
export const TABLE_TYPES: readonly string[] = [...ENTITY_TYPES, ...RELATIONSHIP_VIEWS, 'GraphNode', 'GraphEdge'];

function readsOfFields(fields: readonly Field<never>[], type: string): Record<string, FieldRead> {
  return Object.assign({}, ...fields.filter((f) => f.on === undefined || f.on.includes(type)).map((f) => f.graphql ?? {})) as Record<
    string,
    FieldRead
  >;
}

/** How each GraphQL field of `type` is read, derived from the table. */
export function fieldReads(type: string): Readonly<Record<string, FieldRead>> {
  const links = LINK_FIELDS[type] ?? {};
  if ((ENTITY_TYPES as readonly string[]).includes(type)) {
    const fields = (type === 'Source' ? SOURCE_FIELDS : ENTITY_FIELDS) as readonly Field<never>[];
    return { ...ENTITY_READS, ...readsOfFields(fields, type), ...links };
  }
  if ((RELATIONSHIP_VIEWS as readonly string[]).includes(type)) {
    return { ...readsOfFields(RELATIONSHIP_FIELDS as readonly Field<never>[], type), ...links };
  }
  return links;
}

/** Stored properties of one record, from its validated input. */
export function writeFields<V>(fields: readonly Field<V>[], valid: V): Props {
  return Object.assign({}, ...fields.map((f) => f.write(valid))) as Props;
}

/** The input fields of one record, from its stored properties (no citations: they are nodes). */
export function readFields(fields: readonly Pick<Field<never>, 'read'>[], storedProps: Stored): Record<string, unknown> {
  return Object.assign({}, ...fields.map((f) => f.read(storedProps))) as Record<string, unknown>;
}

/** Stored properties that no field declares: what a new property forgotten in the table looks like. */
export function undeclaredKeys(fields: readonly Pick<Field<never>, 'stored'>[], storedProps: Stored): string[] {
  const declared = new Set<string>([...SYSTEM_PROPERTIES, ...fields.flatMap((f) => f.stored)]);
  return Object.keys(storedProps).filter((k) => !declared.has(k));
}

/** The field table of an entity label. */
export function entityFieldsOf(label: EntityLabel): readonly Pick<Field<never>, 'read' | 'stored'>[] {
  return label === 'Source' ? SOURCE_FIELDS : ENTITY_FIELDS;
}

/** The input shape of a section, composed from its fields (plus what is not a field: citations, a source's file). */
export const inputsOf = (fields: readonly Pick<Field<never>, 'inputs'>[]): z.ZodRawShape =>
  Object.assign({}, ...fields.map((f) => f.inputs)) as z.ZodRawShape;
