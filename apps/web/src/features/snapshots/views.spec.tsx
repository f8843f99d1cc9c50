// The frozen board and the restatement rendered to static HTML (react-dom/server): the
// snapshot's own catalog labels and currency, no link to today's drill-down, and the changed
// figures first with the deals and reasons the API gives.
import { describe, expect, it } from '@jest/globals';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  METRIC_CATALOG,
  METRIC_KEYS,
  PIPELINE_CATALOG,
  PIPELINE_KEYS,
  type MetricsValues,
} from '@partner-kpi/metrics';
import type { PipelineResponse } from '../../api/types';
import { AppContext, type AppData } from '../../app/app-context';
import { indexCatalog } from '../../lib/catalog';
import { createFormatters } from '../../lib/format';
import { frozenAppData } from './board-pack';
import { FrozenBoard } from './FrozenBoard';
import { snapshotKeys } from './queries';
import { Restatement } from './Restatement';
import type { CompareResponse, FigureComparison, Snapshot } from './types';

const ID = '0b6f3c1e-8a4d-4c55-9f0e-2d7b1a9c3e42';
const catalog = {
  metrics: METRIC_KEYS.map((k) => METRIC_CATALOG[k]),
  pipeline: PIPELINE_KEYS.map((k) => PIPELINE_CATALOG[k]),
};
// Today: USD and today's labels.
const app: AppData = {
  settings: { reporting_currency: 'USD', fiscal_year_start_month: 1, gross_margin: 0.8 },
  catalog: indexCatalog(catalog),
  fmt: createFormatters('USD', 'en-US'),
  today: '2026-11-21',
} as AppData;

const metrics = Object.fromEntries(METRIC_KEYS.map((k) => [k, 10])) as unknown as MetricsValues;
metrics.partner_sourced_revenue = 1265847.92;
metrics.nrr = null;

// Frozen: EUR, and a label the catalog has since renamed.
const snapshot: Snapshot = {
  id: ID,
  name: 'FY2026 Q3 board readout',
  period: { from: '2026-07-01', to: '2026-09-30', label: 'FY2026 Q3' },
  filters: {},
  created_at: '2026-10-02T09:30:00.000Z',
  fingerprint: 'ab'.repeat(32),
  headline: {} as Snapshot['headline'],
  content: {
    format: 1,
    period: { from: '2026-07-01', to: '2026-09-30', label: 'FY2026 Q3' },
    filters: {},
    settings: { reporting_currency: 'EUR', fiscal_year_start_month: 1, gross_margin: 0.75 },
    data_version: '7',
    fingerprint: { value: 'ab'.repeat(32), covers: 'every row', tables: {} },
    catalog: {
      ...catalog,
      metrics: catalog.metrics.map((e) =>
        e.key === 'partner_sourced_revenue'
          ? { ...e, label: 'Sourced revenue (as defined then)' }
          : e,
      ),
    },
    metrics,
    series: {
      grain: 'quarter',
      from: '2024-10-01',
      to: '2026-09-30',
      filters: {},
      series: [{ from: '2026-07-01', to: '2026-09-30', label: 'FY2026 Q3', metrics }],
    },
    drill: {},
    deals: {},
    pipeline: {
      as_of: '2026-09-30',
      metrics: Object.fromEntries(PIPELINE_KEYS.map((k) => [k, 3])),
    } as unknown as PipelineResponse,
  },
};

function html(node: ReactNode, client = new QueryClient()): string {
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <AppContext.Provider value={frozenAppData(app, snapshot.content)}>{node}</AppContext.Provider>
    </QueryClientProvider>,
  ).replace(/&amp;/g, '&');
}

