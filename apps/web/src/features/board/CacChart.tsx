import { useQuery } from '@tanstack/react-query';
import type { MetricKey } from '@partner-kpi/metrics';
import { useApp } from '../../app/app-context';
import { BarsPlot, type BarRow } from '../../charts';
import { ChartCard } from '../../components/ChartCard';
import { navigate } from '../../lib/router';
import { CLASS_COLOURS, SERIES_COLOURS } from '../../lib/theme';
import { useDrillHref } from '../../components/MetricFigure';
import { metricsOptions, type PeriodParams } from './queries';

const BARS: { key: MetricKey; colour: string }[] = [
  { key: 'partner_cac', colour: CLASS_COLOURS.partner },
  { key: 'direct_cac', colour: CLASS_COLOURS.direct },
  { key: 'blended_cac', colour: SERIES_COLOURS.blended },
];

/** CAC by motion: partner, direct and blended. */
export function CacChart({ params }: { params: PeriodParams }) {
  const { fmt, catalog } = useApp();
  const drillHref = useDrillHref();
  const query = useQuery(metricsOptions(params));
  const values = query.isPlaceholderData ? undefined : query.data?.metrics;
  const rows: BarRow[] = BARS.map((b) => ({
    name: catalog.metric(b.key).label.replace(/ CAC$/, ''),
    colour: b.colour,
    value: values?.[b.key] ?? null,
  }));
  return (
    <ChartCard
      title={`${catalog.metric('blended_cac').label.replace(/^Blended /, '')} by motion`}
      testId="cac-chart"
      status={values ? 'success' : query.status === 'error' ? 'error' : 'pending'}
      error={query.error}
      onRetry={() => void query.refetch()}
      defer
      empty={rows.every((r) => r.value === null)}
      emptyText="No new customers in this period, so there is no CAC to compare."
      height={170}
    >
      <BarsPlot
        data={rows}
        series={[{ key: 'value', label: 'CAC', colour: CLASS_COLOURS.partner }]}
        format={(v) => fmt.money(v, { compact: true })}
        axisFormat={(v) => fmt.money(v, { compact: true })}
        height={170}
        horizontal
        onBarClick={(_, i) => navigate(drillHref(BARS[i].key))}
      />
    </ChartCard>
  );
}
