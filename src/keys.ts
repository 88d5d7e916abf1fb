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

/** The list under `key`, created empty on first use (also for lists indexed by partition). */
export function listOf<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key)
  if (!list) {
    list = []
    map.set(key, list)
  }
  return list
}

/** Appends `value` to the list under `key`, creating the list on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  listOf(map, key).push(value)
}
