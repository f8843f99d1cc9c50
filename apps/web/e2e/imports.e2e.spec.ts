// The import page and the data-quality page on an empty server: partners in the contract's
// columns, then accounts and deals in the layout of Maven's CRM sample (e2e/fixtures) through a
// mapping built on the page, a dry run listing every error by row and field, an import skipping
// the invalid rows, the history with the rejected rows' CSV, and the data-quality report.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { MetricsResponse } from '../src/api/types';
import type { DataQualityReport } from '../src/features/data-quality/types';
import type { ImportRunsResponse, MappingSummary } from '../src/features/imports/types';
import { launchBrowser } from './support/browser.mjs';
import { api, apiSend, newPage, screenshot } from './support/helpers';
import { startServer, type ServerHandle } from './support/server.mjs';

jest.setTimeout(180_000);

let server: ServerHandle;
let browser: Browser;
let page: Page;
let errors: string[];

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const PARTNERS = [
  'partner_id,name,type,tier,joined_on',
  'P1,Northwind Resellers,reseller,Gold,2016-01-15',
  'P2,"Contoso Services, Ltd",si,Silver,',
  'P3,Fabrikam Cloud,msp,,2016-06-01',
  '',
].join('\n');

beforeAll(async () => {
  // Start both, and if either fails, stop the other (no stray server or browser).
  const [s, b] = await Promise.allSettled([
    startServer({ demo: false, label: 'web-e2e-imports' }),
    launchBrowser(),
  ]);
  if (s.status === 'fulfilled') server = s.value;
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
  ({ page, errors } = await newPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function chooseFile(name: string, buffer: Buffer): Promise<void> {
  await page
    .getByLabel('Choose a CSV file, or drop it here')
    .setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('file-info').filter({ hasText: name }).waitFor();
}

async function result(): Promise<{ outcome: string | null; counts: Record<string, number> }> {
  const section = page.getByTestId('import-result');
  await section.waitFor({ timeout: 60_000 });
  const counts: Record<string, number> = {};
  for (const el of await section.locator('[data-count]').all()) {
    counts[(await el.getAttribute('data-count')) ?? ''] = Number(
      await el.getAttribute('data-value'),
    );
  }
  return { outcome: await section.getAttribute('data-outcome'), counts };
}

async function problemRows(): Promise<string[]> {
  return page
    .getByTestId('problems-table')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) =>
        [...r.querySelectorAll('td')]
          .slice(0, 2)
          .map((td) => td.textContent?.trim())
          .join(':'),
      ),
    );
}

