import { describe, expect, it } from '@jest/globals';
import {
  carrySearch,
  EMPTY_VIEW,
  filterCount,
  parseViewState,
  patchSearch,
  serializeViewState,
  toApiFilters,
  toggleFilterValue,
} from './url-state';

describe('URL view state', () => {
  it('an empty query string is the default view', () => {
    expect(parseViewState('')).toEqual(EMPTY_VIEW);
    expect(serializeViewState(EMPTY_VIEW)).toBe('');
  });

  it('reads the period: a fiscal quarter or year, or from/to', () => {
    expect(parseViewState('?period=FY2026-Q2').period).toEqual({
      kind: 'quarter',
      fy: 2026,
      quarter: 2,
    });
    expect(parseViewState('?period=FY2025').period).toEqual({ kind: 'year', fy: 2025 });
    expect(parseViewState('?from=2026-01-01&to=2026-02-15').period).toEqual({
      kind: 'custom',
      from: '2026-01-01',
      to: '2026-02-15',
    });
  });

  it('drops periods that make no sense instead of failing', () => {
    expect(parseViewState('?period=Q2').period).toEqual({ kind: 'current' });
    expect(parseViewState('?from=2026-02-30&to=2026-03-01').period).toEqual({ kind: 'current' });
    expect(parseViewState('?from=2026-03-01&to=2026-02-01').period).toEqual({ kind: 'current' });
    expect(parseViewState('?from=2026-03-01').period).toEqual({ kind: 'current' });
    expect(parseViewState('?as_of=yesterday').asOf).toBeNull();
  });

  it('reads repeatable filters as the API takes them, without duplicates or unknown partner types', () => {
    const s = parseViewState(
      '?segment=SMB&segment=Enterprise&segment=SMB&region=&partner_type=msp&partner_type=bogus&partner_id=P1',
    );
    expect(s.filters).toEqual({
      segment: ['SMB', 'Enterprise'],
      partner_type: ['msp'],
      partner_id: ['P1'],
    });
    expect(filterCount(s.filters)).toBe(4);
  });

  it('reads the drill-down, its page and partner, and the sort', () => {
    const s = parseViewState(
      '?drill=partner_sourced_revenue&drill_page=3&drill_partner=P0003&sort=amount&dir=asc',
    );
    expect(s.drill).toEqual({ key: 'partner_sourced_revenue', page: 3, partner: 'P0003' });
    expect(s.sort).toEqual({ column: 'amount', dir: 'asc' });
    expect(parseViewState('?drill=nrr&drill_page=-2').drill).toEqual({
      key: 'nrr',
      page: 1,
      partner: null,
    });
    expect(parseViewState('?drill=../etc').drill).toBeNull();
    expect(parseViewState('?sort=amount').sort).toEqual({ column: 'amount', dir: 'desc' });
  });

  it('serialises in a stable order and round-trips', () => {
    const search =
      '?period=FY2026-Q4&segment=SMB&segment=Enterprise&region=EMEA&partner_tier=Gold&as_of=2026-11-20&sort=amount&dir=desc&drill=nrr&drill_page=2&drill_partner=P1';
    expect(serializeViewState(parseViewState(search))).toBe(search);
    expect(serializeViewState(parseViewState('?to=2026-02-01&from=2026-01-01'))).toBe(
      '?from=2026-01-01&to=2026-02-01',
    );
    expect(
      serializeViewState({ ...EMPTY_VIEW, drill: { key: 'nrr', page: 1, partner: null } }),
    ).toBe('?drill=nrr');
    // Unknown parameters are not carried.
    expect(serializeViewState(parseViewState('?utm_source=x&period=FY2025'))).toBe(
      '?period=FY2025',
    );
  });

  it('patches one part and keeps the rest', () => {
    expect(
      patchSearch('?period=FY2026-Q1&segment=SMB', { period: { kind: 'year', fy: 2025 } }),
    ).toBe('?period=FY2025&segment=SMB');
    expect(patchSearch('?period=FY2026-Q1&drill=nrr', { drill: null })).toBe('?period=FY2026-Q1');
    expect(patchSearch('?from=2026-01-01&to=2026-01-31', { period: { kind: 'current' } })).toBe('');
  });

  it('moving to another page keeps the period, filters and as-of date only', () => {
    expect(
      carrySearch('?period=FY2026-Q1&region=EMEA&as_of=2026-11-01&drill=nrr&sort=amount&dir=asc'),
    ).toBe('?period=FY2026-Q1&region=EMEA&as_of=2026-11-01');
  });

  it('gives the API sorted filters (one cache entry per filter set) and toggles values', () => {
    expect(toApiFilters({ segment: ['SMB', 'Enterprise'], region: [] })).toEqual({
      segment: ['Enterprise', 'SMB'],
    });
    const on = toggleFilterValue({}, 'region', 'EMEA');
    expect(on).toEqual({ region: ['EMEA'] });
    expect(toggleFilterValue(on, 'region', 'EMEA')).toEqual({});
  });
});
