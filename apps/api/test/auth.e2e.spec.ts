// Authentication, roles, API tokens, CSRF and the audit log, through HTTP on the real AppModule.
// The first test lists every route of the running app's router, so a route added without
// thinking about who may call it fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import type request from 'supertest';
import { createTestApp, csv, TEST_ADMIN_TOKEN, type TestApp } from './app.js';

type Role = 'viewer' | 'editor' | 'admin';

/** The only routes anyone may call (and the OpenAPI documentation under /api/docs, which holds no data). */
const PUBLIC = new Set(['GET /api/v1/health', 'GET /api/v1/auth/status', 'POST /api/v1/auth/setup', 'POST /api/v1/auth/login']);
const isDocs = (route: string) => route.startsWith('GET /api/docs');

/**
 * The policy: the weakest role each route accepts. A route missing here is expected to be
 * admin-only, which is also what the guard does with a route that declares no role.
 */
const POLICY: Record<string, Role> = {
  'POST /api/v1/auth/logout': 'viewer',
  'GET /api/v1/metrics': 'viewer',
  'GET /api/v1/metrics/series': 'viewer',
  'GET /api/v1/metrics/catalog': 'viewer',
  'GET /api/v1/metrics/:key/deals': 'viewer',
  'GET /api/v1/pipeline': 'viewer',
  'GET /api/v1/pipeline/:key/deals': 'viewer',
  'GET /api/v1/partners/leaderboard': 'viewer',
  'GET /api/v1/data-quality': 'viewer',
  'GET /api/v1/data-quality/:key': 'viewer',
  'GET /api/v1/settings': 'viewer',
  'GET /api/v1/import/runs': 'viewer',
  'GET /api/v1/import/runs/:id': 'viewer',
  'GET /api/v1/import/runs/:id/rejected.csv': 'viewer',
  'GET /api/v1/import/mappings': 'viewer',
  'GET /api/v1/import/mappings/:name': 'viewer',
  'GET /api/v1/snapshots': 'viewer',
  'GET /api/v1/snapshots/:id': 'viewer',
  'GET /api/v1/snapshots/:id/compare': 'viewer',
  'GET /api/v1/snapshots/:id/export.pdf': 'viewer',
  'GET /api/v1/snapshots/:id/export.pptx': 'viewer',
  'GET /api/v1/snapshots/:id/export.xlsx': 'viewer',
  'GET /api/v1/snapshots/:id/export.csv': 'viewer',
  'PUT /api/v1/import/mappings/:name': 'editor',
  'DELETE /api/v1/import/mappings/:name': 'editor',
  'POST /api/v1/import/:entity': 'editor',
  'POST /api/v1/demo': 'editor',
  'POST /api/v1/snapshots': 'editor',
};

const ID = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) =>
  path.replace(':entity', 'deals').replace(':key', 'total_bookings').replace(':name', 'my-mapping').replace(':id', ID);

/** Every route the Express router of the running app serves: "METHOD /path". */
function routes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as Express & { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const out = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) out.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...out].filter((r) => r.includes(' /api/')).sort();
}
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

function send(agent: request.Agent, route: string): request.Test {
  const [method, path] = route.split(' ');
  const url = concrete(path);
  switch (method) {
    case 'GET':
      return agent.get(url);
    case 'POST':
      return agent.post(url).send({});
    case 'PUT':
      return agent.put(url).send({});
    case 'PATCH':
      return agent.patch(url).send({});
    case 'DELETE':
      return agent.delete(url);
    default:
      throw new Error(`no test for method ${method}`);
  }
}

const ADMIN = { email: 'cpo@example.com', password: 'correct horse battery staple' };

