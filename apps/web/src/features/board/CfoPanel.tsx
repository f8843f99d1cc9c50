import { CompareTable } from '../../components/CompareTable';
import { MetricTable } from '../../components/MetricFigure';
import { RetentionChart } from './RetentionChart';
import type { PanelData } from './panel';

/** CFO/CCO: partner-attached customers churn less and expand more (NRR). */
export function CfoPanel({ data }: { data: PanelData }) {
  const { values, previous } = data;
  return (
    <section className="panel card" aria-labelledby="panel-cfo" data-panel="cfo">
      <header className="panel-head">
        <p className="panel-kicker">CFO / CCO · retention and efficiency</p>
        <h2 id="panel-cfo">Partner-attached customers churn less and expand more</h2>
      </header>
      {data.previousLabel && <p className="panel-note">Change: since {data.previousLabel}.</p>}
      <MetricTable
        caption="CFO figures"
        previousLabel={data.previousLabel}
        rows={(
          [
            'nrr',
            'grr',
            'logo_churn_rate',
            'churn_reduction',
            'partner_spend',
            'partner_program_roi',
          ] as const
        ).map((key) => ({
          key,
          value: values?.[key],
          previous: previous?.[key],
        }))}
      />
      <CompareTable
        caption="Attached vs unattached (trailing 12 months)"
        values={values}
        rows={[
          { keys: ['nrr_attached', 'nrr_unattached'] },
          { keys: ['churn_rate_attached', 'churn_rate_unattached'] },
        ]}
      />
      <RetentionChart params={data.params} />
    </section>
  );
}
