/**
 * Results of read requests, keyed by the data version they were computed on (plus the request
 * and the settings). Data only changes through imports, which bump the version in the same
 * transaction, so a hit is exactly what a fresh computation on that snapshot would return.
 * Least-recently-used entries go first.
 */
export class ResultCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly maxEntries = 500) {}

  get<T>(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value as T;
  }

  set(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
