// Browser tests: Debian's Chromium (playwright-core) against the BUILT SPA served by the BUILT
// API on an embedded PostgreSQL with the demo loaded. Every figure checked on the page is
// compared with the API's own JSON for the same period, filters or as-of date.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '@partner-kpi/metrics';
import { createFormatters, type Formatters } from '../src/lib/format';
import {
  localToday,
  quarterOptions,
  resolvePeriod,
  trendRange,
  type PeriodSelection,
} from '../src/lib/periods';
import type {
  CatalogResponse,
  LeaderboardResponse,
  MetricDrillResponse,
  MetricsResponse,
  PipelineDrillResponse,
  PipelineResponse,
  SeriesResponse,
  Settings,
} from '../src/api/types';
import { launchBrowser } from './support/browser.mjs';
import {
  api,
  newPage,
  screenshot,
  searchParams,
  stableSort,
  waitForValue,
} from './support/helpers';
import { startServer, type ServerHandle } from './support/server.mjs';

jest.setTimeout(120_000);

let server: ServerHandle;
let browser: Browser;
let fmt: Formatters;
let startMonth: number;
let catalog: CatalogResponse;
const today = localToday();
const pageErrors: string[] = [];

const HEADLINE = [
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
] as const;

beforeAll(async () => {
  // Start both, and if either fails, stop the other (no stray server or browser).
  const [s, b] = await Promise.allSettled([
    startServer({ demo: true, label: 'web-e2e' }),
    launchBrowser(),
  ]);
  if (s.status === 'fulfilled') server = s.value;
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
  const settings = await api<Settings>(server.url, '/api/v1/settings');
  fmt = createFormatters(settings.reporting_currency, 'en-US');
  startMonth = settings.fiscal_year_start_month;
  catalog = await api<CatalogResponse>(server.url, '/api/v1/metrics/catalog');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(
  path: string,
  width = 1280,
  height = 900,
  expectedStatus?: number,
): Promise<Page> {
  const { page, errors } = await newPage(browser, width, height);
  const expected = expectedStatus === undefined ? null : `status of ${expectedStatus}`;
  page.on('close', () =>
    pageErrors.push(...errors.filter((e) => expected === null || !e.includes(expected))),
  );
  await page.goto(`${server.url}${path}`);
  return page;
}

function period(sel: PeriodSelection) {
  return resolvePeriod(sel, startMonth, today);
}

describe('board readout', () => {
  it("shows the API's figures for the current quarter, with help and a trend chart", async () => {
    const page = await open('/');
    const p = period({ kind: 'current' });
    const { metrics } = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: p.from,
      to: p.to,
    });
    for (const key of HEADLINE) {
      const tile = `article.tile[data-metric="${key}"]`;
      await waitForValue(page, tile, metrics[key]);
      const unit = key === 'partner_share_of_bookings' ? 'ratio' : 'currency';
      expect(await page.locator(`${tile} .value-large`).innerText()).toBe(
        fmt.metric(metrics[key], unit, key, { compact: true }),
      );
    }
    // A few figures of each executive panel.
    for (const key of ['blended_cac', 'nrr', 'partner_program_roi'] as const)
      await waitForValue(page, `[data-panel] tr[data-metric="${key}"]`, metrics[key]);
    for (const key of ['win_rate_lift', 'acv_lift', 'cycle_time_reduction'] as const)
      await waitForValue(
        page,
        `[data-panel="cro"] .lift-chips [data-metric="${key}"]`,
        metrics[key],
      );
    await expect(page.getByTestId('period-title').innerText()).resolves.toBe(`${p.label} to date`);

    // The trend: eight fiscal quarters, labelled as the API labels them.
    const series = await api<SeriesResponse>(server.url, '/api/v1/metrics/series', {
      grain: 'quarter',
      ...trendRange(p, startMonth),
    });
    await page
      .locator('[data-chart="trend-chart"] svg.recharts-surface')
      .first()
      .waitFor({ state: 'visible' });
    const ticks = await page
      .locator('[data-chart="trend-chart"] text[data-tick]')
      .evaluateAll((texts) => texts.map((t) => t.getAttribute('data-tick')));
    expect(ticks).toEqual(series.series.map((s) => s.label));
    expect(ticks).toHaveLength(8);

    // Help: the catalog's formula, closed with Escape.
    const share = catalog.metrics.find((m) => m.key === 'partner_share_of_bookings')!;
    await page
      .locator('article.tile[data-metric="partner_share_of_bookings"] .help-button')
      .click();
    await expect(page.locator('.help-popover').innerText()).resolves.toContain(share.formula);
    await page.keyboard.press('Escape');
    await expect(page.locator('.help-popover').count()).resolves.toBe(0);

    // The executive charts render as they scroll into view, as a reader scrolls down.
    for (const chart of ['cac-chart', 'win-rate-chart', 'retention-chart']) {
      await page.locator(`[data-chart="${chart}"]`).first().scrollIntoViewIfNeeded();
      await page
        .locator(`[data-chart="${chart}"] svg.recharts-surface`)
        .first()
        .waitFor({ state: 'visible' });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'board');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    await screenshot(page, 'board-tablet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      768,
    );
    // Print: A4 portrait is about 794 CSS px wide.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    await screenshot(page, 'board-print');
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await expect(page.locator('.print-context').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('switching the period and the filters changes the URL and the figures', async () => {
    const page = await open('/');
    await page.locator('article.tile[data-metric="partner_sourced_revenue"][data-value]').waitFor();
    const quarter = quarterOptions(today, startMonth, 3)[2];
    await page.getByTestId('period-select').selectOption(quarter.value);
    await page.waitForURL((u) => u.searchParams.get('period') === quarter.value);
    const [fy, q] = quarter.value.slice(2).split('-Q').map(Number);
    const p = period({ kind: 'quarter', fy, quarter: q });
    const before = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: p.from,
      to: p.to,
    });
    for (const key of HEADLINE)
      await waitForValue(page, `article.tile[data-metric="${key}"]`, before.metrics[key]);
    await expect(page.getByTestId('period-title').innerText()).resolves.toBe(quarter.label);

    await page.getByTestId('filters-button').click();
    await page
      .locator('fieldset:has(legend:text-is("Segment")) label:has-text("SMB") input')
      .check();
    await page.waitForURL((u) => u.searchParams.getAll('segment').join() === 'SMB');
    const smb = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: p.from,
      to: p.to,
      segment: 'SMB',
    });
    expect(smb.metrics.partner_sourced_revenue).not.toBe(before.metrics.partner_sourced_revenue);
    for (const key of HEADLINE)
      await waitForValue(page, `article.tile[data-metric="${key}"]`, smb.metrics[key]);
    expect(searchParams(page).get('period')).toBe(quarter.value);

    // The URL is the whole state: opening it afresh shows the same figures.
    const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    await waitForValue(
      shared,
      'article.tile[data-metric="partner_attributed_revenue"]',
      smb.metrics.partner_attributed_revenue,
    );
    await expect(
      shared.getByRole('button', { name: /Remove filter Segment: SMB/ }).isVisible(),
    ).resolves.toBe(true);
    await shared.close();
    await page.close();
  });

  it('a figure opens exactly the deals behind it, paged, and closes back to the figure', async () => {
    const quarter = quarterOptions(today, startMonth, 2)[1];
    const page = await open(`/?period=${quarter.value}&region=NA`);
    const [fy, q] = quarter.value.slice(2).split('-Q').map(Number);
    const p = period({ kind: 'quarter', fy, quarter: q });
    const link = page.locator(
      'article.tile[data-metric="partner_attributed_revenue"] a.value-link',
    );
    await link.waitFor();
    // Keyboard: focus the figure and press Enter.
    await link.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('drill-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(searchParams(page).get('drill')).toBe('partner_attributed_revenue');

    const params = { from: p.from, to: p.to, region: 'NA' };
    const first = await api<MetricDrillResponse>(
      server.url,
      '/api/v1/metrics/partner_attributed_revenue/deals',
      { ...params, limit: 50, offset: 0 },
    );
    expect(first.total).toBeGreaterThan(50);
    await page.waitForFunction(
      (t) =>
        document.querySelector('[data-testid="drill-total"]')?.getAttribute('data-total') === t,
      String(first.total),
    );
    await page.locator('[data-testid="drill-dialog"] tr[data-deal]').first().waitFor();
    const ids = await page
      .locator('[data-testid="drill-dialog"] tr[data-deal]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-deal')));
    expect(ids).toEqual(first.kind === 'deals' ? first.rows.map((r) => r.deal_id) : []);
    // The figure in the title is the tile's figure, exactly.
    const { metrics } = await api<MetricsResponse>(server.url, '/api/v1/metrics', params);
    await expect(page.getByTestId('drill-figure').innerText()).resolves.toBe(
      fmt.metric(metrics.partner_attributed_revenue, 'currency', 'partner_attributed_revenue'),
    );
    // The counting touches and roles are shown.
    const firstRow = first.kind === 'deals' ? first.rows[0] : undefined;
    if (firstRow?.counting_touches.length) {
      await expect(
        page.locator(`tr[data-deal="${firstRow.deal_id}"] .touches`).innerText(),
      ).resolves.toContain(firstRow.counting_touches[0].touched_on);
    }
    await screenshot(page, 'drill', false);

    await dialog.getByRole('button', { name: /Next/ }).click();
    await page.waitForURL((u) => u.searchParams.get('drill_page') === '2');
    const second = await api<MetricDrillResponse>(
      server.url,
      '/api/v1/metrics/partner_attributed_revenue/deals',
      { ...params, limit: 50, offset: 50 },
    );
    await page.waitForFunction(
      (id) =>
        document
          .querySelector('[data-testid="drill-dialog"] tr[data-deal]')
          ?.getAttribute('data-deal') === id,
      second.kind === 'deals' ? second.rows[0].deal_id : '',
    );

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(searchParams(page).get('drill')).toBeNull();
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('data-drill')),
    ).resolves.toBe('partner_attributed_revenue');

    // Retention figures drill to the cohort's accounts.
    await page.goto(`${server.url}/?period=${quarter.value}&drill=churn_rate_attached`);
    const cohort = await api<MetricDrillResponse>(
      server.url,
      '/api/v1/metrics/churn_rate_attached/deals',
      { from: p.from, to: p.to, limit: 50 },
    );
    await page.locator('[data-testid="drill-dialog"] tr[data-account]').first().waitFor();
    const accounts = await page
      .locator('[data-testid="drill-dialog"] tr[data-account]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')));
    expect(accounts).toEqual(
      cohort.kind === 'accounts' ? cohort.rows.map((r) => r.account_id) : ['(not accounts)'],
    );
    await expect(page.getByTestId('drill-total').getAttribute('data-total')).resolves.toBe(
      String(cohort.total),
    );
    await screenshot(page, 'drill-accounts', false);
    await page.close();
  });
});

