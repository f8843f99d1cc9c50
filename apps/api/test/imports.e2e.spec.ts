import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { count, createTestApp, csv, TEST_IMPORT_MAX_BYTES, type TestApp } from './app.js';

/** The JSON bodies the import answers with (enough of them for the assertions). */
interface ErrorBody {
  message: string;
  error_count: number;
  errors: { row: number; field: string; message: string }[];
  conflicts: { entity: string; count: number }[];
}
const body = (res: request.Response) => res.body as ErrorBody;

const PARTNERS = csv([
  'partner_id,name,type,tier,status,joined_on,owner',
  'P1,"Acme Resellers, Inc.",reseller,Gold,active,2023-01-15,Ann',
  'P2,"The ""Best"" SI",si,,,,',
  'P3,Marketplace Co,marketplace,Tier 1,inactive,2024-06-01,',
]);
const ACCOUNTS = csv(['account_id,name,segment,region,industry', 'A1,Globex,Enterprise,NA,Tech', 'A2,Initech,SMB,EMEA,']);
const DEALS = csv([
  'deal_id,account_id,name,amount,currency,type,stage,stage_name,created_on,closed_on,expected_close_on,sourcing_partner_id,owner',
  'D1,A1,Big one,120000.50,USD,new_business,won,Closed Won,2024-01-10,2024-03-31,,P1,Rep',
  'D2,A2,,5000,,,lost,Closed Lost,2024-02-01,2024-02-20,,,',
  'D3,A2,Open one,7000.25,,expansion,open,Negotiation,2024-05-01,,2024-09-30,,',
]);

