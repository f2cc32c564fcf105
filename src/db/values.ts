import neo4j, { isDate, isDateTime, isInt, isNode, isRelationship } from 'neo4j-driver';

/**
 * Converts a Neo4j value into plain JS: Integer → number, Date → 'YYYY-MM-DD', nodes/relationships
 * → properties. Lists and maps fresh from the driver are converted in place (no second copy of
 * every row: this runs on everything the database returns).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (isInt(value)) return value.toNumber();
  if (isDate(value) || isDateTime(value)) return value.toString();
  if (isNode(value) || isRelationship(value)) return toPlain({ ...value.properties });
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = toPlain(value[i]);
    return value;
  }
  const map = value as Record<string, unknown>;
  for (const k in map) map[k] = toPlain(map[k]);
  return map;
}

/** Whole JS numbers become Neo4j Integers (LIMIT and SKIP refuse floats); everything else passes through. */
export function toParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toParams(v);
    return out;
  }
  return value;
}
