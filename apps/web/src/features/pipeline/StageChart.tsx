import { useQuery } from '@tanstack/react-query';
import { useApp } from '../../app/app-context';
import { BarsPlot, type BarSeries } from '../../charts';
import { ChartCard } from '../../components/ChartCard';
import { useDrillHref } from '../../components/MetricFigure';
import { navigate } from '../../lib/router';
import { CLASS_COLOURS, CLASS_LABELS } from '../../lib/theme';
import { pipelineOptions, type PipelineParams } from './queries';
import { stageRows } from './stages';

/** Open pipeline by stage, stacked by class (partner-sourced, partner-influenced, direct). */
export function StageChart({ params }: { params: PipelineParams }) {
  const { fmt, catalog } = useApp();
  const drillHref = useDrillHref();
  const query = useQuery(pipelineOptions(params));
  const data = query.isPlaceholderData ? undefined : query.data;
  const rows = stageRows(data?.by_stage ?? []);
  const classes = (['sourced', 'influenced', 'direct', 'other'] as const).filter(
    (c) => c !== 'other' || rows.some((r) => r.other > 0),
  );
  const series: BarSeries[] = classes.map((c) => ({
    key: c,
    label: CLASS_LABELS[c],
    colour: CLASS_COLOURS[c],
  }));
  const height = Math.max(160, 56 + rows.length * 44);
  return (
    <ChartCard
      title={`${catalog.pipeline('open_pipeline_partner').label.replace(/ \(.*\)$/, '')} by stage`}
      testId="stage-chart"
      status={data ? 'success' : query.status === 'error' ? 'error' : 'pending'}
      error={query.error}
      onRetry={() => void query.refetch()}
      empty={rows.length === 0}
      emptyText="No open deals at this date."
      height={height}
      table={
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
              <th scope="col" className="num">
                Deals
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stage}>
                <th scope="row">{r.stage}</th>
                {series.map((s) => (
                  <td key={s.key} className="num">
                    {fmt.money(r[s.key as keyof typeof r] as number)}
                  </td>
                ))}
                <td className="num">{fmt.count(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarsPlot
        data={rows.map((r) => ({
          name: r.stage,
          sourced: r.sourced,
          influenced: r.influenced,
          direct: r.direct,
          other: r.other,
        }))}
        series={series}
        stacked
        horizontal
        printWidth="full"
        labels={false}
        height={height}
        format={(v) => fmt.money(v)}
        axisFormat={(v) => fmt.money(v, { compact: true })}
        onBarClick={(cls) =>
          navigate(drillHref(cls === 'direct' ? 'open_pipeline_direct' : 'open_pipeline_partner'))
        }
      />
    </ChartCard>
  );
}