describe('POST /api/v1/import/{entity}', () => {
  let t: TestApp;
  const post = (entity: string, body: string, query = '', type = 'text/csv') =>
    t.http().post(`/api/v1/import/${entity}${query}`).set('Content-Type', type).send(body);
  const loadBase = async () => {
    expect((await post('partners', PARTNERS)).status).toBe(200);
    expect((await post('accounts', ACCOUNTS)).status).toBe(200);
    expect((await post('deals', DEALS)).status).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => t.reset());

  it('imports CSV with quoted commas and quotes, applies defaults, and reports the summary', async () => {
    const res = await post('partners', PARTNERS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entity: 'partners', received: 3, inserted: 3, updated: 0, unchanged: 0, deleted: 0 });
    const rows = await t.db.query<{ partner_id: string; name: string; status: string; tier: string | null; joined_on: string | null }[]>(
      'SELECT partner_id, name, status, tier, joined_on FROM partners ORDER BY partner_id',
    );
    expect(rows).toEqual([
      { partner_id: 'P1', name: 'Acme Resellers, Inc.', status: 'active', tier: 'Gold', joined_on: '2023-01-15' },
      { partner_id: 'P2', name: 'The "Best" SI', status: 'active', tier: null, joined_on: null },
      { partner_id: 'P3', name: 'Marketplace Co', status: 'inactive', tier: 'Tier 1', joined_on: '2024-06-01' },
    ]);
  });

  it('is idempotent: the same request again changes nothing, a changed row is an update', async () => {
    await loadBase();
    const again = await post('deals', DEALS);
    expect(again.body).toMatchObject({ received: 3, inserted: 0, updated: 0, unchanged: 3 });
    const changed = await post('deals', DEALS.replace('120000.50', '120000.5').replace('7000.25', '7100'));
    expect(changed.body).toMatchObject({ received: 3, inserted: 0, updated: 1, unchanged: 2 });
    const [{ amount }] = await t.db.query<{ amount: string }[]>(`SELECT amount FROM deals WHERE deal_id = 'D3'`);
    expect(amount).toBe('7100.0000');
  });

  it('stores money exactly', async () => {
    await post('partners', PARTNERS);
    await post('accounts', ACCOUNTS);
    const rows = ['deal_id,account_id,amount,stage,created_on,closed_on'];
    for (let i = 0; i < 10; i++) rows.push(`X${i},A1,0.1,won,2024-01-01,2024-01-02`);
    rows.push('Y,A1,0.2,won,2024-01-01,2024-01-02');
    expect((await post('deals', csv(rows))).status).toBe(200);
    const [{ s }] = await t.db.query<{ s: string }[]>(`SELECT sum(amount)::text AS s FROM deals`);
    expect(s).toBe('1.2000');
  });

  it('accepts a BOM and CRLF line ends', async () => {
    const res = await post('accounts', '\uFEFF' + csv(['account_id,name,segment', 'A9,"Multi, Line\r\nName",SMB'], '\r\n'));
    expect(res.status).toBe(200);
    const [row] = await t.db.query<{ account_id: string; name: string; segment: string }[]>('SELECT account_id, name, segment FROM accounts');
    expect(row).toEqual({ account_id: 'A9', name: 'Multi, Line\r\nName', segment: 'SMB' });
  });

  it('imports JSON arrays', async () => {
    const res = await post('partners', JSON.stringify([{ partner_id: 'J1', name: 'Json', type: 'isv', joined_on: null }]), '', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, inserted: 1 });
  });

  it('answers 422 with every invalid row and field, and writes nothing', async () => {
    await loadBase();
    const before = await count(t.db, 'deals');
    const res = await post(
      'deals',
      csv([
        'deal_id,account_id,amount,stage,created_on,closed_on,sourcing_partner_id',
        'N1,A1,100,won,2024-01-01,2024-02-01,',
        'N2,A1,-5,won,2024-01-01,,',
        'N3,A404,1,lost,2024-13-01,2024-02-01,',
        'N4,A1,1,open,2024-01-01,2024-02-01,P404',
        'N1,A1,100,won,2024-01-01,2024-02-01,',
        'N6,A1,"1,000",pending,2024-01-01,,',
      ]),
    );
    expect(res.status).toBe(422);
    const errs = (res.body as { errors: { row: number; field: string; message: string }[] }).errors;
    const pairs = errs.map((e) => `${e.row}:${e.field}`).sort();
    expect(pairs).toEqual(
      ['2:amount', '2:closed_on', '3:created_on', '3:account_id', '4:closed_on', '4:sourcing_partner_id', '5:deal_id', '6:amount', '6:stage'].sort(),
    );
    expect(errs.find((e) => e.row === 3 && e.field === 'account_id')?.message).toContain('"A404"');
    expect(errs.find((e) => e.row === 5)?.message).toContain('already on row 1');
    expect(body(res).error_count).toBe(9);
    expect(await count(t.db, 'deals')).toBe(before);
  });

  it('applies valid rows and lists the rejected ones with on_error=skip', async () => {
    await loadBase();
    const res = await post(
      'touches',
      csv([
        'deal_id,partner_id,touch_type,touched_on',
        'D2,P2,co_sell,2024-02-05',
        'D2,P9,co_sell,2024-02-05',
        'D404,P2,intro,2024-02-05',
        'D3,P3,handshake,2024-02-05',
      ]),
      '?on_error=skip',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 4, inserted: 1, rejected_count: 3 });
    expect((res.body as { rejected: { row: number }[] }).rejected.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(await count(t.db, 'touches')).toBe(1);
  });

  it('dry_run reports what would change and writes nothing', async () => {
    await loadBase();
    const res = await post('deals', DEALS.replace('5000', '5001') + 'D4,A1,,1,,,open,,2024-06-01,,,,\n', '?dry_run=true&mode=replace');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dry_run: true, received: 4, inserted: 1, updated: 1, unchanged: 2, deleted: 0 });
    expect(await count(t.db, 'deals')).toBe(3);
    const [{ amount }] = await t.db.query<{ amount: string }[]>(`SELECT amount FROM deals WHERE deal_id = 'D2'`);
    expect(amount).toBe('5000.0000');
  });

  it('mode=replace leaves exactly the rows of the request', async () => {
    await loadBase();
    const res = await post('deals', csv([DEALS.split('\n')[0], DEALS.split('\n')[1]]), '?mode=replace');
    expect(res.body).toMatchObject({ received: 1, unchanged: 1, deleted: 2 });
    expect(await t.db.query(`SELECT deal_id FROM deals`)).toEqual([{ deal_id: 'D1' }]);
  });

  it('refuses with 409 a replace that would orphan rows, and changes nothing', async () => {
    await loadBase();
    await post('touches', csv(['deal_id,partner_id,touch_type,touched_on', 'D2,P2,co_sell,2024-02-05']));
    const res = await post('partners', csv(['partner_id,name,type', 'P3,Marketplace Co,marketplace']), '?mode=replace');
    expect(res.status).toBe(409);
    expect(body(res).message).toContain('deals');
    expect(body(res).conflicts.map((c) => c.entity).sort()).toEqual(['deals', 'touches']);
    expect(await count(t.db, 'partners')).toBe(3);
    const [{ status }] = await t.db.query<{ status: string }[]>(`SELECT status FROM partners WHERE partner_id = 'P3'`);
    expect(status).toBe('inactive');
  });

  it('answers 400 for malformed CSV, invalid UTF-8, a non-array JSON body and broken JSON', async () => {
    expect((await post('accounts', 'account_id,name\nA1,"unclosed\n')).status).toBe(400);
    const ragged = await post('accounts', 'account_id,name\nA1,x,extra\n');
    expect(ragged.status).toBe(400);
    expect(body(ragged).message).toContain('row 1');
    const latin1 = Buffer.concat([Buffer.from('account_id,name\nA1,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const bad = await t.http().post('/api/v1/import/accounts').set('Content-Type', 'text/csv').send(latin1);
    expect(bad.status).toBe(400);
    expect(body(bad).message).toContain('UTF-8');
    expect((await post('accounts', '{"account_id":"A1"}', '', 'application/json')).status).toBe(400);
    const broken = await post('accounts', '[{"account_id":', '', 'application/json');
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.js/);
    expect(await count(t.db, 'accounts')).toBe(0);
  });

  it('answers 422 naming the header when a required column is missing', async () => {
    const res = await post('accounts', csv(['account_id,segment', 'A1,SMB']));
    expect(res.status).toBe(422);
    expect(body(res).errors).toEqual([{ row: 0, field: 'name', message: expect.stringContaining('header') }]);
  });

  it('warns about unknown columns and deals closed before created', async () => {
    await post('partners', PARTNERS);
    await post('accounts', ACCOUNTS);
    const res = await post('deals', csv(['deal_id,account_id,amount,stage,created_on,closed_on,Probability', 'B1,A1,10,won,2024-03-01,2024-01-01,90']));
    expect(res.status).toBe(200);
    const codes = (res.body as { warnings: { code: string; count: number; rows: number[] }[] }).warnings;
    expect(codes.find((w) => w.code === 'unknown_columns')).toBeDefined();
    expect(codes.find((w) => w.code === 'closed_before_created')).toMatchObject({ count: 1, rows: [1] });
  });

  it('answers 413 over the size limit (declared or streamed) and writes nothing', async () => {
    const big = 'account_id,name\n' + Array.from({ length: 200_000 }, (_, i) => `A${i},Account number ${i}`).join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(TEST_IMPORT_MAX_BYTES);
    const res = await post('accounts', big);
    expect(res.status).toBe(413);
    expect(await count(t.db, 'accounts')).toBe(0);
  });

  it('answers 404 for an unknown entity, 400 for a bad option and 415 for another media type', async () => {
    expect((await post('widgets', ACCOUNTS)).status).toBe(404);
    const badMode = await post('accounts', ACCOUNTS, '?mode=merge');
    expect(badMode.status).toBe(400);
    expect(JSON.stringify(badMode.body)).toContain('mode');
    expect((await post('accounts', ACCOUNTS, '?dry_run=maybe')).status).toBe(400);
    expect((await post('accounts', ACCOUNTS, '?colour=red')).status).toBe(400);
    expect((await post('accounts', ACCOUNTS, '', 'application/xml')).status).toBe(415);
  });

  it('imports a 100k-row file in one request', async () => {
    await post('accounts', ACCOUNTS);
    const lines = ['account_id,month,arr'];
    for (let i = 0; i < 100_000; i++) {
      const m = String((Math.floor(i / 2) % 12) + 1).padStart(2, '0');
      lines.push(`${i % 2 ? 'A1' : 'A2'},${1000 + Math.floor(i / 24)}-${m},${(i % 997) + 0.25}`);
    }
    // 100k distinct (account, month) keys: 2 accounts x 12 months per year, years 1000..5166.
    const res = await post('arr', csv(lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 100_000, inserted: 100_000 });
    expect(await count(t.db, 'arr')).toBe(100_000);
  });
});