describe('the import page', () => {
  it('starts empty, with the entities in the order that always works', async () => {
    await page.goto(`${server.url}/import`);
    await page.getByRole('heading', { name: 'Import data' }).waitFor();
    await page.getByText('No imports yet').waitFor();
    const radios = await page
      .getByRole('radio')
      .evaluateAll((els) =>
        els
          .filter((e) => (e as HTMLInputElement).name.endsWith('entity'))
          .map((e) => (e as HTMLInputElement).value),
      );
    expect(radios).toEqual([
      'partners',
      'accounts',
      'deals',
      'touches',
      'arr',
      'attachments',
      'spend',
    ]);
    await expect(page.getByRole('button', { name: 'Dry run' }).isDisabled()).resolves.toBe(true);
  });

  it('imports partners written in the contract’s columns with no mapping', async () => {
    await chooseFile('partners.csv', Buffer.from(PARTNERS));
    await expect(page.getByLabel('Mapping', { exact: true }).inputValue()).resolves.toBe('');
    // The first rows as they will be stored (quoted commas read right).
    const preview = page.getByTestId('preview-table');
    await preview.waitFor();
    await expect(preview.locator('tbody tr').count()).resolves.toBe(3);
    await expect(preview.locator('tbody tr').nth(1).innerText()).resolves.toContain(
      'Contoso Services, Ltd',
    );
    await page.getByRole('button', { name: 'Import partners' }).click();
    const r = await result();
    expect(r).toEqual({
      outcome: 'done',
      counts: { received: 3, inserted: 3, updated: 0, unchanged: 0, deleted: 0, rejected: 0 },
    });
    await page
      .locator('[data-testid=import-history] tbody tr[data-status=applied]')
      .first()
      .waitFor();
  });

  it('builds a mapping for Maven’s accounts from the header, saves it and imports', async () => {
    await page.getByRole('radio', { name: /^Accounts/ }).check();
    await chooseFile('maven-accounts.csv', fixture('maven-accounts.csv'));
    const select = page.getByLabel('Mapping', { exact: true });
    await expect(select.locator('option:checked').innerText()).resolves.toBe(
      'Build a new mapping…',
    );
    // Suggested from the header: one column feeds both the id and the name.
    const column = (field: string) => page.getByLabel(`Source column of ${field}`, { exact: true });
    await expect(column('account_id').inputValue()).resolves.toBe('account');
    await expect(column('name').inputValue()).resolves.toBe('account');
    await expect(column('industry').inputValue()).resolves.toBe('sector');
    await expect(column('region').inputValue()).resolves.toBe('office_location');
    await column('segment').selectOption('employees');
    await column('segment').selectOption('');
    await expect(page.getByLabel('Save as').inputValue()).resolves.toBe('accounts-maven-accounts');
    await page.getByLabel('Save as').fill('maven-accounts');
    const preview = page.getByTestId('preview-table');
    await expect(preview.locator('tbody tr').nth(4).innerText()).resolves.toContain(
      'Acme, Corporation',
    );
    await page.getByRole('button', { name: 'Import accounts' }).click();
    const r = await result();
    expect(r.counts).toMatchObject({ received: 6, inserted: 6, rejected: 0 });
    await expect(page.getByTestId('import-result').innerText()).resolves.toContain(
      'year_established',
    ); // the ignored columns' warning
    const saved = await api<MappingSummary>(server.url, '/api/v1/import/mappings/maven-accounts');
    expect(saved.mapping).toEqual({
      entity: 'accounts',
      columns: {
        account_id: 'account',
        name: 'account',
        region: 'office_location',
        industry: 'sector',
      },
    });
  });

  it('dry runs Maven’s pipeline: every error by row and field, nothing written', async () => {
    await page.getByRole('radio', { name: /^Deals/ }).check();
    await chooseFile('maven-pipeline.csv', fixture('maven-pipeline.csv'));
    const column = (field: string) => page.getByLabel(`Source column of ${field}`, { exact: true });
    await expect(column('deal_id').inputValue()).resolves.toBe('opportunity_id');
    await expect(column('stage').inputValue()).resolves.toBe('deal_stage');
    await expect(column('stage_name').inputValue()).resolves.toBe('deal_stage');
    await expect(column('amount').inputValue()).resolves.toBe('close_value');
    // Stage values suggested: Won/Lost as is in meaning, Engaging and Prospecting are open.
    const stageMap = page.locator('fieldset.value-map[data-field=stage]');
    await expect(stageMap.getByLabel('Engaging →').inputValue()).resolves.toBe('open');
    await expect(stageMap.getByLabel('Won →').inputValue()).resolves.toBe('won');
    await expect(stageMap.getByLabel('Prospecting →').inputValue()).resolves.toBe('open');
    // Open deals have no close_value in Maven's export: amount 0 by default.
    await page.getByLabel('Default of amount').fill('0');
    const preview = page.getByTestId('preview-table');
    await expect(
      preview.locator('tbody tr').nth(5).locator('td.cell-problem').count(),
    ).resolves.toBe(1);
    // Wide tables scroll inside their card: the page itself does not scroll sideways.
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'import-mapping');

    await page.getByRole('button', { name: 'Dry run' }).click();
    const r = await result();
    expect(r.outcome).toBe('invalid');
    // Row 6 and 7 have no account, 7 no engage date either, 8 an account never imported.
    expect(await problemRows()).toEqual([
      '6:account_id',
      '7:account_id',
      '7:created_on',
      '8:account_id',
    ]);
    await expect(page.getByTestId('problems-table').innerText()).resolves.toContain('Nowhere Ltd');
    await screenshot(page, 'import-dry-run');
    const { metrics } = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: '2016-01-01',
      to: '2017-12-31',
    });
    expect(metrics.total_bookings).toBe(0);
  });

  it('imports the valid rows with skip, shows the counts, the history and the rejected rows CSV', async () => {
    await page.getByLabel(/^Skip invalid rows/).check();
    await page.getByRole('button', { name: 'Import deals' }).click();
    const r = await result();
    expect(r).toEqual({
      outcome: 'done',
      counts: { received: 10, inserted: 7, updated: 0, unchanged: 0, deleted: 0, rejected: 3 },
    });
    const section = page.getByTestId('import-result');
    await expect(
      section.locator('[data-code=closed_before_created]').innerText(),
    ).resolves.toContain('(9)');
    expect(await problemRows()).toEqual([
      '6:account_id',
      '7:account_id',
      '7:created_on',
      '8:account_id',
    ]);

    // The history: newest first, the applied deals import with its rejected rows.
    const runs = await api<ImportRunsResponse>(server.url, '/api/v1/import/runs');
    expect(runs.runs.map((x) => `${x.entity}:${x.status}:${x.mapping ?? '-'}`)).toEqual([
      'deals:applied:deals-maven-pipeline',
      'deals:rejected:deals-maven-pipeline',
      'accounts:applied:maven-accounts',
      'partners:applied:-',
    ]);
    const row = page.locator(`[data-testid=import-history] tr[data-run="${runs.runs[0].id}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(1, 4)).toEqual([
      'deals',
      'upsert\nskip invalid rows',
      'deals-maven-pipeline',
    ]);
    expect(cells.slice(5, 10)).toEqual(['10', '7', '0', '0', '0']);
    expect(cells[10].split('\n')[0]).toBe('3'); // rows rejected (4 problems)
    await screenshot(page, 'import-done');

    const link = row.getByRole('link', { name: 'Rejected rows (CSV)' });
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/v1/import/runs/${runs.runs[0].id}/rejected.csv`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(
      text
        .trim()
        .split('\r\n')
        .map((l) => l.split(',').slice(0, 2).join(',')),
    ).toEqual(['row,field', '6,account_id', '7,account_id', '7,created_on', '8,account_id']);
    const viaApi = await apiSend(server.url, 'GET', href ?? '');
    expect(viaApi).toEqual({ status: 200, body: text });

    // Really stored: the won deals of Q1 2017 are the bookings, the mapping saved.
    const { metrics } = await api<MetricsResponse>(server.url, '/api/v1/metrics', {
      from: '2017-01-01',
      to: '2017-03-31',
    });
    expect(metrics.total_bookings).toBe(1054 + 4514 + 517 + 2100);
    const dq = await api<DataQualityReport>(server.url, '/api/v1/data-quality');
    expect(dq.deals).toBe(7);
    const mapping = await apiSend(
      server.url,
      'GET',
      '/api/v1/import/mappings/deals-maven-pipeline',
    );
    expect(mapping).toMatchObject({
      status: 200,
      body: {
        mapping: {
          columns: { deal_id: 'opportunity_id', stage: 'deal_stage', created_on: 'engage_date' },
          values: { stage: { Won: 'won', Lost: 'lost', Engaging: 'open', Prospecting: 'open' } },
          defaults: { amount: '0' },
        },
      },
    });
    // Re-sending the same file changes nothing.
    await page.getByRole('button', { name: 'Import deals' }).click();
    await page
      .getByTestId('import-result')
      .locator('[data-count=unchanged][data-value="7"]')
      .waitFor();
  });

  it('remembers the mapping last used for an entity', async () => {
    await page.reload();
    await page.getByRole('radio', { name: /^Deals/ }).check();
    await chooseFile('pipeline-again.csv', fixture('maven-pipeline.csv'));
    await expect(page.getByLabel('Mapping', { exact: true }).inputValue()).resolves.toBe(
      'deals-maven-pipeline',
    );
    await expect(page.getByLabel('Default of amount').inputValue()).resolves.toBe('0');
  });

  it('fits the import page at tablet width', async () => {
    const { page: tablet, errors: tabletErrors } = await newPage(browser, 820, 1100);
    await tablet.goto(`${server.url}/import`);
    await tablet.getByTestId('import-history').waitFor();
    await tablet.getByRole('radio', { name: /^Deals/ }).check();
    await tablet.getByLabel('Choose a CSV file, or drop it here').setInputFiles({
      name: 'p.csv',
      mimeType: 'text/csv',
      buffer: fixture('maven-pipeline.csv'),
    });
    await tablet.getByTestId('preview-table').waitFor();
    const overflow = await tablet.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(tablet, 'import-tablet');
    expect(tabletErrors).toEqual([]);
    await tablet.close();
  });
});

