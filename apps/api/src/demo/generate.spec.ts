import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import Papa from 'papaparse';
import {
  ENTITY_COLUMNS,
  GENERATED_ENTITIES,
  csvCell,
  estimateCounts,
  generateCsv,
  generateRows,
  type EntityName,
  type GenerateOptions,
} from './generate.js';

type Row = Record<string, string>;
type Dataset = Record<EntityName, Row[]>;

const END = '2026-06-30';

function dataset(opts: GenerateOptions): Dataset {
  const out = {} as Dataset;
  for (const e of GENERATED_ENTITIES) out[e] = [...generateRows(e, opts)];
  return out;
}

function csvDigest(entity: EntityName, opts: GenerateOptions): string {
  const h = createHash('sha256');
  for (const chunk of generateCsv(entity, opts, 777)) h.update(chunk);
  return h.digest('hex');
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONEY_RE = /^\d{1,15}\.\d{2}$/;
const ID_RE = /^[\x20-\x7e]{1,128}$/;

function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const dayNum = (s: string): number => Date.parse(`${s}T00:00:00Z`) / 86400000;

/** The metrics' deal classes: sourced, influenced (a touch on or before the close), direct. */
function classify(data: Dataset, asOf: string): Map<string, 'sourced' | 'influenced' | 'direct'> {
  const touches = new Map<string, string[]>();
  for (const t of data.touches) {
    const list = touches.get(t.deal_id) ?? [];
    list.push(t.touched_on);
    touches.set(t.deal_id, list);
  }
  const out = new Map<string, 'sourced' | 'influenced' | 'direct'>();
  for (const d of data.deals) {
    const cap = d.stage === 'open' ? asOf : d.closed_on;
    const counted = (touches.get(d.deal_id) ?? []).some((day) => day <= cap);
    out.set(d.deal_id, d.sourcing_partner_id !== '' ? 'sourced' : counted ? 'influenced' : 'direct');
  }
  return out;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

function mean(values: number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}

describe('demo dataset generator', () => {
  const small: GenerateOptions = { seed: 7, deals: 3000, endDate: END };
  const data = dataset(small);
  let bigData: Dataset | undefined;
  /** 30k deals: enough for the proportions to settle. */
  const big = (): Dataset => (bigData ??= dataset({ seed: 11, deals: 30000, endDate: END }));

  it('is deterministic: the same options give the same bytes, another seed other data', () => {
    const other: GenerateOptions = { ...small, seed: 8 };
    for (const e of GENERATED_ENTITIES) {
      const first = csvDigest(e, small);
      csvDigest(e, other); // another context in between: nothing may leak from it
      expect(csvDigest(e, small)).toBe(first);
    }
    expect(csvDigest('deals', other)).not.toBe(csvDigest('deals', small));
    expect(csvDigest('partners', other)).not.toBe(csvDigest('partners', small));
    expect(csvDigest('deals', { ...small, endDate: '2026-07-01' })).not.toBe(csvDigest('deals', small));
  });

  it('has the requested sizes and an exact estimate where promised', () => {
    expect(data.deals).toHaveLength(3000);
    expect(data.partners).toHaveLength(12);
    expect(data.accounts).toHaveLength(750);
    const est = estimateCounts(small);
    for (const e of ['partners', 'accounts', 'deals', 'spend'] as const) expect(est[e]).toBe(data[e].length);
    for (const e of ['touches', 'arr', 'attachments'] as const) expect(est[e]).toBe(data[e].length); // the whole set is sampled
    const est40k = estimateCounts({ seed: 7, deals: 40000, endDate: END });
    expect(est40k.partners).toBe(80);
    expect(est40k.accounts).toBe(10000);
    let touches = 0;
    for (const _ of generateRows('touches', { seed: 7, deals: 40000, endDate: END })) touches++;
    expect(Math.abs(est40k.touches - touches) / touches).toBeLessThan(0.05);
  });

  it('keeps every key unique and every reference resolvable', () => {
    const keys: Record<EntityName, readonly string[]> = {
      partners: ['partner_id'],
      accounts: ['account_id'],
      deals: ['deal_id'],
      touches: ['deal_id', 'partner_id', 'touch_type', 'touched_on'],
      arr: ['account_id', 'month'],
      attachments: ['account_id', 'partner_id', 'relation'],
      spend: ['month', 'motion', 'category'],
    };
    for (const e of GENERATED_ENTITIES) {
      const seen = new Set(data[e].map((r) => keys[e].map((k) => r[k]).join('\u0000')));
      expect({ entity: e, unique: seen.size }).toEqual({ entity: e, unique: data[e].length });
    }
    const partners = new Set(data.partners.map((p) => p.partner_id));
    const accounts = new Set(data.accounts.map((a) => a.account_id));
    const deals = new Set(data.deals.map((d) => d.deal_id));
    for (const d of data.deals) {
      expect(accounts.has(d.account_id)).toBe(true);
      if (d.sourcing_partner_id !== '') expect(partners.has(d.sourcing_partner_id)).toBe(true);
    }
    for (const t of data.touches) {
      expect(deals.has(t.deal_id)).toBe(true);
      expect(partners.has(t.partner_id)).toBe(true);
    }
    for (const r of data.arr) expect(accounts.has(r.account_id)).toBe(true);
    for (const a of data.attachments) {
      expect(accounts.has(a.account_id)).toBe(true);
      expect(partners.has(a.partner_id)).toBe(true);
    }
    // Deal ids are zero-padded, so string order is number order.
    expect(data.deals.every((d) => /^D\d{7}$/.test(d.deal_id))).toBe(true);
    expect(new Set(data.deals.map((d) => Number(d.deal_id.slice(1))))).toEqual(new Set(data.deals.map((_, i) => i + 1)));
  });

  it('gives every row the fields, enums and rules of the import contract', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string, row: Row) => {
      if (!ok && problems.length < 20) problems.push(`${what}: ${JSON.stringify(row)}`);
    };
    const enumOf = (values: string[], v: string) => values.includes(v);
    for (const e of GENERATED_ENTITIES) {
      for (const row of data[e]) check(Object.keys(row).join() === ENTITY_COLUMNS[e].join(), `${e} columns`, row);
    }
    for (const p of data.partners) {
      check(ID_RE.test(p.partner_id) && p.name !== '', 'partner id/name', p);
      check(enumOf(['reseller', 'distributor', 'msp', 'isv', 'si', 'agency', 'referral', 'marketplace', 'alliance'], p.type), 'partner type', p);
      check(enumOf(['', 'active', 'inactive'], p.status), 'partner status', p);
      check(p.joined_on === '' || isDay(p.joined_on), 'joined_on', p);
    }
    for (const a of data.accounts) check(ID_RE.test(a.account_id) && a.name !== '' && a.name === a.name.trim(), 'account', a);
    for (const d of data.deals) {
      check(ID_RE.test(d.deal_id) && ID_RE.test(d.account_id), 'deal ids', d);
      check(MONEY_RE.test(d.amount), 'amount', d);
      check(enumOf(['', 'USD'], d.currency), 'currency', d);
      check(enumOf(['new_business', 'expansion', 'renewal'], d.type), 'type', d);
      check(enumOf(['open', 'won', 'lost'], d.stage), 'stage', d);
      check(isDay(d.created_on) && d.created_on <= END, 'created_on', d);
      if (d.stage === 'open') {
        check(d.closed_on === '', 'open deal has no closed_on', d);
        check(isDay(d.expected_close_on), 'open deal forecasts a close', d);
        check(['Prospecting', 'Qualification', 'Proposal', 'Negotiation'].includes(d.stage_name), 'open stage_name', d);
      } else {
        check(isDay(d.closed_on) && d.closed_on <= END, 'closed_on', d);
        check(d.expected_close_on === '', 'closed deal has no forecast', d);
        check(d.stage_name === (d.stage === 'won' ? 'Closed Won' : 'Closed Lost'), 'closed stage_name', d);
      }
    }
    for (const t of data.touches) {
      check(enumOf(['referral', 'co_sell', 'technical_validation', 'marketplace', 'services', 'deal_registration', 'intro', 'other'], t.touch_type), 'touch type', t);
      check(isDay(t.touched_on) && t.touched_on <= END, 'touched_on', t);
    }
    for (const r of data.arr) check(MONTH_RE.test(r.month) && r.month <= END.slice(0, 7) && MONEY_RE.test(r.arr), 'arr row', r);
    for (const a of data.attachments) {
      check(enumOf(['integration', 'services', 'reseller_of_record', 'marketplace'], a.relation), 'relation', a);
      check(isDay(a.since) && a.since <= END, 'since', a);
      check(a.until === '' || (isDay(a.until) && a.until >= a.since && a.until <= END), 'until', a);
    }
    for (const s of data.spend) {
      check(MONTH_RE.test(s.month) && enumOf(['partner', 'direct', 'shared'], s.motion) && s.category !== '', 'spend row', s);
      check(MONEY_RE.test(s.amount), 'spend amount', s);
    }
    expect(problems).toEqual([]);
  });

  it('tells the partner story in roughly the intended proportions', () => {
    const ds = big();
    const cls = classify(ds, END);
    const n = ds.deals.length;
    const share = (f: (d: Row) => boolean) => ds.deals.filter(f).length / n;
    expect(share((d) => cls.get(d.deal_id) === 'sourced')).toBeCloseTo(0.2, 1);
    expect(share((d) => cls.get(d.deal_id) === 'influenced')).toBeCloseTo(0.25, 1);
    expect(share((d) => d.type === 'new_business')).toBeCloseTo(0.7, 1);
    expect(share((d) => d.type === 'expansion')).toBeCloseTo(0.2, 1);
    expect(share((d) => d.type === 'renewal')).toBeCloseTo(0.1, 1);
    expect(share((d) => d.stage === 'open')).toBeCloseTo(0.15, 1);
    expect(share((d) => d.stage === 'open' && d.expected_close_on < END)).toBeGreaterThan(0.01); // slipped
    const backfilled = share((d) => d.closed_on !== '' && d.closed_on < d.created_on);
    expect(backfilled).toBeGreaterThan(0.002);
    expect(backfilled).toBeLessThan(0.01);
    expect(ds.touches.length / n).toBeGreaterThan(1.05);
    expect(ds.touches.length / n).toBeLessThan(1.35);
    // Only partner deals have touches; a handful are dated after the close.
    const byId = new Map(ds.deals.map((d) => [d.deal_id, d]));
    expect(ds.touches.every((t) => cls.get(t.deal_id) !== 'direct')).toBe(true);
    const late = ds.touches.filter((t) => {
      const d = byId.get(t.deal_id);
      return d !== undefined && d.closed_on !== '' && t.touched_on > d.closed_on;
    }).length;
    expect(late).toBeGreaterThan(0);
    expect(late / ds.touches.length).toBeLessThan(0.03);

    // CRO figures over new-business deals: partner deals win about 2x, are larger, close faster.
    const closed = ds.deals.filter((d) => d.type === 'new_business' && d.stage !== 'open');
    const stats = (partner: boolean) => {
      const x = closed.filter((d) => (cls.get(d.deal_id) !== 'direct') === partner);
      const won = x.filter((d) => d.stage === 'won');
      return {
        win: won.length / x.length,
        acv: mean(won.map((d) => Number(d.amount))),
        cycle: median(won.filter((d) => d.closed_on >= d.created_on).map((d) => dayNum(d.closed_on) - dayNum(d.created_on))),
      };
    };
    const p = stats(true), d = stats(false);
    expect(p.win / d.win).toBeGreaterThan(1.6);
    expect(p.win / d.win).toBeLessThan(2.4);
    expect(p.acv / d.acv).toBeGreaterThan(1.1);
    expect(p.acv / d.acv).toBeLessThan(1.6);
    expect(1 - p.cycle / d.cycle).toBeGreaterThan(0.12);
    expect(1 - p.cycle / d.cycle).toBeLessThan(0.4);

    // Spend: 2-4 categories per month and motion, partner 20-30% of the total, growing.
    const groups = new Map<string, number>();
    for (const s of ds.spend) groups.set(`${s.month}|${s.motion}`, (groups.get(`${s.month}|${s.motion}`) ?? 0) + 1);
    expect([...groups.values()].every((c) => c >= 2 && c <= 4)).toBe(true);
    expect(groups.size).toBe(36 * 3); // 2023-07 .. 2026-06
    const total = mean(ds.spend.map((s) => Number(s.amount))) * ds.spend.length;
    const partnerSpend = ds.spend.filter((s) => s.motion === 'partner').reduce((a, s) => a + Number(s.amount), 0);
    expect(partnerSpend / total).toBeGreaterThan(0.2);
    expect(partnerSpend / total).toBeLessThan(0.3);
    const months = [...new Set(ds.spend.map((s) => s.month))].sort();
    const inMonths = (ms: string[]) => ds.spend.filter((s) => ms.includes(s.month)).reduce((a, s) => a + Number(s.amount), 0);
    expect(inMonths(months.slice(-12))).toBeGreaterThan(1.3 * inMonths(months.slice(1, 13)));

    // Partners: every type, tiers, some inactive, a few without joined_on.
    const partners = ds.partners;
    expect(partners).toHaveLength(60);
    expect(new Set(partners.map((x) => x.type)).size).toBe(9);
    expect(new Set(partners.map((x) => x.tier))).toEqual(new Set(['Platinum', 'Gold', 'Silver', 'Registered', '']));
    expect(partners.some((x) => x.status === 'inactive')).toBe(true);
    expect(partners.some((x) => x.joined_on === '')).toBe(true);
    expect(new Set(ds.accounts.map((a) => a.segment))).toEqual(new Set(['SMB', 'Mid-Market', 'Enterprise', '']));
    expect(new Set(ds.accounts.map((a) => a.region))).toEqual(new Set(['NA', 'EMEA', 'APAC', 'LATAM', '']));
  });

  it('grounds ARR in the deals: from the first win, ended by churn, attached customers churn less', () => {
    const ds = big();
    const firstWin = new Map<string, string>();
    for (const d of ds.deals) {
      if (d.stage !== 'won') continue;
      const f = firstWin.get(d.account_id);
      if (f === undefined || d.closed_on < f) firstWin.set(d.account_id, d.closed_on);
    }
    const arrBy = new Map<string, Row[]>();
    for (const r of ds.arr) arrBy.set(r.account_id, [...(arrBy.get(r.account_id) ?? []), r]);
    for (const [account, rows] of arrBy) expect(rows[0].month).toBe(firstWin.get(account)?.slice(0, 7));
    expect(arrBy.size).toBe(firstWin.size);
    // Some ARR histories stop before the end (churn) and a few restart (win-back gaps).
    const last = END.slice(0, 7);
    const monthIdx = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
    const churned = [...arrBy.values()].filter((rows) => rows[rows.length - 1].month < last || rows[rows.length - 1].arr === '0.00');
    expect(churned.length / arrBy.size).toBeGreaterThan(0.05); // many customers are too young to have churned
    const gaps = [...arrBy.values()].filter((rows) => rows.some((r, i) => i > 0 && monthIdx(r.month) - monthIdx(rows[i - 1].month) > 1));
    expect(gaps.length).toBeGreaterThan(0);
    expect(ds.attachments.length / arrBy.size).toBeGreaterThan(0.35);
    expect(ds.attachments.length / arrBy.size).toBeLessThan(0.7);

    // Trailing-twelve-month churn, attached (on the last day of S) vs unattached.
    const S = '2025-06';
    const lastDayS = '2025-06-30';
    const at = new Map(ds.arr.map((r) => [`${r.account_id}|${r.month}`, Number(r.arr)]));
    const cohort = [...arrBy.keys()].filter((a) => (at.get(`${a}|${S}`) ?? 0) > 0);
    const attached = new Set(ds.attachments.filter((x) => x.since <= lastDayS && (x.until === '' || x.until >= lastDayS)).map((x) => x.account_id));
    const churn = (accounts: string[]) => accounts.filter((a) => (at.get(`${a}|${last}`) ?? 0) === 0).length / accounts.length;
    const cAtt = churn(cohort.filter((a) => attached.has(a)));
    const cUn = churn(cohort.filter((a) => !attached.has(a)));
    expect(1 - cAtt / cUn).toBeGreaterThan(0.25);
    expect(1 - cAtt / cUn).toBeLessThan(0.75);
    const nrr = (accounts: string[]) =>
      accounts.reduce((s, a) => s + (at.get(`${a}|${last}`) ?? 0), 0) / accounts.reduce((s, a) => s + (at.get(`${a}|${S}`) ?? 0), 0);
    expect(nrr(cohort)).toBeGreaterThan(0.95);
    expect(nrr(cohort)).toBeLessThan(1.3);
    expect(nrr(cohort.filter((a) => attached.has(a)))).toBeGreaterThan(nrr(cohort.filter((a) => !attached.has(a))));
  });

  it('writes RFC 4180 CSV: header first, quoting only when needed, chunks of whole lines', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvCell('The "Blue" Co')).toBe('"The ""Blue"" Co"');
    const opts: GenerateOptions = { seed: 3, deals: 8000, endDate: END };
    for (const e of ['accounts', 'deals', 'partners'] as const) {
      const chunks = [...generateCsv(e, opts, 500)];
      expect(chunks[0]).toBe(`${ENTITY_COLUMNS[e].join(',')}\n`);
      for (const c of chunks) expect(c.endsWith('\n') && !c.includes('\r')).toBe(true);
      const rows = [...generateRows(e, opts)];
      const sizes = chunks.slice(1).map((c) => c.split('\n').length - 1);
      expect(sizes.slice(0, -1).every((s) => s === 500)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(rows.length);
      const parsed = Papa.parse<Row>(chunks.join(''), { header: true, delimiter: ',', skipEmptyLines: true }).data;
      expect(parsed).toEqual(rows);
    }
    const text = [...generateCsv('accounts', opts)].join('');
    const withComma = [...generateRows('accounts', opts)].filter((a) => a.name.includes(','));
    const withQuote = [...generateRows('accounts', opts)].filter((a) => a.name.includes('"'));
    expect(withComma.length).toBeGreaterThan(0);
    expect(withQuote.length).toBeGreaterThan(0);
    expect(text).toContain(`,"${withQuote[0].name.replace(/"/g, '""')}",`);
    expect(text).toContain(`,"${withComma[0].name}",`);
    // Unquoted cells never hold a quote: quoting happens only when needed.
    expect(text.split('\n')[1]).not.toMatch(/^"/);
  });

  it('streams 200k deals in little memory', () => {
    const opts: GenerateOptions = { seed: 5, deals: 200_000, endDate: END };
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;
    for (const e of ['deals', 'touches', 'arr'] as const) {
      for (const chunk of generateCsv(e, opts)) {
        rows += chunk.split('\n').length - 1;
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(rows).toBeGreaterThan(600_000);
    expect(peak).toBeLessThan(80 * 1024 * 1024);
  });

  it('rejects bad options', () => {
    expect(() => [...generateRows('deals', { seed: 1, deals: 10, endDate: '2026-02-30' })]).toThrow(/endDate/);
    expect(() => [...generateRows('deals', { seed: 1, deals: -1, endDate: END })]).toThrow(/deals/);
    expect(() => [...generateRows('deals', { seed: 1.5, deals: 10, endDate: END })]).toThrow(/seed/);
    expect(() => [...generateCsv('deals', { seed: 1, deals: 10, endDate: END }, 0)]).toThrow(/chunkRows/);
    expect([...generateRows('deals', { seed: 1, deals: 0, endDate: END })]).toEqual([]);
    expect([...generateRows('deals', { seed: 1, deals: 1, endDate: END })]).toHaveLength(1);
  });
});
