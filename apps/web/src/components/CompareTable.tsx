// Figures side by side (partner vs direct, sourced vs influenced, attached vs unattached):
// rows are measures, columns are classes, and every cell is a catalog figure that drills down.
import type { ReactNode } from 'react';
import type { MetricKey } from '@partner-kpi/metrics';
import type { MetricsValues } from '../api/types';
import { useApp } from '../app/app-context';
import { capitalise, splitLabel } from '../lib/labels';
import { Help } from './Help';
import { FigureValue } from './MetricFigure';
import { Skeleton } from './States';

export interface CompareRow {
  /** The figures of the row, one per class column. */
  keys: MetricKey[];
  /** An extra last cell (a lift). */
  extra?: ReactNode;
}

export function CompareTable({
  caption,
  rows,
  values,
  extraHeading,
}: {
  caption: string;
  rows: CompareRow[];
  values: MetricsValues | undefined;
  extraHeading?: string;
}) {
  const { catalog } = useApp();
  // Column headings and row labels both come from the catalog labels: "Win rate (partner)".
  const headings = rows[0].keys.map((k) =>
    capitalise(splitLabel(catalog.metric(k).label).qualifier ?? k),
  );
  return (
    <table className="compare-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <td />
          {headings.map((h) => (
            <th key={h} scope="col" className="num">
              {h}
            </th>
          ))}
          {extraHeading && (
            <th scope="col" className="num">
              {extraHeading}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const first = catalog.metric(row.keys[0]);
          return (
            <tr key={row.keys.join()}>
              <th scope="row">
                <span className="row-label">
                  {splitLabel(first.label).base}
                  <Help entry={first} />
                </span>
              </th>
              {row.keys.map((k) => (
                <td
                  key={k}
                  className="num"
                  data-metric={k}
                  data-value={values ? String(values[k]) : undefined}
                >
                  {values ? (
                    <FigureValue entry={catalog.metric(k)} value={values[k]} compact />
                  ) : (
                    <Skeleton width={56} />
                  )}
                </td>
              ))}
              {extraHeading && <td className="num">{row.extra}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
