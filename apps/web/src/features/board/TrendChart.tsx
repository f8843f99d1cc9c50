// Partner-sourced and -influenced bookings per fiscal quarter, with the partner share of
// bookings, over the eight quarters ending with the selected period. A bar opens its quarter.
import { useQuery } from '@tanstack/react-query';
import { useApp } from '../../app/app-context';
import { ChartCard } from '../../components/ChartCard';
import { TrendPlot, type TrendPoint } from '../../charts';
import { seriesOptions, type PeriodParams } from './queries';

const QUARTER_LABEL = /^FY(\d{4}) Q([1-4])$/;

export function TrendChart({
  params,
  today,
  onSelectQuarter,
}: {
  params: PeriodParams;
  today: string;
  onSelectQuarter: (fy: number, quarter: number) => void;
}) {
  const { fmt, catalog } = useApp();
  const query = useQuery(seriesOptions({ ...params, grain: 'quarter' }));
  const series = query.data?.series ?? [];
  if (query.data) performance.mark('trend-render-data');
  else performance.mark('trend-render-nodata');
  const points: TrendPoint[] = series.map((s) => {
    const sourced = s.metrics.partner_sourced_revenue ?? 0;
    const influenced = s.metrics.partner_influenced_revenue ?? 0;
    const total = s.metrics.total_bookings ?? 0;
    return {
      label: s.label,
      sourced,
      influenced,
      nonPartner: Math.max(0, Math.round((total - sourced - influenced) * 100) / 100),
      share: s.metrics.partner_share_of_bookings,
      partial: s.to > today,
    };
  });
  const empty = points.every((p) => p.sourced + p.influenced + p.nonPartner === 0);
  const select = (index: number) => {
    const m = QUARTER_LABEL.exec(series[index]?.label ?? '');
    if (m) onSelectQuarter(Number(m[1]), Number(m[2]));
  };
  const share = catalog.metric('partner_share_of_bookings');
  return (
    <ChartCard
      title="Partner revenue by fiscal quarter"
      testId="trend-chart"
      status={query.status}
      error={query.error}
      onRetry={() => void query.refetch()}
      empty={empty}
      emptyText="No bookings in these eight quarters for the selected filters."
      height={300}
      actions={
        points.some((p) => p.partial) ? (
          <span className="muted small">* quarter to date</span>
        ) : undefined
      }
      table={
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col" className="num">
                {catalog.metric('partner_sourced_revenue').label}
              </th>
              <th scope="col" className="num">
                {catalog.metric('partner_influenced_revenue').label}
              </th>
              <th scope="col" className="num">
                {catalog.metric('total_bookings').label}
              </th>
              <th scope="col" className="num">
                {share.label}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.label}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => select(series.indexOf(s))}
                  >
                    {s.label}
                    {s.to > today ? ' (to date)' : ''}
                  </button>
                </th>
                <td className="num">
                  {fmt.metric(
                    s.metrics.partner_sourced_revenue,
                    'currency',
                    'partner_sourced_revenue',
                  )}
                </td>
                <td className="num">
                  {fmt.metric(
                    s.metrics.partner_influenced_revenue,
                    'currency',
                    'partner_influenced_revenue',
                  )}
                </td>
                <td className="num">
                  {fmt.metric(s.metrics.total_bookings, 'currency', 'total_bookings')}
                </td>
                <td className="num">
                  {fmt.metric(s.metrics.partner_share_of_bookings, share.unit, share.key)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <TrendPlot
        data={points}
        height={300}
        money={(v) => fmt.money(v, { compact: true })}
        percent={(v) => fmt.percent(v, 0)}
        onSelect={select}
      />
    </ChartCard>
  );
}
