import { precisionRank } from '../model/dates.js';
import { LABEL_OF_TYPE, TYPE_OF_LABEL, type EntityLabel, type EntityTypeName } from '../model/vocabulary.js';
import { dateProps, nameProps, timelineBucket, timelineKey, type Props } from '../model/props.js';
import type { ValidClaim, ValidEntity, ValidFinding, ValidRelationship, ValidSource } from './validate.js';

/**
 * How each input field of the dataset format is stored, declared once: `write` turns the validated
 * field into stored properties, `read` turns stored properties back into the input field. Imports
 * and mutations write through `write`; updates and restating imports start from `read`, so a
 * stored property cannot be forgotten by one and erased by the other: tests list the properties no
 * field declares (`undeclaredKeys`: none, in the seed and in the graph after the write-safety
 * attacks) and round-trip every seeded entity and relationship through both.
 */
export interface Field<V> {
  /** The input fields it reads (the dataset's and the GraphQL inputs' names). */
  inputs: readonly string[];
  /** Every stored property it may write. */
  stored: readonly string[];
  write(valid: V): Props;
  read(stored: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** Properties the write path keeps itself, which no input field sets. */
export const SYSTEM_PROPERTIES = ['revision'] as const;

const present = (v: unknown): boolean => v !== null && v !== undefined;

/** An optional text stored under its own name (null when absent). */
function plain<V>(name: keyof V & string): Field<V> {
  return {
    inputs: [name],
    stored: [name],
    write: (v) => ({ [name]: (v[name] as string | undefined) ?? null }),
    read: (p) => (present(p[name]) ? { [name]: p[name] } : {}),
  };
}

/** The names of an entity as parallel lists, the primary first (see nameProps). */
export function namesFromStored(p: Readonly<Record<string, unknown>>): { value: string; lang: string; kind: string }[] {
  const values = (p['nameValues'] as string[] | undefined) ?? [];
  const langs = (p['nameLangs'] as string[] | undefined) ?? [];
  const kinds = (p['nameKinds'] as string[] | undefined) ?? [];
  return values.map((value, n) => ({ value, lang: langs[n] ?? 'zh-Hans', kind: kinds[n] ?? 'ALIAS' }));
}

const NAME_STORED = ['name', 'nameValues', 'nameLangs', 'nameKinds', 'aliasText', 'pinyinText'] as const;
const DATE_STORED = ['edtf', 'earliest', 'latest', 'precision', 'precisionRank', 'approximate', 'uncertain', 'timelineKey'] as const;
const QUANTITY_STORED = ['quantityValues', 'quantityWhat', 'quantityWhatEn'] as const;

export const ENTITY_FIELDS: readonly Field<ValidEntity>[] = [
  {
    inputs: ['id', 'type'],
    stored: ['id', 'type'],
    write: (e) => ({ id: e.id, type: TYPE_OF_LABEL[e.type] }),
    read: (p) => ({ id: p['id'], type: LABEL_OF_TYPE[p['type'] as EntityTypeName] }),
  },
  {
    inputs: ['name', 'names'],
    stored: NAME_STORED,
    write: (e) => nameProps(e.name, e.type, e.names),
    read: (p) => ({ name: p['name'], names: namesFromStored(p).slice(1) }),
  },
  plain('kind'),
  plain('descriptionZh'),
  plain('descriptionEn'),
  {
    inputs: ['date'],
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
  },
  {
    inputs: ['quantities'],
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
  },
];

export const SOURCE_FIELDS: readonly Field<ValidSource>[] = [
  {
    inputs: ['id'],
    stored: ['id', 'type'],
    write: (s) => ({ id: s.id, type: TYPE_OF_LABEL.Source }),
    read: (p) => ({ id: p['id'] }),
  },
  {
    inputs: ['title', 'titleEn'],
    stored: [...NAME_STORED, 'title', 'titleEn'],
    write: (s) => ({
      ...nameProps(s.title, 'Source', s.titleEn === undefined ? [] : [{ value: s.titleEn, lang: 'en', kind: 'PRIMARY' }]),
      title: s.title,
      titleEn: s.titleEn ?? null,
    }),
    read: (p) => ({ title: p['title'], ...(present(p['titleEn']) ? { titleEn: p['titleEn'] } : {}) }),
  },
  plain('publisher'),
  plain('language'),
  plain('descriptionZh'),
  plain('descriptionEn'),
  {
    inputs: ['published'],
    stored: ['publishedEdtf'],
    write: (s) => ({ publishedEdtf: s.published ?? null }),
    read: (p) => (present(p['publishedEdtf']) ? { published: p['publishedEdtf'] } : {}),
  },
  {
    inputs: ['text'],
    stored: ['text'],
    write: (s) => ({ text: s.text }),
    read: (p) => ({ text: p['text'] }),
  },
];

export const RELATIONSHIP_FIELDS: readonly Field<ValidRelationship>[] = [
  { inputs: ['id'], stored: ['id'], write: (r) => ({ id: r.id }), read: (p) => ({ id: p['id'] }) },
  plain('title'),
  plain('titleEn'),
  plain('role'),
  plain('roleEn'),
  {
    inputs: ['period', 'attestedAt'],
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
  },
];

/** A required value stored under its own name. */
function required<V>(name: keyof V & string): Field<V> {
  return { inputs: [name], stored: [name], write: (v) => ({ [name]: v[name] as string | number }), read: (p) => ({ [name]: p[name] }) };
}

export const FINDING_FIELDS: readonly Field<ValidFinding>[] = [
  required('id'),
  required('event'),
  required('kind'),
  required('order'),
  required('text'),
  plain('textEn'),
];

export const CLAIM_FIELDS: readonly Field<ValidClaim>[] = [required('id'), required('about'), required('property'), required('value')];

/** Stored properties of one record, from its validated input. */
export function writeFields<V>(fields: readonly Field<V>[], valid: V): Props {
  return Object.assign({}, ...fields.map((f) => f.write(valid))) as Props;
}

/** The input fields of one record, from its stored properties (no citations: they are nodes). */
export function readFields(
  fields: readonly Pick<Field<never>, 'read'>[],
  stored: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.assign({}, ...fields.map((f) => f.read(stored))) as Record<string, unknown>;
}

/** Stored properties that no field declares: what a new property forgotten in the table looks like. */
export function undeclaredKeys(fields: readonly Pick<Field<never>, 'stored'>[], stored: Readonly<Record<string, unknown>>): string[] {
  const declared = new Set<string>([...SYSTEM_PROPERTIES, ...fields.flatMap((f) => f.stored)]);
  return Object.keys(stored).filter((k) => !declared.has(k));
}

/** The field table of an entity label. */
export function entityFieldsOf(label: EntityLabel): readonly Pick<Field<never>, 'read' | 'stored'>[] {
  return label === 'Source' ? SOURCE_FIELDS : ENTITY_FIELDS;
}
