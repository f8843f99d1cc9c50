import type { EntityName } from '../imports/entity-specs.js';
import type { ColumnMapping, RowRule } from './mapping.js';

/** One entity of a preset: a mapping plus the rules a plain mapping cannot express. */
export interface PresetEntity {
  mapping: ColumnMapping;
  rules: readonly RowRule[];
  /** Source columns the rules read. */
  ruleColumns: readonly string[];
  /** The rules may name the catch-all partner, which the import then creates if missing. */
  usesCatchAllPartner?: boolean;
}

export interface Preset {
  name: string;
  description: string;
  entities: Partial<Record<EntityName, PresetEntity>>;
}

/** The catch-all partner of deals a CRM says came from a partner without naming one. */
export const UNATTRIBUTED_PARTNER = {
  partner_id: 'unattributed-partner',
  name: 'Unattributed partner (catch-all)',
  type: 'referral',
} as const;

export const MAPPING_WARNINGS: Record<string, string> = {
  blank_amount: 'Amount was blank: imported as 0 (the deal counts in win rates; fill the amount in the CRM)',
  unattributed_partner: `the lead source says Partner but no partner is named: sourced by the catch-all partner ${UNATTRIBUTED_PARTNER.partner_id}`,
  unknown_type_defaulted: 'deal type not recognised: imported as new_business',
  several_companies: 'the deal is associated with several companies: the first one is used as account_id',
  unattributed_partner_created: `the catch-all partner ${UNATTRIBUTED_PARTNER.partner_id} (type referral) did not exist and was created`,
};

const US_DATES = 'MM/DD/YYYY|MM/DD/YY';
const truthy = (v: string | undefined) => v !== undefined && /^(true|1|yes|y)$/i.test(v);
const first = (raw: (c: string) => string | undefined, columns: readonly string[]) => {
  for (const c of columns) {
    const v = raw(c);
    if (v !== undefined) return v;
  }
  return undefined;
};

/** `close` is closed_on of a closed deal and expected_close_on of an open one. */
function placeCloseDate(out: Map<string, string | undefined>, close: string | undefined): void {
  if (out.get('stage') === 'open') {
    out.set('expected_close_on', close);
    out.set('closed_on', undefined);
  } else {
    out.set('closed_on', close);
  }
}

function blankAmountIsZero(out: Map<string, string | undefined>, warn: (code: string) => void): void {
  if (out.get('amount') === undefined) {
    out.set('amount', '0');
    warn('blank_amount');
  }
}

/** Maps a CRM's deal type; an unknown non-empty value becomes new_business with a warning. */
function dealType(table: Record<string, string>, columns: readonly string[]): RowRule {
  const lower = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v]));
  return (raw, out, warn) => {
    const t = first(raw, columns);
    if (t === undefined) return;
    const mapped = lower.get(t.toLowerCase());
    if (mapped) out.set('type', mapped);
    else {
      out.set('type', 'new_business');
      warn('unknown_type_defaulted');
    }
  };
}

const SF = {
  isClosed: ['IsClosed', 'Closed'],
  isWon: ['IsWon', 'Won'],
  stageName: ['StageName', 'Stage'],
  closeDate: ['CloseDate', 'Close Date'],
  leadSource: ['LeadSource', 'Lead Source'],
  type: ['Type', 'Opportunity Type'],
};

