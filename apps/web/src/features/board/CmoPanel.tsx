import { useApp } from '../../app/app-context';
import { CompareTable } from '../../components/CompareTable';
import { MetricTable } from '../../components/MetricFigure';
import { CacChart } from './CacChart';
import type { PanelData } from './panel';

/** CMO: partners lower blended CAC; partner-sourced leads convert better and faster. */
export function CmoPanel({ data }: { data: PanelData }) {
  const { values, previous } = data;
  const { catalog } = useApp();
  return (
    <section className="panel card" aria-labelledby="panel-cmo" data-panel="cmo">
      <header className="panel-head">
        <p className="panel-kicker">CMO · marketing efficiency</p>
        <h2 id="panel-cmo">Partners lower the cost of a new customer</h2>
      </header>
      {data.previousLabel && <p className="panel-note">Change: since {data.previousLabel}.</p>}
      <MetricTable
        caption="CMO figures"
        previousLabel={data.previousLabel}
        rows={(
          [
            'blended_cac',
            'partner_cac',
            'direct_cac',
            'cac_reduction',
            'cac_payback_months',
            'new_customers_partner',
            'new_customers_direct',
          ] as const
        ).map((key) => ({ key, value: values?.[key], previous: previous?.[key] }))}
      />
      {data.hasPartnerFilters && (
        <p className="notice small">
          {catalog.metric('blended_cac').label} and the other CAC figures ignore partner filters:
          spend is not kept per partner.
        </p>
      )}
      <CompareTable
        caption="Lead quality"
        values={values}
        rows={[
          { keys: ['lead_win_rate_sourced', 'lead_win_rate_non_sourced'] },
          { keys: ['lead_cycle_days_median_sourced', 'lead_cycle_days_median_non_sourced'] },
        ]}
      />
      <CacChart params={data.params} />
    </section>
  );
}
