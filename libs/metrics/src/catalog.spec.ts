import { describe, expect, it } from '@jest/globals';
import {
  ALIGNMENTS,
  METRIC_CATALOG,
  METRIC_KEYS,
  PIPELINE_CATALOG,
  PIPELINE_KEYS,
  UNITS,
  isMetricKey,
  isMoneyUnit,
  isPipelineKey,
  parseCroKey,
} from './catalog.js';
import { computeMetrics } from './metrics.js';
import { makeDataset } from './testing/builders.js';

describe('metric catalog', () => {
  it('has exactly one entry per key, with every field', () => {
    expect(Object.keys(METRIC_CATALOG)).toEqual([...METRIC_KEYS]);
    expect(new Set(METRIC_KEYS).size).toBe(METRIC_KEYS.length);
    expect(METRIC_KEYS).toHaveLength(52); // board 6 + CRO 4x5+3 + CMO 12 + CFO 11
    for (const key of METRIC_KEYS) {
      const def = METRIC_CATALOG[key];
      expect(def.key).toBe(key);
      expect(ALIGNMENTS).toContain(def.alignment);
      expect(UNITS).toContain(def.unit);
      expect(['higher', 'lower']).toContain(def.better);
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.formula.length).toBeGreaterThan(0);
      expect(def.formula).not.toContain('\n');
      expect(def.deal_based).toBe(def.drill === 'deals');
    }
  });

  it('aligns each table with its executive', () => {
    const count = (a: string) =>
      METRIC_KEYS.filter((k) => METRIC_CATALOG[k].alignment === a).length;
    expect([count('board'), count('cro'), count('cmo'), count('cfo')]).toEqual([6, 23, 12, 11]);
    expect(METRIC_CATALOG.sales_velocity_partner.unit).toBe('currency_per_day');
    expect(METRIC_CATALOG.cac_payback_months.unit).toBe('months');
    expect(METRIC_CATALOG.cycle_days_median_direct).toMatchObject({
      unit: 'days',
      better: 'lower',
    });
    expect(METRIC_CATALOG.nrr_attached.drill).toBe('accounts');
    expect(METRIC_CATALOG.active_partners.deal_based).toBe(false);
  });

  it('computeMetrics answers exactly the catalog keys, in catalog order', () => {
    expect(
      Object.keys(computeMetrics(makeDataset(), { from: '2026-01-01', to: '2026-01-31' })),
    ).toEqual([...METRIC_KEYS]);
  });

  it('gives a null reason to exactly the figures that can be null', () => {
    // On an empty dataset every ratio has a zero denominator: those are the keys that can be
    // null, and each needs a reason for the UI; sums and counts are 0 and need none.
    const empty = computeMetrics(makeDataset(), { from: '2026-01-01', to: '2026-03-31' });
    for (const key of METRIC_KEYS) {
      const reason = METRIC_CATALOG[key].null_reason;
      if (empty[key] === null) {
        expect(typeof reason).toBe('string');
        expect(reason?.length).toBeGreaterThan(0);
        expect(reason).not.toContain('\n');
      } else {
        expect([key, reason]).toEqual([key, null]);
      }
    }
    expect(METRIC_CATALOG.nrr.null_reason).toMatch(/ARR 12 months before/);
    expect(METRIC_CATALOG.win_rate_sourced.null_reason).toMatch(/no closed partner-sourced/);
  });

  it('pipeline catalog', () => {
    expect(Object.keys(PIPELINE_CATALOG)).toEqual([...PIPELINE_KEYS]);
    expect(PIPELINE_KEYS).toHaveLength(14);
    for (const key of PIPELINE_KEYS) {
      expect(PIPELINE_CATALOG[key]).toMatchObject({ key, alignment: 'pipeline', deal_based: true });
      expect(PIPELINE_CATALOG[key].label.length).toBeGreaterThan(0);
      expect(PIPELINE_CATALOG[key].null_reason).toBeNull();
    }
  });

  it('key guards and helpers', () => {
    expect(isMetricKey('nrr')).toBe(true);
    expect(isMetricKey('open_pipeline_partner')).toBe(false);
    expect(isPipelineKey('open_pipeline_partner')).toBe(true);
    expect(isMetricKey('toString')).toBe(false);
    expect(parseCroKey('cycle_days_mean_influenced')).toEqual({
      measure: 'cycle_days_mean',
      cls: 'influenced',
    });
    expect(parseCroKey('win_rate_lift')).toBeNull();
    expect(isMoneyUnit('currency_per_day')).toBe(true);
    expect(isMoneyUnit('ratio')).toBe(false);
  });
});
