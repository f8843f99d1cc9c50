import { describe, expect, it } from '@jest/globals';
import { parseViewState } from '../../lib/url-state';
import { cellText, dealDrillHref, sampleColumns, sortChecks } from './samples';

describe('data-quality samples', () => {
  it('orders checks worst first, then by count, keeping the API order on ties', () => {
    const checks = [
      { key: 'a', severity: 'info', count: 5 },
      { key: 'b', severity: 'severe', count: 1 },
      { key: 'c', severity: 'ok', count: 0 },
      { key: 'd', severity: 'severe', count: 9 },
      { key: 'e', severity: 'info', count: 5 },
      { key: 'f', severity: 'warning', count: 2 },
    ] as const;
    expect(sortChecks(checks).map((c) => c.key)).toEqual(['d', 'b', 'f', 'a', 'e', 'c']);
  });

  it('lists the columns of every row in the order they appear', () => {
    expect(
      sampleColumns([
        { deal_id: 'D1', amount: 0 },
        { deal_id: 'D2', closed_on: null },
      ]),
    ).toEqual(['deal_id', 'amount', 'closed_on']);
    expect(sampleColumns([])).toEqual([]);
    expect([
      cellText(null),
      cellText(undefined),
      cellText(0),
      cellText('x'),
      cellText({ a: 1 }),
    ]).toEqual(['', '', '0', 'x', '{"a":1}']);
  });

  it('links a won booking deal to the bookings drill-down of the day it closed', () => {
    const href = dealDrillHref({
      deal_id: 'D3',
      stage: 'won',
      type: 'new_business',
      closed_on: '2024-02-01',
    });
    expect(href).toBe('/?from=2024-02-01&to=2024-02-01&drill=total_bookings');
    const view = parseViewState(href!.slice(1));
    expect(view.period).toEqual({ kind: 'custom', from: '2024-02-01', to: '2024-02-01' });
    expect(view.drill).toEqual({ key: 'total_bookings', page: 1, partner: null });
  });

  it('gives no link when no figure lists the deal', () => {
    const won = { deal_id: 'D1', stage: 'won', type: 'expansion', closed_on: '2024-02-01' };
    expect(dealDrillHref(won)).not.toBeNull();
    expect(dealDrillHref({ ...won, type: 'renewal' })).toBeNull(); // renewals are not bookings
    expect(dealDrillHref({ ...won, stage: 'open', closed_on: null })).toBeNull();
    expect(dealDrillHref({ ...won, stage: 'lost' })).toBeNull();
    expect(dealDrillHref({ account_id: 'A1', name: 'x' })).toBeNull();
    expect(dealDrillHref({ ...won, closed_on: '2024-02-01T00:00:00.000Z' })).toBeNull();
  });
});
