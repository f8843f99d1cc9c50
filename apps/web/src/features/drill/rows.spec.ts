import { describe, expect, it } from '@jest/globals';
import type { AccountRow, DealRow } from '../../api/types';
import { accountsCsv, dealsCsv, ROLE_LABELS, toCsv, touchesText } from './rows';

const deal: DealRow = {
  deal_id: 'D1',
  account_id: 'A1',
  name: 'Acme, Inc. - "Pilot"',
  amount: 1234.5,
  type: 'new_business',
  stage: 'won',
  stage_name: 'Closed Won',
  created_on: '2026-08-01',
  closed_on: '2026-10-01',
  expected_close_on: null,
  sourcing_partner_id: null,
  class: 'influenced',
  counting_touches: [
    { deal_id: 'D1', partner_id: 'P1', touch_type: 'co_sell', touched_on: '2026-08-20' },
    {
      deal_id: 'D1',
      partner_id: 'P2',
      touch_type: 'technical_validation',
      touched_on: '2026-09-01',
    },
  ],
  credited_partner_ids: ['P1', 'P2'],
  cycle_days: 61,
  role: 'influenced',
};
const names = (id: string) => ({ P1: 'Glacier', P2: 'Tidewater' })[id] ?? id;

describe('drill-down rows', () => {
  it('lists the counting touches with partner names', () => {
    expect(touchesText(deal, names)).toBe(
      'Glacier · co sell · 2026-08-20; Tidewater · technical validation · 2026-09-01',
    );
  });
  it('has a readable name for every role', () => {
    expect(ROLE_LABELS.excluded_from_cycle).toMatch(/closed before created/);
    expect(Object.keys(ROLE_LABELS)).toHaveLength(12);
  });
  it('quotes CSV fields that need it (RFC 4180) and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [null, 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n,3\r\n');
  });
  it('exports deals with exact amounts, class, role and touches', () => {
    const lines = dealsCsv([deal], names).trim().split('\r\n');
    expect(lines[0]).toBe(
      'deal_id,name,account_id,class,role,type,stage,stage_name,amount,created_on,closed_on,expected_close_on,cycle_days,sourcing_partner_id,credited_partners,counting_touches',
    );
    expect(lines[1]).toBe(
      'D1,"Acme, Inc. - ""Pilot""",A1,influenced,influenced,new_business,won,Closed Won,1234.50,2026-08-01,2026-10-01,,61,,Glacier; Tidewater,Glacier · co sell · 2026-08-20; Tidewater · technical validation · 2026-09-01',
    );
  });
  it('exports cohort accounts with the two ARR months in the header', () => {
    const account: AccountRow = {
      account_id: 'A1',
      name: 'Acme',
      segment: null,
      region: 'EMEA',
      arr_start: 100,
      arr_end: 0,
      attachment: 'attached',
      attached_partner_ids: ['P1'],
      churned: true,
    };
    expect(accountsCsv([account], '2025-11', '2026-11', names)).toBe(
      'account_id,name,segment,region,arr_2025-11,arr_2026-11,attachment,attached_partners,churned\r\nA1,Acme,,EMEA,100.00,0.00,attached,Glacier,true\r\n',
    );
  });
});
