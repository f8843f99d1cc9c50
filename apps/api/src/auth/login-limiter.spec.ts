import { describe, expect, it } from '@jest/globals';
import { LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('allows up to the limit of failures per address and email, then asks to wait', () => {
    const l = new LoginLimiter(3, 100, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs('1.2.3.4', 'a@x', 1000 + i)).toBe(0);
      l.fail('1.2.3.4', 'a@x', 1000 + i);
    }
    expect(l.retryAfterMs('1.2.3.4', 'a@x', 2000)).toBe(1000 + 60_000 - 2000);
    // another account from the same address, and the same account from another address, are not held
    expect(l.retryAfterMs('1.2.3.4', 'b@x', 2000)).toBe(0);
    expect(l.retryAfterMs('5.6.7.8', 'a@x', 2000)).toBe(0);
    // the window slides
    expect(l.retryAfterMs('1.2.3.4', 'a@x', 1000 + 60_001)).toBe(0);
  });

  it('limits an address across accounts, and a success clears the account count only', () => {
    const l = new LoginLimiter(3, 4, 60_000);
    for (const e of ['a', 'b', 'c', 'd']) l.fail('ip', e, 10);
    expect(l.retryAfterMs('ip', 'e', 20)).toBeGreaterThan(0);
    const k = new LoginLimiter(2, 100, 60_000);
    k.fail('ip', 'a', 1);
    k.fail('ip', 'a', 2);
    expect(k.retryAfterMs('ip', 'a', 3)).toBeGreaterThan(0);
    k.succeed('ip', 'a');
    expect(k.retryAfterMs('ip', 'a', 3)).toBe(0);
  });
});
