/** What every query builder returns: Cypher text with no user input in it, and its parameters. */
export interface CypherQuery {
  cypher: string;
  params: Record<string, unknown>;
}

export type Row = Record<string, unknown>;

/** Runs one query and returns its rows: the executor's reads, or one statement of a transaction. */
export type Runner = (query: CypherQuery) => Promise<Row[]>;