describe('the data-quality page', () => {
  it('renders every check with its severity, the samples and the attribution coverage', async () => {
    const report = await api<DataQualityReport>(server.url, '/api/v1/data-quality');
    await page.goto(`${server.url}/data-quality`);
    await page.getByRole('heading', { name: 'Checks' }).waitFor();
    const cards = page.locator('article.quality-check');
    await expect(cards.count()).resolves.toBe(report.checks.length);
    for (const c of report.checks) {
      const card = page.locator(`article[data-check="${c.key}"]`);
      await expect(card.getAttribute('data-severity')).resolves.toBe(c.severity);
      await expect(card.getAttribute('data-count')).resolves.toBe(String(c.count));
      await expect(card.locator('.severity').innerText()).resolves.toMatch(
        /Severe|Warning|Info|OK/,
      );
    }
    // Maven's data has no spend rows: every month with deals lacks spend.
    const spend = report.checks.find((c) => c.key === 'months_without_spend');
    expect(spend?.severity).toBe('severe');
    // No partner data: every booking is direct.
    await expect(
      page.getByTestId('coverage').locator('tr[data-class=direct]').getAttribute('data-value'),
    ).resolves.toBe('1');
    await screenshot(page, 'data-quality');

    // A won deal of a sample opens the drill-down that lists it.
    const back = page.locator('article[data-check=closed_before_created]');
    await back.getByRole('link', { name: 'D009' }).click();
    const dialog = page.getByTestId('drill-dialog');
    await dialog.locator('tr[data-deal=D009]').waitFor();
    await screenshot(page, 'data-quality-drill');
    await dialog.getByRole('button', { name: 'Close the drill-down' }).click();
  });

  it('shows the board a banner linking to the report when a check is severe', async () => {
    await page.goto(`${server.url}/?from=2017-01-01&to=2017-03-31`);
    const banner = page.getByTestId('quality-banner');
    await banner.waitFor();
    await expect(banner.innerText()).resolves.toContain(
      'Months with deals or ARR but no spend rows',
    );
    await screenshot(page, 'board-quality-banner', false);
    await banner.getByRole('link', { name: 'See the data-quality report' }).click();
    await page.getByRole('heading', { name: 'Checks' }).waitFor();
    // The dry run's 422 is the one failed request Chromium logs.
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
  });
});
