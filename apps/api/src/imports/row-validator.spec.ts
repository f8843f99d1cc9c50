import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { ENTITY_SPECS, type EntityName } from './entity-specs.js';
import {
  CopyBinaryWriter, CsvFastPath, isCalendarDate, pgDate, putNumeric, RowChecker, ValueEncoder, validateRecord, WARNING_MESSAGES,
} from './row-validator.js';
import { csvCell, csvSource } from './sources.js';

const ctx = { reportingCurrency: 'USD' };
const check = (entity: EntityName, record: Record<string, unknown>) => validateRecord(ENTITY_SPECS[entity], record, ctx);
/** The errors of a record, as `field: message`. */
const problems = (entity: EntityName, record: Record<string, unknown>) => check(entity, record).errors.map((e) => `${e.field}: ${e.message}`);
/** The stored value of one field (null: absent), or its error. */
const value = (entity: EntityName, record: Record<string, unknown>, field: string) => {
  const res = check(entity, record);
  const error = res.errors.find((e) => e.field === field);
  if (error) return { error: error.message };
  return res.values[ENTITY_SPECS[entity].fields.findIndex((f) => f.name === field)];
};

const account = (over: Record<string, unknown> = {}) => ({ account_id: 'A1', name: 'Globex', ...over });
const partner = (over: Record<string, unknown> = {}) => ({ partner_id: 'P1', name: 'Acme', type: 'reseller', ...over });
const deal = (over: Record<string, unknown> = {}) => ({
  deal_id: 'D1', account_id: 'A1', amount: '100', stage: 'won', created_on: '2024-01-10', closed_on: '2024-02-01', ...over,
});
const arr = (over: Record<string, unknown> = {}) => ({ account_id: 'A1', month: '2024-01', arr: '10', ...over });
const attachment = (over: Record<string, unknown> = {}) => ({ account_id: 'A1', partner_id: 'P1', relation: 'services', since: '2024-01-01', ...over });

describe('ids', () => {
  it('accepts 1 to 128 printable characters, trimmed, case kept', () => {
    expect(value('accounts', account({ account_id: '  0016g00000AbCdEfAAA  ' }), 'account_id')).toBe('0016g00000AbCdEfAAA');
    expect(value('accounts', account({ account_id: 'x'.repeat(128) }), 'account_id')).toBe('x'.repeat(128));
    expect(value('accounts', account({ account_id: 'Ünïcødé id / with spaces, and "quotes"' }), 'account_id')).toBe('Ünïcødé id / with spaces, and "quotes"');
    // 128 characters outside the BMP are 256 UTF-16 units: still 128 characters.
    expect(value('accounts', account({ account_id: '🎉'.repeat(128) }), 'account_id')).toBe('🎉'.repeat(128));
  });

  it('refuses more than 128 characters and control characters', () => {
    const msg = (id: string) => value('accounts', account({ account_id: id }), 'account_id');
    expect(msg('x'.repeat(129))).toEqual({ error: expect.stringMatching(/^account_id must be 1 to 128 printable characters, got "x{40}…"$/) });
    expect(msg('🎉'.repeat(129))).toEqual({ error: expect.stringContaining('1 to 128 printable characters') });
    for (const bad of ['A\t1', 'A\u00011', 'A\u007f1', 'A\u00851', 'A\u009f1']) {
      expect(msg(bad)).toEqual({ error: `account_id must be 1 to 128 printable characters, got ${JSON.stringify(bad)}` });
    }
  });

  it('takes numbers from JSON as their decimal text', () => {
    expect(value('accounts', account({ account_id: 12345 }), 'account_id')).toBe('12345');
  });
});

describe('required fields and defaults', () => {
  it('names a missing or empty required field', () => {
    expect(problems('accounts', { account_id: 'A1' })).toEqual(['name: name is required']);
    expect(problems('accounts', account({ name: '   ' }))).toEqual(['name: name is required']);
    expect(problems('accounts', account({ name: null }))).toEqual(['name: name is required']);
  });

  it('stores an absent optional field as null and applies the contract defaults', () => {
    expect(value('accounts', account(), 'segment')).toBeNull();
    expect(value('partners', partner(), 'status')).toBe('active');
    expect(value('partners', partner({ status: '' }), 'status')).toBe('active');
    expect(value('deals', deal(), 'type')).toBe('new_business');
  });
});

