import type { CypherQuery } from '../db/query.js';
import { isRelationshipType, type RelationshipType } from '../model/vocabulary.js';

/** Node kinds of the bulk importer's id spaces: each is found by its id through its unique constraint. */
export const BULK_NODE_KINDS = ['Entity', 'Finding', 'Claim', 'Citation'] as const;
export type BulkNodeKind = (typeof BULK_NODE_KINDS)[number];

/** Properties holding an empty list, by id: the importer stores no empty list, the statements do. */
export interface EmptyListRow {
  id: string;
  /** Property name → [] (names from the field table; values, never Cypher text). */
  props: Record<string, never[]>;
}

/** Sets the empty-list properties of nodes of one kind after a bulk import. */
export function setEmptyListsOnNodes(kind: BulkNodeKind, rows: EmptyListRow[]): CypherQuery<never> {
  if (!BULK_NODE_KINDS.includes(kind)) throw new Error(`not a bulk node kind: ${String(kind)}`);
  return {
    cypher: `UNWIND $rows AS row
MATCH (n:${kind} {id: row.id})
SET n += row.props`,
    params: { rows },
  };
}

/** The same for relationships of one type (found by the unique id of their type). */
export function setEmptyListsOnRelationships(type: RelationshipType, rows: EmptyListRow[]): CypherQuery<never> {
  if (!isRelationshipType(type)) throw new Error(`not a relationship type: ${String(type)}`);
  return {
    cypher: `UNWIND $rows AS row
MATCH ()-[r:${type} {id: row.id}]->()
SET r += row.props`,
    params: { rows },
  };
}
