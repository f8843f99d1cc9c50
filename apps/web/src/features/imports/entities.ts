// The import contract (docs/spec/data-model.md) as the import page needs it: the entities in
// the order that always works, and each entity's fields with their kind, whether they are
// required, their enum values and default. The API has no route that lists its entity specs
// (apps/api/src/imports/entity-specs.ts), so the fields are written here once; the enum values
// come from the shared library so they cannot drift.
import {
  ATTACHMENT_RELATIONS,
  DEAL_STAGES,
  DEAL_TYPES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  SPEND_MOTIONS,
  TOUCH_TYPES,
} from '@partner-kpi/metrics';

export const ENTITIES = [
  'partners',
  'accounts',
  'deals',
  'touches',
  'arr',
  'attachments',
  'spend',
] as const;
export type Entity = (typeof ENTITIES)[number];

export function isEntity(value: string): value is Entity {
  return (ENTITIES as readonly string[]).includes(value);
}

export type FieldKind = 'id' | 'text' | 'enum' | 'date' | 'month' | 'money';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Required only in some rows (closed_on of won/lost deals): explained in `note`. */
  note?: string;
  values?: readonly string[];
  /** What the API stores when the field is absent. */
  default?: string;
}

export interface EntitySpec {
  entity: Entity;
  label: string;
  /** What one row is, for the entity picker. */
  description: string;
  key: readonly string[];
  fields: readonly FieldSpec[];
  /** Entities whose ids these rows point to (import those first). */
  references: readonly Entity[];
}

const id = (name: string, required = true): FieldSpec => ({ name, kind: 'id', required });
const text = (name: string, required = false): FieldSpec => ({ name, kind: 'text', required });
const date = (name: string, required = false, note?: string): FieldSpec => ({
  name,
  kind: 'date',
  required,
  note,
});
const month = (name: string): FieldSpec => ({ name, kind: 'month', required: true });
const money = (name: string): FieldSpec => ({ name, kind: 'money', required: true });
const oneOf = (
  name: string,
  values: readonly string[],
  required: boolean,
  dflt?: string,
): FieldSpec => ({ name, kind: 'enum', required, values, default: dflt });

export const ENTITY_SPECS: Record<Entity, EntitySpec> = {
  partners: {
    entity: 'partners',
    label: 'Partners',
    description: 'one row per partner company',
    key: ['partner_id'],
    references: [],
    fields: [
      id('partner_id'),
      text('name', true),
      oneOf('type', PARTNER_TYPES, true),
      text('tier'),
      oneOf('status', PARTNER_STATUSES, false, 'active'),
      date('joined_on'),
      text('owner'),
    ],
  },
  accounts: {
    entity: 'accounts',
    label: 'Accounts',
    description: 'customers and prospects',
    key: ['account_id'],
    references: [],
    fields: [
      id('account_id'),
      text('name', true),
      text('segment'),
      text('region'),
      text('industry'),
    ],
  },
  deals: {
    entity: 'deals',
    label: 'Deals',
    description: 'CRM opportunities',
    key: ['deal_id'],
    references: ['accounts', 'partners'],
    fields: [
      id('deal_id'),
      id('account_id'),
      text('name'),
      money('amount'),
      text('currency'),
      oneOf('type', DEAL_TYPES, false, 'new_business'),
      oneOf('stage', DEAL_STAGES, true),
      text('stage_name'),
      date('created_on', true),
      date('closed_on', false, 'required when stage is won or lost, empty for open deals'),
      date('expected_close_on'),
      id('sourcing_partner_id', false),
      text('owner'),
    ],
  },
  touches: {
    entity: 'touches',
    label: 'Touches',
    description: 'partner influence on deals',
    key: ['deal_id', 'partner_id', 'touch_type', 'touched_on'],
    references: ['deals', 'partners'],
    fields: [
      id('deal_id'),
      id('partner_id'),
      oneOf('touch_type', TOUCH_TYPES, true),
      date('touched_on', true),
    ],
  },
  arr: {
    entity: 'arr',
    label: 'ARR',
    description: 'monthly ARR snapshots per account',
    key: ['account_id', 'month'],
    references: ['accounts'],
    fields: [id('account_id'), month('month'), money('arr')],
  },
  attachments: {
    entity: 'attachments',
    label: 'Attachments',
    description: 'partners attached to a customer',
    key: ['account_id', 'partner_id', 'relation'],
    references: ['accounts', 'partners'],
    fields: [
      id('account_id'),
      id('partner_id'),
      oneOf('relation', ATTACHMENT_RELATIONS, true),
      date('since', true),
      date('until'),
    ],
  },
  spend: {
    entity: 'spend',
    label: 'Spend',
    description: 'go-to-market spend per month',
    key: ['month', 'motion', 'category'],
    references: [],
    fields: [
      month('month'),
      oneOf('motion', SPEND_MOTIONS, true),
      text('category', true),
      money('amount'),
    ],
  },
};
