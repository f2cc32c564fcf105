/** Never set on a query: the key under which the compiler alone carries its row type. */
declare const rowType: unique symbol;

/**
 * What every query builder returns: Cypher text with no user input in it, and its parameters.
 * `Row` is the shape of each record the query returns (after the executor turned Neo4j values into
 * plain ones): the builder declares it next to its RETURN clause, and the executor hands rows of
 * that type to the caller. It is a type only; a query that returns nothing says `never`.
 */
export interface CypherQuery<Row = Record<string, unknown>> {
  cypher: string;
  params: Record<string, unknown>;
  /**
   * Rebuilds a row the Cypher sent packed (lists of values instead of maps: queries/projection.ts
   * packMap) into the declared Row; it receives the row with plain values and may change it in place.
   */
  decode?: (row: Record<string, unknown>) => Row;
  readonly [rowType]?: Row;
}

/** Runs one query and returns its rows: the executor's reads, or one statement of a transaction. */
export type Runner = <Row = Record<string, unknown>>(query: CypherQuery<Row>) => Promise<Row[]>;
