import { describe, expect, it } from '@jest/globals';
import { medianOfCounts } from './facts.repository.js';

describe('medianOfCounts', () => {
  it('is the median of the values repeated by their counts (even counts: mean of the middle two)', () => {
    expect(medianOfCounts([])).toBeNull();
    expect(medianOfCounts([[5, 0]])).toBeNull();
    expect(medianOfCounts([[7, 1]])).toBe(7);
    // 3, 10, 10, 20 -> (10 + 10) / 2
    expect(medianOfCounts([[20, 1], [3, 1], [10, 2]])).toBe(10);
    // 1, 2 -> 1.5; 1, 1, 1, 4 -> 1; 1, 4, 4, 9 -> 4
    expect(medianOfCounts([[2, 1], [1, 1]])).toBe(1.5);
    expect(medianOfCounts([[1, 3], [4, 1]])).toBe(1);
    expect(medianOfCounts([[9, 1], [4, 2], [1, 1]])).toBe(4);
    // 0, 0, 100, 100 -> 50: the two middle values straddle the groups
    expect(medianOfCounts([[0, 2], [100, 2]])).toBe(50);
  });
});
