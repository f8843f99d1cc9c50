/**
 * At most `limit` of the guarded tasks run at once; the others wait their turn in order. The
 * routes that load rows into Node (pipeline, leaderboard, drill-downs) go through one, so that
 * however many of them arrive together, only that many datasets are in memory at a time.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
