/**
 * The one way to key partitions and offsets in maps, and to group values into lists. NUL cannot appear in a topic
 * name, so the keys never collide; nested maps are used instead where the key count makes the strings costly
 * (analysis state), these where a poll builds them once.
 */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`
}

export function offsetKey(topic: string, partition: number, offset: number): string {
  return `${topic}\u0000${partition}\u0000${offset}`
}

/** Appends `value` to the list under `key`, creating the list on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
