import { describe, expect, it } from '@jest/globals';
import { ENTITY_SPECS } from './entities';
import { suggestMappingName } from './ImportPage';
import {
  compileDateFormat,
  detectDateFormat,
  draftToMapping,
  headerFitsContract,
  mappingFits,
  mappingToDraft,
  normaliseName,
  previewRows,
  suggestColumns,
  suggestDraft,
  suggestEnumValue,
  suggestValues,
  type MappingDraft,
} from './mapping';

// The layout of Maven Analytics' "CRM Sales Opportunities" export.
const MAVEN_DEALS = [
  'opportunity_id',
  'sales_agent',
  'product',
  'account',
  'deal_stage',
  'engage_date',
  'close_date',
  'close_value',
];
const MAVEN_ROWS = [
  [
    '1C1I7A6R',
    'Moses Frase',
    'GTX Plus Basic',
    'Cancity',
    'Won',
    '2016-10-20',
    '2017-03-01',
    '1054',
  ],
  ['Z063OYW0', 'Darcel Schlecht', 'GTXPro', 'Isdom', 'Lost', '2016-10-25', '2017-03-11', '0'],
  ['HAXMC4IX', 'James Ascencio', 'MG Advanced', '', 'Engaging', '2016-11-03', '', ''],
  ['6ZQ9Q4CL', 'Cassey Cress', 'GTX Basic', '', 'Prospecting', '', '', ''],
];

describe('header auto-suggest', () => {
  it('ignores case, spaces, underscores and dashes', () => {
    expect(normaliseName('Close_Date')).toBe(normaliseName('close date'));
    expect(normaliseName('Partner-ID')).toBe('partnerid');
    expect(suggestColumns('partners', ['Partner ID', 'NAME', 'Type', 'joined on'])).toEqual({
      partner_id: 'Partner ID',
      name: 'NAME',
      type: 'Type',
      joined_on: 'joined on',
    });
  });

  it('maps the Maven pipeline export, one column feeding stage and stage_name', () => {
    expect(suggestColumns('deals', MAVEN_DEALS)).toEqual({
      deal_id: 'opportunity_id',
      account_id: 'account',
      amount: 'close_value',
      stage: 'deal_stage',
      stage_name: 'deal_stage',
      created_on: 'engage_date',
      closed_on: 'close_date',
      owner: 'sales_agent',
    });
  });

  it('maps the Maven accounts export, the account name being both id and name', () => {
    const header = [
      'account',
      'sector',
      'year_established',
      'revenue',
      'employees',
      'office_location',
      'subsidiary_of',
    ];
    expect(suggestColumns('accounts', header)).toEqual({
      account_id: 'account',
      name: 'account',
      industry: 'sector',
      region: 'office_location',
    });
  });

  it('never gives a synonym a column that another field is named after', () => {
    // "name" is the deals' own name field; the account_id synonym "account name" is another column.
    expect(suggestColumns('deals', ['id', 'name', 'account name'])).toEqual({
      deal_id: 'id',
      name: 'name',
      account_id: 'account name',
    });
    // A header of the contract's own names maps to itself.
    const names = ENTITY_SPECS.touches.fields.map((f) => f.name);
    expect(suggestColumns('touches', names)).toEqual(Object.fromEntries(names.map((n) => [n, n])));
  });

  it('knows when a header already is the contract', () => {
    expect(headerFitsContract('accounts', ['account_id', 'name', 'extra'])).toBe(true);
    expect(headerFitsContract('accounts', ['account', 'name'])).toBe(false);
  });
});

