/**
 * Sign-in rate limit, in memory (one process serves the API): at most `perAccount` failed
 * attempts per client address and email, and `perAddress` per address, within `windowMs`.
 * A success clears the address+email count. Past the limit, sign-in answers 429 until the
 * oldest failure of the window has aged out.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perAccount = 5,
    private readonly perAddress = 50,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until a new attempt is allowed, or 0 when it is allowed now. */
  retryAfterMs(ip: string, email: string, now = Date.now()): number {
    return Math.max(this.wait(`a:${ip}:${email}`, this.perAccount, now), this.wait(`i:${ip}`, this.perAddress, now));
  }

  fail(ip: string, email: string, now = Date.now()): void {
    for (const key of [`a:${ip}:${email}`, `i:${ip}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 10_000) this.sweep(now);
  }

  succeed(ip: string, email: string): void {
    this.failures.delete(`a:${ip}:${email}`);
  }

  private wait(key: string, limit: number, now: number): number {
    const list = this.recent(key, now);
    return list.length < limit ? 0 : list[list.length - limit] + this.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, list] of this.failures) {
      if (list.every((t) => t <= now - this.windowMs)) this.failures.delete(key);
    }
  }
}
