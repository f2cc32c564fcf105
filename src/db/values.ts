import neo4j, { isDate, isDateTime, isInt, isNode, isRelationship } from 'neo4j-driver';

/**
 * Converts a Neo4j value into plain JS: Integer → number, Date → 'YYYY-MM-DD', nodes/relationships
 * → properties. Lists and maps fresh from the driver are converted in place (no second copy of
 * every row: this runs on everything the database returns).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  // Most of what the database returns is maps and lists (projections, joined relationships):
  // walk them without asking first whether they are an Integer, a date, a node...
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i];
      if (v === undefined) value[i] = null;
      else if (v !== null && typeof v === 'object') value[i] = toPlain(v);
    }
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) return plainMap(value as Record<string, unknown>);
  if (isInt(value)) return value.toNumber();
  if (isDate(value) || isDateTime(value)) return value.toString();
  if (isNode(value) || isRelationship(value)) return plainMap({ ...value.properties });
  return plainMap(value as Record<string, unknown>);
}

/** A map's values converted in place: only objects need a closer look. */
function plainMap(map: Record<string, unknown>): Record<string, unknown> {
  for (const k in map) {
    const v = map[k];
    if (v === undefined) map[k] = null;
    else if (v !== null && typeof v === 'object') map[k] = toPlain(v);
  }
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
