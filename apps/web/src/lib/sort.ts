// Sorting table rows by a column: numbers and strings, nulls always last (a missing win rate
// is not the worst win rate), ties kept in their original order.
export type SortValue = number | string | null | undefined;

export function compareValues(a: SortValue, b: SortValue, dir: 'asc' | 'desc'): number {
  const aMissing = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bMissing = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const c =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), undefined, { numeric: true });
  return dir === 'asc' ? c : -c;
}

export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  dir: 'asc' | 'desc',
): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => compareValues(value(x.row), value(y.row), dir) || x.i - y.i)
    .map((x) => x.row);
}

/** Next sort after clicking a column header: a new column starts at its natural direction. */
export function nextSort(
  current: { column: string; dir: 'asc' | 'desc' } | null,
  column: string,
  firstDir: 'asc' | 'desc',
): { column: string; dir: 'asc' | 'desc' } {
  if (current?.column !== column) return { column, dir: firstDir };
  return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}
