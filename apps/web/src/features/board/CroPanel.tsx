import type { MetricKey } from '@partner-kpi/metrics';
import type { MetricsValues } from '../../api/types';
import { useApp } from '../../app/app-context';
import { CompareTable } from '../../components/CompareTable';
import { Help } from '../../components/Help';
import { FigureValue } from '../../components/MetricFigure';
import { Skeleton } from '../../components/States';
import { splitLabel } from '../../lib/labels';
import { WinRateChart } from './WinRateChart';
import type { PanelData } from './panel';

/** Partner sales velocity / direct sales velocity: no catalog key, computed here from the two figures. */
export function velocityLift(values: MetricsValues): number | null {
  const p = values.sales_velocity_partner;
  const d = values.sales_velocity_direct;
  return p === null || d === null || d === 0 ? null : p / d;
}

/** A lift cell: the catalog figure (a multiple or a reduction) and what it means. */
function Lift({
  metricKey,
  values,
  suffix,
}: {
  metricKey: MetricKey;
  values: MetricsValues | undefined;
  suffix: string;
}) {
  const { catalog } = useApp();
  if (!values) return <Skeleton width={56} />;
  const v = values[metricKey];
  return (
    <span className="lift" data-metric={metricKey} data-value={String(v)}>
      <FigureValue entry={catalog.metric(metricKey)} value={v} />
      {v !== null && (
        <span className="lift-suffix"> {v < 0 && suffix === 'faster' ? 'slower' : suffix}</span>
      )}
    </span>
  );
}

/** CRO: co-sold deals win more often, are larger (ACV) and close faster. */
export function CroPanel({ data }: { data: PanelData }) {
  const { values } = data;
  const { catalog, fmt } = useApp();
  const vLift = values ? velocityLift(values) : undefined;
  const velocityLabel = splitLabel(catalog.metric('sales_velocity_partner').label).base;
  const lifts: { key: MetricKey; suffix: string }[] = [
    {
      key: 'win_rate_lift',
      suffix: splitLabel(catalog.metric('win_rate_partner').label).base.toLowerCase(),
    },
    { key: 'acv_lift', suffix: 'ACV' },
    { key: 'cycle_time_reduction', suffix: 'faster' },
  ];
  return (
    <section className="panel card" aria-labelledby="panel-cro" data-panel="cro">
      <header className="panel-head">
        <p className="panel-kicker">CRO · win rates and velocity</p>
        <h2 id="panel-cro">Co-sold deals win more, are larger and close faster</h2>
      </header>
      <ul className="lift-chips" aria-label="Partner lift over direct">
        {lifts.map((l) => (
          <li key={l.key}>
            <Lift metricKey={l.key} values={values} suffix={l.suffix} />
            <Help entry={catalog.metric(l.key)} />
          </li>
        ))}
      </ul>
      <CompareTable
        caption="Partner vs direct (new business)"
        values={values}
        extraHeading="Lift"
        rows={[
          {
            keys: ['win_rate_partner', 'win_rate_direct'],
            extra: <Lift metricKey="win_rate_lift" values={values} suffix="" />,
          },
          {
            keys: ['acv_partner', 'acv_direct'],
            extra: <Lift metricKey="acv_lift" values={values} suffix="" />,
          },
          {
            keys: ['cycle_days_median_partner', 'cycle_days_median_direct'],
            extra: <Lift metricKey="cycle_time_reduction" values={values} suffix="faster" />,
          },
          {
            keys: ['sales_velocity_partner', 'sales_velocity_direct'],
            extra:
              vLift === undefined ? (
                <Skeleton width={56} />
              ) : (
                <span className="lift" data-metric="velocity_lift" data-value={String(vLift)}>
                  {vLift === null ? '—' : fmt.multiple(vLift)}
                  <Help
                    entry={{
                      label: `${velocityLabel} lift`,
                      formula: `${catalog.metric('sales_velocity_partner').label} / ${catalog.metric('sales_velocity_direct').label}, computed from the two figures shown`,
                      better: 'higher',
                      null_reason: catalog.metric('sales_velocity_direct').null_reason,
                    }}
                  />
                </span>
              ),
          },
        ]}
      />
      <CompareTable
        caption="Sourced vs influenced"
        values={values}
        rows={[
          { keys: ['win_rate_sourced', 'win_rate_influenced'] },
          { keys: ['acv_sourced', 'acv_influenced'] },
          { keys: ['cycle_days_median_sourced', 'cycle_days_median_influenced'] },
          { keys: ['sales_velocity_sourced', 'sales_velocity_influenced'] },
        ]}
      />
      <WinRateChart params={data.params} />
    </section>
  );
}
