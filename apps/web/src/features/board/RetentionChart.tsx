import { useQuery } from '@tanstack/react-query';
import type { MetricKey } from '@partner-kpi/metrics';
import { useApp } from '../../app/app-context';
import { BarsPlot, type BarRow } from '../../charts';
import { ChartCard } from '../../components/ChartCard';
import { useDrillHref } from '../../components/MetricFigure';
import { capitalise, splitLabel } from '../../lib/labels';
import { navigate } from '../../lib/router';
import { SERIES_COLOURS } from '../../lib/theme';
import { metricsOptions, type PeriodParams } from './queries';

const GROUPS: { attached: MetricKey; unattached: MetricKey }[] = [
  { attached: 'nrr_attached', unattached: 'nrr_unattached' },
  { attached: 'churn_rate_attached', unattached: 'churn_rate_unattached' },
];

/** NRR and logo churn of partner-attached vs unattached accounts. */
export function RetentionChart({ params }: { params: PeriodParams }) {
  const { fmt, catalog } = useApp();
  const drillHref = useDrillHref();
  const query = useQuery(metricsOptions(params));
  const values = query.isPlaceholderData ? undefined : query.data?.metrics;
  const rows: BarRow[] = GROUPS.map((g) => ({
    name: splitLabel(catalog.metric(g.attached).label).base,
    attached: values?.[g.attached] ?? null,
    unattached: values?.[g.unattached] ?? null,
  }));
  const qualifier = (key: MetricKey) =>
    capitalise(splitLabel(catalog.metric(key).label).qualifier ?? key);
  return (
    <ChartCard
      title="Retention: attached vs unattached"
      testId="retention-chart"
      status={values ? 'success' : query.status === 'error' ? 'error' : 'pending'}
      error={query.error}
      onRetry={() => void query.refetch()}
      defer
      empty={rows.every((r) => r.attached === null && r.unattached === null)}
      emptyText="No account had ARR twelve months before the end of this period."
      height={220}
    >
      <BarsPlot
        data={rows}
        series={[
          { key: 'attached', label: qualifier('nrr_attached'), colour: SERIES_COLOURS.attached },
          {
            key: 'unattached',
            label: qualifier('nrr_unattached'),
            colour: SERIES_COLOURS.unattached,
          },
        ]}
        format={(v) => fmt.percent(v)}
        axisFormat={(v) => fmt.percent(v, 0)}
        height={220}
        onBarClick={(series, i) =>
          navigate(drillHref(series === 'attached' ? GROUPS[i].attached : GROUPS[i].unattached))
        }
      />
    </ChartCard>
  );
}
