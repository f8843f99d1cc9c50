import { describe, expect, it } from '@jest/globals';
import { computeMetrics } from './metrics.js';
import { makeArr, makeAttachment, makeDataset } from './testing/builders.js';
import { CFO_PERIOD, cfoDataset } from './testing/fixtures.js';

const P = CFO_PERIOD;

// Cohort (ARR > 0 in 2025-03): A1 1000, A2 500, A3 2000, A6 800; sum 4300.
// ARR in 2026-03: A1 1200, A2 0 (no row), A3 1500, A6 0; sum 2700.
// On 2025-03-31: A1 attached (P1), A3 attached (P2, since = until = that day);
// A2's attachment ended 2025-03-10 and A6's starts 2025-04-01: both unattached.

describe('CFO: retention', () => {
  const m = computeMetrics(cfoDataset, P);

  it('NRR, GRR and churn over the cohort', () => {
    expect(m.nrr).toBeCloseTo(27 / 43, 14); // 2700 / 4300
    expect(m.grr).toBeCloseTo(25 / 43, 14); // (1000 + 0 + 1500 + 0) / 4300
    expect(m.logo_churn_rate).toBe(0.5); // A2, A6
    expect(m.revenue_churn_rate).toBeCloseTo(13 / 43, 14); // (500 + 800) / 4300
  });

  it('attached vs unattached', () => {
    expect(m.nrr_attached).toBe(0.9); // (1200 + 1500) / (1000 + 2000)
    expect(m.churn_rate_attached).toBe(0);
    expect(m.nrr_unattached).toBe(0); // 0 / (500 + 800)
    expect(m.churn_rate_unattached).toBe(1);
    expect(m.churn_reduction).toBe(1); // 1 - 0 / 1
  });

  it('under a partner filter, accounts attached only to other partners are in neither part', () => {
    const f = computeMetrics(cfoDataset, P, { partner_id: ['P1'] });
    expect(f.nrr).toBeCloseTo(27 / 43, 14); // the cohort itself does not change
    expect(f.nrr_attached).toBe(1.2); // A1 only (A3 is attached to P2)
    expect(f.churn_rate_attached).toBe(0);
    expect(f.nrr_unattached).toBe(0); // A2, A6
    expect(f.churn_rate_unattached).toBe(1);
  });

  it('account filters narrow the cohort', () => {
    const f = computeMetrics(cfoDataset, P, { region: ['NA'] }); // A1, A2
    expect(f.nrr).toBe(0.8); // 1200 / 1500
    expect(f.logo_churn_rate).toBe(0.5);
    expect(f.nrr_attached).toBe(1.2);
    expect(f.nrr_unattached).toBe(0);
  });

  it('retention depends only on the month of `to`', () => {
    const f = computeMetrics(cfoDataset, { from: '2026-03-31', to: '2026-03-31' });
    expect(f.nrr).toBe(m.nrr);
    expect(f.churn_reduction).toBe(m.churn_reduction);
  });

  it('no ARR in S: every retention figure is null', () => {
    const f = computeMetrics(cfoDataset, { from: '2030-01-01', to: '2030-01-31' });
    for (const key of [
      'nrr',
      'grr',
      'logo_churn_rate',
      'revenue_churn_rate',
      'nrr_attached',
      'nrr_unattached',
      'churn_rate_attached',
      'churn_rate_unattached',
      'churn_reduction',
    ] as const) {
      expect(f[key]).toBeNull();
    }
  });

  it('churn reduction is null when the unattached part has no churn or does not exist', () => {
    const ds = makeDataset({
      arr: [
        makeArr('A1', '2025-03', '10'),
        makeArr('A1', '2026-03', '0'),
        makeArr('A2', '2025-03', '10'),
        makeArr('A2', '2026-03', '10'),
      ],
      attachments: [makeAttachment('A1', 'P1', '2025-01-01')],
    });
    const f = computeMetrics(ds, P);
    expect(f.churn_rate_attached).toBe(1);
    expect(f.churn_rate_unattached).toBe(0);
    expect(f.churn_reduction).toBeNull();
    const allAttached = computeMetrics(
      {
        ...ds,
        attachments: [
          makeAttachment('A1', 'P1', '2025-01-01'),
          makeAttachment('A2', 'P1', '2025-01-01'),
        ],
      },
      P,
    );
    expect(allAttached.nrr_unattached).toBeNull();
    expect(allAttached.churn_reduction).toBeNull();
  });
});

describe('CFO: partner spend and program ROI', () => {
  it('spend months whose first day is in P', () => {
    // 2026-01-01..2026-03-15 holds the first days of Jan, Feb and Mar: 250 + 150
    const m = computeMetrics(cfoDataset, P);
    expect(m.partner_spend).toBe(400);
    expect(m.partner_program_roi).toBe(2.5); // W1 1000 / 400
    // From 2026-01-02, January's first day is outside P.
    const later = computeMetrics(cfoDataset, { from: '2026-01-02', to: '2026-03-15' });
    expect(later.partner_spend).toBe(150);
  });

  it('ROI is null without partner spend', () => {
    const m = computeMetrics(cfoDataset, { from: '2026-02-01', to: '2026-02-28' });
    expect(m.partner_spend).toBe(0);
    expect(m.partner_program_roi).toBeNull();
  });
});