describe('enums', () => {
  it('accepts the contract values only (case-sensitive), listing them when refused', () => {
    expect(value('partners', partner({ type: 'msp' }), 'type')).toBe('msp');
    expect(value('partners', partner({ type: ' si ' }), 'type')).toBe('si');
    expect(value('partners', partner({ type: 'Reseller' }), 'type')).toEqual({
      error: 'type must be one of reseller, distributor, msp, isv, si, agency, referral, marketplace, alliance; got "Reseller"',
    });
    expect(value('deals', deal({ stage: 'pending' }), 'stage')).toEqual({ error: 'stage must be one of open, won, lost; got "pending"' });
    expect(problems('touches', { deal_id: 'D1', partner_id: 'P1', touch_type: 'handshake', touched_on: '2024-01-01' })).toEqual([
      'touch_type: touch_type must be one of referral, co_sell, technical_validation, marketplace, services, deal_registration, intro, other; got "handshake"',
    ]);
  });
});

describe('dates', () => {
  const date = (d: unknown) => value('partners', partner({ joined_on: d }), 'joined_on');

  it('accepts calendar dates YYYY-MM-DD, Feb 29 in leap years only', () => {
    expect(date('2024-02-29')).toBe('2024-02-29');
    expect(date('2000-02-29')).toBe('2000-02-29');
    expect(date('0001-01-01')).toBe('0001-01-01');
    expect(date('9999-12-31')).toBe('9999-12-31');
    for (const bad of ['2023-02-29', '1900-02-29', '2100-02-29']) expect(date(bad)).toEqual({ error: `joined_on must be a calendar date YYYY-MM-DD, got "${bad}"` });
  });

  it('refuses impossible days and months, other layouts, and year 0', () => {
    for (const bad of ['2024-04-31', '2024-06-31', '2024-01-32', '2024-01-00', '2024-13-01', '2024-00-10', '0000-01-01', '2024-1-01', '24-01-01', '2024/01/01', '01/02/2024', '2024-01-01T00:00:00', '2024-01-1x', '２０２４-01-01']) {
      expect(date(bad)).toEqual({ error: `joined_on must be a calendar date YYYY-MM-DD, got ${JSON.stringify(bad)}` });
    }
  });

  it('checks the calendar by itself', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(2024, 9, 31)).toBe(false);
    expect(isCalendarDate(0, 1, 1)).toBe(false);
  });
});

describe('months', () => {
  it('accepts YYYY-MM and stores the first day of the month', () => {
    expect(value('arr', arr({ month: '2024-12' }), 'month')).toBe('2024-12-01');
    expect(value('arr', arr({ month: ' 2024-01 ' }), 'month')).toBe('2024-01-01');
  });

  it('refuses anything else', () => {
    for (const bad of ['2024-13', '2024-00', '2024-1', '2024-01-01', '2024/01', '0000-01', 'Jan 2024']) {
      expect(value('arr', arr({ month: bad }), 'month')).toEqual({ error: `month must be a month YYYY-MM, got ${JSON.stringify(bad)}` });
    }
  });
});

describe('money', () => {
  const amount = (a: unknown) => value('deals', deal({ amount: a }), 'amount');

  it('accepts up to 15 digits and 4 decimals, as written', () => {
    for (const ok of ['0', '100', '120000.50', '0.1', '007', '999999999999999.9999', '1.2345']) expect(amount(ok)).toBe(ok);
    expect(amount(5000)).toBe('5000');
    expect(amount(0.25)).toBe('0.25');
  });

  it('refuses negative amounts with their own message', () => {
    expect(amount('-5')).toEqual({ error: 'amount must be >= 0, got -5' });
    expect(amount('-0.50')).toEqual({ error: 'amount must be >= 0, got -0.50' });
    expect(amount(-1)).toEqual({ error: 'amount must be >= 0, got -1' });
  });

  it('refuses separators, signs, exponents and too many digits', () => {
    const shape = 'must be a decimal number with at most 15 digits before and 4 after the point (no thousands separators or currency signs)';
    for (const bad of ['1,000', '1 000', '$5', '5 USD', '1e3', '+5', '.5', '5.', '1.23456', '1234567890123456', '12,5', '--5', 'NaN', '0x10']) {
      expect(amount(bad)).toEqual({ error: `amount ${shape}, got ${JSON.stringify(bad)}` });
    }
    expect(amount(1e21)).toEqual({ error: expect.stringContaining(shape) });
  });

  it('is required for deals, ARR and spend', () => {
    expect(problems('deals', deal({ amount: '' }))).toEqual(['amount: amount is required']);
    expect(problems('arr', arr({ arr: undefined }))).toEqual(['arr: arr is required']);
  });
});

