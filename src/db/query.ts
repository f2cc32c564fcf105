/** What every query builder returns: Cypher text with no user input in it, and its parameters. */
export interface CypherQuery {
  cypher: string;
  params: Record<string, unknown>;
}

export type Row = Record<string, unknown>;