describe('weekly pipeline review', () => {
  it("shows the API's pipeline as of a date, the week-over-week change, the stages and the open deals", async () => {
    const asOf = addDays(today, -3);
    const page = await open(`/pipeline?as_of=${asOf}`);
    const [now, before] = await Promise.all([
      api<PipelineResponse>(server.url, '/api/v1/pipeline', { as_of: asOf }),
      api<PipelineResponse>(server.url, '/api/v1/pipeline', { as_of: addDays(asOf, -7) }),
    ]);
    for (const key of [
      'open_pipeline_partner',
      'open_pipeline_direct',
      'new_pipeline_partner',
      'won_this_week_partner',
      'slipped_deals_direct',
    ] as const) {
      await waitForValue(page, `td[data-metric="${key}"]`, now.metrics[key]);
    }
    const wow = fmt.change(
      now.metrics.open_pipeline_partner,
      before.metrics.open_pipeline_partner,
      'currency',
      'open_pipeline_partner',
      'higher',
    );
    const badge = page.locator('td[data-metric="open_pipeline_partner"] + td .change');
    await expect(badge.innerText()).resolves.toContain(wow.text);
    await expect(badge.getAttribute('class')).resolves.toContain(`change-${wow.tone}`);
    await page
      .locator('[data-chart="stage-chart"] svg.recharts-surface')
      .first()
      .waitFor({ state: 'visible' });

    const rows = () =>
      page
        .locator('[data-testid="open-deals-table"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-deal')));
    await page.locator('[data-testid="open-deals-table"] tbody tr').first().waitFor();
    expect(await rows()).toEqual(now.deals.slice(0, 25).map((d) => d.deal_id));
    await page.getByRole('button', { name: /^Amount/ }).click();
    await page.waitForURL(
      (u) => u.searchParams.get('sort') === 'amount' && u.searchParams.get('dir') === 'asc',
    );
    const asc = stableSort(now.deals, (d) => d.amount, 'asc');
    expect(await rows()).toEqual(asc.slice(0, 25).map((d) => d.deal_id));
    await screenshot(page, 'pipeline');

    // A pipeline figure drills to its deals as of the same date.
    await page.locator('td[data-metric="slipped_deals_partner"] a.value-link').click();
    const drill = await api<PipelineDrillResponse>(
      server.url,
      '/api/v1/pipeline/slipped_deals_partner/deals',
      { as_of: asOf, limit: 50 },
    );
    await page.waitForFunction(
      (t) =>
        document.querySelector('[data-testid="drill-total"]')?.getAttribute('data-total') === t,
      String(drill.total),
    );
    const ids = await page
      .locator('[data-testid="drill-dialog"] tr[data-deal]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-deal')));
    expect(ids).toEqual(drill.rows.map((r) => r.deal_id));
    await screenshot(page, 'pipeline-drill', false);
    await page.close();
  });
});

