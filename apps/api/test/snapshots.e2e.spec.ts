import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { METRIC_CATALOG, METRIC_KEYS, type MetricKey } from '@partner-kpi/metrics';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import { buildBoardPack } from '../src/snapshots/exporters/board-pack.js';
import { createTestApp, type TestApp } from './app.js';

/**
 * Board snapshots on the real AppModule and the real test database: freezing, immutability,
 * restatement, the PDF/PPTX/XLSX/CSV exports and validation.
 *
 * FY2025 Q1 (fiscal year = calendar year) of a small hand-made company:
 *   D1 A1 1000      new business won, sourced by P1
 *   D2 A2 3000      new business won, influenced (P2 touch before close)
 *   D3 A3  500      new business won, direct (its P2 touch came after the close)
 *   D4 A3  700      new business lost, direct
 *   D5 A1  250.55   expansion won, sourced by P1
 *   D6 A2 9999      renewal (never bookings)
 *   D7 A4 1200      new business won, direct; deal and account names start with '='
 *   D8 A5  800      new business won, direct; names start with '+', '@', '-'
 * total bookings 6750.55, partner-sourced 1250.55, partner-influenced 3000.
 */
const PERIOD = { from: '2025-01-01', to: '2025-03-31' };
const EVIL_ACCOUNT = '=HYPERLINK("http://example.invalid","click")';
const EVIL_DEAL = '=SUM(1+1)';
const PLUS_ACCOUNT = '+1-555-0100 Corp';
const AT_DEAL = '@SUM(A1)';
const MINUS_DEAL = '-2+3 expansion';

const DATA: Record<string, object[]> = {
  partners: [
    { partner_id: 'P1', name: 'Reseller One', type: 'reseller', tier: 'Gold' },
    { partner_id: 'P2', name: 'SI Two', type: 'si', tier: 'Silver' },
  ],
  accounts: [
    { account_id: 'A1', name: 'Alpha', segment: 'SMB', region: 'NA' },
    { account_id: 'A2', name: 'Beta', segment: 'Enterprise', region: 'EMEA' },
    { account_id: 'A3', name: 'Gamma', segment: 'SMB', region: 'EMEA' },
    { account_id: 'A4', name: EVIL_ACCOUNT, segment: 'SMB', region: 'NA' },
    { account_id: 'A5', name: PLUS_ACCOUNT, segment: 'Enterprise', region: 'NA' },
  ],
  deals: [
    deal('D1', 'A1', '1000', 'new_business', 'won', '2025-01-01', '2025-01-31', 'P1'),
    deal('D2', 'A2', '3000', 'new_business', 'won', '2025-01-10', '2025-02-19'),
    deal('D3', 'A3', '500', 'new_business', 'won', '2025-02-01', '2025-03-13'),
    deal('D4', 'A3', '700', 'new_business', 'lost', '2025-01-05', '2025-03-01'),
    deal('D5', 'A1', '250.55', 'expansion', 'won', '2025-02-01', '2025-03-30', 'P1'),
    deal('D6', 'A2', '9999', 'renewal', 'won', '2025-01-01', '2025-03-15', 'P2'),
    {
      ...deal('D7', 'A4', '1200', 'new_business', 'won', '2025-01-15', '2025-03-20'),
      name: EVIL_DEAL,
    },
    {
      ...deal('D8', 'A5', '800', 'new_business', 'won', '2025-02-10', '2025-03-25'),
      name: AT_DEAL,
    },
    {
      ...deal('D9', 'A5', '400', 'expansion', 'open', '2025-03-01', null),
      name: MINUS_DEAL,
      sourcing_partner_id: 'P2',
      expected_close_on: '2025-05-15',
      stage_name: 'Negotiation',
    },
  ],
  touches: [
    { deal_id: 'D2', partner_id: 'P2', touch_type: 'co_sell', touched_on: '2025-02-01' },
    { deal_id: 'D3', partner_id: 'P2', touch_type: 'intro', touched_on: '2025-03-20' },
  ],
  arr: [
    { account_id: 'A1', month: '2024-03', arr: '1000' },
    { account_id: 'A1', month: '2025-03', arr: '1300' },
    { account_id: 'A2', month: '2024-03', arr: '2000' },
    { account_id: 'A2', month: '2025-03', arr: '2100' },
    { account_id: 'A3', month: '2024-03', arr: '500' },
  ],
  attachments: [
    { account_id: 'A1', partner_id: 'P1', relation: 'integration', since: '2023-01-01' },
  ],
  spend: [
    { month: '2025-01', motion: 'partner', category: 'MDF', amount: '600' },
    { month: '2025-02', motion: 'direct', category: 'paid_media', amount: '900' },
    { month: '2025-03', motion: 'shared', category: 'salaries', amount: '300' },
  ],
};

