import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { TEST_ADMIN_TOKEN } from './app.js';

const SERVER = path.join(import.meta.dirname, 'fixtures', 'api-server.mjs');
const N = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The API as a separate process on its own embedded PostgreSQL in `dataDir`. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WEB_DIR: '', KPI_ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return { child, url };
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`the server was not healthy within 90 s: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

function dealsCsv(): string {
  const lines = ['deal_id,account_id,amount,stage,created_on,closed_on'];
  for (let i = 0; i < N; i++) lines.push(`D${String(i).padStart(7, '0')},A${i % 50},${(i % 997) + 0.5},won,2024-01-01,2024-02-01`);
  return lines.join('\n') + '\n';
}

async function post(url: string, body: string, type = 'text/csv'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': type, Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Sends `body` slowly and kills the server with SIGKILL once `killAfterBytes` are sent (during the
 * upload) or, with `killAfterBytes` = body length, `delayMs` after the whole body is sent.
 */
async function importThenKill(url: string, child: ChildProcess, body: string, killAfterBytes: number, delayMs: number): Promise<void> {
  const req = http.request(`${url}/api/v1/import/deals`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  req.on('error', () => undefined); // the server dies mid-request: that is the point
  const buf = Buffer.from(body);
  const chunk = 64 * 1024;
  for (let sent = 0; sent < Math.min(killAfterBytes, buf.length); sent += chunk) {
    if (!req.write(buf.subarray(sent, Math.min(sent + chunk, killAfterBytes)))) await once(req, 'drain');
  }
  if (killAfterBytes >= buf.length) {
    req.end();
    await new Promise((r) => setTimeout(r, delayMs));
  }
  await killHard(child);
  req.destroy();
}

describe('crash: kill -9 of the server in the middle of a large import', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await killHard(c);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restarts with no manual step, and the import is wholly applied or wholly absent', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kpi-crash-'));
    chmodSync(dataDir, 0o755); // as root, the embedded PostgreSQL runs as another user that must reach it
    dirs.push(dataDir);
    let server = await startServer(dataDir);
    children.push(server.child);
    const accounts = ['account_id,name', ...Array.from({ length: 50 }, (_, i) => `A${i},Account ${i}`)].join('\n') + '\n';
    expect((await post(`${server.url}/api/v1/import/accounts`, accounts)).status).toBe(200);
    const body = dealsCsv();

    // 1: killed during the upload; 2: killed after the whole body was sent (during the merge or
    // right after it). Each time: restart, then a dry run of the same file says how many of its
    // rows are stored, which must be none or all of them.
    const outcomes: string[] = [];
    for (const [killAfter, delay] of [[Math.floor(body.length / 2), 0], [body.length, 400]] as const) {
      await importThenKill(server.url, server.child, body, killAfter, delay);
      server = await startServer(dataDir);
      children.push(server.child);
      const dry = await post(`${server.url}/api/v1/import/deals?dry_run=true`, body);
      expect(dry.status).toBe(200);
      const { inserted, unchanged } = dry.body as { inserted: number; unchanged: number };
      expect(inserted + unchanged).toBe(N);
      expect([0, N]).toContain(unchanged);
      outcomes.push(unchanged === N ? 'applied' : 'absent');
    }
    // The first kill came before the body was complete: nothing can have been applied.
    expect(outcomes[0]).toBe('absent');
    // The data is usable after the crashes: the same import now succeeds (or changes nothing).
    const final = await post(`${server.url}/api/v1/import/deals`, body);
    expect(final.status).toBe(200);
    expect((final.body.inserted as number) + (final.body.unchanged as number)).toBe(N);
  }, 240_000);
});
