// An empty database (no LOAD_DEMO): every data view shows the empty state, with the demo
// loader and the import API; loading the demo from there fills the board.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { MetricsResponse, Settings } from '../src/api/types';
import { createFormatters } from '../src/lib/format';
import { localToday, resolvePeriod } from '../src/lib/periods';
import { launchBrowser } from './support/browser.mjs';
import { api, newPage, screenshot, waitForValue } from './support/helpers';
import { startServer, type ServerHandle } from './support/server.mjs';

jest.setTimeout(120_000);

let server: ServerHandle;
let browser: Browser;

beforeAll(async () => {
  // Start both, and if either fails, stop the other (no stray server or browser).
  const [s, b] = await Promise.allSettled([
    startServer({ demo: false, label: 'web-e2e-empty' }),
    launchBrowser(),
  ]);
  if (s.status === 'fulfilled') server = s.value;
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an empty workspace', () => {
  it('shows the empty state on every data view, then the board once the demo is loaded', async () => {
    const { page, errors } = await newPage(browser);
    for (const path of ['/pipeline', '/partners', '/']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    }
    await expect(
      page.getByRole('link', { name: 'Import your data' }).getAttribute('href'),
    ).resolves.toBe('/import');
    await screenshot(page, 'empty');

    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.getByRole('heading', { name: 'Board readout' }).waitFor({ timeout: 90_000 });
    const settings = await api<Settings>(server.url, '/api/v1/settings');
    const p = resolvePeriod({ kind: 'current' }, settings.fiscal_year_start_month, localToday());
    const { metrics } = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: p.from,
      to: p.to,
    });
    expect(metrics.partner_sourced_revenue).toBeGreaterThan(0);
    await waitForValue(
      page,
      'article.tile[data-metric="partner_sourced_revenue"]',
      metrics.partner_sourced_revenue,
      30_000,
    );
    const fmt = createFormatters(settings.reporting_currency, 'en-US');
    await expect(
      page.locator('article.tile[data-metric="partner_sourced_revenue"] .value-large').innerText(),
    ).resolves.toBe(fmt.money(metrics.partner_sourced_revenue ?? 0, { compact: true }));
    expect(errors).toEqual([]);
    await page.close();
  });
});
