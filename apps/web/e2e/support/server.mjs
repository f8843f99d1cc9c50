// Starts the BUILT API (apps/api/dist/main.js), which also serves the BUILT SPA
// (apps/web/dist), on an embedded PostgreSQL in a fresh temporary directory, and waits until
// it answers /api/v1/health (and, with the demo, until the demo has loaded). Shared by the
// browser tests (e2e/*.e2e.spec.ts) and `npm run bench:web`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
export const ROOT = path.resolve(here, '../../../..');
// Overridable so that a developer can run the browser tests against another build.
export const API_MAIN = process.env.E2E_API_MAIN || path.join(ROOT, 'apps/api/dist/main.js');
export const WEB_DIST = process.env.E2E_WEB_DIST || path.join(ROOT, 'apps/web/dist');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** KPI_ADMIN_TOKEN of the servers started here: the tests' API calls send it. */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
/** The first admin, created through the first-run setup unless `setupAdmin` is false. */
export const E2E_USER = { email: 'e2e-admin@example.com', password: 'e2e admin password' };

let current = null;
/** The server this test file started last (each Jest test file has its own modules). */
export function currentServer() {
  return current;
}

/**
 * @param {{ demo?: boolean, label?: string, timeoutMs?: number, log?: boolean, setupAdmin?: boolean }} options
 * @returns {Promise<{ url: string, dataDir: string, stop: () => Promise<void>, output: () => string }>}
 */
export async function startServer({
  demo = false,
  label = 'web',
  timeoutMs = 90_000,
  log = false,
  setupAdmin = true,
} = {}) {
  for (const file of [API_MAIN, path.join(WEB_DIST, 'index.html')]) {
    if (!fs.existsSync(file))
      throw new Error(
        `${path.relative(ROOT, file)} is missing: build the api and web projects first`,
      );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `partner-kpi-${label}-`));
  // Run as root, the embedded PostgreSQL runs as the "postgres" user, which must reach it.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--max-old-space-size=896', API_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOAD_DEMO: demo ? 'true' : 'false',
      KPI_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      WEB_DIR: WEB_DIST,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (log) process.stderr.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  const fail = async (message) => {
    await stop();
    throw new Error(`${message}\n--- API output ---\n${output.slice(-4000)}`);
  };
  for (;;) {
    if (child.exitCode !== null)
      return fail(`the API exited with code ${child.exitCode} during start-up`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) return fail('the API did not become healthy in time');
    await sleep(150);
  }
  if (demo) {
    // The demo loads after the server listens: wait until its partners and deals are in.
    for (;;) {
      if (child.exitCode !== null)
        return fail(`the API exited with code ${child.exitCode} while loading the demo`);
      if (/demo loaded/.test(output)) break;
      if (Date.now() > deadline) return fail('the demo did not load in time');
      await sleep(150);
    }
  }
  if (setupAdmin) {
    const res = await fetch(`${url}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(E2E_USER),
    });
    if (!res.ok) return fail(`first-run setup failed: HTTP ${res.status} ${await res.text()}`);
  }
  current = { url, dataDir, stop, output: () => output };
  return current;
}
