/** Default bounds of the query result cache: 64 MiB in all (Settings → Data), and no entry over 4 MiB. */
export const CACHE_MAX_BYTES = 64 * 1024 * 1024
export const CACHE_MAX_ENTRY_BYTES = 4 * 1024 * 1024

/**
 * A least-recently-used cache bounded in bytes. The caller measures each entry (the API uses the
 * length of its JSON text); an entry over the per-entry cap is not kept, and adding one evicts the
 * least recently used entries until the total is within the bound again.
 */
export class ResultCache<V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the oldest use first.
  private readonly entries = new Map<string, { value: V; bytes: number }>()
  private total = 0

  constructor(
    private max = CACHE_MAX_BYTES,
    readonly maxEntryBytes = CACHE_MAX_ENTRY_BYTES,
  ) {}

  get maxBytes(): number {
    return this.max
  }

  /** A new bound (the setting changed): the least recently used entries go until the total fits. */
  resize(maxBytes: number): void {
    this.max = maxBytes
    this.evict()
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    this.entries.delete(key)
    this.entries.set(key, e)
    return e.value
  }

  /** Keeps `value` unless it is over the per-entry cap; returns whether it was kept. */
  set(key: string, value: V, valueBytes: number): boolean {
    this.delete(key)
    const bytes = valueBytes + key.length
    if (bytes > this.maxEntryBytes || bytes > this.max) return false
    this.entries.set(key, { value, bytes })
    this.total += bytes
    this.evict()
    return true
  }

  private evict(): void {
    for (const [k] of this.entries) {
      if (this.total <= this.max) break
      this.delete(k)
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key)
    if (!e) return
    this.entries.delete(key)
    this.total -= e.bytes
  }

  clear(): void {
    this.entries.clear()
    this.total = 0
  }

  /** Bytes held (entries' measured sizes plus their keys). */
  get bytes(): number {
    return this.total
  }

  get size(): number {
    return this.entries.size
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }
}
