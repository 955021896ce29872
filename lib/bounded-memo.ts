/**
 * A value kept by key in a map of bounded size: computed the first time, found after. When the map
 * is full it starts again empty (the keys that recur come back at once), so memory stays bounded
 * whatever the input. For values computed from data read once (option phrases, folded words,
 * eligibility rankings) that every turn asks for again.
 */
export function remember<V>(memo: Map<string, V>, key: string, limit: number, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
  }
  return value;
}
