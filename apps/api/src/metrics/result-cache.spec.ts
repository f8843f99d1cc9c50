import { describe, expect, it } from '@jest/globals';
import { ResultCache } from './result-cache.js';

describe('ResultCache', () => {
  it('evicts the least recently used entries beyond the count limit', () => {
    const c = new ResultCache(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.size]).toEqual([1, 3, 2]);
  });

  it('keeps the summed size within its bound and does not keep a result too large for it', () => {
    const c = new ResultCache(100, 1000, 600);
    const big = (n: number) => 'x'.repeat(n);
    c.set('k1', big(400));
    c.set('k2', big(400));
    expect(c.chars).toBe(2 * (2 + 402));
    c.set('k3', big(400)); // over 1000 in all: k1 goes
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k2')).toBeDefined();
    expect(c.chars).toBeLessThanOrEqual(1000);
    c.set('huge', big(700)); // larger than one entry may be: not kept, the others stay
    expect(c.get('huge')).toBeUndefined();
    expect(c.size).toBe(2);
    c.set('k2', 1); // replacing an entry counts its new size only
    expect(c.chars).toBe(2 + 402 + 2 + 1);
  });
});
