import { describe, expect, it } from '@jest/globals';
import { compareValues, nextSort, sortRows } from './sort';

describe('sorting table rows', () => {
  const rows = [
    { id: 'a', v: 3 as number | null },
    { id: 'b', v: null },
    { id: 'c', v: 10 },
    { id: 'd', v: 3 },
  ];
  it('sorts numbers either way, nulls last both ways, ties in original order', () => {
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });
  it('sorts strings naturally', () => {
    expect(compareValues('P10', 'P9', 'asc')).toBeGreaterThan(0);
    expect(sortRows(['Beta', 'alpha', 'Gamma'], (s) => s, 'asc')).toEqual([
      'alpha',
      'Beta',
      'Gamma',
    ]);
  });
  it('a new column starts in its natural direction; the same column flips', () => {
    expect(nextSort(null, 'amount', 'desc')).toEqual({ column: 'amount', dir: 'desc' });
    expect(nextSort({ column: 'amount', dir: 'desc' }, 'amount', 'desc')).toEqual({
      column: 'amount',
      dir: 'asc',
    });
    expect(nextSort({ column: 'amount', dir: 'asc' }, 'name', 'asc')).toEqual({
      column: 'name',
      dir: 'asc',
    });
  });
});
