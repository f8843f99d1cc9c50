import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './app.js';

const accountsCsv = (prefix: string, n: number) =>
  'account_id,name\n' + Array.from({ length: n }, (_, i) => `${prefix}${i},Account ${prefix}${i}`).join('\n') + '\n';

describe('concurrent imports and reads', () => {
  let t: TestApp;
  const post = (entity: string, body: string, query = '') =>
    t.http().post(`/api/v1/import/${entity}${query}`).set('Content-Type', 'text/csv').send(body);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('two mode=replace imports of different data at once leave exactly one of them', async () => {
    for (let round = 0; round < 3; round++) {
      await t.reset();
      const [a, b] = await Promise.all([post('accounts', accountsCsv('A', 20_000), '?mode=replace'), post('accounts', accountsCsv('B', 15_000), '?mode=replace')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const rows = await t.db.query<{ prefix: string; n: string }[]>(`SELECT left(account_id, 1) AS prefix, count(*) AS n FROM accounts GROUP BY 1 ORDER BY 1`);
      expect(rows.length).toBe(1);
      expect([{ prefix: 'A', n: '20000' }, { prefix: 'B', n: '15000' }]).toContainEqual(rows[0]);
    }
  });

  it('reads during an import see the data before or after it, never half', async () => {
    await t.reset();
    await post('accounts', 'account_id,name\nACC,Customer\n').expect(200);
    const deals = (from: number, n: number) =>
      'deal_id,account_id,amount,stage,created_on,closed_on\n' +
      Array.from({ length: n }, (_, i) => `D${from + i},ACC,1,won,2024-01-01,2024-02-01`).join('\n') + '\n';
    await post('deals', deals(0, 1000)).expect(200);
    const url = '/api/v1/metrics?from=2024-01-01&to=2024-12-31';
    const read = async () => (await t.http().get(url)).body.metrics.total_bookings as number;
    expect(await read()).toBe(1000);
    const seen = new Set<number>();
    let done = false;
    // One subscription: a supertest request is sent again for every .then.
    const importing = post('deals', deals(1000, 60_000)).then((res) => {
      done = true;
      return res;
    });
    while (!done) {
      seen.add(await read());
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await importing).status).toBe(200);
    seen.add(await read());
    for (const v of seen) expect([1000, 61_000]).toContain(v);
    expect(seen.has(61_000)).toBe(true);
  });
});