describe('text', () => {
  it('accepts up to 2000 characters and refuses NUL characters', () => {
    expect(value('accounts', account({ name: 'n'.repeat(2000) }), 'name')).toBe('n'.repeat(2000));
    expect(value('accounts', account({ name: 'n'.repeat(2001) }), 'name')).toEqual({ error: 'name is longer than 2000 characters' });
    expect(value('accounts', account({ name: 'a\u0000b' }), 'name')).toEqual({ error: 'name must not contain NUL characters' });
    expect(value('accounts', account({ name: 'Tab\tand\nnewline' }), 'name')).toBe('Tab\tand\nnewline');
  });
});

describe('deals', () => {
  it('requires closed_on for won and lost deals, and refuses it on open ones', () => {
    expect(problems('deals', deal({ closed_on: '' }))).toEqual(['closed_on: closed_on is required when stage is won']);
    expect(problems('deals', deal({ stage: 'lost', closed_on: undefined }))).toEqual(['closed_on: closed_on is required when stage is lost']);
    expect(problems('deals', deal({ stage: 'open' }))).toEqual([
      'closed_on: closed_on must be empty for an open deal (use expected_close_on for a forecast)',
    ]);
    expect(problems('deals', deal({ stage: 'open', closed_on: '', expected_close_on: '2024-09-30' }))).toEqual([]);
  });

  it('reports an invalid closed_on once (not also as missing)', () => {
    expect(problems('deals', deal({ closed_on: '2024-02-30' }))).toEqual(['closed_on: closed_on must be a calendar date YYYY-MM-DD, got "2024-02-30"']);
  });

  it('accepts a close before the creation with a warning', () => {
    const res = check('deals', deal({ created_on: '2024-03-01', closed_on: '2024-01-01' }));
    expect(res.errors).toEqual([]);
    expect(res.warnings).toEqual(['closed_before_created']);
    expect(WARNING_MESSAGES.closed_before_created).toContain('cycle-time');
    expect(check('deals', deal({ created_on: '2024-01-01', closed_on: '2024-01-01' })).warnings).toEqual([]);
  });

  it('accepts the reporting currency only', () => {
    expect(problems('deals', deal({ currency: 'USD' }))).toEqual([]);
    expect(problems('deals', deal({ currency: ' USD ' }))).toEqual([]);
    expect(problems('deals', deal({ currency: 'EUR' }))).toEqual([
      'currency: currency EUR differs from the reporting currency USD; convert amounts before import',
    ]);
    expect(validateRecord(ENTITY_SPECS.deals, deal({ currency: 'EUR' }), { reportingCurrency: 'EUR' }).errors).toEqual([]);
  });

  it('lists every problem of a row at once', () => {
    expect(problems('deals', { deal_id: 'D\t1', account_id: '', amount: '-1', stage: 'won', created_on: '2024-13-01' })).toEqual([
      'deal_id: deal_id must be 1 to 128 printable characters, got "D\\t1"',
      'account_id: account_id is required',
      'amount: amount must be >= 0, got -1',
      'created_on: created_on must be a calendar date YYYY-MM-DD, got "2024-13-01"',
      'closed_on: closed_on is required when stage is won',
    ]);
  });
});

describe('attachments', () => {
  it('requires until >= since', () => {
    expect(problems('attachments', attachment({ until: '2024-01-01' }))).toEqual([]);
    expect(problems('attachments', attachment({ until: '' }))).toEqual([]);
    expect(problems('attachments', attachment({ until: '2023-12-31' }))).toEqual(['until: until (2023-12-31) must be on or after since (2024-01-01)']);
  });
});

describe('JSON values', () => {
  it('takes strings and finite numbers; null is absent; other types are refused by name', () => {
    expect(problems('accounts', account({ segment: null }))).toEqual([]);
    expect(value('accounts', account({ name: 42 }), 'name')).toBe('42');
    expect(value('accounts', account({ name: true }), 'name')).toEqual({ error: 'name must be a string or a number, got boolean' });
    expect(value('accounts', account({ name: ['x'] }), 'name')).toEqual({ error: 'name must be a string or a number, got an array' });
    expect(value('accounts', account({ name: { x: 1 } }), 'name')).toEqual({ error: 'name must be a string or a number, got object' });
    expect(value('deals', deal({ amount: Number.NaN }), 'amount')).toEqual({ error: 'amount must be a finite number' });
    expect(value('deals', deal({ amount: Number.POSITIVE_INFINITY }), 'amount')).toEqual({ error: 'amount must be a finite number' });
  });
});