describe('authentication and roles', () => {
  let t: TestApp;
  const tokens: Partial<Record<Role, string>> = {};
  const bearer = (role: Role) => t.anonymous().set('Authorization', `Bearer ${tokens[role]}`);

  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('TRUNCATE users, sessions, api_tokens, audit_log CASCADE');
    for (const role of ['viewer', 'editor'] as const) {
      const res = await t.http().post('/api/v1/tokens').send({ name: `${role}-token`, role });
      expect(res.status).toBe(201);
      tokens[role] = res.body.token as string;
    }
    tokens.admin = TEST_ADMIN_TOKEN;
  });
  afterAll(async () => {
    await t.db.query('TRUNCATE users, sessions, api_tokens, audit_log CASCADE');
    await t.close();
  });

  it('refuses every non-public route without credentials (401) and to a role without the right (403)', async () => {
    const all = routes(t);
    expect(all.length).toBeGreaterThan(30);
    // Public routes are exactly the listed ones, and each listed one exists.
    for (const r of PUBLIC) expect(all).toContain(r);
    for (const r of Object.keys(POLICY)) expect(all).toContain(r);
    const problems: string[] = [];
    for (const route of all) {
      if (PUBLIC.has(route) || isDocs(route)) continue;
      const needed = POLICY[route] ?? 'admin';
      const anon = await send(t.anonymous(), route);
      if (anon.status !== 401) problems.push(`${route}: ${anon.status} without credentials`);
      const bad = await send(t.anonymous().set('Authorization', 'Bearer not-a-token-of-this-app'), route);
      if (bad.status !== 401) problems.push(`${route}: ${bad.status} with an unknown token`);
      for (const role of ['viewer', 'editor'] as const) {
        const res = await send(bearer(role), route);
        const allowed = needed === 'viewer' || (needed === 'editor' && role === 'editor');
        if (allowed && (res.status === 401 || res.status === 403)) problems.push(`${route}: ${res.status} for ${role}`);
        if (!allowed && res.status !== 403) problems.push(`${route}: ${res.status} for ${role}, expected 403`);
      }
      const admin = await send(bearer('admin'), route);
      if (admin.status === 401 || admin.status === 403) problems.push(`${route}: ${admin.status} for admin`);
    }
    expect(problems).toEqual([]);
  });

  it('first-run setup creates one admin and signs in; afterwards it is closed', async () => {
    let status = await t.anonymous().get('/api/v1/auth/status');
    expect(status.body).toEqual({ setup_required: true, principal: null, csrf_token: null });
    const weak = await t.anonymous().post('/api/v1/auth/setup').send({ email: ADMIN.email, password: 'short' });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain('password must be 12 to 1024 characters');

    const agent = t.anonymous();
    const res = await agent.post('/api/v1/auth/setup').send(ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({ kind: 'user', name: ADMIN.email, role: 'admin' });
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('pk_session='))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => c.startsWith('pk_csrf='))).not.toMatch(/HttpOnly/i);

    status = await agent.get('/api/v1/auth/status');
    expect(status.body.setup_required).toBe(false);
    expect(status.body.csrf_token).toBe(res.body.csrf_token);
    expect((await agent.get('/api/v1/metrics/catalog')).status).toBe(200);

    const again = await t.anonymous().post('/api/v1/auth/setup').send({ email: 'intruder@example.com', password: 'another long password' });
    expect(again.status).toBe(409);
    const [{ n }] = await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM users`);
    expect(Number(n)).toBe(1);
    const [{ password_hash }] = await t.db.query<{ password_hash: string }[]>(`SELECT password_hash FROM users`);
    expect(password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a session needs its CSRF token for state-changing requests, and sign-out ends it', async () => {
    const agent = t.anonymous();
    const login = await agent.post('/api/v1/auth/login').send(ADMIN);
    expect(login.status).toBe(200);
    const csrf = login.body.csrf_token as string;
    const change = { reporting_currency: 'USD', fiscal_year_start_month: 2, gross_margin: 0.75 };
    const noToken = await agent.put('/api/v1/settings').send(change);
    expect(noToken.status).toBe(403);
    expect(noToken.body.message).toContain('CSRF');
    const wrong = await agent.put('/api/v1/settings').set('X-CSRF-Token', 'x'.repeat(43)).send(change);
    expect(wrong.status).toBe(403);
    const ok = await agent.put('/api/v1/settings').set('X-CSRF-Token', csrf).send(change);
    expect(ok.status).toBe(200);
    expect(ok.body.fiscal_year_start_month).toBe(2);
    await t.reset();

    expect((await agent.post('/api/v1/auth/logout').set('X-CSRF-Token', csrf)).status).toBe(200);
    const after = await agent.get('/api/v1/metrics/catalog');
    expect(after.status).toBe(401);
  });

  it('refuses a wrong password without saying whether the email exists, and rate-limits sign-in', async () => {
    const unknown = await t.anonymous().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever it is' });
    const wrong = await t.anonymous().post('/api/v1/auth/login').send({ email: ADMIN.email, password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);

    const target = { email: 'victim@example.com', password: 'guess' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.anonymous().post('/api/v1/auth/login').send(target)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await t.anonymous().post('/api/v1/auth/login').send(target);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not held by it.
    expect((await t.anonymous().post('/api/v1/auth/login').send(ADMIN)).status).toBe(200);
  });

  it('API tokens: shown once, stored hashed, role-bound, revocable', async () => {
    const created = await t.http().post('/api/v1/tokens').send({ name: 'crm-sync', role: 'viewer' });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^pk_[\w-]{43}$/);
    const list = await t.http().get('/api/v1/tokens');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const stored = await t.db.query<{ token_digest: Buffer }[]>(`SELECT token_digest FROM api_tokens WHERE name = 'crm-sync'`);
    expect(stored[0].token_digest.toString('utf8')).not.toContain(secret);

    const viewer = () => t.anonymous().set('Authorization', `Bearer ${secret}`);
    expect((await viewer().get('/api/v1/metrics?from=2025-01-01&to=2025-03-31')).status).toBe(200);
    const imp = await viewer().post('/api/v1/import/partners').set('Content-Type', 'text/csv').send(csv(['partner_id,name,type', 'P1,Acme,si']));
    expect(imp.status).toBe(403);
    expect(imp.body.message).toBe('this needs the editor role or higher; your role is viewer');
    expect(await t.db.query(`SELECT 1 FROM partners`)).toEqual([]);

    expect((await t.http().delete(`/api/v1/tokens/${created.body.id as string}`)).status).toBe(200);
    const revoked = await viewer().get('/api/v1/metrics/catalog');
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toBe('the bearer token is unknown or revoked');
  });

  it('editors import and snapshot but cannot replace, change settings or delete; admins can', async () => {
    const partners = csv(['partner_id,name,type', 'P1,Acme,si', 'P2,Globex,msp']);
    const editor = () => bearer('editor');
    expect((await editor().post('/api/v1/import/partners').set('Content-Type', 'text/csv').send(partners)).status).toBe(200);
    const replace = await editor().post('/api/v1/import/partners?mode=replace').set('Content-Type', 'text/csv').send(partners);
    expect(replace.status).toBe(403);
    expect(replace.body.message).toContain('admin');
    expect((await editor().post('/api/v1/import/partners?mode=replace&dry_run=true').set('Content-Type', 'text/csv').send(partners)).status).toBe(200);
    expect((await editor().put('/api/v1/settings').send({ gross_margin: 0.7 })).status).toBe(403);
    expect((await editor().post('/api/v1/demo?replace=true')).status).toBe(403);
    const admin = await t.http().post('/api/v1/import/partners?mode=replace').set('Content-Type', 'text/csv').send(csv(['partner_id,name,type', 'P1,Acme,si']));
    expect(admin.status).toBe(200);
    expect(admin.body.deleted).toBe(1);
    await t.reset();
  });

  it('keeps an enabled admin: the last one cannot be demoted, disabled or deleted', async () => {
    const users = (await t.http().get('/api/v1/users')).body as { id: string; email: string }[];
    const admin = users.find((u) => u.email === ADMIN.email)!;
    expect((await t.http().patch(`/api/v1/users/${admin.id}`).send({ role: 'viewer' })).status).toBe(409);
    expect((await t.http().patch(`/api/v1/users/${admin.id}`).send({ disabled: true })).status).toBe(409);
    expect((await t.http().delete(`/api/v1/users/${admin.id}`)).status).toBe(409);
    const viewer = await t.http().post('/api/v1/users').send({ email: 'board@example.com', password: 'a long enough password', role: 'viewer' });
    expect(viewer.status).toBe(201);
    const dup = await t.http().post('/api/v1/users').send({ email: 'BOARD@example.com', password: 'a long enough password', role: 'viewer' });
    expect(dup.status).toBe(409);
    // A disabled user's sessions end at once.
    const agent = t.anonymous();
    expect((await agent.post('/api/v1/auth/login').send({ email: 'board@example.com', password: 'a long enough password' })).status).toBe(200);
    expect((await agent.get('/api/v1/metrics/catalog')).status).toBe(200);
    expect((await t.http().patch(`/api/v1/users/${viewer.body.id as string}`).send({ disabled: true })).status).toBe(200);
    expect((await agent.get('/api/v1/metrics/catalog')).status).toBe(401);
    expect((await t.http().get(`/api/v1/users/${ID}`)).status).toBe(404);
  });

  it('the audit log says who did what, and holds no secret', async () => {
    const res = await t.http().get('/api/v1/audit?limit=1000');
    expect(res.status).toBe(200);
    const entries = res.body.entries as { actor: string; action: string; target: string | null; details: Record<string, unknown> }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['auth.setup', 'auth.login', 'auth.login_failed', 'auth.logout', 'settings.update', 'token.create', 'token.revoke', 'import', 'user.create', 'user.update']) {
      expect(actions).toContain(a);
    }
    const imp = entries.find((e) => e.action === 'import' && e.details.mode === 'replace')!;
    expect(imp).toMatchObject({ actor: 'KPI_ADMIN_TOKEN', target: 'partners', details: { received: 1, deleted: 1 } });
    expect(entries.find((e) => e.action === 'import' && e.actor === 'token:editor-token')).toBeDefined();
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toContain(TEST_ADMIN_TOKEN);
    expect(text).not.toContain(tokens.viewer);
    const filtered = await t.http().get('/api/v1/audit?action=auth.login_failed');
    expect((filtered.body.entries as { action: string }[]).every((e) => e.action === 'auth.login_failed')).toBe(true);
    expect((await t.http().get('/api/v1/audit?limit=0')).status).toBe(400);
  });

  it('answers with security headers and without stack traces', async () => {
    const res = await t.anonymous().get('/api/v1/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await t.http().post('/api/v1/import/deals').set('Content-Type', 'application/json').send('{"broken": ');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });
});

describe('without KPI_ADMIN_TOKEN', () => {
  it('does not accept any bootstrap token', async () => {
    const t = await createTestApp({ adminToken: null });
    try {
      const res = await t.http().get('/api/v1/metrics/catalog');
      expect(res.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
