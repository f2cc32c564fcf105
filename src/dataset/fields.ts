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
import { dateProps, nameIn, nameProps, timelineBucket, timelineKey, type Props } from '../model/props.js';
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
import { isEntityLabel, RELATIONSHIP_TYPES, type EntityLabel, type EntityTypeName, type RelationshipType } from '../model/vocabulary.js';
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
import { locationProperty } from './location-field.js';
import { edtf, id, NO_CONTROL, relationshipIdText, text } from './scalars.js';
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

const NAME_STORED = [
  'name',
  'nameValues',
  'nameLangs',
  'nameKinds',
  'aliasText',
  'pinyinText',
  'searchText',
  'sortName',
  'nameKeys',
] as const;
const DATE_STORED = ['edtf', 'earliest', 'latest', 'precision', 'precisionRank', 'approximate', 'uncertain', 'timelineKey'] as const;
const QUANTITY_STORED = ['quantityValues', 'quantityWhat', 'quantityWhatEn'] as const;

const NameShape = z
  .strictObject({
    value: text(300).describe('The name as written.'),
    lang: z.enum(NAME_LANGS).describe('Its language: `zh-Hans` (Chinese), `en` or `pinyin`.'),
    kind: z.enum(NAME_KINDS).describe('`PRIMARY` (the main name in that language), `ALIAS`, `ABBREVIATION` or `FORMER`.'),
  })
  .meta({ id: 'Name', description: 'One more name of an entity.' });
const QuantityShape = z
  .strictObject({
    value: z.number().int().min(0).max(1e12).describe('The number, a whole number (0 or more).'),
    what: text(200).describe('What is counted, in Chinese (阶段).'),
    whatEn: text(200).optional().describe('The same in English (stages).'),
  })
  .meta({ id: 'Quantity', description: 'A number the source states about an event.' });

/** GraphQL reads every entity type shares. */
const NAME_READS = {
  // No lang: the primary name, in the language of the sources; en falls back to pinyin, never to Chinese.
  name: stored(
    ['name', 'type', 'nameValues', 'nameLangs', 'nameKinds'],
    (p, args: Args) => (args['lang'] == null ? p['name'] : nameIn(p, langOf(args['lang']))),
    ['name'],
  ),
  names: stored(['nameValues', 'nameLangs', 'nameKinds'], (p, args: Args) =>
    namesFromStored(p).filter(
      (n) => (args['lang'] == null || n.lang === args['lang']) && (args['kind'] == null || n.kind === args['kind']),
    ),
  ),
};

const descriptions = <V>(): Field<V> => ({
  inputs: {
    descriptionZh: text(4000).optional().describe("A short description in Chinese, in the curator's words (not cited)."),
    descriptionEn: text(4000).optional().describe("A short description in English, in the curator's words (not cited)."),
  },
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
      // Documented: the other language's text when this one has none, unless the client asks for no fallback.
      return first ?? (args['fallback'] === false ? null : second) ?? null;
    }),
  },
});

const IdentifierShape = z.strictObject({
  scheme: z
    .enum(IDENTIFIER_SCHEME_NAMES)
    .describe('The authority file: WIKIDATA, CBDB (people), VIAF, ISNI (people, organizations), GEONAMES (places).'),
  value: z
    .string()
    .min(1)
    .max(64)
    .describe(
      'Its id there, checked per scheme and stored canonically: `Q42`, a CBDB or VIAF or GeoNames number, an ISNI of 16 characters.',
    ),
});

/**
 * Identifiers in authority files (Wikidata, CBDB, VIAF, ISNI, GeoNames), checked per scheme and
 * stored canonically as parallel lists, plus one token each ("WIKIDATA:Q42") for exact look-up.
 */
