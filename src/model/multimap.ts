/**
 * Appends value to the list under key, starting the list on first use: in place, so building a
 * grouping is linear (spreading the old list into a new one per value made it quadratic).
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