describe('value suggestions', () => {
  const stage = ENTITY_SPECS.deals.fields.find((f) => f.name === 'stage')!;
  const type = ENTITY_SPECS.deals.fields.find((f) => f.name === 'type')!;
  const touch = ENTITY_SPECS.touches.fields.find((f) => f.name === 'touch_type')!;

  it('maps CRM stages to won, lost and open', () => {
    expect(
      ['Won', 'Closed Won', 'closedwon', 'Lost', 'Closed Lost', 'Engaging', 'Prospecting'].map(
        (v) => suggestEnumValue(stage, v),
      ),
    ).toEqual(['won', 'won', 'won', 'lost', 'lost', 'open', 'open']);
  });

  it('matches enum values ignoring case and separators, and knows deal types', () => {
    expect(suggestEnumValue(touch, 'Co-Sell')).toBe('co_sell');
    expect(suggestEnumValue(touch, 'Deal Registration')).toBe('deal_registration');
    expect(suggestEnumValue(touch, 'Webinar')).toBeUndefined();
    expect(suggestEnumValue(type, 'New Customer')).toBe('new_business');
    expect(suggestEnumValue(type, 'Existing Customer - Upgrade')).toBe('expansion');
    expect(suggestEnumValue(type, 'Renewal')).toBe('renewal');
  });

  it('proposes a value map for every raw value of the sample that is not a stored value', () => {
    const columns = suggestColumns('deals', MAVEN_DEALS);
    expect(suggestValues('deals', MAVEN_DEALS, MAVEN_ROWS, columns)).toEqual({
      stage: { Won: 'won', Lost: 'lost', Engaging: 'open', Prospecting: 'open' },
    });
    // What the user already chose is kept.
    expect(
      suggestValues('deals', MAVEN_DEALS, MAVEN_ROWS, columns, { stage: { Engaging: 'lost' } })
        .stage.Engaging,
    ).toBe('lost');
    // Values that already are stored values need no map.
    expect(suggestValues('deals', ['stage'], [['won'], ['open']], { stage: 'stage' })).toEqual({});
  });
});

describe('date formats', () => {
  it('reads layouts like the API, trailing times ignored, impossible dates refused', () => {
    const us = compileDateFormat('MM/DD/YYYY|MM/DD/YY')!;
    expect(us('03/15/2024')).toBe('2024-03-15');
    expect(us('3/5/24 10:22 AM')).toBe('2024-03-05');
    expect(us('02/30/2024')).toBeNull();
    expect(us('1/1/70')).toBe('1970-01-01');
    expect(compileDateFormat('DD.MM.YYYY')!('31.01.2024')).toBe('2024-01-31');
    expect(compileDateFormat('YYYY')).toBeNull();
  });

  it('detects the layout of the file’s date columns, ISO needing none', () => {
    const columns = { created_on: 'created', closed_on: 'closed' };
    const header = ['created', 'closed'];
    expect(
      detectDateFormat('deals', header, [['2024-01-02', '2024-02-03 10:00']], columns),
    ).toEqual({
      format: '',
      ambiguous: false,
    });
    expect(detectDateFormat('deals', header, [['01/13/2024', '']], columns)).toEqual({
      format: 'MM/DD/YYYY',
      ambiguous: false,
    });
    expect(detectDateFormat('deals', header, [['01/02/2024', '']], columns)).toEqual({
      format: 'MM/DD/YYYY',
      ambiguous: true,
    });
    expect(detectDateFormat('deals', header, [['13/01/2024', '']], columns).format).toBe(
      'DD/MM/YYYY',
    );
    expect(detectDateFormat('deals', header, [['1/13/24', '']], columns).format).toBe('MM/DD/YY');
    expect(detectDateFormat('deals', header, [['yesterday', '']], columns).format).toBeNull();
  });
});