describe('COPY binary encoding', () => {
  it('encodes dates as days since 2000-01-01', () => {
    expect(pgDate('2000-01-01')).toBe(0);
    expect(pgDate('2000-01-02')).toBe(1);
    expect(pgDate('1999-12-31')).toBe(-1);
    expect(pgDate('1970-01-01')).toBe(-10957);
    expect(pgDate('2024-03-01') - pgDate('2024-02-28')).toBe(2);
    expect(pgDate('0001-01-01')).toBe(-730119);
    expect(pgDate('9999-12-31')).toBe(2921939);
  });

  it('encodes money as numeric: ndigits, weight, sign, dscale, base-10000 digits', () => {
    const numeric = (v: string) => {
      const buf = Buffer.alloc(64);
      const end = putNumeric(buf, 0, v);
      const n = buf.readInt16BE(4);
      return {
        length: buf.readInt32BE(0),
        weight: buf.readInt16BE(6),
        sign: buf.readInt16BE(8),
        dscale: buf.readInt16BE(10),
        digits: Array.from({ length: n }, (_, i) => buf.readInt16BE(12 + 2 * i)),
        end,
      };
    };
    expect(numeric('0')).toEqual({ length: 8, weight: 0, sign: 0, dscale: 0, digits: [], end: 12 });
    expect(numeric('0.00')).toMatchObject({ weight: 0, dscale: 2, digits: [] });
    expect(numeric('120000.50')).toMatchObject({ weight: 1, dscale: 2, digits: [12, 0, 5000] });
    expect(numeric('0.1')).toMatchObject({ weight: -1, dscale: 1, digits: [1000] });
    expect(numeric('0.0001')).toMatchObject({ weight: -1, dscale: 4, digits: [1] });
    expect(numeric('10000')).toMatchObject({ weight: 1, dscale: 0, digits: [1] });
    expect(numeric('007')).toMatchObject({ weight: 0, digits: [7] });
    expect(numeric('999999999999999.9999')).toMatchObject({ weight: 3, dscale: 4, digits: [999, 9999, 9999, 9999, 9999] });
  });
});

