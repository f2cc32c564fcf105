import type { z } from 'zod';
import { DateParseError, parseDate, tryParseDate, type ParsedDate } from '../model/dates.js';
import type { Props } from '../model/props.js';
import type { EntityLabel, RelationshipType } from '../model/vocabulary.js';

/** Stored properties as read back from the graph (or a record holding them). */
export type Stored = Readonly<Record<string, unknown>>;
/** A GraphQL field's arguments. */
export type Args = Readonly<Record<string, unknown>>;

/**
 * How one GraphQL field is read:
 * - `stored`: from stored properties of its parent (its own name when no `resolve` is given);
 *   `bare`: the fewer it reads when asked with no arguments at all (`name` without `lang`: `name`);
 * - `relation`: the relationships of these types and direction (`returns` them, their other
 *   `ends`, or `one` end); `end` names the sub-field where a returned relationship's other end is
 *   read; `dated` fields take `at`; `join` fields come along with lookups and timeline pages;
 * - `end`: one end of a relationship (`other`: the end it was not reached from);
 * - `resolver`: a hand-written resolver (it loads its own data), reading these properties of its parent.
 */
export type FieldRead =
  | { kind: 'stored'; props: readonly string[]; bare?: readonly string[]; resolve?: (stored: Stored, args: Args) => unknown }
  | {
      kind: 'relation';
      types: readonly RelationshipType[];
      direction: 'OUT' | 'IN';
      returns: 'relationships' | 'ends' | 'one';
      end?: string;
      dated?: boolean;
      join?: boolean;
    }
  | { kind: 'end'; end: 'from' | 'to' | 'other' }
  | { kind: 'resolver'; props: readonly string[] | 'ALL' };

export const stored = (
  props: readonly string[],
  resolve?: (stored: Stored, args: Args) => unknown,
  bare?: readonly string[],
): FieldRead => ({
  kind: 'stored',
  props,
  ...(resolve === undefined ? {} : { resolve }),
  ...(bare === undefined ? {} : { bare }),
});
export const relation = (
  types: RelationshipType | readonly RelationshipType[],
  direction: 'OUT' | 'IN',
  returns: 'relationships' | 'ends' | 'one',
  options: { end?: string; dated?: boolean; join?: boolean } = {},
): FieldRead => ({
  kind: 'relation',
  types: typeof types === 'string' ? [types as RelationshipType] : types,
  direction,
  returns,
  ...options,
});
export const end = (which: 'from' | 'to' | 'other'): FieldRead => ({ kind: 'end', end: which });
export const resolver = (props: readonly string[] | 'ALL' = []): FieldRead => ({ kind: 'resolver', props });

/** An issue with one input field that its shape alone cannot see (an EDTF date that does not parse). */
export interface FieldIssue {
  /** The input it is about; a dotted path reaches inside one (location.source). */
  input: string;
  /** Where inside the input, for lists (e.g. [2, 'value']). */
  at?: (string | number)[];
  message: string;
}

/**
 * One field of the dataset format, declared once: its input fields and their shapes (the dataset's
 * and the GraphQL inputs' names), the stored properties it writes, how it writes them from the
 * validated input and reads them back into input form, and the GraphQL fields answered from them.
 */
export interface Field<V> {
  /** The input fields it reads, with their shapes; section shapes are composed from these. */
  inputs: z.ZodRawShape;
  /** The entity types (or relationship GraphQL types) that have it; absent: all. */
  on?: readonly string[];
  /** Every stored property it may write. */
  stored: readonly string[];
  write(valid: V): Props;
  read(stored: Stored): Record<string, unknown>;
  /** The GraphQL fields answered from what it stores. */
  graphql?: Readonly<Record<string, FieldRead>>;
  /** Issues of its inputs beyond their shape, checked with the rest of an entry. */
  check?(entry: Stored): FieldIssue[];
}

export const present = (v: unknown): boolean => v !== null && v !== undefined;
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const dateOf = (edtf: unknown): ParsedDate | null => (typeof edtf === 'string' && edtf !== '' ? tryParseDate(edtf) : null);

/** An optional value stored under its input's name (null when absent), read by the GraphQL field of that name. */
export function plain<V>(name: string, shape: z.ZodType, options: { on?: readonly string[]; graphql?: boolean } = {}): Field<V> {
  return {
    inputs: { [name]: shape.optional() },
    ...(options.on === undefined ? {} : { on: options.on }),
    stored: [name],
    write: (v) => ({ [name]: ((v as Stored)[name] as Props[string] | undefined) ?? null }),
    read: (p) => (present(p[name]) ? { [name]: p[name] } : {}),
    ...(options.graphql === false ? {} : { graphql: { [name]: stored([name]) } }),
  };
}

/** A required value stored under its input's name. */
export function required<V>(name: string, shape: z.ZodType): Field<V> {
  return {
    inputs: { [name]: shape },
    stored: [name],
    write: (v) => ({ [name]: (v as Stored)[name] as string | number }),
    read: (p) => ({ [name]: p[name] }),
  };
}

/**
 * An optional EDTF date stored as its text under `storedAs` and read by the GraphQL field of the
 * input's name as a DateValue (e.g. a person's birthDate: `edtfProperty('birthDate', 'birthEdtf', edtf, { on: ['Person'] })`).
 */
export function edtfProperty<V>(name: string, storedAs: string, shape: z.ZodType, options: { on?: readonly string[] } = {}): Field<V> {
  return {
    inputs: { [name]: shape.optional() },
    ...(options.on === undefined ? {} : { on: options.on }),
    stored: [storedAs],
    write: (v) => ({ [storedAs]: textOrNull((v as Stored)[name]) }),
    read: (p) => (present(p[storedAs]) ? { [name]: p[storedAs] } : {}),
    graphql: { [name]: stored([storedAs], (p) => dateOf(p[storedAs])) },
    check: (entry) => {
      const value = entry[name];
      if (typeof value !== 'string') return [];
      try {
        parseDate(value);
        return [];
      } catch (e) {
        return [{ input: name, message: e instanceof DateParseError ? e.message : `invalid EDTF date "${value}"` }];
      }
    },
  };
}

/** Whether a field applies to this type (entity label or GraphQL type name). */
export const appliesTo = (field: Pick<Field<never>, 'on'>, type: EntityLabel | string): boolean =>
  field.on === undefined || field.on.includes(type);