describe('client-side preview', () => {
  const draft = (over: Partial<MappingDraft> = {}): MappingDraft => ({
    ...suggestDraft('deals', MAVEN_DEALS, MAVEN_ROWS),
    ...over,
  });
  const value = (p: ReturnType<typeof previewRows>, row: number, field: string) =>
    p.rows[row].cells[p.fields.findIndex((f) => f.name === field)];

  it('applies columns, value maps and defaults, and flags what the API will refuse', () => {
    const p = previewRows('deals', MAVEN_DEALS, MAVEN_ROWS, draft({ defaults: { amount: '0' } }));
    expect(p.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(value(p, 0, 'deal_id')).toEqual({ value: '1C1I7A6R', problem: null });
    expect(value(p, 0, 'stage')).toEqual({ value: 'won', problem: null });
    expect(value(p, 0, 'stage_name')).toEqual({ value: 'Won', problem: null });
    expect(value(p, 0, 'amount')).toEqual({ value: '1054', problem: null });
    expect(value(p, 2, 'stage')).toEqual({ value: 'open', problem: null });
    expect(value(p, 2, 'amount')).toEqual({ value: '0', problem: null }); // the default
    expect(value(p, 2, 'account_id')).toEqual({ value: null, problem: 'required' });
    expect(value(p, 3, 'created_on')).toEqual({ value: null, problem: 'required' });
    expect(value(p, 0, 'type')).toEqual({ value: null, problem: null }); // the API's default applies
    expect(p.unused).toEqual(['product']);
    expect(p.missing).toEqual([]);
  });

  it('reads dates in the chosen layout, and flags enum values without a map', () => {
    const header = ['id', 'acct', 'amt', 'st', 'created'];
    const rows = [['D1', 'A1', '1,000', 'Won', '03/15/2024']];
    const d: MappingDraft = {
      columns: {
        deal_id: 'id',
        account_id: 'acct',
        amount: 'amt',
        stage: 'st',
        created_on: 'created',
      },
      values: {},
      date_format: 'MM/DD/YYYY',
      defaults: {},
    };
    const p = previewRows('deals', header, rows, d);
    expect(value(p, 0, 'created_on')).toEqual({ value: '2024-03-15', problem: null });
    expect(value(p, 0, 'stage').problem).toBe('not one of open, won, lost');
    expect(value(p, 0, 'amount').problem).toContain('not an amount');
    const noFormat = previewRows('deals', header, rows, { ...d, date_format: '' });
    expect(value(noFormat, 0, 'created_on')).toEqual({
      value: '03/15/2024',
      problem: 'not a date (set the date format)',
    });
  });

  it('without a mapping reads the columns of the same name, and names missing required fields', () => {
    const p = previewRows(
      'partners',
      ['partner_id', 'name', 'colour'],
      [['P1', 'Acme', 'red']],
      null,
    );
    expect(value(p, 0, 'partner_id').value).toBe('P1');
    expect(value(p, 0, 'type').problem).toBe('required');
    expect(p.missing).toEqual(['type']);
    expect(p.unused).toEqual(['colour']);
  });

  it('shows only the first rows', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`P${i}`, 'n', 'si']);
    expect(previewRows('partners', ['partner_id', 'name', 'type'], rows, null).rows).toHaveLength(
      10,
    );
  });
});

describe('saving and loading mappings', () => {
  it('saves only what is set, for the entity', () => {
    const d: MappingDraft = {
      columns: { deal_id: 'opportunity_id', name: '', stage: 'deal_stage', bogus: 'x' },
      values: { stage: { Won: 'won', Odd: '' }, type: {} },
      date_format: ' MM/DD/YYYY ',
      defaults: { amount: '0', type: ' ' },
    };
    expect(draftToMapping('deals', d)).toEqual({
      entity: 'deals',
      columns: { deal_id: 'opportunity_id', stage: 'deal_stage' },
      values: { stage: { Won: 'won' } },
      date_format: 'MM/DD/YYYY',
      defaults: { amount: '0' },
    });
    expect(
      draftToMapping('accounts', { columns: {}, values: {}, date_format: '', defaults: {} }),
    ).toEqual({
      entity: 'accounts',
    });
  });

  it('loads a saved mapping into the editor (the first of alternative columns)', () => {
    expect(
      mappingToDraft({
        columns: { deal_id: ['Id', 'Opportunity ID'], stage: 'deal_stage' },
        values: { stage: { Won: 'won' } },
        defaults: { type: 'new_business' },
      }),
    ).toEqual({
      columns: { deal_id: 'Id', stage: 'deal_stage' },
      values: { stage: { Won: 'won' } },
      date_format: '',
      defaults: { type: 'new_business' },
    });
  });

  it('offers a saved mapping for the entity it was made for, or whose fields it has', () => {
    expect(mappingFits('deals', { entity: 'deals' })).toBe(true);
    expect(mappingFits('accounts', { entity: 'deals' })).toBe(false);
    expect(mappingFits('accounts', { columns: { account_id: 'Id', name: 'Name' } })).toBe(true);
    expect(mappingFits('accounts', { columns: { deal_id: 'Id' } })).toBe(false);
    expect(mappingFits('accounts', undefined)).toBe(false);
  });

  it('names a new mapping after the entity and the file', () => {
    expect(suggestMappingName('deals', 'sales_pipeline.csv')).toBe('deals-sales_pipeline');
    expect(suggestMappingName('accounts', 'My Export (2024).csv')).toBe('accounts-My-Export-2024');
    expect(suggestMappingName('spend', '.csv')).toBe('spend-mapping');
  });
});
