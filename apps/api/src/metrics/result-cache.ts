/**
 * Results of read requests, keyed by the data version they were computed on (plus the request
 * and the settings). Data only changes through imports, which bump the version in the same
 * transaction, so a hit is exactly what a fresh computation on that snapshot would return.
 * Bounded by size, not only by count: a pipeline on a large company's data lists tens of
 * thousands of open deals, and a few hundred of those kept would fill the heap. Sizes are the
 * length of the result's JSON (what the answer will be); a result larger than `maxEntryChars`
 * is not kept. Least-recently-used entries go first.
 */
export class ResultCache {
  private readonly entries = new Map<string, { value: unknown; size: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries = 500,
    private readonly maxChars = 48 * 1024 * 1024,
    private readonly maxEntryChars = 4 * 1024 * 1024,
  ) {}

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  set(key: string, value: unknown): void {
    this.remove(key);
    const size = key.length + (JSON.stringify(value)?.length ?? 0);
    if (size > this.maxEntryChars) return;
    this.entries.set(key, { value, size });
    this.total += size;
    while (this.entries.size > this.maxEntries || this.total > this.maxChars) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed JSON length of the kept results. */
  get chars(): number {
    return this.total;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.total -= entry.size;
    this.entries.delete(key);
  }
}
