// Components rendered to static HTML (react-dom/server): what a user sees for a value, a
// null, a change and a drill-down link, with the real catalog of the library.
import { describe, expect, it } from '@jest/globals';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { METRIC_CATALOG, METRIC_KEYS, PIPELINE_CATALOG, PIPELINE_KEYS } from '@partner-kpi/metrics';
import { AppContext, type AppData } from '../app/app-context';
import { indexCatalog } from '../lib/catalog';
import { createFormatters } from '../lib/format';
import { ChartCard } from './ChartCard';
import { MetricTable, MetricTile } from './MetricFigure';
import { EmptyWorkspace } from './States';

const app: AppData = {
  settings: { reporting_currency: 'EUR', fiscal_year_start_month: 1, gross_margin: 0.8 },
  catalog: indexCatalog({
    metrics: METRIC_KEYS.map((k) => METRIC_CATALOG[k]),
    pipeline: PIPELINE_KEYS.map((k) => PIPELINE_CATALOG[k]),
  }),
  fmt: createFormatters('EUR', 'en-US'),
  today: '2026-11-21',
  principal: { kind: 'user', name: 'cpo@example.com', role: 'editor' },
};

function html(node: ReactNode): string {
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <AppContext.Provider value={app}>{node}</AppContext.Provider>
    </QueryClientProvider>,
  ).replace(/&amp;/g, '&');
}

describe('MetricTile', () => {
  it('shows the catalog label, the value in the reporting currency and a link to the deals behind it', () => {
    const out = html(<MetricTile metricKey="partner_sourced_revenue" value={1265847.92} />);
    expect(out).toContain(METRIC_CATALOG.partner_sourced_revenue.label);
    expect(out).toContain('€1.27M');
    expect(out).toContain('href="/?drill=partner_sourced_revenue"');
    expect(out).toContain('data-value="1265847.92"');
    expect(out).toContain(`How “${METRIC_CATALOG.partner_sourced_revenue.label}” is calculated`);
  });

  it('shows null as — with the reason from the catalog, and no drill link', () => {
    const out = html(
      <MetricTile
        metricKey="nrr"
        value={null}
        comparisons={[{ label: 'FY2026 Q3', value: 1.1 }]}
      />,
    );
    expect(out).toContain('—');
    expect(out).toContain(METRIC_CATALOG.nrr.null_reason!);
    expect(out).not.toContain('drill=nrr');
    expect(out).toContain('no figure for this period');
  });

  it('shows changes toned by direction: lower CAC is good', () => {
    const out = html(
      <MetricTile
        metricKey="blended_cac"
        value={900}
        comparisons={[{ label: 'FY2026 Q3', value: 1000 }]}
      />,
    );
    expect(out).toContain('change-good');
    expect(out).toContain('−10.0%');
    expect(out).toContain('vs FY2026 Q3');
  });

  it('shows a loading skeleton while the value is unknown', () => {
    const out = html(<MetricTile metricKey="nrr" value={undefined} />);
    expect(out).toContain('aria-busy="true"');
    expect(out).toContain(`Loading ${METRIC_CATALOG.nrr.label}`);
  });
});

describe('MetricTable', () => {
  it('renders each figure with its change against the previous period', () => {
    const out = html(
      <MetricTable
        caption="CFO"
        previousLabel="FY2026 Q3"
        rows={[
          { key: 'nrr', value: 1.1, previous: 1.05 },
          { key: 'partner_program_roi', value: null, previous: 1.2 },
        ]}
      />,
    );
    expect(out).toContain('110.0%');
    expect(out).toContain('+5.0 pts');
    expect(out).toContain(METRIC_CATALOG.partner_program_roi.null_reason!);
    expect(out).toContain('Change since FY2026 Q3');
  });
});

describe('ChartCard', () => {
  const card = (props: Partial<Parameters<typeof ChartCard>[0]>) =>
    html(
      <ChartCard title="Trend" status="success" empty={false} emptyText="Nothing here" {...props}>
        <svg data-testid="plot" />
      </ChartCard>,
    );
  it('has one state at a time: loading, error, empty or the chart', () => {
    expect(card({ status: 'pending' })).toContain('Loading chart: Trend');
    expect(card({ status: 'error', error: new Error('boom') })).toContain('boom');
    expect(card({ empty: true })).toContain('Nothing here');
    const ok = card({});
    expect(ok).toContain('data-testid="plot"');
    expect(ok).not.toContain('Nothing here');
  });
});

describe('EmptyWorkspace', () => {
  it('offers the demo data and the import API', () => {
    const out = html(<EmptyWorkspace />);
    expect(out).toContain('Load demo data');
    expect(out).toContain('href="/import"');
    expect(out).toContain('href="/api/docs#/import"');
  });
});
