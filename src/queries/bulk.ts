import type { CypherQuery } from '../db/query.js';
import { isRelationshipType, type RelationshipType } from '../model/vocabulary.js';

/** Node kinds of the bulk importer's id spaces: each is found by its id through its unique constraint. */
export const BULK_NODE_KINDS = ['Entity', 'Finding', 'Claim', 'Citation'] as const;
export type BulkNodeKind = (typeof BULK_NODE_KINDS)[number];

/**
 * Properties set after the importer, by id: empty lists (the importer stores none, the statements
 * do) and text spanning lines (the importer reads such text only in its slower line-agnostic mode).
 */
export interface LaterPropsRow {
  id: string;
  /** Property name → value: [], or text (or a list of text) with a line break; names from the field table, values as params. */
  props: Record<string, never[] | string | string[]>;
}

/** Sets those properties of nodes of one kind after a bulk import. */
export function setLaterPropsOnNodes(kind: BulkNodeKind, rows: LaterPropsRow[]): CypherQuery<never> {
  if (!BULK_NODE_KINDS.includes(kind)) throw new Error(`not a bulk node kind: ${String(kind)}`);
  return {
    cypher: `UNWIND $rows AS row
MATCH (n:${kind} {id: row.id})
SET n += row.props`,
    params: { rows },
  };
}

/** The same for relationships of one type (found by the unique id of their type). */
export function setLaterPropsOnRelationships(type: RelationshipType, rows: LaterPropsRow[]): CypherQuery<never> {
  if (!isRelationshipType(type)) throw new Error(`not a relationship type: ${String(type)}`);
  return {
    cypher: `UNWIND $rows AS row
MATCH ()-[r:${type} {id: row.id}]->()
SET r += row.props`,
    params: { rows },
  };
}
