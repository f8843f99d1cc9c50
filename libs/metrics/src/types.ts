// Input rows of the metric definitions: the entities of docs/spec/data-model.md, with
// the field names of the import contract (snake_case). Dates are 'YYYY-MM-DD' strings,
// months 'YYYY-MM', money an exact decimal string ('1234.50'), never a binary float.

/** Partner `type` (data-model.md, partners). */
export const PARTNER_TYPES = [
  'reseller',
  'distributor',
  'msp',
  'isv',
  'si',
  'agency',
  'referral',
  'marketplace',
  'alliance',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const PARTNER_STATUSES = ['active', 'inactive'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const DEAL_TYPES = ['new_business', 'expansion', 'renewal'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const DEAL_STAGES = ['open', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export const TOUCH_TYPES = [
  'referral',
  'co_sell',
  'technical_validation',
  'marketplace',
  'services',
  'deal_registration',
  'intro',
  'other',
] as const;
export type TouchType = (typeof TOUCH_TYPES)[number];

export const ATTACHMENT_RELATIONS = [
  'integration',
  'services',
  'reseller_of_record',
  'marketplace',
] as const;
export type AttachmentRelation = (typeof ATTACHMENT_RELATIONS)[number];

export const SPEND_MOTIONS = ['partner', 'direct', 'shared'] as const;
export type SpendMotion = (typeof SPEND_MOTIONS)[number];

/** The deal classes of metrics.md ("Deal classes"); `other` only exists under partner filters. */
export const DEAL_CLASSES = ['sourced', 'influenced', 'direct', 'other'] as const;
export type DealClass = (typeof DEAL_CLASSES)[number];

export interface Partner {
  partner_id: string;
  name: string;
  type: PartnerType;
  tier: string | null;
  status: PartnerStatus;
  joined_on: string | null;
}

export interface Account {
  account_id: string;
  name: string;
  segment: string | null;
  region: string | null;
}

export interface Deal {
  deal_id: string;
  account_id: string;
  name: string | null;
  /** Annualised contract value, exact decimal string, >= 0. */
  amount: string;
  type: DealType;
  stage: DealStage;
  stage_name: string | null;
  created_on: string;
  /** Set for won/lost deals, null for open ones. */
  closed_on: string | null;
  expected_close_on: string | null;
  sourcing_partner_id: string | null;
}

export interface Touch {
  deal_id: string;
  partner_id: string;
  touch_type: TouchType;
  touched_on: string;
}

export interface ArrRow {
  account_id: string;
  /** 'YYYY-MM' */
  month: string;
  /** ARR at the end of the month, exact decimal string, >= 0. */
  arr: string;
}

export interface Attachment {
  account_id: string;
  partner_id: string;
  relation: AttachmentRelation;
  since: string;
  /** null = still attached. */
  until: string | null;
}

export interface SpendRow {
  /** 'YYYY-MM' */
  month: string;
  motion: SpendMotion;
  category: string;
  amount: string;
}

export interface Settings {
  reporting_currency: string;
  /** 1..12; the fiscal year is named after the calendar year it ends in. */
  fiscal_year_start_month: number;
  /** 0 < x <= 1, used for CAC payback. */
  gross_margin: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  reporting_currency: 'USD',
  fiscal_year_start_month: 1,
  gross_margin: 0.8,
};

/**
 * Filters of metrics.md ("Filters"). Each list is an OR of exact values; the lists are
 * ANDed together. An empty or absent list means "no filter".
 */
export interface Filters {
  segment?: readonly string[];
  region?: readonly string[];
  partner_type?: readonly string[];
  partner_tier?: readonly string[];
  partner_id?: readonly string[];
}

export const FILTER_KEYS = [
  'segment',
  'region',
  'partner_type',
  'partner_tier',
  'partner_id',
] as const satisfies readonly (keyof Filters)[];

export interface Dataset {
  partners: readonly Partner[];
  accounts: readonly Account[];
  deals: readonly Deal[];
  touches: readonly Touch[];
  arr: readonly ArrRow[];
  attachments: readonly Attachment[];
  spend: readonly SpendRow[];
}

/** A closed interval of dates `[from, to]` ('YYYY-MM-DD', inclusive at both ends). */
export interface Period {
  from: string;
  to: string;
}
