// Small row builders for hand-written test datasets: every field has a plain default, so
// a test states only what matters to it.
import type {
  Account,
  ArrRow,
  Attachment,
  Dataset,
  Deal,
  Partner,
  SpendRow,
  Touch,
} from '../types.js';

export function makePartner(partner_id: string, fields: Partial<Partner> = {}): Partner {
  return {
    partner_id,
    name: `Partner ${partner_id}`,
    type: 'reseller',
    tier: null,
    status: 'active',
    joined_on: null,
    ...fields,
  };
}

export function makeAccount(account_id: string, fields: Partial<Account> = {}): Account {
  return { account_id, name: `Account ${account_id}`, segment: null, region: null, ...fields };
}

/**
 * A deal: by default a won new-business deal of account A1 for 0, created 2026-01-01 and
 * closed 2026-02-01. An open deal gets closed_on null unless given.
 */
export function makeDeal(deal_id: string, fields: Partial<Deal> = {}): Deal {
  const stage = fields.stage ?? 'won';
  return {
    deal_id,
    account_id: 'A1',
    name: null,
    amount: '0',
    type: 'new_business',
    stage,
    stage_name: null,
    created_on: '2026-01-01',
    closed_on: stage === 'open' ? null : '2026-02-01',
    expected_close_on: null,
    sourcing_partner_id: null,
    ...fields,
  };
}

export function makeTouch(
  deal_id: string,
  partner_id: string,
  touched_on: string,
  touch_type: Touch['touch_type'] = 'co_sell',
): Touch {
  return { deal_id, partner_id, touch_type, touched_on };
}

export function makeArr(account_id: string, month: string, arr: string): ArrRow {
  return { account_id, month, arr };
}

export function makeAttachment(
  account_id: string,
  partner_id: string,
  since: string,
  until: string | null = null,
  relation: Attachment['relation'] = 'integration',
): Attachment {
  return { account_id, partner_id, relation, since, until };
}

export function makeSpend(
  month: string,
  motion: SpendRow['motion'],
  amount: string,
  category = 'salaries',
): SpendRow {
  return { month, motion, category, amount };
}

/** A dataset with empty arrays for whatever is not given. */
export function makeDataset(rows: Partial<Dataset> = {}): Dataset {
  return {
    partners: [],
    accounts: [],
    deals: [],
    touches: [],
    arr: [],
    attachments: [],
    spend: [],
    ...rows,
  };
}
