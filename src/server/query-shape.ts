import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** What an operation (or one fragment) asks for: deepest path, aliases, directives, estimated objects. */
export interface Measure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, directives: 0, cost: 0 };
// Costs multiply along nested lists; past this the number says nothing more (and stays finite).
const COST_CEILING = Number.MAX_SAFE_INTEGER;

/** How many objects a list field returns at most: its `first` (given or default), else its cap. */
export type FanOut = (field: FieldNode, def: GraphQLField<unknown, unknown>, parent: GraphQLNamedType) => number;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const defs = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return new Map(defs.map((d) => [d.name.value, d]));
}

/**
 * Measures selections with each fragment definition measured once and its measure reused at
 * every spread, so the work is linear in the document's size. Expanding spreads instead is
 * exponential: a 677-byte chain of 8 fragments, each spreading the next 10 times, took 13 s.
 * (graphql-query-complexity and graphql-armor re-expand fragments per spread, hence hand-written.)
 */
export class DocumentMeasure {
  /** Selections visited; tests use it to prove the work stays linear. */
  visits = 0;
  private readonly memo = new Map<string, Measure>();
  private readonly active = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly fanOut: FanOut,
  ) {}

  /** The measure of a selection set read as `parent`. */
  selection(set: SelectionSetNode, parent: GraphQLNamedType): Measure {
    let out = ZERO;
    for (const node of set.selections) {
      this.visits += 1;
      const own = node.directives?.length ?? 0;
      let inner: Measure;
      if (node.kind === Kind.FIELD) {
        inner = this.field(node, parent);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        const type = node.typeCondition ? this.schema.getType(node.typeCondition.name.value) : parent;
        inner = this.selection(node.selectionSet, type ?? parent);
      } else {
        inner = this.fragment(node.name.value);
      }
      out = {
        depth: Math.max(out.depth, inner.depth),
        aliases: out.aliases + inner.aliases,
        directives: out.directives + inner.directives + own,
        cost: Math.min(COST_CEILING, out.cost + inner.cost),
      };
    }
    return out;
  }

  /** A fragment's measure, computed on first use. A cycle (which validation refuses anyway) counts as nothing. */
  fragment(name: string): Measure {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const def = this.fragments.get(name);
    if (def === undefined || this.active.has(name)) return ZERO;
    this.active.add(name);
    const type = this.schema.getType(def.typeCondition.name.value);
    const body = type === undefined ? ZERO : this.selection(def.selectionSet, type);
    this.active.delete(name);
    const measure = { ...body, directives: body.directives + (def.directives?.length ?? 0) };
    this.memo.set(name, measure);
    return measure;
  }

  private field(node: FieldNode, parent: GraphQLNamedType): Measure {
    // Introspection's entry points are not among the root's fields, yet nest as deep as any.
    const meta = node.name.value === '__schema' ? SchemaMetaFieldDef : node.name.value === '__type' ? TypeMetaFieldDef : undefined;
    const def = meta ?? (isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined);
    const alias = node.alias ? 1 : 0;
    if (def === undefined || node.selectionSet === undefined) return { depth: 1, aliases: alias, directives: 0, cost: 1 };
    const inner = this.selection(node.selectionSet, getNamedType(def.type));
    const many = Math.max(1, this.fanOut(node, def, parent));
    return {
      depth: inner.depth + 1,
      aliases: inner.aliases + alias,
      directives: inner.directives,
      cost: Math.min(COST_CEILING, 1 + many * inner.cost),
    };
  }
}

/** Whether a field returns a list (a connection is not one: its `first` counts where it is asked). */
export const isListField = (def: GraphQLField<unknown, unknown>): boolean => isListType(getNullableType(def.type));
