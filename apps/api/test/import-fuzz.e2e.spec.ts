import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './app.js';

/** What a table holds, to prove a refused request wrote nothing. */
async function fingerprint(t: TestApp): Promise<string> {
  const rows = await t.db.query<{ f: string }[]>(
    `SELECT (SELECT count(*) FROM accounts) || '/' || (SELECT coalesce(md5(string_agg(account_id || name, ',' ORDER BY account_id)), '') FROM accounts)
         || '/' || (SELECT count(*) FROM deals) AS f`,
  );
  return rows[0].f;
}

const ALLOWED = [200, 400, 413, 415, 422];

describe('import fuzzing: never a 500, never a partial write', () => {
  let t: TestApp;
  const post = (entity: string, body: Buffer | string, type: string, query = '') =>
    t.http().post(`/api/v1/import/${entity}${query}`).set('Content-Type', type).send(body);

  beforeAll(async () => {
    t = await createTestApp({ importMaxBytes: 256 * 1024, jsonMaxBytes: 256 * 1024 });
    await t.reset();
    await post('accounts', 'account_id,name\nSEED,Seed account\n', 'text/csv').expect(200);
  });
  afterAll(async () => t.close());

  /** Runs a request; a refused one must leave the data exactly as it was. */
  async function check(send: () => Promise<request.Response>): Promise<void> {
    const before = await fingerprint(t);
    const res = await send();
    expect(ALLOWED).toContain(res.status);
    expect(JSON.stringify(res.body ?? '')).not.toMatch(/\bat [\w.]+ \(|node_modules|\.ts:\d+/);
    if (res.status !== 200) expect(await fingerprint(t)).toBe(before);
  }

  it('random bytes as CSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await check(() => post('accounts', Buffer.from(bytes), 'text/csv'));
      }),
      { numRuns: 60 },
    );
  });

  it('random rows under a valid header, with quotes, separators, control characters and huge fields', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('', '"', '""', ',', '\r\n', '\u0000', '=1+1', 'x'.repeat(70_000), '\uFEFF', '\uD800'),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, cell), { maxLength: 30 }), fc.boolean(), async (rows, skip) => {
        const body = ['account_id,name,segment', ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n';
        await check(() => post('accounts', body, 'text/csv', skip ? '?on_error=skip' : ''));
      }),
      { numRuns: 80 },
    );
  });

  it('wrong encodings: Latin-1 and UTF-16 bodies', async () => {
    await check(() => post('accounts', Buffer.from('account_id,name\nA1,Caf\u00e9\n', 'latin1'), 'text/csv'));
    await check(() => post('accounts', Buffer.from('\uFEFFaccount_id,name\nA1,X\n', 'utf16le'), 'text/csv'));
  });

  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        await check(() => post('deals', JSON.stringify(value), 'application/json'));
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ account_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), name: fc.anything() }), { maxLength: 20 }),
        async (rows) => {
          await check(() => post('accounts', JSON.stringify(rows), 'application/json'));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a body over the limit', async () => {
    await check(() => post('accounts', 'account_id,name\n' + 'A,B\n'.repeat(100_000), 'text/csv'));
    await check(() => post('accounts', JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ account_id: `A${i}`, name: 'x' }))), 'application/json'));
  });
});
