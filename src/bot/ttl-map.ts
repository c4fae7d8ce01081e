/**
 * A bounded map whose entries expire: per-message state for buttons (e.g. the
 * question behind "More passages"). At most `maxEntries` live at once (the
 * oldest is evicted first); an entry older than `ttlMs` reads as missing.
 */
export class TtlMap<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (maxEntries < 1) throw new RangeError('maxEntries must be at least 1');
  }

  /** Stores (or refreshes) an entry; it expires `ttlMs` from now. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    this.prune();
  }

  /** The live value, or undefined when missing or expired. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Deletes every entry whose value matches; returns how many. */
  deleteWhere(matches: (value: V, key: K) => boolean): number {
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (matches(entry.value, key)) {
        this.entries.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Entries held (including expired ones not yet pruned). */
  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expires > now) break;
      // Insertion order is expiry order, so expired entries come first.
      this.entries.delete(key);
    }
  }
}