describe('FrozenBoard', () => {
  const out = html(<FrozenBoard snapshot={snapshot} />);

  it("shows the snapshot's labels and currency, not today's", () => {
    expect(out).toContain('Sourced revenue (as defined then)');
    expect(out).not.toContain(`>${METRIC_CATALOG.partner_sourced_revenue.label}<`);
    expect(out).toContain('€1.27M');
    expect(out).toContain('data-metric="partner_sourced_revenue" data-value="1265847.92"');
  });

  it('groups the figures by alignment and links none of them to the live drill-down', () => {
    for (const panel of ['cmo', 'cro', 'cfo', 'pipeline'])
      expect(out).toContain(`data-panel="${panel}"`);
    expect(out).not.toContain('data-drill');
    expect(out).not.toContain('?drill=');
    // A null figure shows — with the catalog's reason.
    expect(out).toContain(METRIC_CATALOG.nrr.null_reason ?? 'a ratio over zero');
  });
});

describe('Restatement', () => {
  const base = (key: FigureComparison['key'], r: number, n: number): FigureComparison => ({
    key,
    label: METRIC_CATALOG[key].label,
    unit: METRIC_CATALOG[key].unit,
    reported: r,
    recomputed: n,
    difference: n - r,
    changed: r !== n,
  });
  const none = { added: [], removed: [], amount_changed: [], class_changed: [], role_changed: [] };
  const cmp: CompareResponse = {
    snapshot,
    recomputed_at: '2026-11-21T10:00:00.000Z',
    settings: {
      used: 'as_reported',
      as_reported: snapshot.content.settings,
      current: { ...snapshot.content.settings, gross_margin: 0.8 },
      differs: ['gross_margin'],
      note: 'Recomputed with the settings as reported; today’s settings differ in gross_margin.',
    },
    fingerprint: {
      as_reported: 'ab'.repeat(32),
      current: 'cd'.repeat(32),
      changed: true,
      tables_changed: ['deals'],
    },
    summary: {
      restated: true,
      figures_changed: 1,
      figures_total: 2,
      deals_explaining: 1,
      text: '1 of 2 figures of FY2026 Q3 differ from what was reported.',
    },
    figures: [
      base('active_partners', 4, 4),
      {
        ...base('total_bookings', 1000, 1500),
        deals: {
          ...none,
          amount_changed: [
            {
              deal_id: 'D1',
              name: 'Acme expansion',
              account_name: 'Acme',
              reported: { class: 'sourced', amount: 1000, role: 'booking' },
              recomputed: { class: 'sourced', amount: 1500, role: 'booking' },
            },
          ],
        },
      },
    ],
    series: [],
    pipeline: [],
    deals: [
      {
        deal_id: 'D1',
        name: 'Acme expansion',
        account_id: 'A1',
        account_name: 'Acme',
        changes: ['amount_changed'],
        figures: ['total_bookings'],
        reported: {
          amount: 1000,
          class: 'sourced',
          type: 'expansion',
          stage: 'won',
          closed_on: null,
        },
        recomputed: {
          amount: 1500,
          class: 'sourced',
          type: 'expansion',
          stage: 'won',
          closed_on: null,
        },
        explanation: ['amount changed from 1000 to 1500'],
      },
    ],
  };

  it('lists the changed figure first, with the deal that explains it and the settings that differ', () => {
    const client = new QueryClient();
    client.setQueryData(snapshotKeys.compare(ID), cmp);
    const out = html(<Restatement snapshot={snapshot} />, client);
    const changed = out.indexOf('data-testid="changed-figures"');
    expect(changed).toBeGreaterThan(0);
    expect(out.indexOf('data-metric="total_bookings"')).toBeGreaterThan(changed);
    expect(out.indexOf('data-metric="active_partners"')).toBeGreaterThan(
      out.indexOf('data-metric="total_bookings"'),
    );
    expect(out).toContain('+€500.00');
    expect(out).toContain('Acme expansion');
    expect(out).toContain('Why: amount changed from 1000 to 1500.');
    expect(out).toContain('data-setting="gross_margin"');
    expect(out).toContain(cmp.summary.text);
  });
});
