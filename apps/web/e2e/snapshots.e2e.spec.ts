// Browser test of the board pack: freeze the board view of the URL, find it in the list, open
// it as reported (figures equal to the API's frozen snapshot), change a deal through the import
// API, restate it (the page names the deal and the figures it moved, as the API's compare
// does), download the exports, and delete it after a confirmation step.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Settings } from '../src/api/types';
import type { CompareResponse, Snapshot, SnapshotList } from '../src/features/snapshots/types';
import { localToday, quarterOptions, type PeriodOption } from '../src/lib/periods';
import { launchBrowser } from './support/browser.mjs';
import { api, apiSend, newPage, screenshot, searchParams, waitForValue } from './support/helpers';
import { startServer, type ServerHandle } from './support/server.mjs';

jest.setTimeout(180_000);

let server: ServerHandle;
let browser: Browser;
let startMonth: number;
const today = localToday();
const pageErrors: string[] = [];

const HEADLINE = [
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
] as const;

const MEDIA = {
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;

beforeAll(async () => {
  // Start both, and if either fails, stop the other (no stray server or browser).
  const [s, b] = await Promise.allSettled([
    startServer({ demo: true, label: 'web-e2e-snapshots' }),
    launchBrowser(),
  ]);
  if (s.status === 'fulfilled') server = s.value;
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
  const settings = await api<Settings>(server.url, '/api/v1/settings');
  startMonth = settings.fiscal_year_start_month;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, width = 1280, height = 900): Promise<Page> {
  const { page, errors } = await newPage(browser, width, height);
  page.on('close', () => pageErrors.push(...errors));
  await page.goto(`${server.url}${path}`);
  return page;
}

describe('board pack', () => {
  let quarter: PeriodOption;
  let name: string;
  let id: string;
  let snapshot: Snapshot;

  beforeAll(() => {
    // The last completed fiscal quarter: its figures do not move with the clock.
    quarter = quarterOptions(today, startMonth, 2)[1];
    name = `${quarter.label} board readout, e2e`;
  });

  it('starts empty, freezes the board view of the URL, and lists it', async () => {
    const page = await open(`/board-pack?period=${quarter.value}&region=NA`);
    await page.getByTestId('snapshots-empty').waitFor();
    await expect(page.getByTestId('snapshots-empty').innerText()).resolves.toContain(
      'No snapshot yet',
    );
    // The form: a default name after the period, the URL's period and filters read-only.
    const input = page.getByTestId('snapshot-name');
    await expect(input.inputValue()).resolves.toBe(`${quarter.label} board readout`);
    await expect(page.getByTestId('freeze-period').innerText()).resolves.toContain(quarter.label);
    await expect(page.getByTestId('freeze-filters').innerText()).resolves.toBe('Region: NA');
    await screenshot(page, 'board-pack-empty');

    // Keyboard: type a name and press Enter.
    await input.fill(name);
    await input.press('Enter');
    await page.getByTestId('freeze-done').waitFor({ timeout: 60_000 });
    const row = page.locator('[data-testid="snapshot-list"] tbody tr', { hasText: name });
    await row.waitFor();

    const list = await api<SnapshotList>(server.url, '/api/v1/snapshots');
    expect(list.snapshots.map((s) => s.name)).toEqual([name]);
    const summary = list.snapshots[0];
    id = summary.id;
    expect(summary.filters).toEqual({ region: ['NA'] });
    expect(summary.period.label).toBe(quarter.label);
    await expect(row.getAttribute('data-snapshot')).resolves.toBe(id);
    await expect(row.getByTestId('fingerprint').innerText()).resolves.toBe(
      summary.fingerprint.slice(0, 12),
    );
    await expect(row.innerText()).resolves.toContain('Region: NA');
    await screenshot(page, 'board-pack-list');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    await screenshot(page, 'board-pack-list-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      768,
    );
    await page.close();
  });

  it("opens it as reported: the API's frozen figures, series and catalog labels", async () => {
    snapshot = await api<Snapshot>(server.url, `/api/v1/snapshots/${id}`);
    const page = await open(`/board-pack?period=${quarter.value}&region=NA`);
    await page.getByRole('link', { name }).click();
    await page.waitForURL((u) => u.searchParams.get('snapshot') === id);
    expect(searchParams(page).get('view')).toBeNull();
    await page.getByTestId('frozen-board').waitFor();
    const m = snapshot.content.metrics;
    for (const key of HEADLINE)
      await waitForValue(page, `article.tile[data-metric="${key}"]`, m[key]);
    for (const key of [
      'total_bookings',
      'blended_cac',
      'nrr',
      'win_rate_partner',
      'acv_lift',
    ] as const)
      await waitForValue(page, `.frozen-board [data-metric="${key}"]`, m[key]);
    // Labels are the frozen catalog's; the values are not links to today's drill-down.
    const nrr = snapshot.content.catalog.metrics.find((e) => e.key === 'nrr')!;
    await expect(
      page.locator('[data-panel="cfo"] tr[data-metric="nrr"] th').innerText(),
    ).resolves.toContain(nrr.label);
    await expect(page.locator('.frozen-board a[data-drill]').count()).resolves.toBe(0);
    await expect(page.getByTestId('frozen-badge').innerText()).resolves.toContain('Frozen');
    await expect(page.getByTestId('snapshot-period').innerText()).resolves.toBe(quarter.label);

    // The frozen eight quarters, as the snapshot holds them.
    await page
      .locator('[data-chart="frozen-trend"] svg.recharts-surface')
      .first()
      .waitFor({ state: 'visible' });
    const ticks = await page
      .locator('[data-chart="frozen-trend"] text[data-tick]')
      .evaluateAll((texts) => texts.map((t) => t.getAttribute('data-tick')));
    expect(ticks).toEqual(snapshot.content.series.series.map((s) => s.label));
    expect(ticks).toHaveLength(8);
    await screenshot(page, 'board-pack-frozen');

    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    await screenshot(page, 'board-pack-frozen-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      768,
    );
    await page.close();
  });

  it('restates it after a deal changes: the page names the deal and the figures it moved', async () => {
    // A won, partner-sourced deal of the period gets a bigger amount.
    const drill = snapshot.content.drill.partner_sourced_revenue;
    if (drill?.kind !== 'deals') throw new Error('no frozen deals behind partner_sourced_revenue');
    const row = drill.rows[0];
    const deal = snapshot.content.deals[row.deal_id];
    const bigger = Math.round((row.amount + 1000) * 100) / 100;
    const imported = await apiSend(server.url, 'POST', '/api/v1/import/deals', {
      body: [
        {
          deal_id: deal.deal_id,
          account_id: deal.account_id,
          name: deal.name,
          amount: String(bigger),
          type: deal.type,
          stage: deal.stage,
          created_on: deal.created_on,
          closed_on: deal.closed_on,
          sourcing_partner_id: deal.sourcing_partner_id,
        },
      ],
    });
    expect(imported.status).toBe(200);
    // The snapshot itself does not move.
    expect(await api<Snapshot>(server.url, `/api/v1/snapshots/${id}`)).toEqual(snapshot);

    const page = await open(`/board-pack?period=${quarter.value}&region=NA&snapshot=${id}`);
    await page.getByTestId('tab-compare').click();
    await page.waitForURL((u) => u.searchParams.get('view') === 'compare');
    await page.getByTestId('restatement').waitFor({ timeout: 60_000 });

    const cmp = await api<CompareResponse>(server.url, `/api/v1/snapshots/${id}/compare`);
    const changed = cmp.figures.filter((f) => f.changed).map((f) => f.key);
    expect(changed).toEqual(expect.arrayContaining(['total_bookings', 'partner_sourced_revenue']));
    // Only the changed figures in the first table, in the API's order.
    const shown = await page
      .locator('[data-testid="changed-figures"] > tbody')
      .evaluateAll((bodies) => bodies.map((b) => b.getAttribute('data-metric')));
    expect(shown).toEqual(changed);

    const sourced = page.locator(
      '[data-testid="changed-figures"] > tbody[data-metric="partner_sourced_revenue"]',
    );
    await expect(sourced.getAttribute('data-difference')).resolves.toBe('1000');
    await expect(sourced.locator('th').first().innerText()).resolves.toBe(
      cmp.figures.find((f) => f.key === 'partner_sourced_revenue')!.label,
    );
    const details = sourced.locator('details');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
      await details.locator('summary').click();
    const line = sourced.locator(`li[data-deal="${deal.deal_id}"]`);
    await expect(line.getAttribute('data-kind')).resolves.toBe('amount_changed');
    const text = await line.innerText();
    expect(text).toContain(deal.name ?? deal.deal_id);
    const explained = cmp.deals.find((d) => d.deal_id === deal.deal_id)!;
    expect(explained.explanation.join()).toContain('amount changed');
    for (const reason of explained.explanation) expect(text).toContain(reason);

    // The deal list names it once, with every figure it moved.
    const dealRow = page.locator(
      `[data-testid="restatement-deals"] tr[data-deal="${deal.deal_id}"]`,
    );
    await expect(dealRow.innerText()).resolves.toContain(
      cmp.figures.find((f) => f.key === 'total_bookings')!.label,
    );
    await expect(page.getByTestId('restatement-summary').innerText()).resolves.toBe(
      cmp.summary.text,
    );
    await expect(page.getByTestId('fingerprint-compare').innerText()).resolves.toContain('deals');
    await screenshot(page, 'board-pack-compare');
    await screenshot(page, 'board-pack-compare-top', false);
    await page.getByTestId('restatement-deals').scrollIntoViewIfNeeded();
    await screenshot(page, 'board-pack-compare-deals', false);

    // The URL is the whole state: opening it afresh shows the restatement again.
    const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search, 900, 1024);
    await shared.getByTestId('restatement').waitFor({ timeout: 60_000 });
    await expect(
      shared.locator('[data-testid="tab-compare"]').getAttribute('aria-current'),
    ).resolves.toBe('page');
    await shared.close();
    await page.close();
  });

  it('offers the exports as download links that answer with the right content types', async () => {
    const page = await open(`/board-pack?snapshot=${id}`);
    await page.getByTestId('frozen-board').waitFor();
    for (const [format, type] of Object.entries(MEDIA)) {
      const link = page.locator(`a[data-export="${format}"]`);
      await expect(link.getAttribute('download')).resolves.not.toBeNull();
      const href = await link.getAttribute('href');
      expect(href).toBe(`/api/v1/snapshots/${id}/export.${format}`);
      const res = await page.request.get(`${server.url}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain(type);
      expect(res.headers()['content-disposition']).toContain('attachment');
      expect((await res.body()).length).toBeGreaterThan(100);
    }
    await page.close();
  });

  it('deletes a snapshot only after a confirmation step', async () => {
    const page = await open(`/board-pack?period=${quarter.value}`);
    const row = page.locator(`tr[data-snapshot="${id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Delete “${name}”` }).click();
    // The confirmation takes the focus; Escape cancels it and gives the focus back.
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toBe(
      'Cancel',
    );
    await screenshot(page, 'board-pack-delete-confirm');
    await page.keyboard.press('Escape');
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''),
    ).resolves.toBe(`Delete “${name}”`);
    expect((await api<SnapshotList>(server.url, '/api/v1/snapshots')).snapshots).toHaveLength(1);

    await row.getByRole('button', { name: `Delete “${name}”` }).click();
    await row.getByRole('button', { name: 'Delete snapshot' }).click();
    await page.getByTestId('snapshots-empty').waitFor();
    expect((await api<SnapshotList>(server.url, '/api/v1/snapshots')).snapshots).toEqual([]);
    expect((await apiSend(server.url, 'GET', `/api/v1/snapshots/${id}`)).status).toBe(404);
    await page.close();
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
