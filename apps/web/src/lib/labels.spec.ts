import { describe, expect, it } from '@jest/globals';
import { METRIC_CATALOG, METRIC_KEYS, PIPELINE_CATALOG, PIPELINE_KEYS } from '@partner-kpi/metrics';
import { indexCatalog, nullReason } from './catalog';
import { createFormatters } from './format';
import {
  capitalise,
  comparisonTitle,
  partnerTypeLabel,
  periodTitle,
  plural,
  splitLabel,
} from './labels';
import { comparisons, resolvePeriod } from './periods';

const fmt = createFormatters('USD', 'en-US');

describe('labels from the catalog', () => {
  it('splits a class qualifier off a catalog label', () => {
    expect(splitLabel('Win rate (partner-sourced)')).toEqual({
      base: 'Win rate',
      qualifier: 'partner-sourced',
    });
    expect(splitLabel('Net revenue retention')).toEqual({
      base: 'Net revenue retention',
      qualifier: null,
    });
    expect(capitalise(splitLabel(METRIC_CATALOG.nrr_unattached.label).qualifier ?? '')).toBe(
      'No partner attached',
    );
  });
  it('names periods and their comparisons', () => {
    const p = resolvePeriod({ kind: 'current' }, 1, '2026-11-21');
    expect(periodTitle(p, fmt)).toBe('FY2026 Q4 to date');
    expect(periodTitle(resolvePeriod({ kind: 'year', fy: 2025 }, 1, '2026-11-21'), fmt)).toBe(
      'FY2025',
    );
    expect(
      comparisons({ kind: 'current' }, 1, '2026-11-21').map((c) => comparisonTitle(c, fmt)),
    ).toEqual(['FY2026 Q3 (first 52 days)', 'FY2025 Q4 (first 52 days)']);
    expect(
      periodTitle(
        resolvePeriod({ kind: 'custom', from: '2026-01-01', to: '2026-01-31' }, 1, '2026-11-21'),
        fmt,
      ),
    ).toMatch(/^Jan 1\s–\s31, 2026$/);
  });
  it('partner types and plurals', () => {
    expect(partnerTypeLabel('msp')).toBe('MSP');
    expect(partnerTypeLabel('reseller')).toBe('Reseller');
    expect(plural(1, 'deal')).toBe('1 deal');
    expect(plural(1200, 'deal', 'deals', (n) => fmt.count(n))).toBe('1,200 deals');
  });
});

describe('catalog index', () => {
  const catalog = indexCatalog({
    metrics: METRIC_KEYS.map((k) => METRIC_CATALOG[k]),
    pipeline: PIPELINE_KEYS.map((k) => PIPELINE_CATALOG[k]),
  });
  it('finds metric and pipeline entries by key', () => {
    expect(catalog.metric('nrr').label).toBe(METRIC_CATALOG.nrr.label);
    expect(catalog.pipeline('open_pipeline_partner').unit).toBe('currency');
    expect(catalog.get('slipped_deals_direct')?.better).toBe('lower');
    expect(catalog.get('nope')).toBeUndefined();
  });
  it('gives the reason a figure is null, with a fallback for an older API', () => {
    expect(nullReason(catalog.metric('nrr'))).toBe(METRIC_CATALOG.nrr.null_reason);
    expect(nullReason({ null_reason: null })).toMatch(/ratio over zero/);
    expect(nullReason(undefined)).toMatch(/ratio over zero/);
  });
  it('an unknown key still renders (its key as label), rather than crashing the page', () => {
    const empty = indexCatalog({ metrics: [], pipeline: [] });
    expect(empty.metric('nrr')).toMatchObject({ key: 'nrr', label: 'nrr', drill: null });
  });
});