describe('partner leaderboard', () => {
  it('lists every partner as the API does, sorts, filters by type and drills into a partner', async () => {
    const p = period({ kind: 'current' });
    const page = await open('/partners');
    const board = await api<LeaderboardResponse>(server.url, '/api/v1/partners/leaderboard', {
      from: p.from,
      to: p.to,
    });
    const rows = () =>
      page
        .locator('[data-testid="leaderboard"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-partner')));
    await page.locator('[data-testid="leaderboard"] tbody tr').first().waitFor();
    expect(await rows()).toEqual(
      stableSort(board.partners, (r) => r.sourced_revenue, 'desc').map((r) => r.partner_id),
    );
    await screenshot(page, 'partners');

    await page.getByRole('button', { name: /^Win rate/ }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'win_rate');
    expect(await rows()).toEqual(
      stableSort(board.partners, (r) => r.win_rate, 'desc').map((r) => r.partner_id),
    );

    const type = board.partners[0].type;
    await page.getByLabel('Type').selectOption(type);
    await page.waitForURL((u) => u.searchParams.get('partner_type') === type);
    const filtered = await api<LeaderboardResponse>(server.url, '/api/v1/partners/leaderboard', {
      from: p.from,
      to: p.to,
      partner_type: type,
    });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="leaderboard"] tbody tr').length === n,
      filtered.partners.length,
    );
    expect((await rows()).sort()).toEqual(filtered.partners.map((r) => r.partner_id).sort());

    const partner = filtered.partners[0].partner_id;
    await page.locator(`tr[data-partner="${partner}"] th a`).click();
    await page.waitForURL((u) => u.searchParams.get('drill_partner') === partner);
    const drill = await api<MetricDrillResponse>(
      server.url,
      '/api/v1/metrics/partner_attributed_revenue/deals',
      { from: p.from, to: p.to, partner_type: type, partner_id: partner, limit: 50 },
    );
    await page.waitForFunction(
      (t) =>
        document.querySelector('[data-testid="drill-total"]')?.getAttribute('data-total') === t,
      String(drill.total),
    );
    await screenshot(page, 'partner-drill', false);
    await page.close();
  });
});

describe('settings', () => {
  it('shows the settings and the validation errors of the API', async () => {
    const page = await open('/settings', 1280, 900, 400);
    const settings = await api<Settings>(server.url, '/api/v1/settings');
    await expect(page.locator('#reporting_currency').inputValue()).resolves.toBe(
      settings.reporting_currency,
    );
    await page.locator('#gross_margin').fill('1.5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('#gross_margin-error').innerText()).resolves.toContain(
      'gross_margin must be at most 1',
    );
    await expect(page.locator('#gross_margin').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'settings');
    expect(await api<Settings>(server.url, '/api/v1/settings')).toEqual(settings);
    await page.close();
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
