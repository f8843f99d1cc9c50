import type { ReactNode } from 'react';
import type { SortState } from '../lib/url-state';

/** A sortable column header: a button inside the <th>, with aria-sort on the header. */
export function SortHeader({
  column,
  sort,
  onSort,
  children,
  numeric = false,
}: {
  column: string;
  sort: SortState;
  onSort: (column: string) => void;
  children: ReactNode;
  numeric?: boolean;
}) {
  const active = sort.column === column;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={numeric ? 'num' : undefined}
    >
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {children}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