const salesforceDeals: PresetEntity = {
  mapping: {
    columns: {
      deal_id: ['Id', 'Opportunity ID', 'Opportunity Id'],
      account_id: ['AccountId', 'Account ID', 'Account Id'],
      name: ['Name', 'Opportunity Name'],
      stage_name: SF.stageName,
      amount: ['Amount'],
      created_on: ['CreatedDate', 'Created Date'],
      sourcing_partner_id: ['PartnerAccountId', 'Partner Account ID', 'Partner Account Id'],
      owner: ['OwnerId', 'Opportunity Owner', 'Owner'],
      currency: ['CurrencyIsoCode', 'Opportunity Currency'],
    },
    date_format: US_DATES,
  },
  ruleColumns: Object.values(SF).flat(),
  usesCatchAllPartner: true,
  rules: [
    // Stage comes from IsClosed/IsWon (the stage names of an org are free text).
    (raw, out) => {
      const closed = first(raw, SF.isClosed);
      if (closed !== undefined) {
        out.set('stage', truthy(closed) ? (truthy(first(raw, SF.isWon)) ? 'won' : 'lost') : 'open');
      } else {
        const name = first(raw, SF.stageName)?.toLowerCase();
        out.set('stage', name === undefined ? undefined : name === 'closed won' ? 'won' : name === 'closed lost' ? 'lost' : 'open');
      }
      placeCloseDate(out, first(raw, SF.closeDate));
    },
    (_raw, out, warn) => blankAmountIsZero(out, warn),
    dealType(
      {
        'New Customer': 'new_business',
        'New Business': 'new_business',
        'Existing Customer - Upgrade': 'expansion',
        'Existing Business': 'expansion',
        Upsell: 'expansion',
        Expansion: 'expansion',
        'Existing Customer - Replacement': 'renewal',
        'Existing Customer - Downgrade': 'renewal',
        Renewal: 'renewal',
      },
      SF.type,
    ),
    // PartnerAccountId names the sourcing partner; a Partner lead source without one goes to the
    // catch-all partner, so partner-sourced revenue works from day one and the gap is visible.
    (raw, out, warn) => {
      if (out.get('sourcing_partner_id') !== undefined) return;
      if (/^partner( referral)?$/i.test(first(raw, SF.leadSource) ?? '')) {
        out.set('sourcing_partner_id', UNATTRIBUTED_PARTNER.partner_id);
        warn('unattributed_partner');
      }
    },
  ],
};

const salesforceAccounts: PresetEntity = {
  mapping: {
    columns: {
      account_id: ['Id', 'Account ID', 'Account Id'],
      name: ['Name', 'Account Name'],
      industry: ['Industry'],
      region: ['BillingCountry', 'Billing Country'],
    },
  },
  rules: [],
  ruleColumns: [],
};

const HS = {
  stage: ['Deal Stage', 'Deal stage'],
  closeDate: ['Close Date', 'Close date'],
  companies: ['Associated Company IDs', 'Associated Company IDs (Primary)', 'Associated Company ID', 'Company ID'],
  type: ['Deal Type', 'Deal type'],
};

const hubspotDeals: PresetEntity = {
  mapping: {
    columns: {
      deal_id: ['Record ID', 'Deal ID'],
      name: ['Deal Name', 'Deal name'],
      stage_name: HS.stage,
      amount: ['Amount'],
      created_on: ['Create Date', 'Create date', 'Created Date'],
      owner: ['Deal owner', 'Deal Owner'],
    },
    date_format: US_DATES,
  },
  ruleColumns: Object.values(HS).flat(),
  rules: [
    (raw, out) => {
      const stage = first(raw, HS.stage)?.toLowerCase().replace(/\s+/g, '');
      out.set('stage', stage === undefined ? undefined : stage === 'closedwon' ? 'won' : stage === 'closedlost' ? 'lost' : 'open');
      placeCloseDate(out, first(raw, HS.closeDate));
    },
    (raw, out, warn) => {
      const ids = first(raw, HS.companies)
        ?.split(/[;,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (!ids?.length) return;
      out.set('account_id', ids[0]);
      if (ids.length > 1) warn('several_companies');
    },
    (_raw, out, warn) => blankAmountIsZero(out, warn),
    dealType(
      { newbusiness: 'new_business', 'New Business': 'new_business', existingbusiness: 'expansion', 'Existing Business': 'expansion', renewal: 'renewal' },
      HS.type,
    ),
  ],
};

const hubspotAccounts: PresetEntity = {
  mapping: {
    columns: {
      account_id: ['Record ID', 'Company ID'],
      name: ['Company name', 'Company Name', 'Name'],
      industry: ['Industry'],
      region: ['Country/Region', 'Country'],
    },
  },
  rules: [],
  ruleColumns: [],
};

/** Built-in presets, usable by name with no setup. */
export const PRESETS: Record<string, Preset> = {
  salesforce: {
    name: 'salesforce',
    description:
      'Salesforce Opportunity (deals) and Account (accounts) exports or reports: stage from IsClosed/IsWon, CloseDate as close or expected close, US dates, blank Amount as 0, PartnerAccountId, LeadSource Partner to the catch-all partner',
    entities: { deals: salesforceDeals, accounts: salesforceAccounts },
  },
  hubspot: {
    name: 'hubspot',
    description: 'HubSpot deals (deals) and companies (accounts) exports: closedwon/closedlost stages, first associated company, blank Amount as 0',
    entities: { deals: hubspotDeals, accounts: hubspotAccounts },
  },
};
