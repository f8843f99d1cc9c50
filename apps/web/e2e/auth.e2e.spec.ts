// Browser tests of sign-in: the first-run setup on a fresh install, sign-out and sign-in, the
// admin page (a token's secret shown once, the audit log), and a viewer who does not see what
// the role cannot do.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.mjs';
import { apiSend, newPage, screenshot } from './support/helpers';
import { startServer, type ServerHandle } from './support/server.mjs';

jest.setTimeout(120_000);

let server: ServerHandle;
let browser: Browser;
const ADMIN = { email: 'cpo@example.com', password: 'a board-proof password' };
const VIEWER = { email: 'cfo@example.com', password: 'the CFO reads only' };

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ label: 'auth', setupAdmin: false }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('sign-in', () => {
  it('a fresh install asks for the first admin, then shows the product; sign-out and sign-in', async () => {
    const { page, errors } = await newPage(browser, 1280, 900, { signIn: false });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await screenshot(page, 'setup');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    // No data yet: the empty workspace, and the signed-in user in the top bar.
    await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    await expect(page.locator('.user-menu').innerText()).resolves.toContain(ADMIN.email);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('wrong email or password');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    // A second setup is refused now that a user exists.
    const again = await apiSend(server.url, 'POST', '/api/v1/auth/setup', { body: VIEWER });
    expect(again.status).toBe(409);
    expect(errors.filter((e) => !/401|409|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('the admin page creates a user and a token (shown once) and lists the audit log', async () => {
    const { page } = await newPage(browser, 1280, 900, { as: ADMIN });
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Users, tokens and audit' }).waitFor();
    await page.getByLabel('Email').fill(VIEWER.email);
    await page.getByLabel(/Initial password/).fill(VIEWER.password);
    await page.locator('#new-user-role').selectOption('viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator(`[data-user="${VIEWER.email}"]`).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('nightly-crm-sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.locator('[data-testid="new-token"] code').innerText();
    expect(secret).toMatch(/^pk_/);
    await page.locator('[data-token="nightly-crm-sync"]').waitFor();
    // The token works with its role (editor by default) from outside the browser.
    const res = await fetch(`${server.url}/api/v1/metrics/catalog`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    await page.reload();
    await page.locator('[data-token="nightly-crm-sync"]').waitFor();
    expect(await page.locator('body').innerText()).not.toContain(secret);

    await page.locator('[data-action="token.create"]').first().waitFor();
    const actions = await page
      .locator('[data-testid="audit-table"] tr[data-action]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.setup',
        'auth.login',
        'auth.login_failed',
        'user.create',
        'token.create',
      ]),
    );
    await screenshot(page, 'admin');
    await page.context().close();
  });

  it('a viewer does not see what the role cannot do', async () => {
    const { page } = await newPage(browser, 1280, 900, { as: VIEWER });
    await page.goto(`${server.url}/settings`);
    await page.locator('.user-menu').waitFor();
    const nav = await page.locator('.topbar nav').innerText();
    expect(nav).not.toContain('Import');
    expect(nav).not.toContain('Admin');
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
    await page.context().close();
  });
});
