import type { MetricKey } from '@partner-kpi/metrics';
import type { MetricsValues } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Help } from '../../components/Help';
import { FigureValue, MetricTile } from '../../components/MetricFigure';
import { Skeleton } from '../../components/States';

const HEADLINE: readonly MetricKey[] = [
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
];
const CONTEXT: readonly MetricKey[] = ['total_bookings', 'active_partners'];

/** The board headline: partner-sourced, -influenced and -attributed revenue and their share of bookings. */
export function Headline({
  values,
  comparisons,
  updating,
}: {
  values: MetricsValues | undefined;
  comparisons: { label: string; values: MetricsValues | undefined }[];
  updating: boolean;
}) {
  const { catalog } = useApp();
  return (
    <section className="headline" aria-label="Headline figures">
      <div className="tiles">
        {HEADLINE.map((key) => (
          <MetricTile
            key={key}
            metricKey={key}
            value={values?.[key]}
            comparisons={comparisons.map((c) => ({ label: c.label, value: c.values?.[key] }))}
            updating={updating}
          />
        ))}
      </div>
      <p className="headline-context">
        {CONTEXT.map((key) => {
          const entry = catalog.metric(key);
          return (
            <span
              key={key}
              className="context-figure"
              data-metric={key}
              data-value={values ? String(values[key]) : undefined}
            >
              {entry.label}:{' '}
              {values ? <FigureValue entry={entry} value={values[key]} /> : <Skeleton width={60} />}
              <Help entry={entry} />
            </span>
          );
        })}
      </p>
    </section>
  );
}