const identifiers = <V>(): Field<V> => {
  const listOf = (v: Stored): Identifier[] => ((v['identifiers'] as Identifier[] | undefined) ?? []).map(canonicalIdentifier);
  return {
    inputs: {
      identifiers: z
        .array(IdentifierShape)
        .max(20)
        .default([])
        .describe('Where this entity is in authority files; only ids you are certain of, with where they come from in your notes.'),
    },
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

/** The entity types a data file may give (a source is a section of its own). */
const ENTITY_TYPES_IN_FILES = ENTITY_LABELS.filter((l): l is Exclude<EntityLabel, 'Source'> => l !== 'Source');

/** Entity types that have a kind (the vocabulary's KINDS). */
const KINDED = ENTITY_LABELS.filter((l) => KINDS[l] !== undefined);

export const ENTITY_FIELDS: readonly Field<ValidEntity>[] = [
  {
    inputs: {
      id: id.describe(
        'Stable id, a readable slug that by convention starts with its type (`person-hu-xian`, `event-2003-work-style-year`); never contains `--`. An id the graph already holds restates that entity: the fields given win, the fields left out keep their values, citations add up.',
      ),
      type: z
        .enum([...ENTITY_TYPES_IN_FILES, ...ENTITY_TYPES_IN_FILES.map((l) => TYPE_OF_LABEL[l])])
        .transform((t): Exclude<EntityLabel, 'Source'> => (isEntityLabel(t) ? t : LABEL_OF_TYPE[t]) as Exclude<EntityLabel, 'Source'>)
        .describe(
          "What the entity is; it decides which fields and `kind`s it may have. It cannot change for an id in the graph. `Person` (the label of the graph) is canonical in data files; the API's upper-case `PERSON` is accepted too and means the same.",
        ),
    },
    stored: ['id', 'type'],
    write: (e) => ({ id: e.id, type: TYPE_OF_LABEL[e.type] }),
    read: (p) => ({ id: p['id'], type: LABEL_OF_TYPE[p['type'] as EntityTypeName] }),
    graphql: { id: stored([]), type: stored([]) },
  },
  {
    inputs: {
      name: text(300).describe('The primary name, in the language of the source (zh-Hans for a Chinese source).'),
      names: z
        .array(NameShape)
        .max(100)
        .default([])
        .describe('Other names: English, pinyin, aliases, abbreviations, former names. Pinyin is generated when none is given.'),
    },
    stored: NAME_STORED,
    write: (e) => nameProps(e.name, e.type, e.names),
    read: (p) => ({ name: p['name'], names: namesFromStored(p).slice(1) }),
    graphql: NAME_READS,
  },
  // Which kinds each type allows is checked with the entry (validate.ts), against the vocabulary.
  plain('kind', z.string().describe('Its kind within its type, from the closed vocabulary (schema/vocabulary.md); a Person has none.'), {
    on: KINDED,
  }),
  descriptions(),
  identifiers(),
  {
    inputs: {
      date: edtf
        .optional()
        .describe(
          'When the event happened, in EDTF: `2003`, `2002-07`, `2006-07-07/2006-07-08` (a span: it lasted throughout), `[2002-06..2006-07]` (at some time within, not throughout), `2002-06/..` (open end), `2003~` (about), `2002?` (uncertain). Events only, and every event needs one.',
        ),
    },
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
    inputs: {
      quantities: z.array(QuantityShape).max(50).default([]).describe('Numbers the source states about the event (4 stages). Events only.'),
    },
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
  edtfProperty('birthDate', 'birthEdtf', edtf.describe('Date of birth, in EDTF (`1950`, `1950-03`). People only.'), { on: ['Person'] }),
  locationProperty({ on: ['Place'] }),
];

export const SOURCE_FIELDS: readonly Field<ValidSource>[] = [
  {
    inputs: { id: id.describe('Stable id of the source (`src-curator-note-002`); never contains `--`. Citations name it.') },
    stored: ['id', 'type'],
    write: (s) => ({ id: s.id, type: TYPE_OF_LABEL.Source }),
    read: (p) => ({ id: p['id'] }),
    graphql: { id: stored([]), type: stored([]) },
  },
  {
    // A source's text is given inline or as a `file` next to the dataset, which validation reads; only the text is stored.
    inputs: {
      file: text(500)
        .optional()
        .describe(
          "Where the text is: a path relative to the folder of the dataset file, inside that folder's parent (`../sources/note.txt`), read as UTF-8 byte for byte. Give `file` or `text`; `importDataset` reads no files, so there it is `text`.",
        ),
      text: z
        .string()
        .min(1)
        .max(10_000_000)
        .regex(NO_CONTROL, 'must not contain control characters other than tabs and line breaks')
        .optional()
        .describe(
          'The whole text of the source, inline: quotes are searched in it exactly as it is. Give `text` or `file`. Once the graph holds citations of a source, its text cannot change.',
        ),
    },
    stored: ['text'],
    write: (s) => ({ text: s.text }),
    read: (p) => ({ text: p['text'] }),
    // Source.text loads the text itself (a projection leaves it out).
    graphql: { text: resolver([]) },
  },
  {
    inputs: {
      title: text(500).describe('The title, in the language of the source.'),
      titleEn: text(500).optional().describe('The title in English.'),
    },
    stored: [...NAME_STORED, 'title', 'titleEn'],
    write: (s) => ({
      ...nameProps(s.title, 'Source', s.titleEn === undefined ? [] : [{ value: s.titleEn, lang: 'en', kind: 'PRIMARY' }]),
      title: s.title,
      titleEn: s.titleEn ?? null,
    }),
    read: (p) => ({ title: p['title'], ...(present(p['titleEn']) ? { titleEn: p['titleEn'] } : {}) }),
    graphql: { ...NAME_READS, title: stored(['title'], (p) => p['title'] ?? p['name']), titleEn: stored(['titleEn']) },
  },
  plain('publisher', text(300).describe('Who published it (for a note the project wrote: the project).')),
  plain(
    'column',
    text(300).describe(
      'Where in the publication it appeared, as the publication names it: a column, section or path of a website (`民进专题 > 民进各级组织机关建设巡礼专题 > 广东民进`).',
    ),
  ),
  plain('language', text(20).describe('Language tag of the text (`zh-Hans`, `en`).')),
  descriptions(),
  identifiers(),
  {
    /** EDTF publication date, when known: between competing claims, the source closest in time to the fact is preferred. */
    inputs: {
      published: edtf
        .optional()
        .describe(
          'When it was published, in EDTF, as closely as known (a range such as `2006-07-08/..` when the text only shows it was written after a date): between competing claims, the source published closest in time to what is claimed is preferred; an undated source comes after every dated one.',
        ),
    },
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
      id: relationshipIdText
        .optional()
        .describe(
          'Usually left out: the id is derived as `from--type--to`, the type in lowercase with hyphens (`person-hu-xian--held-position--org-capd-guangdong`). Give one only for a second relationship of one type between the same two entities: the derived id, `--` and a suffix (`…--2`).',
        ),
      type: z
        .enum(RELATIONSHIP_TYPES as [RelationshipType, ...RelationshipType[]])
        .describe('The relationship type; each joins only certain types of entity (schema/vocabulary.md).'),
      from: id.describe('Id of the entity it goes from: in this dataset, or already in the graph.'),
      to: id.describe('Id of the entity it goes to: in this dataset, or already in the graph.'),
    },
    stored: ['id'],
    write: (r) => ({ id: r.id }),
    read: (p) => ({ id: p['id'] }),
    graphql: { id: stored(['id']) },
  },
  plain('title', text(200).describe('HELD_POSITION only, and required there: the title as the source gives it (主委).'), {
    on: POSITION_TYPES,
  }),
  plain('titleEn', text(200).describe('HELD_POSITION only: the title in English (Chair).'), { on: POSITION_TYPES }),
  plain('role', text(200).describe('PARTICIPATED_IN only, and required there: the role in the event (发言).'), {
    on: PARTICIPATION_TYPES,
  }),
  plain('roleEn', text(200).describe('PARTICIPATED_IN only: the role in English (speaker).'), { on: PARTICIPATION_TYPES }),
  {
    inputs: {
      period: edtf.optional().describe('When it held, in EDTF, if the source says (`2002-06/2007`).'),
      attestedAt: edtf
        .optional()
        .describe('A date at which the source shows it held, when it says nothing of when it began or ended (`2003`).'),
    },
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
  required('id', id.describe('Stable id of the finding (`finding-2006-achievement-1`); never contains `--`.')),
  required('event', id.describe('Id of the Event that recorded it: in this dataset, or already in the graph.')),
  required('kind', z.enum(FINDING_KINDS).describe('`ACHIEVEMENT`, `SHORTCOMING` or `CONCLUSION`.')),
  required('order', z.number().int().min(0).max(10_000).describe('Its place in the list of its kind in the source (1, 2, …).')),
  required('text', text(2000).describe('The finding in short, in the words of the source: its heading where the source numbers them.')),
  plain(
    'detail',
    text(4000).describe(
      'The finding in full, in the language and, as far as possible, the words of the source (Chinese for a Chinese source): what `text` heads, as `textEn` gives it in English.',
    ),
    { graphql: false },
  ),
  plain('textEn', text(2000).describe('The finding in full, in English.'), { graphql: false }),
];

export const CLAIM_FIELDS: readonly Field<ValidClaim>[] = [
  required('id', id.describe('Stable id of the claim (`claim-symposium-date-curator-note`); never contains `--`.')),
  required(
    'about',
    z
      .string()
      .min(1)
      .max(300)
      .describe(
        'What it is about: an Event id (for `date`), the id of a HELD_POSITION relationship of this dataset (for `title`), or of any relationship of this dataset (for `attestedAt`).',
      ),
  ),
  required(
    'property',
    z
      .enum(CLAIM_PROPERTIES)
      .describe(
        "Which fact it gives a value for: an event's `date`, a position's `title`, or the date a source shows a relationship held at (`attestedAt`; these never compete: the curated one stays preferred).",
      ),
  ),
  required('value', text(300).describe('The value this source gives: an EDTF date (for `date` and `attestedAt`), or a title.')),
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
    titleClaims: resolver(['id', 'title', 'earliest', 'latest']),
    attestedAtClaims: resolver(['id', 'attestedEdtf']),
  },
  Participation: {
    entity: end('from'),
    event: end('to'),
    citations: resolver(['id']),
    attestedAtClaims: resolver(['id', 'attestedEdtf']),
  },
  Relation: {
    type: stored([]),
    direction: stored([]),
    other: end('other'),
    from: end('from'),
    to: end('to'),
    // A MENTIONS link's evidence is the entity's citations in that source (see the resolver).
    citations: resolver(['id']),
    attestedAtClaims: resolver(['id', 'attestedEdtf']),
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

// The table is constant: each type's reads are derived once (resolvers ask per request, per type).
const READS = new Map<string, Readonly<Record<string, FieldRead>>>();

/** How each GraphQL field of `type` is read, derived from the table (once per type). */
export function fieldReads(type: string): Readonly<Record<string, FieldRead>> {
  let reads = READS.get(type);
  if (reads === undefined) {
    reads = Object.freeze(deriveReads(type));
    READS.set(type, reads);
  }
  return reads;
}

function deriveReads(type: string): Record<string, FieldRead> {
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
