// What the browser tests share: the API's answers (the numbers the page must show), waiting
// for a figure to settle, screenshots, and catching errors the page logs.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { currentServer, E2E_ADMIN_TOKEN, E2E_USER } from './server.mjs';

export const SHOTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export type Params = Record<string, string | number | readonly string[] | undefined>;

export function query(params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v as readonly string[]) q.append(k, x);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Headers every API call of the tests carries: the servers' KPI_ADMIN_TOKEN. */
export function apiHeaders(): Record<string, string> {
  return { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
}

export async function api<T>(base: string, path: string, params: Params = {}): Promise<T> {
  const res = await fetch(`${base}${path}${query(params)}`, { headers: apiHeaders() });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Any API call; answers the status and the parsed body (text when it is not JSON). */
export async function apiSend(
  base: string,
  method: string,
  path: string,
  {
    params = {},
    body,
    contentType,
  }: { params?: Params; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...apiHeaders() };
  let payload: string | undefined;
  if (typeof body === 'string') {
    payload = body;
    headers['Content-Type'] = contentType ?? 'text/csv';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}${query(params)}`, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/**
 * A page in a fresh browser context, signed in as the first admin of the server this test file
 * started (unless `signIn` is false or `as` names other credentials).
 */
export async function newPage(
  browser: Browser,
  width = 1280,
  height = 900,
  {
    signIn = true,
    as = E2E_USER,
  }: { signIn?: boolean; as?: { email: string; password: string } } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const server = currentServer();
  if (signIn && server) {
    const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: as });
    if (!res.ok())
      throw new Error(`sign-in as ${as.email} failed: HTTP ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}${name}.png`, fullPage });
}

/** Waits until the element's data-value is the API's number (as JSON prints it). */
export async function waitForValue(
  page: Page,
  selector: string,
  value: number | null,
  timeout = 15_000,
): Promise<void> {
  const expected = String(value);
  try {
    await page.waitForFunction(
      ([sel, v]) => document.querySelector(sel)?.getAttribute('data-value') === v,
      [selector, expected] as const,
      { timeout },
    );
  } catch {
    const actual = await page
      .locator(selector)
      .first()
      .getAttribute('data-value')
      .catch(() => '(missing)');
    throw new Error(`${selector}: expected data-value ${expected}, got ${actual}`);
  }
}

export function searchParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Stable sort, like the SPA's tables: ties keep the API's order. */
export function stableSort<T>(
  rows: readonly T[],
  key: (r: T) => number | string | null,
  dir: 'asc' | 'desc',
): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = key(a.r);
      const y = key(b.r);
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), undefined, { numeric: true });
      return (dir === 'asc' ? c : -c) || a.i - b.i;
    })
    .map((x) => x.r);
}