describe('settings and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => t.reset());

  it('reads and changes settings, validating each field', async () => {
    const http = t.http();
    expect((await http.get('/api/v1/settings')).body).toEqual({ reporting_currency: 'USD', fiscal_year_start_month: 1, gross_margin: 0.8 });
    const put = await http.put('/api/v1/settings').send({ fiscal_year_start_month: 2, gross_margin: 0.75 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ reporting_currency: 'USD', fiscal_year_start_month: 2, gross_margin: 0.75 });
    for (const bad of [{ fiscal_year_start_month: 13 }, { gross_margin: 0 }, { gross_margin: 1.5 }, { reporting_currency: 'usd' }, { colour: 'red' }]) {
      const res = await http.put('/api/v1/settings').send(bad);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(Object.keys(bad)[0]);
    }
  });

  it('refuses to relabel the currency of imported deals', async () => {
    const http = t.http();
    await http.post('/api/v1/import/accounts').set('Content-Type', 'text/csv').send(ACCOUNTS);
    await http.post('/api/v1/import/deals').set('Content-Type', 'text/csv').send(
      csv(['deal_id,account_id,amount,currency,stage,created_on', 'C1,A1,1,USD,open,2024-01-01']),
    );
    expect((await http.put('/api/v1/settings').send({ reporting_currency: 'EUR' })).status).toBe(409);
    const eur = await http.post('/api/v1/import/deals').set('Content-Type', 'text/csv').send(
      csv(['deal_id,account_id,amount,currency,stage,created_on', 'C2,A1,1,EUR,open,2024-01-01']),
    );
    expect(eur.status).toBe(422);
    expect(body(eur).errors[0]).toMatchObject({ row: 1, field: 'currency' });
  });

  it('reports health', async () => {
    const res = await t.http().get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });
});
