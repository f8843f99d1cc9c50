import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  computeLeaderboard,
  computeMetrics,
  computePipeline,
  computeSeries,
  drillDown,
  drillDownPipeline,
  METRIC_CATALOG,
  METRIC_KEYS,
  PIPELINE_KEYS,
  randomDataset,
  type Dataset,
  type Filters,
  type Settings,
} from '@partner-kpi/metrics';
import { DealFactsService } from '../src/metrics/deal-facts.service.js';
import { toJsonRows } from '../src/metrics/metrics.service.js';
import { createTestApp, type TestApp } from './app.js';

const ENTITIES = ['partners', 'accounts', 'deals', 'touches', 'arr', 'attachments', 'spend'] as const;

/** Imports a library Dataset through the real import API (JSON bodies), in the contract's order. */
async function importDataset(t: TestApp, ds: Dataset): Promise<void> {
  await t.reset();
  for (const entity of ENTITIES) {
    const res = await t.http()
      .post(`/api/v1/import/${entity}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(ds[entity]));
    if (res.status !== 200) throw new Error(`import of ${entity} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`);
  }
  // The precomputed deal facts are rebuilt after the imports, in the background.
  await t.app.get(DealFactsService).idle();
}

/** Whether metrics requests now read the precomputed deal_facts (built from the current data). */
async function dealFactsCurrent(t: TestApp): Promise<boolean> {
  const [row] = await t.db.query<{ ok: boolean }[]>(
    `SELECT coalesce((SELECT s.version FROM deal_facts_state s WHERE s.id = 1) = v.version, false) AS ok FROM data_state v WHERE v.id = 1`,
  );
  return row.ok;
}

function query(params: Record<string, string | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const x of typeof v === 'string' ? [v] : v) q.append(k, x);
  }
  return q.toString();
}

/** Filters that select something in this dataset (values taken from its rows). */
function filterSets(ds: Dataset): Filters[] {
  const seg = ds.accounts.find((a) => a.segment !== null)?.segment;
  const region = ds.accounts.find((a) => a.region !== null)?.region;
  const tier = ds.partners.find((p) => p.tier !== null)?.tier;
  return [
    {},
    ...(seg ? [{ segment: [seg] }] : []),
    ...(region && seg ? [{ region: [region], segment: [seg] }] : []),
    { partner_type: [ds.partners[0].type] },
    ...(tier ? [{ partner_tier: [tier] }] : []),
    { partner_id: [ds.partners[0].partner_id, ds.partners[1].partner_id] },
    ...(seg ? [{ segment: [seg], partner_type: [ds.partners[1].type] }] : []),
  ];
}

describe('metrics API equals the library definitions on random data (SQL fast path vs pure functions)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ jsonMaxBytes: 64 * 1024 * 1024 });
  });
  afterAll(async () => t.close());

  const cases: { seed: number; size: number; settings: Settings }[] = [
    { seed: 1, size: 300, settings: { reporting_currency: 'USD', fiscal_year_start_month: 1, gross_margin: 0.8 } },
    { seed: 7, size: 500, settings: { reporting_currency: 'USD', fiscal_year_start_month: 2, gross_margin: 0.65 } },
    { seed: 42, size: 400, settings: { reporting_currency: 'USD', fiscal_year_start_month: 7, gross_margin: 1 } },
  ];

  for (const { seed, size, settings } of cases) {
    it(`seed ${seed}: /metrics, /series, /pipeline, /leaderboard and drill-downs`, async () => {
      const ds = randomDataset({ seed, size });
      await importDataset(t, ds);
      const http = t.http();
      await http.put('/api/v1/settings').send({ fiscal_year_start_month: settings.fiscal_year_start_month, gross_margin: settings.gross_margin }).expect(200);

      const periods = [
        { from: '2025-01-01', to: '2025-03-31' },
        { from: '2024-01-01', to: '2026-12-31' },
        { from: '2025-06-15', to: '2025-06-15' },
        { from: '2030-01-01', to: '2030-12-31' },
      ];
      expect(await dealFactsCurrent(t)).toBe(true);
      for (const filters of filterSets(ds)) {
        for (const p of periods) {
          const res = await http.get(`/api/v1/metrics?${query({ ...p, ...filters })}`);
          expect(res.status).toBe(200);
          expect({ filters, p, metrics: res.body.metrics as unknown }).toEqual({ filters, p, metrics: computeMetrics(ds, p, filters, settings) });
        }
        const series = await http.get(`/api/v1/metrics/series?${query({ from: '2024-10-01', to: '2026-03-31', grain: 'quarter', ...filters })}`);
        expect(series.status).toBe(200);
        const expected = computeSeries(ds, { from: '2024-10-01', to: '2026-03-31' }, 'quarter', filters, settings);
        expect(series.body.series).toEqual(expected);

        for (const asOf of ['2025-05-20', '2026-11-30']) {
          const pipe = await http.get(`/api/v1/pipeline?${query({ as_of: asOf, ...filters })}`);
          expect(pipe.status).toBe(200);
          const lib = computePipeline(ds, asOf, filters, settings);
          expect({ ...pipe.body, filters: undefined }).toEqual({ ...lib, deals: toJsonRows(lib.deals), filters: undefined });
        }
        const drillKey = 'open_pipeline_partner';
        const pd = await http.get(`/api/v1/pipeline/${drillKey}/deals?${query({ as_of: '2025-05-20', limit: '100000', ...filters })}`);
        expect(pd.status).toBe(200);
        expect(pd.body.rows).toEqual(toJsonRows(drillDownPipeline(ds, drillKey, '2025-05-20', filters, settings).rows));
        const lb = await http.get(`/api/v1/partners/leaderboard?${query({ ...periods[0], ...filters })}`);
        expect(lb.status).toBe(200);
        expect(lb.body.partners).toEqual(computeLeaderboard(ds, periods[0], filters));
      }

      // An import of an entity the deal facts are not built from keeps them current (no rebuild).
      const spend = ds.spend.map((r, i) => (i === 0 ? { ...r, amount: '12345.67' } : r));
      await http.post('/api/v1/import/spend').set('Content-Type', 'application/json').send(JSON.stringify(spend)).expect(200);
      expect(await dealFactsCurrent(t)).toBe(true);
      const withSpend = { ...ds, spend };
      for (const p of periods) {
        const res = await http.get(`/api/v1/metrics?${query(p)}`);
        expect({ p, metrics: res.body.metrics as unknown }).toEqual({ p, metrics: computeMetrics(withSpend, p, {}, settings) });
      }
      await http.post('/api/v1/import/spend').set('Content-Type', 'application/json').send(JSON.stringify(ds.spend)).expect(200);

      // The same figures from the base tables alone, as while deal_facts is being rebuilt: a new
      // data version (no import) leaves the table behind and bypasses the result cache.
      await t.db.query('UPDATE data_state SET version = version + 1');
      expect(await dealFactsCurrent(t)).toBe(false);
      for (const filters of filterSets(ds).filter((f) => !f.partner_type && !f.partner_tier && !f.partner_id)) {
        for (const p of periods) {
          const res = await http.get(`/api/v1/metrics?${query({ ...p, ...filters })}`);
          expect({ filters, p, metrics: res.body.metrics as unknown }).toEqual({ filters, p, metrics: computeMetrics(ds, p, filters, settings) });
        }
      }

      // Drill-downs: the rows behind each drillable key, the same as the library's.
      for (const key of METRIC_KEYS.filter((k) => METRIC_CATALOG[k].drill !== null)) {
        const res = await http.get(`/api/v1/metrics/${key}/deals?${query({ ...periods[0], limit: '100000' })}`);
        expect(res.status).toBe(200);
        const lib = drillDown(ds, key, periods[0], {}, settings);
        expect({ key, rows: res.body.rows as unknown }).toEqual({ key, rows: toJsonRows(lib.rows as object[]) });
        expect(res.body.total).toBe(lib.rows.length);
      }
    });
  }
});

describe('metrics API on a hand-computed dataset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const csv = (lines: string[]) => lines.join('\n') + '\n';
    const post = (entity: string, body: string) =>
      t.http().post(`/api/v1/import/${entity}`).set('Content-Type', 'text/csv').send(body).expect(200);
    await t.reset();
    await post('partners', csv(['partner_id,name,type,tier', 'P1,Reseller One,reseller,Gold', 'P2,SI Two,si,Silver']));
    await post('accounts', csv(['account_id,name,segment,region', 'A1,Alpha,SMB,NA', 'A2,Beta,Enterprise,EMEA', 'A3,Gamma,SMB,EMEA']));
    await post(
      'deals',
      csv([
        'deal_id,account_id,amount,type,stage,created_on,closed_on,sourcing_partner_id',
        'D1,A1,1000,new_business,won,2025-01-01,2025-01-31,P1', // sourced, 30 days
        'D2,A2,3000,new_business,won,2025-01-10,2025-02-19,', // influenced by P2 (touch 2025-02-01), 40 days
        'D3,A3,500,new_business,won,2025-02-01,2025-03-13,', // direct, 40 days
        'D4,A3,700,new_business,lost,2025-01-05,2025-03-01,', // direct lost
        'D5,A1,250.55,expansion,won,2025-02-01,2025-03-30,P1', // sourced bookings, not new business
        'D6,A2,9999,renewal,won,2025-01-01,2025-03-15,P2', // renewal: never bookings
      ]),
    );
    await post('touches', csv(['deal_id,partner_id,touch_type,touched_on', 'D2,P2,co_sell,2025-02-01', 'D3,P2,intro,2025-03-20']));
    await post('spend', csv(['month,motion,category,amount', '2025-01,partner,MDF,600', '2025-02,direct,paid_media,900', '2025-03,shared,salaries,300']));
  });
  afterAll(async () => t.close());

  it('answers every key with the values computed by hand', async () => {
    const res = await t.http().get('/api/v1/metrics?from=2025-01-01&to=2025-03-31');
    expect(res.status).toBe(200);
    const m = res.body.metrics as Record<string, number | null>;
    expect(Object.keys(m)).toEqual([...METRIC_KEYS]);
    // Bookings: D1 1000 + D2 3000 + D3 500 + D5 250.55 (D6 is a renewal) = 4750.55
    expect(m.total_bookings).toBe(4750.55);
    expect(m.partner_sourced_revenue).toBe(1250.55); // D1 + D5
    expect(m.partner_influenced_revenue).toBe(3000); // D2 (D3's touch came after its close)
    expect(m.partner_attributed_revenue).toBe(4250.55);
    expect(m.partner_share_of_bookings).toBeCloseTo(4250.55 / 4750.55, 12);
    // CRO, new business: partner = D1, D2 won; direct = D3 won, D4 lost
    expect(m.win_rate_partner).toBe(1);
    expect(m.win_rate_direct).toBe(0.5);
    expect(m.win_rate_lift).toBe(2);
    expect(m.acv_partner).toBe(2000);
    expect(m.acv_direct).toBe(500);
    expect(m.cycle_days_median_partner).toBe(35); // (30 + 40) / 2
    expect(m.cycle_days_median_direct).toBe(40);
    expect(m.cycle_time_reduction).toBeCloseTo(1 - 35 / 40, 12);
    // CMO: first wins A1 = D1 (partner), A2 = D2 (partner), A3 = D3 (direct); spend 600 + 900 + 300
    expect(m.new_customers).toBe(3);
    expect(m.new_customers_partner).toBe(2);
    expect(m.new_customers_direct).toBe(1);
    expect(m.blended_cac).toBe(600);
    expect(m.partner_cac).toBe(400); // (600 + 300 * 2/3) / 2
    expect(m.direct_cac).toBe(1000); // (900 + 300 * 1/3) / 1
    expect(m.cac_reduction).toBeCloseTo(0.6, 12);
    expect(m.partner_spend).toBe(600);
    expect(m.partner_program_roi).toBeCloseTo(1250.55 / 600, 12);
    // No ARR rows: retention has no cohort.
    expect(m.nrr).toBeNull();
    expect(m.churn_reduction).toBeNull();
  });

  it('drills total_bookings down to exactly the deals that sum to it', async () => {
    const res = await t.http().get('/api/v1/metrics/total_bookings/deals?from=2025-01-01&to=2025-03-31');
    expect(res.status).toBe(200);
    const rows = res.body.rows as { deal_id: string; class: string; amount: number }[];
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBeCloseTo(4750.55, 6);
    expect(rows.map((r) => r.deal_id).sort()).toEqual(['D1', 'D2', 'D3', 'D5']);
    expect(rows.find((r) => r.deal_id === 'D2')?.class).toBe('influenced');
    expect(rows.find((r) => r.deal_id === 'D3')?.class).toBe('direct');
  });

  it('returns every pipeline key and the catalog', async () => {
    const http = t.http();
    const pipe = await http.get('/api/v1/pipeline?as_of=2025-02-20');
    expect(pipe.status).toBe(200);
    expect(Object.keys(pipe.body.metrics as object).sort()).toEqual([...PIPELINE_KEYS].sort());
    const catalog = await http.get('/api/v1/metrics/catalog');
    expect((catalog.body.metrics as { key: string }[]).map((e) => e.key)).toEqual([...METRIC_KEYS]);
    for (const e of catalog.body.metrics as { label: string; formula: string; unit: string; better: string; alignment: string }[]) {
      expect(e.label.length).toBeGreaterThan(0);
      expect(e.formula.length).toBeGreaterThan(0);
    }
  });

  it('serves repeated reads from the cache until an import changes the data', async () => {
    const http = t.http();
    const url = '/api/v1/metrics?from=2025-01-01&to=2025-03-31';
    const before = (await http.get(url)).body.metrics.total_bookings as number;
    expect((await http.get(url)).body.metrics.total_bookings).toBe(before);
    await http
      .post('/api/v1/import/deals')
      .set('Content-Type', 'text/csv')
      .send('deal_id,account_id,amount,type,stage,created_on,closed_on\nD7,A1,100,new_business,won,2025-01-02,2025-01-20\n')
      .expect(200);
    expect((await http.get(url)).body.metrics.total_bookings).toBe(before + 100);
    // A dry run writes nothing, so the cached answer stays right.
    await http
      .post('/api/v1/import/deals?dry_run=true')
      .set('Content-Type', 'text/csv')
      .send('deal_id,account_id,amount,type,stage,created_on,closed_on\nD8,A1,100,new_business,won,2025-01-02,2025-01-20\n')
      .expect(200);
    expect((await http.get(url)).body.metrics.total_bookings).toBe(before + 100);
    await http.put('/api/v1/settings').send({ gross_margin: 0.5 }).expect(200);
    const payback = (await http.get(url)).body.metrics.cac_payback_months as number;
    await http.put('/api/v1/settings').send({ gross_margin: 0.8 }).expect(200);
    expect((await http.get(url)).body.metrics.cac_payback_months).toBeCloseTo(payback * 0.5 / 0.8, 9);
  });

  it('answers 400 naming the parameter for bad input', async () => {
    const http = t.http();
    const cases: [string, string][] = [
      ['/api/v1/metrics?from=2025-13-01&to=2025-12-31', 'from'],
      ['/api/v1/metrics?from=2025-02-30', 'from'],
      ['/api/v1/metrics?from=2025-06-01&to=2025-01-01', 'from'],
      ['/api/v1/metrics?partner_type=wizard', 'partner_type'],
      ['/api/v1/metrics?colour=red', 'colour'],
      ['/api/v1/metrics/series?grain=week', 'grain'],
      ['/api/v1/metrics/series?from=1990-01-01&to=2025-01-01&grain=month', 'periods'],
      ['/api/v1/metrics/not_a_metric/deals', 'not_a_metric'],
      ['/api/v1/metrics/active_partners/deals', 'active_partners'],
      ['/api/v1/pipeline?as_of=yesterday', 'as_of'],
      ['/api/v1/pipeline/total_bookings/deals', 'total_bookings'],
      ['/api/v1/metrics/total_bookings/deals?limit=0', 'limit'],
      ['/api/v1/metrics/total_bookings/deals?offset=-1', 'offset'],
      ['/api/v1/pipeline/open_pipeline_partner/deals?limit=100001', 'limit'],
      ['/api/v1/pipeline/open_pipeline_partner/deals?as_of=2025-13-01', 'as_of'],
    ];
    for (const [url, name] of cases) {
      const res = await http.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(JSON.stringify(res.body)).toContain(name);
    }
    // Paging defaults (shared by both drill-downs): the first 1000 rows from 0.
    for (const url of ['/api/v1/metrics/total_bookings/deals', '/api/v1/pipeline/open_pipeline_partner/deals']) {
      const res = await http.get(url);
      expect({ url, status: res.status, limit: res.body.limit, offset: res.body.offset }).toEqual({ url, status: 200, limit: 1000, offset: 0 });
    }
  });
});
