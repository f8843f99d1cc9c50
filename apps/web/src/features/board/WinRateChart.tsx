import { useQuery } from '@tanstack/react-query';
import type { MetricKey } from '@partner-kpi/metrics';
import { useApp } from '../../app/app-context';
import { BarsPlot, type BarRow } from '../../charts';
import { ChartCard } from '../../components/ChartCard';
import { useDrillHref } from '../../components/MetricFigure';
import { capitalise, splitLabel } from '../../lib/labels';
import { navigate } from '../../lib/router';
import { CLASS_COLOURS } from '../../lib/theme';
import { metricsOptions, type PeriodParams } from './queries';

const BARS: { key: MetricKey; colour: string }[] = [
  { key: 'win_rate_sourced', colour: CLASS_COLOURS.sourced },
  { key: 'win_rate_influenced', colour: CLASS_COLOURS.influenced },
  { key: 'win_rate_direct', colour: CLASS_COLOURS.direct },
];

/** New-business win rate by deal class: partner-sourced, partner-influenced, direct. */
export function WinRateChart({ params }: { params: PeriodParams }) {
  const { fmt, catalog } = useApp();
  const drillHref = useDrillHref();
  const query = useQuery(metricsOptions(params));
  const values = query.isPlaceholderData ? undefined : query.data?.metrics;
  const rows: BarRow[] = BARS.map((b) => ({
    name: capitalise(splitLabel(catalog.metric(b.key).label).qualifier ?? b.key),
    colour: b.colour,
    value: values?.[b.key] ?? null,
  }));
  return (
    <ChartCard
      title={`${splitLabel(catalog.metric('win_rate_partner').label).base} by deal class`}
      testId="win-rate-chart"
      status={values ? 'success' : query.status === 'error' ? 'error' : 'pending'}
      error={query.error}
      onRetry={() => void query.refetch()}
      defer
      empty={rows.every((r) => r.value === null)}
      emptyText="No new-business deals closed in this period."
      height={170}
    >
      <BarsPlot
        data={rows}
        series={[{ key: 'value', label: 'Win rate', colour: CLASS_COLOURS.partner }]}
        format={(v) => fmt.percent(v)}
        axisFormat={(v) => fmt.percent(v, 0)}
        height={170}
        horizontal
        onBarClick={(_, i) => navigate(drillHref(BARS[i].key))}
      />
    </ChartCard>
  );
}
