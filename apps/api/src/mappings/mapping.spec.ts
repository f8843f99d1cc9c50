import { describe, expect, it } from '@jest/globals';
import { jsonSource } from '../imports/sources.js';
import { compileDateFormat, compileDateFormats, mapSource, MappingError, validateMapping } from './mapping.js';
import { PRESETS } from './presets.js';

describe('date layouts', () => {
  it('parses US dates with two- and four-digit years and ignores a trailing time', () => {
    const us = compileDateFormats('MM/DD/YYYY|MM/DD/YY');
    expect(us('02/03/24')).toBe('2024-02-03');
    expect(us('2/3/2024')).toBe('2024-02-03');
    expect(us('02/23/26 08:55 PM')).toBe('2026-02-23');
    expect(us('12/31/69')).toBe('2069-12-31');
    expect(us('01/01/70')).toBe('1970-01-01');
  });

  it('refuses impossible dates and other layouts', () => {
    const dmy = compileDateFormat('DD.MM.YYYY');
    expect(dmy('29.02.2024')).toBe('2024-02-29');
    expect(dmy('29.02.2023')).toBeNull();
    expect(dmy('31.04.2024')).toBeNull();
    expect(dmy('2024-01-01')).toBeNull();
    expect(() => compileDateFormat('YYYY-MM')).toThrow(MappingError);
  });
});

describe('validateMapping', () => {
  it('accepts the documented shape and names what is wrong otherwise', () => {
    expect(validateMapping({ columns: { deal_id: 'Id' }, values: { stage: { Won: 'won' } }, date_format: 'MM/DD/YYYY', defaults: { type: 'new_business' } })).toMatchObject({
      columns: { deal_id: 'Id' },
    });
    expect(() => validateMapping({ columns: { nope: 'x' } })).toThrow(/nope/);
    expect(() => validateMapping({ entity: 'spend', columns: { deal_id: 'x' } })).toThrow(/deal_id.*spend/);
    expect(() => validateMapping({ defaults: { type: 3 } })).toThrow(/defaults.type/);
    expect(() => validateMapping(null)).toThrow(/object/);
  });
});

describe('mapSource', () => {
  async function rows(source: ReturnType<typeof mapSource>['source']) {
    const out: unknown[][] = [];
    for await (const batch of source.batches()) for (const r of batch) out.push([...r.values]);
    return out;
  }

  it('renames columns, translates values, normalises dates and fills defaults', async () => {
    const warnings: string[] = [];
    const { source, unused } = mapSource(
      jsonSource([{ Opp: 'O1', Acct: 'A', Value: '10', Status: 'Won', Opened: '01/31/2024', Closed: '2024-02-29 10:00', Note: 'x' }]),
      'deals',
      { columns: { deal_id: 'Opp', account_id: 'Acct', amount: 'Value', stage: 'Status', stage_name: 'Status', created_on: 'Opened', closed_on: 'Closed' }, values: { stage: { Won: 'won' } }, date_format: 'MM/DD/YYYY', defaults: { type: 'expansion' } },
      [],
      (code) => warnings.push(code),
    );
    expect(unused).toEqual(['Note']);
    expect(source.columns()).toContain('deal_id');
    const [row] = await rows(source);
    const cols = source.columns();
    const get = (f: string) => row[cols.indexOf(f)];
    expect([get('deal_id'), get('stage'), get('stage_name'), get('created_on'), get('closed_on'), get('type')]).toEqual(['O1', 'won', 'Won', '2024-01-31', '2024-02-29', 'expansion']);
  });

  it('applies the Salesforce rules: stage from IsClosed/IsWon, CloseDate placement, blank Amount, catch-all partner', async () => {
    const preset = PRESETS.salesforce.entities.deals!;
    const warnings: string[] = [];
    const { source } = mapSource(
      jsonSource([
        { Id: '1', AccountId: 'A', StageName: 'Negotiation', IsClosed: 'FALSE', IsWon: 'FALSE', CloseDate: '03/31/26', CreatedDate: '02/01/26', Amount: '' },
        { Id: '2', AccountId: 'A', StageName: 'Custom Lost', IsClosed: 'TRUE', IsWon: 'FALSE', CloseDate: '03/31/26', CreatedDate: '02/01/26', Amount: '5', LeadSource: 'Partner Referral' },
      ]),
      'deals',
      preset.mapping,
      preset.rules,
      (code) => warnings.push(code),
      preset.ruleColumns,
    );
    const out = await rows(source);
    const cols = source.columns();
    const pick = (r: unknown[], f: string) => r[cols.indexOf(f)];
    expect(out.map((r) => [pick(r, 'stage'), pick(r, 'closed_on'), pick(r, 'expected_close_on'), pick(r, 'amount'), pick(r, 'sourcing_partner_id')])).toEqual([
      ['open', undefined, '2026-03-31', '0', undefined],
      ['lost', '2026-03-31', undefined, '5', 'unattributed-partner'],
    ]);
    expect(warnings.sort()).toEqual(['blank_amount', 'unattributed_partner']);
  });
});
