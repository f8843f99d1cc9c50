import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './app.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', 'crm', name));

describe('CRM imports: column mappings, presets, history', () => {
  let t: TestApp;
  const http = () => t.http();
  const postCsv = (url: string, body: Buffer | string) => http().post(url).set('Content-Type', 'text/csv').send(body);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.reset();
    await t.db.query('DELETE FROM import_mappings');
    await t.db.query('DELETE FROM import_runs');
  });

  it('imports Salesforce Account and Opportunity exports with ?mapping=salesforce and no other setup', async () => {
    await http().post('/api/v1/import/partners').send([{ partner_id: '001P', name: 'Channel Partners Inc', type: 'reseller' }]).expect(200);
    const accounts = await postCsv('/api/v1/import/accounts?mapping=salesforce', fixture('salesforce-Account.csv'));
    expect(accounts.status).toBe(200);
    expect(accounts.body).toMatchObject({ received: 4, inserted: 4 });
    const [uk] = await t.db.query<{ name: string; region: string; industry: string }[]>(`SELECT name, region, industry FROM accounts WHERE account_id = '001B'`);
    expect(uk).toEqual({ name: 'United Oil & Gas, UK', region: 'United Kingdom', industry: 'Energy' });

    const deals = await postCsv('/api/v1/import/deals?mapping=salesforce', fixture('salesforce-Opportunity.csv'));
    expect(deals.status).toBe(200);
    expect(deals.body).toMatchObject({ received: 6, inserted: 6, rejected_count: 0 });
    const warnings = Object.fromEntries((deals.body.warnings as { code: string; count: number; rows: number[] }[]).map((w) => [w.code, w]));
    expect(warnings.blank_amount).toMatchObject({ count: 2, rows: [4, 6] });
    expect(warnings.unattributed_partner).toMatchObject({ count: 2, rows: [2, 3] });
    expect(warnings.unknown_type_defaulted).toMatchObject({ count: 1, rows: [5] });
    expect(warnings.unattributed_partner_created).toBeDefined();
    expect(warnings.closed_before_created).toMatchObject({ count: 1, rows: [6] });

    const rows = await t.db.query<Record<string, string | null>[]>(
      `SELECT deal_id, name, stage, stage_name, amount::text AS amount, type, created_on, closed_on, expected_close_on, sourcing_partner_id
         FROM deals ORDER BY deal_id`,
    );
    expect(rows).toEqual([
      { deal_id: '006A', name: 'Edge Emergency Generator, Phase 1', stage: 'won', stage_name: 'Closed Won', amount: '75000.0000', type: 'new_business', created_on: '2024-01-10', closed_on: '2024-02-03', expected_close_on: null, sourcing_partner_id: null },
      { deal_id: '006B', name: 'GenePoint SLA', stage: 'won', stage_name: 'Closed Won', amount: '30000.0000', type: 'expansion', created_on: '2024-01-02', closed_on: '2024-03-15', expected_close_on: null, sourcing_partner_id: 'unattributed-partner' },
      { deal_id: '006C', name: 'United Oil Installations', stage: 'lost', stage_name: 'Closed Lost', amount: '270000.0000', type: 'new_business', created_on: '2024-02-01', closed_on: '2024-04-01', expected_close_on: null, sourcing_partner_id: 'unattributed-partner' },
      { deal_id: '006D', name: 'Edge SLA', stage: 'open', stage_name: 'Perception Analysis', amount: '0.0000', type: 'new_business', created_on: '2026-11-01', closed_on: null, expected_close_on: '2026-12-31', sourcing_partner_id: null },
      { deal_id: '006E', name: 'GenePoint Lab Generators', stage: 'won', stage_name: 'Closed Won', amount: '60000.0000', type: 'new_business', created_on: '2024-04-01', closed_on: '2024-05-20', expected_close_on: null, sourcing_partner_id: '001P' },
      { deal_id: '006F', name: 'United Oil "Refinery" Generators', stage: 'won', stage_name: 'Closed Won', amount: '0.0000', type: 'new_business', created_on: '2026-02-23', closed_on: '2024-02-03', expected_close_on: null, sourcing_partner_id: null },
    ]);
    const [catchAll] = await t.db.query<{ type: string }[]>(`SELECT type FROM partners WHERE partner_id = 'unattributed-partner'`);
    expect(catchAll.type).toBe('referral');
    // Idempotent with a mapping too.
    const again = await postCsv('/api/v1/import/deals?mapping=salesforce', fixture('salesforce-Opportunity.csv'));
    expect(again.body).toMatchObject({ received: 6, unchanged: 6 });
  });

  it('imports HubSpot companies and deals exports with ?mapping=hubspot', async () => {
    expect((await postCsv('/api/v1/import/accounts?mapping=hubspot', fixture('hubspot-companies.csv'))).body).toMatchObject({ inserted: 2 });
    const deals = await postCsv('/api/v1/import/deals?mapping=hubspot', fixture('hubspot-deals.csv'));
    expect(deals.status).toBe(200);
    const codes = (deals.body.warnings as { code: string; rows: number[] }[]).map((w) => `${w.code}:${w.rows.join('|')}`);
    expect(codes).toEqual(expect.arrayContaining(['several_companies:2', 'blank_amount:3']));
    const rows = await t.db.query<Record<string, string | null>[]>(
      `SELECT deal_id, account_id, stage, type, amount::text AS amount, created_on, closed_on, expected_close_on FROM deals ORDER BY deal_id`,
    );
    expect(rows).toEqual([
      { deal_id: '5001', account_id: '901', stage: 'won', type: 'expansion', amount: '12000.5000', created_on: '2024-02-01', closed_on: '2024-03-15', expected_close_on: null },
      { deal_id: '5002', account_id: '902', stage: 'lost', type: 'new_business', amount: '8000.0000', created_on: '2024-02-10', closed_on: '2024-04-01', expected_close_on: null },
      { deal_id: '5003', account_id: '901', stage: 'open', type: 'new_business', amount: '0.0000', created_on: '2024-05-01', closed_on: null, expected_close_on: '2024-12-31' },
      { deal_id: '5004', account_id: '902', stage: 'won', type: 'new_business', amount: '500.0000', created_on: '2024-02-11', closed_on: '2024-03-01', expected_close_on: null },
    ]);
  });

  it('saves, lists and applies a column mapping with columns, values, date_format and defaults', async () => {
    const mapping = {
      entity: 'deals',
      columns: { deal_id: 'opportunity_id', account_id: 'account', amount: 'close_value', stage: 'deal_stage', stage_name: 'deal_stage', created_on: 'engage_date', closed_on: 'close_date' },
      values: { stage: { Won: 'won', Lost: 'lost', Engaging: 'open' } },
      date_format: 'DD.MM.YYYY',
      defaults: { amount: '0', type: 'new_business' },
    };
    const saved = await http().put('/api/v1/import/mappings/crm-deals').send(mapping);
    expect(saved.status).toBe(200);
    const list = await http().get('/api/v1/import/mappings');
    expect((list.body as { name: string; kind: string }[]).map((m) => `${m.kind}:${m.name}`)).toEqual(['preset:salesforce', 'preset:hubspot', 'saved:crm-deals']);
    await http().post('/api/v1/import/accounts').send([{ account_id: 'Acme', name: 'Acme' }]).expect(200);
    const res = await postCsv(
      '/api/v1/import/deals?mapping=crm-deals',
      'opportunity_id,account,close_value,deal_stage,engage_date,close_date,extra\nO1,Acme,100,Won,31.01.2024,2024-02-29,x\nO2,Acme,,Engaging,01.02.2024,,y\nO3,Acme,5,Won,31.02.2024,01.03.2024,z\n',
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 3, field: 'created_on', message: expect.stringContaining('31.02.2024') }]);
    const ok = await postCsv(
      '/api/v1/import/deals?mapping=crm-deals',
      'opportunity_id,account,close_value,deal_stage,engage_date,close_date,extra\nO1,Acme,100,Won,31.01.2024,2024-02-29,x\nO2,Acme,,Engaging,01.02.2024,,y\n',
    );
    expect(ok.status).toBe(200);
    expect((ok.body.warnings as { code: string; message: string }[]).find((w) => w.code === 'unknown_columns')?.message).toContain('extra');
    expect(await t.db.query(`SELECT deal_id, stage, amount::text AS amount, created_on, closed_on FROM deals ORDER BY deal_id`)).toEqual([
      { deal_id: 'O1', stage: 'won', amount: '100.0000', created_on: '2024-01-31', closed_on: '2024-02-29' },
      { deal_id: 'O2', stage: 'open', amount: '0.0000', created_on: '2024-02-01', closed_on: null },
    ]);
  });

  it('answers 400 for malformed mappings, unknown fields, presets used for the wrong entity and unknown names', async () => {
    const bad: [unknown, string][] = [
      [{ columns: { deal_idd: 'Id' } }, 'deal_idd'],
      [{ entity: 'accounts', columns: { deal_id: 'Id' } }, 'deal_id'],
      [{ columns: 'Id' }, 'columns'],
      [{ colours: {} }, 'colours'],
      [{ date_format: 'YYYY' }, 'date_format'],
      [{ values: { stage: { Won: 1 } } }, 'values.stage.Won'],
      [['not', 'an', 'object'], 'object'],
    ];
    for (const [body, name] of bad) {
      const res = await http().put('/api/v1/import/mappings/bad').send(body as object);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toContain(name);
    }
    expect((await http().put('/api/v1/import/mappings/salesforce').send({})).status).toBe(409);
    expect((await postCsv('/api/v1/import/partners?mapping=salesforce', 'Id\n1\n')).status).toBe(400);
    const unknown = await postCsv('/api/v1/import/deals?mapping=nope', 'Id\n1\n');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('nope');
  });

  it('records every import in the history, with rejected rows downloadable as CSV', async () => {
    await http().post('/api/v1/import/accounts').send([{ account_id: 'A1', name: 'One' }]).expect(200);
    await postCsv('/api/v1/import/deals?on_error=skip', 'deal_id,account_id,amount,stage,created_on,closed_on\nD1,A1,10,won,2024-01-01,2024-02-01\nD2,A9,10,won,2024-01-01,2024-02-01\nD3,A1,-1,won,2024-01-01,2024-02-01\n').expect(200);
    await postCsv('/api/v1/import/deals', 'deal_id,account_id,amount,stage,created_on\nD4,A1,=1+1,open,2024-01-01\n').expect(422);
    await postCsv('/api/v1/import/deals', 'deal_id,account_id,amount,stage,created_on\n"unclosed,A1,1,open,2024-01-01\n').expect(400);
    await postCsv('/api/v1/import/deals?dry_run=true', 'deal_id,account_id,amount,stage,created_on\nD5,A1,1,open,2024-01-01\n').expect(200);

    const list = await http().get('/api/v1/import/runs');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(5);
    expect((list.body.runs as { entity: string; status: string; http_status: number }[]).map((r) => `${r.entity}:${r.status}:${r.http_status}`)).toEqual([
      'deals:dry_run:200', 'deals:rejected:400', 'deals:rejected:422', 'deals:applied:200', 'accounts:applied:200',
    ]);
    const skip = (list.body.runs as { id: number; inserted: number; rejected_count: number }[])[3];
    expect(skip).toMatchObject({ inserted: 1, rejected_count: 2 });
    const csvRes = await http().get(`/api/v1/import/runs/${skip.id}/rejected.csv`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers['content-type']).toContain('text/csv');
    const lines = csvRes.text.trim().split('\r\n');
    expect(lines[0]).toBe('row,field,message');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['2,account_id', '3,amount']);
    // Text a spreadsheet would run as a formula is neutralised in the download.
    const rejected = (list.body.runs as { id: number }[])[2];
    const formula = await http().get(`/api/v1/import/runs/${rejected.id}/rejected.csv`);
    expect(formula.text).not.toMatch(/^=|,=/m);
    expect((await http().get('/api/v1/import/runs/999999')).status).toBe(404);
  });
});