describe('CsvFastPath', () => {
  /**
   * Runs every record of a CSV body through the fast path and through RowChecker + ValueEncoder:
   * whatever the fast path accepts, RowChecker must accept with the very same encoding.
   */
  async function compare(entity: EntityName, csv: string, reportingCurrency = 'USD') {
    const spec = ENTITY_SPECS[entity];
    const source = await csvSource(Readable.from([Buffer.from(csv)]), 1 << 20);
    const columns = source.columns();
    const columnOf = spec.fields.map((f) => columns.indexOf(f.name));
    const fast = new CsvFastPath(spec, { reportingCurrency }, columnOf, columns.length);
    const checker = new RowChecker(spec, { reportingCurrency });
    const encoder = new ValueEncoder(spec.fields);
    const outcomes: ('fast' | 'slow ok' | 'invalid')[] = [];
    for await (const batch of source.csvBatches!()) {
      for (let r = 0; r < batch.count; r++) {
        const cells = columns.map((_, c) => csvCell(batch, r * columns.length + c));
        const slowOk = checker.check(cells, 0, columnOf);
        const a = new CopyBinaryWriter();
        const b = new CopyBinaryWriter();
        if (fast.tryRecord(batch, r * columns.length, a, batch.firstRow + r)) {
          expect({ row: batch.firstRow + r, ok: slowOk, errors: checker.errors }).toEqual({ row: batch.firstRow + r, ok: true, errors: [] });
          encoder.add(b, checker.values, batch.firstRow + r);
          expect(a.take()).toEqual(b.take());
          expect(fast.warning).toBe(checker.warnings[0] ?? null);
          const key = spec.key.map((k) => checker.values[spec.fields.findIndex((f) => f.name === k)]).join('\u0000');
          expect(fast.key.toString('utf8', 0, fast.keyLength)).toBe(key);
          outcomes.push('fast');
        } else {
          outcomes.push(slowOk ? 'slow ok' : 'invalid');
        }
      }
    }
    return outcomes;
  }

  it('accepts exactly what RowChecker accepts for plain records, with the same encoding and key', async () => {
    const header = 'deal_id,account_id,name,amount,currency,type,stage,stage_name,created_on,closed_on,expected_close_on,sourcing_partner_id,owner';
    const outcomes = await compare('deals', [
      header,
      'D1,A1,Big one,120000.50,USD,new_business,won,Closed Won,2024-01-10,2024-03-31,,P1,Rep',
      'D2,A2,,5000,,,lost,Closed Lost,2024-02-01,2024-02-20,,,',
      'D3,A2,Open one,7000.25,,expansion,open,Negotiation,2024-05-01,,2024-09-30,,',
      ' D4 , A1 ,"Quoted, name", 0.0001 ,USD , renewal ,won,,2024-01-10,2024-01-09,,,',
      'D5,A1,x,0,,,won,,2024-02-29,2024-02-29,,,',
      'D6,A1,x,999999999999999.9999,,,open,,0001-01-01,,9999-12-31,,',
      'D7,A1,x,007,,,lost,,2023-12-31,2024-01-01,,,',
      ''].join('\n'));
    expect(outcomes).toEqual(['fast', 'fast', 'fast', 'fast', 'fast', 'fast', 'fast']);
  });

  it('leaves every invalid record, and the unusual ones, to RowChecker', async () => {
    const header = 'deal_id,account_id,name,amount,currency,type,stage,created_on,closed_on';
    const outcomes = await compare('deals', [
      header,
      'D1,A1,x,-5,,,won,2024-01-10,2024-02-01', // negative
      'D2,A1,x,1.23456,,,won,2024-01-10,2024-02-01', // 5 decimals
      'D3,A1,x,5,,,won,2024-01-10,', // closed_on missing
      'D4,A1,x,5,,,open,2024-01-10,2024-02-01', // closed_on on an open deal
      'D5,A1,x,5,EUR,,won,2024-01-10,2024-02-01', // currency
      'D6,A1,x,5,,,won,2023-02-29,2024-02-01', // not a day
      'D7,A1,x,5,,,Won,2024-01-10,2024-02-01', // enum case
      'D\u00078,A1,x,5,,,won,2024-01-10,2024-02-01', // control character in an id
      'D9,A1,"say ""hi""",5,,,won,2024-01-10,2024-02-01', // doubled quotes: valid, slow path
      'D10,A1,\u00a0padded\u00a0,5,,,won,2024-01-10,2024-02-01', // Unicode blank at the ends: valid, slow path
      'D11,,x,5,,,won,2024-01-10,2024-02-01', // required
      `D12,A1,${'n'.repeat(2001)},5,,,won,2024-01-10,2024-02-01`, // too long
      'D13,A1,x,5,,,won,2024-1-10,2024-02-01', // layout
      ''].join('\n'));
    expect(outcomes).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'slow ok', 'slow ok', 'invalid', 'invalid', 'invalid']);
  });

  it('handles composite keys, months and every other entity', async () => {
    expect(await compare('touches', 'deal_id,partner_id,touch_type,touched_on\nD1,P1,co_sell,2024-02-05\nD1,P1,intro,2024-02-05\n')).toEqual(['fast', 'fast']);
    expect(await compare('arr', 'account_id,month,arr\nA1,2024-01,10.5\nA1,2024-13,1\nA1,2024-02,1e3\n')).toEqual(['fast', 'invalid', 'invalid']);
    expect(await compare('spend', 'month,motion,category,amount\n2024-01,partner,MDF,1000\n2024-01,direct,paid media,0\n')).toEqual(['fast', 'fast']);
    expect(await compare('partners', 'partner_id,name,type,tier,status,joined_on,owner\nP1,Acme,reseller,Gold,,2023-01-15,Ann\nP2,B,si,,inactive,,\nP3,C,nope,,,,\n')).toEqual(['fast', 'fast', 'invalid']);
    expect(await compare('accounts', 'account_id,name,segment,region,industry,extra\nA1,Globex,SMB,NA,Tech,ignored\nA2,Café Zürich,,,,\n')).toEqual(['fast', 'fast']);
    expect(await compare('attachments', 'account_id,partner_id,relation,since,until\nA1,P1,services,2024-01-01,2024-01-01\nA1,P2,services,2024-01-02,2024-01-01\n')).toEqual(['fast', 'invalid']);
  });

  it('checks references in memory when given the ids', async () => {
    const spec = ENTITY_SPECS.arr;
    const source = await csvSource(Readable.from([Buffer.from('account_id,month,arr\nA1,2024-01,1\nA9,2024-01,1\n')]), 1 << 20);
    const fast = new CsvFastPath(spec, ctx, [0, 1, 2], 3);
    const known = { find: (key: Buffer, start: number, end: number) => (key.toString('utf8', start, end) === 'A1' ? 1 : 0) };
    fast.useReferences([known, null, null]);
    const accepted: boolean[] = [];
    for await (const batch of source.csvBatches!()) for (let r = 0; r < batch.count; r++) accepted.push(fast.tryRecord(batch, r * 3, new CopyBinaryWriter()));
    expect(accepted).toEqual([true, false]);
  });
});
