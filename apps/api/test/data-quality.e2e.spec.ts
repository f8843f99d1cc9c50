import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './app.js';

describe('GET /api/v1/data-quality', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.reset();
    const post = (entity: string, rows: object[]) =>
      t.http().post(`/api/v1/import/${entity}`).send(rows).expect(200);
    await post('partners', [
      { partner_id: 'P1', name: 'With date', type: 'si', joined_on: '2023-01-01' },
      { partner_id: 'P2', name: 'No date', type: 'msp' },
      { partner_id: 'unattributed-partner', name: 'Catch-all', type: 'referral' },
    ]);
    await post('accounts', [
      { account_id: 'A1', name: 'One' },
      { account_id: 'A2', name: 'Two' },
      { account_id: 'A3', name: 'Three (ARR, never won)' },
    ]);
    await post('deals', [
      { deal_id: 'D1', account_id: 'A1', amount: 100, stage: 'won', created_on: '2024-01-01', closed_on: '2024-02-01', sourcing_partner_id: 'P1' },
      { deal_id: 'D2', account_id: 'A1', amount: 0, stage: 'won', created_on: '2024-01-01', closed_on: '2024-02-01' },
      { deal_id: 'D3', account_id: 'A2', amount: 50, stage: 'won', created_on: '2024-03-01', closed_on: '2024-02-01' },
      { deal_id: 'D4', account_id: 'A2', amount: 70, stage: 'open', created_on: '2024-01-01', expected_close_on: '2024-06-30' },
      { deal_id: 'D5', account_id: 'A2', amount: 30, stage: 'won', created_on: '2024-01-01', closed_on: '2024-02-15', sourcing_partner_id: 'unattributed-partner' },
      { deal_id: 'D6', account_id: 'A2', amount: 200, stage: 'won', created_on: '2024-01-01', closed_on: '2024-03-10' },
    ]);
    await post('touches', [
      { deal_id: 'D6', partner_id: 'P2', touch_type: 'co_sell', touched_on: '2024-03-01' },
      { deal_id: 'D2', partner_id: 'P2', touch_type: 'intro', touched_on: '2024-02-10' },
    ]);
    await post('arr', [
      { account_id: 'A1', month: '2024-02', arr: 100 },
      { account_id: 'A1', month: '2024-04', arr: 100 },
      { account_id: 'A3', month: '2024-02', arr: 10 },
    ]);
    await post('spend', [{ month: '2024-01', motion: 'partner', category: 'MDF', amount: 5 }]);
  });
  afterAll(async () => t.close());

  it('runs every check on a dataset built to trigger it', async () => {
    const res = await t.http().get('/api/v1/data-quality');
    expect(res.status).toBe(200);
    const checks = Object.fromEntries((res.body.checks as { key: string; count: number; severity: string; samples: Record<string, unknown>[] }[]).map((c) => [c.key, c]));
    expect(checks.touches_after_close).toMatchObject({ count: 1, samples: [expect.objectContaining({ deal_id: 'D2', partner_id: 'P2' })] });
    expect(checks.closed_before_created).toMatchObject({ count: 1, samples: [expect.objectContaining({ deal_id: 'D3' })] });
    expect(checks.open_past_expected_close).toMatchObject({ count: 1, samples: [expect.objectContaining({ deal_id: 'D4' })] });
    expect(checks.zero_amount_won).toMatchObject({ count: 1, samples: [expect.objectContaining({ deal_id: 'D2' })] });
    expect(checks.unattributed_partner_deals).toMatchObject({ count: 1, samples: [expect.objectContaining({ deal_id: 'D5' })] });
    expect(checks.arr_without_won_deal).toMatchObject({ count: 1, samples: [expect.objectContaining({ account_id: 'A3' })] });
    expect(checks.arr_gaps).toMatchObject({ count: 1, samples: [expect.objectContaining({ account_id: 'A1' })] });
    expect(checks.months_without_spend.samples).toEqual([{ month: '2024-02' }, { month: '2024-03' }, { month: '2024-04' }]); // data spans 2024-01..2024-04
    expect(checks.partners_without_joined_on.count).toBe(2);
    for (const c of Object.values(checks)) expect(c.severity).not.toBe(c.count === 0 ? 'severe' : 'ok');
    // Bookings: D1 100 sourced, D5 30 sourced, D6 200 influenced (touch before close), D2 0, D3 50 direct.
    expect(res.body.attribution_coverage).toMatchObject({ won_bookings: 380, sourced: 130, influenced: 200, direct: 50 });
    expect(res.body.severity).toBe('severe');
  });

  it('pages through every row of a check and rejects unknown checks', async () => {
    const http = t.http();
    const rows = await http.get('/api/v1/data-quality/partners_without_joined_on?limit=1&offset=1');
    expect(rows.status).toBe(200);
    expect(rows.body).toMatchObject({ total: 2, rows: [expect.objectContaining({ partner_id: 'unattributed-partner' })] });
    expect((await http.get('/api/v1/data-quality/nope')).status).toBe(400);
  });
});