function deal(
  deal_id: string,
  account_id: string,
  amount: string,
  type: string,
  stage: string,
  created_on: string,
  closed_on: string | null,
  sourcing_partner_id?: string,
) {
  return {
    deal_id,
    account_id,
    amount,
    type,
    stage,
    created_on,
    closed_on,
    sourcing_partner_id: sourcing_partner_id ?? null,
  };
}

async function load(t: TestApp, entity: string, rows: object[]): Promise<void> {
  const res = await t.http()
    .post(`/api/v1/import/${entity}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(rows));
  if (res.status !== 200)
    throw new Error(
      `import of ${entity} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`,
    );
}

/** A binary response body as a Buffer. */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function download(
  t: TestApp,
  url: string,
): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await t.http().get(url).buffer(true).parse(binary);
  return {
    status: res.status,
    type: String(res.headers['content-type']),
    disposition: String(res.headers['content-disposition']),
    body: res.body as Buffer,
  };
}

/** Minimal RFC 4180 parser (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

type Frozen = { deal_id: string; class: string; amount: number; role: string };

describe('board snapshots', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  let snapshotId: string;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.http();
    await t.reset();
    await t.db.query('DELETE FROM snapshots');
    for (const entity of [
      'partners',
      'accounts',
      'deals',
      'touches',
      'arr',
      'attachments',
      'spend',
    ])
      await load(t, entity, DATA[entity]);
    const res = await http.post('/api/v1/snapshots').send({ name: 'Q1 board readout', ...PERIOD });
    expect(res.status).toBe(201);
    snapshotId = res.body.id as string;
  });
  afterAll(async () => t.close());

  it('freezes every metric, the 8-quarter series, the deals behind each figure, the pipeline, catalog, settings and a fingerprint, equal to the live routes', async () => {
    const list = await http.get('/api/v1/snapshots');
    expect(list.status).toBe(200);
    const item = (list.body.snapshots as { id: string; fingerprint: string }[]).find(
      (s) => s.id === snapshotId,
    );
    expect(item).toMatchObject({
      name: 'Q1 board readout',
      period: { ...PERIOD, label: 'FY2025 Q1' },
      filters: {},
      headline: {
        total_bookings: 6750.55,
        partner_sourced_revenue: 1250.55,
        partner_influenced_revenue: 3000,
        partner_attributed_revenue: 4250.55,
      },
    });
    expect(item?.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const snap = await http.get(`/api/v1/snapshots/${snapshotId}`);
    expect(snap.status).toBe(200);
    const c = snap.body.content;
    const metrics = await http.get(`/api/v1/metrics?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(c.metrics).toEqual(metrics.body.metrics);
    expect(c.metrics.total_bookings).toBe(6750.55);

    const series = await http.get(`/api/v1/metrics/series?to=${PERIOD.to}&grain=quarter`);
    expect(c.series.series).toEqual(series.body.series);
    expect((c.series.series as { label: string }[]).map((e) => e.label)).toEqual([
      'FY2023 Q2',
      'FY2023 Q3',
      'FY2023 Q4',
      'FY2024 Q1',
      'FY2024 Q2',
      'FY2024 Q3',
      'FY2024 Q4',
      'FY2025 Q1',
    ]);

    const pipeline = await http.get(`/api/v1/pipeline?as_of=${PERIOD.to}`);
    expect(c.pipeline).toEqual(pipeline.body);
    expect(c.catalog).toEqual((await http.get('/api/v1/metrics/catalog')).body);
    expect(c.settings).toEqual((await http.get('/api/v1/settings')).body);
    expect(c.fingerprint.value).toBe(snap.body.fingerprint);
    expect(c.fingerprint.tables.deals.rows).toBe(9);
    expect(c.fingerprint.tables.touches.rows).toBe(2);

    // Every drillable figure: the same rows as its drill-down route, reduced to (deal_id, class, amount, role).
    for (const key of METRIC_KEYS.filter((k) => METRIC_CATALOG[k].drill !== null)) {
      const live = await http.get(
        `/api/v1/metrics/${key}/deals?from=${PERIOD.from}&to=${PERIOD.to}&limit=100000`,
      );
      expect(live.status).toBe(200);
      const frozen = c.drill[key];
      expect({ key, kind: frozen.kind }).toEqual({ key, kind: METRIC_CATALOG[key].drill });
      if (frozen.kind === 'deals') {
        const rows = (live.body.rows as Frozen[]).map((r) => ({
          deal_id: r.deal_id,
          class: r.class,
          amount: r.amount,
          role: r.role,
        }));
        expect({ key, rows: frozen.rows as unknown }).toEqual({ key, rows });
      } else {
        const rows = (
          live.body.rows as {
            account_id: string;
            arr_start: number;
            arr_end: number;
            attachment: string;
            churned: boolean;
          }[]
        ).map((r) => ({
          account_id: r.account_id,
          arr_start: r.arr_start,
          arr_end: r.arr_end,
          attachment: r.attachment,
          churned: r.churned,
        }));
        expect({
          key,
          rows: (frozen.rows as object[]).map(({ name: _n, ...r }: { name?: string }) => r),
        }).toEqual({ key, rows });
      }
    }
    const bookings = c.drill.total_bookings.rows as Frozen[];
    expect(bookings.reduce((s, r) => s + r.amount, 0)).toBeCloseTo(6750.55, 6);
    expect(c.deals.D7).toMatchObject({ name: EVIL_DEAL, account_name: EVIL_ACCOUNT });
  });

  it('keeps a snapshot immutable when the data changes, and the compare names the deals that moved with the right change kinds', async () => {
    const before = (await http.get(`/api/v1/snapshots/${snapshotId}`)).body;
    // A deal's amount is corrected, and a touch recorded late turns direct D3 into influenced.
    await load(t, 'deals', [
      deal('D1', 'A1', '1500', 'new_business', 'won', '2025-01-01', '2025-01-31', 'P1'),
    ]);
    await load(t, 'touches', [
      { deal_id: 'D3', partner_id: 'P2', touch_type: 'co_sell', touched_on: '2025-03-01' },
    ]);
    const live = await http.get(`/api/v1/metrics?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(live.body.metrics.total_bookings).toBe(7250.55);
    expect(live.body.metrics.partner_influenced_revenue).toBe(3500);

    const after = (await http.get(`/api/v1/snapshots/${snapshotId}`)).body;
    expect(after).toEqual(before);
    expect(after.content.metrics.total_bookings).toBe(6750.55);
    // No route updates a snapshot, and the table itself refuses.
    await expect(
      t.db.query(`UPDATE snapshots SET headline = '{}' WHERE id = $1`, [snapshotId]),
    ).rejects.toThrow(/immutable/);
    expect((await http.put(`/api/v1/snapshots/${snapshotId}`).send({ name: 'x' })).status).toBe(
      404,
    );
    expect((await http.patch(`/api/v1/snapshots/${snapshotId}`).send({ name: 'x' })).status).toBe(
      404,
    );

    const cmp = await http.get(`/api/v1/snapshots/${snapshotId}/compare`);
    expect(cmp.status).toBe(200);
    const b = cmp.body;
    type Fig = {
      key: string;
      reported: number | null;
      recomputed: number | null;
      difference: number | null;
      changed: boolean;
      deals?: Record<
        string,
        { deal_id: string; reported: Frozen | null; recomputed: Frozen | null }[]
      >;
    };
    const fig = (key: MetricKey) => (b.figures as Fig[]).find((f) => f.key === key)!;
    const ids = (key: MetricKey, kind: string) => fig(key).deals![kind].map((d) => d.deal_id);

    expect(fig('total_bookings')).toMatchObject({
      reported: 6750.55,
      recomputed: 7250.55,
      difference: 500,
      changed: true,
    });
    expect(ids('total_bookings', 'amount_changed')).toEqual(['D1']);
    expect(ids('total_bookings', 'class_changed')).toEqual(['D3']);
    expect(ids('total_bookings', 'added')).toEqual([]);
    expect(ids('total_bookings', 'removed')).toEqual([]);
    const d3 = fig('total_bookings').deals!.class_changed[0];
    expect(d3.reported).toMatchObject({ class: 'direct', amount: 500 });
    expect(d3.recomputed).toMatchObject({ class: 'influenced', amount: 500 });

    expect(fig('partner_influenced_revenue')).toMatchObject({
      reported: 3000,
      recomputed: 3500,
      difference: 500,
    });
    expect(ids('partner_influenced_revenue', 'added')).toEqual(['D3']);
    expect(fig('partner_sourced_revenue')).toMatchObject({
      reported: 1250.55,
      recomputed: 1750.55,
      difference: 500,
    });
    expect(ids('partner_sourced_revenue', 'amount_changed')).toEqual(['D1']);
    expect(ids('win_rate_direct', 'removed')).toEqual(['D3']);
    expect(ids('win_rate_partner', 'added')).toEqual(['D3']);
    expect(ids('partner_share_of_bookings', 'role_changed')).toEqual(['D3']);
    // Figures nothing touched stay as reported.
    expect(fig('nrr')).toMatchObject({ changed: false, difference: 0 });
    expect(fig('active_partners').changed).toBe(false);

    const deals = b.deals as {
      deal_id: string;
      changes: string[];
      figures: string[];
      explanation: string[];
    }[];
    expect(deals.map((d) => [d.deal_id, d.changes])).toEqual([
      ['D1', ['amount_changed']],
      ['D3', ['class_changed', 'role_changed']],
    ]);
    expect(deals[0].figures).toContain('total_bookings');
    expect(deals[0].explanation).toContain('amount changed from 1000 to 1500');
    expect(deals[1].explanation).toContain('class changed from direct to influenced');
    expect(b.fingerprint).toMatchObject({ changed: true, tables_changed: ['deals', 'touches'] });
    expect(b.settings).toMatchObject({ used: 'as_reported', differs: [] });
    expect(b.summary).toMatchObject({ restated: true, deals_explaining: 2 });
    const q1 = (
      b.series as {
        label: string;
        changed: { key: string; reported: number; recomputed: number }[];
      }[]
    ).find((s) => s.label === 'FY2025 Q1')!;
    expect(q1.changed.find((c) => c.key === 'total_bookings')).toMatchObject({
      reported: 6750.55,
      recomputed: 7250.55,
    });
    expect(
      (b.series as { label: string; changed: unknown[] }[])
        .filter((s) => s.label !== 'FY2025 Q1')
        .every((s) => s.changed.length === 0),
    ).toBe(true);
  });

  it('recomputes with the settings as reported and says which of today’s settings differ', async () => {
    const fresh = await http
      .post('/api/v1/snapshots')
      .send({
        name: 'after the restatement',
        ...PERIOD,
        filters: { segment: ['SMB', 'Enterprise'] },
      });
    expect(fresh.status).toBe(201);
    expect(fresh.body.filters).toEqual({ segment: ['SMB', 'Enterprise'] });
    await http.put('/api/v1/settings').send({ gross_margin: 0.5 }).expect(200);
    try {
      const cmp = await http.get(`/api/v1/snapshots/${fresh.body.id as string}/compare`);
      expect(cmp.status).toBe(200);
      expect(cmp.body.settings).toMatchObject({
        used: 'as_reported',
        as_reported: { gross_margin: 0.8 },
        current: { gross_margin: 0.5 },
        differs: ['gross_margin'],
      });
      expect(cmp.body.settings.note).toContain('gross_margin');
      expect((cmp.body.figures as { changed: boolean }[]).some((f) => f.changed)).toBe(false);
      expect(cmp.body.deals).toEqual([]);
      expect(cmp.body.fingerprint.changed).toBe(false);
      expect(cmp.body.summary.restated).toBe(false);
    } finally {
      await http.put('/api/v1/settings').send({ gross_margin: 0.8 }).expect(200);
    }
  });

  it('exports a PDF whose pages carry the headline numbers as text, drawn without raster images', async () => {
    const res = await download(t, `/api/v1/snapshots/${snapshotId}/export.pdf`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.disposition).toMatch(/attachment; filename=".*FY2025-Q1\.pdf"/);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(res.body) });
    try {
      const text = await parser.getText();
      // cover, headline, CMO, CRO, CFO/CCO, pipeline, coverage, then the definitions
      const slides = buildBoardPack(
        (await http.get(`/api/v1/snapshots/${snapshotId}`)).body,
      ).slides;
      expect(text.total).toBe(slides.length);
      expect(text.total).toBeGreaterThanOrEqual(8);
      const page = (n: number) => text.pages[n - 1].text;
      expect(page(1)).toContain('Q1 board readout');
      expect(page(1)).toContain('FY2025 Q1');
      // The figures as reported, although the data has changed since.
      expect(page(2)).toContain('$6,750.55');
      expect(page(2)).toContain('$1,250.55');
      expect(page(2)).toContain('$3,000.00');
      expect(page(2)).toContain('$4,250.55');
      expect(page(2)).toContain('63.0%'); // partner share 4250.55 / 6750.55
      expect(page(2)).not.toContain('$7,250.55');
      expect(page(3)).toContain('CMO');
      expect(page(4)).toContain('CRO');
      expect(page(4)).toMatch(/Win rate/);
      expect(page(5)).toContain('CFO / CCO');
      expect(page(6)).toContain('Weekly pipeline review');
      expect(page(7)).toContain('Data coverage');
      expect(page(7)).toContain('Partner-sourced 19%');
      expect(page(8)).toContain('Appendix: definitions');
      expect(page(8)).toContain(METRIC_CATALOG.total_bookings.formula.slice(0, 40));
    } finally {
      await parser.destroy();
    }
    expect(res.body.includes('/Subtype /Image')).toBe(false);
  });

  it('exports a PPTX with one slide per PDF page, the headline numbers in the slide XML and native charts', async () => {
    const res = await download(t, `/api/v1/snapshots/${snapshotId}/export.pptx`);
    expect(res.status).toBe(200);
    expect(res.type).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    const zip = await JSZip.loadAsync(res.body);
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides).toHaveLength(
      buildBoardPack((await http.get(`/api/v1/snapshots/${snapshotId}`)).body).slides.length,
    );
    expect(slides.length).toBeGreaterThanOrEqual(8);
    const xml = await zip.file('ppt/slides/slide2.xml')!.async('string');
    for (const n of ['$6,750.55', '$1,250.55', '$3,000.00', '$4,250.55', '63.0%'])
      expect(xml).toContain(n);
    expect(xml).not.toContain('$7,250.55');
    const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    expect(charts.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(zip.files).some((f) => /^ppt\/media\/.*\.(png|jpe?g)$/.test(f))).toBe(false);
  });

  it('exports an XLSX whose figures equal the API’s, with the deals behind each and formula-like text neutralised', async () => {
    const res = await download(t, `/api/v1/snapshots/${snapshotId}/export.xlsx`);
    expect(res.status).toBe(200);
    const snap = (await http.get(`/api/v1/snapshots/${snapshotId}`)).body;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const figures = wb.getWorksheet('Figures')!;
    const values = new Map<string, unknown>();
    figures.eachRow((row, n) => {
      if (n > 1) values.set(row.getCell(1).text, row.getCell(5).value);
    });
    expect([...values.keys()]).toEqual([...METRIC_KEYS]);
    for (const key of METRIC_KEYS)
      expect({ key, value: values.get(key) }).toEqual({ key, value: snap.content.metrics[key] });
    const totalRow = figures.getRow(2);
    expect(totalRow.getCell(1).value).toBe('total_bookings');
    expect(typeof totalRow.getCell(5).value).toBe('number');
    expect(totalRow.getCell(5).numFmt).toContain('$');

    const deals = wb.getWorksheet('Deals')!;
    const rows: { key: string; deal: string; name: unknown; account: unknown; amount: unknown }[] =
      [];
    deals.eachRow((row, n) => {
      if (n > 1)
        rows.push({
          key: row.getCell(1).text,
          deal: row.getCell(3).text,
          name: row.getCell(4).value,
          account: row.getCell(6).value,
          amount: row.getCell(9).value,
        });
    });
    const bookings = rows.filter((r) => r.key === 'total_bookings');
    expect(bookings.map((r) => r.deal).sort()).toEqual(['D1', 'D2', 'D3', 'D5', 'D7', 'D8']);
    expect(bookings.reduce((s, r) => s + (r.amount as number), 0)).toBeCloseTo(6750.55, 6);
    const d7 = bookings.find((r) => r.deal === 'D7')!;
    expect(d7.name).toBe(`'${EVIL_DEAL}`);
    expect(d7.account).toBe(`'${EVIL_ACCOUNT}`);
    const d8 = bookings.find((r) => r.deal === 'D8')!;
    expect(d8.name).toBe(`'${AT_DEAL}`);
    expect(d8.account).toBe(`'${PLUS_ACCOUNT}`);
    expect(typeof d8.amount).toBe('number');
    // Nothing in the workbook is a formula.
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
      );
    const pipeline: unknown[] = [];
    wb.getWorksheet('Pipeline')!.eachRow((row) => pipeline.push(row.getCell(1).value));
    expect(pipeline).toContain('open_pipeline_partner');
  });

  it('exports the appendix as CSV with text neutralised and numbers left as numbers', async () => {
    const res = await download(t, `/api/v1/snapshots/${snapshotId}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    const text = res.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    const col = (name: string) => header.indexOf(name);
    const figure = rows.find(
      (r) => r[col('record')] === 'figure' && r[col('figure_key')] === 'total_bookings',
    )!;
    expect(figure[col('value')]).toBe('6750.55');
    const dealRows = rows.filter(
      (r) => r[col('record')] === 'deal' && r[col('figure_key')] === 'total_bookings',
    );
    const d7 = dealRows.find((r) => r[col('deal_id')] === 'D7')!;
    expect(d7[col('deal_name')]).toBe(`'${EVIL_DEAL}`);
    expect(d7[col('account_name')]).toBe(`'${EVIL_ACCOUNT}`);
    expect(d7[col('amount')]).toBe('1200');
    const d8 = dealRows.find((r) => r[col('deal_id')] === 'D8')!;
    expect(d8[col('deal_name')]).toBe(`'${AT_DEAL}`);
    expect(d8[col('account_name')]).toBe(`'${PLUS_ACCOUNT}`);
    // No cell of the file starts a formula.
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+@\t\r]/);
    for (const r of rows) expect(r[col('value')]).not.toMatch(/^'/);
    const nrr = rows.find((r) => r[col('record')] === 'figure' && r[col('figure_key')] === 'nrr')!;
    expect(Number(nrr[col('value')])).toBeCloseTo(3400 / 3500, 12);
    expect(
      rows
        .filter((r) => r[col('record')] === 'account' && r[col('figure_key')] === 'nrr')
        .map((r) => r[col('account_id')])
        .sort(),
    ).toEqual(['A1', 'A2', 'A3']);
  });

  it('answers 400 for a bad period, a bad or unknown filter value and a missing field, reusing the metrics validation', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', from: '2025-13-01', to: '2025-03-31' }, 'from'],
      [{ name: 'x', from: '2025-02-30', to: '2025-03-31' }, 'from'],
      [{ name: 'x', from: '2025-04-01', to: '2025-03-31' }, 'from'],
      [{ name: 'x', from: '2025-01-01' }, 'to'],
      [{ from: '2025-01-01', to: '2025-03-31' }, 'name'],
      [{ name: '', from: '2025-01-01', to: '2025-03-31' }, 'name'],
      [{ name: 'x', ...PERIOD, filters: { partner_type: ['wizard'] } }, 'partner_type'],
      [{ name: 'x', ...PERIOD, filters: { colour: ['red'] } }, 'colour'],
      [{ name: 'x', ...PERIOD, filters: { segment: ['Nowhere'] } }, 'segment'],
      [{ name: 'x', ...PERIOD, filters: { partner_id: ['P404'] } }, 'partner_id'],
      [{ name: 'x', ...PERIOD, filters: 'segment=SMB' }, 'filters'],
      [{ name: 'x', ...PERIOD, extra: true }, 'extra'],
    ];
    const count = (await http.get('/api/v1/snapshots')).body.snapshots.length as number;
    for (const [body, name] of cases) {
      const res = await http.post('/api/v1/snapshots').send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.body)).toContain(name);
    }
    expect((await http.get('/api/v1/snapshots')).body.snapshots).toHaveLength(count);
  });

  it('answers 404 for an unknown snapshot id on every route, and deletes a snapshot', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      for (const path of [
        '',
        '/compare',
        '/export.pdf',
        '/export.pptx',
        '/export.xlsx',
        '/export.csv',
      ]) {
        const res = await http.get(`/api/v1/snapshots/${id}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      expect((await http.delete(`/api/v1/snapshots/${id}`)).status).toBe(404);
    }
    const made = await http.post('/api/v1/snapshots').send({ name: 'to delete', ...PERIOD });
    expect(made.status).toBe(201);
    expect((await http.delete(`/api/v1/snapshots/${made.body.id as string}`)).status).toBe(204);
    expect((await http.get(`/api/v1/snapshots/${made.body.id as string}`)).status).toBe(404);
    expect(
      ((await http.get('/api/v1/snapshots')).body.snapshots as { id: string }[]).map((s) => s.id),
    ).not.toContain(made.body.id);
  });
});
