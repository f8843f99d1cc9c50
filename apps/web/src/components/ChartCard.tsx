// The frame of every chart: title and help, then exactly one of loading, error, empty or the
// chart (lazy-loaded with Recharts), and the same numbers as a table for screen readers,
// keyboard users and anyone who wants to check the bars.
import { Suspense, useId, type ReactNode } from 'react';
import { Deferred } from './Deferred';
import { ErrorState, Skeleton } from './States';

export type ChartStatus = 'pending' | 'error' | 'success';

export function ChartCard({
  title,
  help,
  status,
  error,
  onRetry,
  empty,
  emptyText,
  height = 260,
  table,
  testId,
  children,
  actions,
  defer = false,
}: {
  title: string;
  help?: ReactNode;
  status: ChartStatus;
  error?: unknown;
  onRetry?: () => void;
  empty: boolean;
  emptyText: string;
  height?: number;
  table?: ReactNode;
  testId?: string;
  children: ReactNode;
  actions?: ReactNode;
  /** Draw the chart only when it comes near the viewport (charts below the fold). */
  defer?: boolean;
}) {
  const id = useId();
  const skeleton = (
    <div className="chart-skeleton" style={{ height }}>
      <Skeleton height={height - 24} width="100%" label={`Loading chart: ${title}`} />
    </div>
  );
  let body: ReactNode;
  if (status === 'pending') body = skeleton;
  else if (status === 'error')
    body = <ErrorState error={error} onRetry={onRetry} title="Could not load this chart" />;
  else if (empty)
    body = (
      <div className="chart-empty" style={{ minHeight: Math.min(height, 140) }}>
        <p>{emptyText}</p>
      </div>
    );
  else
    body = (
      <div className="chart-body" style={{ minHeight: height }} data-chart={testId}>
        {defer ? (
          <Deferred placeholder={skeleton}>
            <Suspense fallback={skeleton}>{children}</Suspense>
          </Deferred>
        ) : (
          <Suspense fallback={skeleton}>{children}</Suspense>
        )}
      </div>
    );
  return (
    <section className="chart-card" aria-labelledby={id} data-testid={testId}>
      <div className="chart-head">
        <h3 id={id}>{title}</h3>
        {help}
        {actions && <div className="chart-actions">{actions}</div>}
      </div>
      {body}
      {status === 'success' && !empty && table && (
        <details className="chart-table">
          <summary>Show the numbers</summary>
          {table}
        </details>
      )}
    </section>
  );
}
