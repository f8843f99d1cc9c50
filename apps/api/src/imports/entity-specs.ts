/**
 * The import contract of docs/spec/data-model.md as data: one spec per entity, read by the
 * row validator, the staging/merge SQL and the API docs. Column order here is table order.
 */
export type FieldKind = 'id' | 'text' | 'enum' | 'date' | 'month' | 'money';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  values?: readonly string[];
  /** Value stored when the field is absent (the contract's default). */
  default?: string;
  /** SQL type of the column (for the staging table). */
  sqlType: 'text' | 'date' | 'numeric(19,4)';
}

export interface ReferenceSpec {
  field: string;
  entity: EntityName;
  column: string;
}

export interface EntitySpec {
  entity: EntityName;
  table: string;
  key: readonly string[];
  fields: readonly FieldSpec[];
  /** Ids this entity's rows point to (must exist). */
  references: readonly ReferenceSpec[];
}

export const ENTITY_NAMES = ['partners', 'accounts', 'deals', 'touches', 'arr', 'attachments', 'spend'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export const PARTNER_TYPES = ['reseller', 'distributor', 'msp', 'isv', 'si', 'agency', 'referral', 'marketplace', 'alliance'] as const;
export const PARTNER_STATUSES = ['active', 'inactive'] as const;
export const DEAL_TYPES = ['new_business', 'expansion', 'renewal'] as const;
export const DEAL_STAGES = ['open', 'won', 'lost'] as const;
export const TOUCH_TYPES = ['referral', 'co_sell', 'technical_validation', 'marketplace', 'services', 'deal_registration', 'intro', 'other'] as const;
export const RELATIONS = ['integration', 'services', 'reseller_of_record', 'marketplace'] as const;
export const MOTIONS = ['partner', 'direct', 'shared'] as const;

const id = (name: string, required = true): FieldSpec => ({ name, kind: 'id', required, sqlType: 'text' });
const text = (name: string, required = false): FieldSpec => ({ name, kind: 'text', required, sqlType: 'text' });
const date = (name: string, required = false): FieldSpec => ({ name, kind: 'date', required, sqlType: 'date' });
const month = (name: string): FieldSpec => ({ name, kind: 'month', required: true, sqlType: 'date' });
const money = (name: string): FieldSpec => ({ name, kind: 'money', required: true, sqlType: 'numeric(19,4)' });
const oneOf = (name: string, values: readonly string[], required: boolean, dflt?: string): FieldSpec => ({
  name, kind: 'enum', required, values, default: dflt, sqlType: 'text',
});

export const ENTITY_SPECS: Record<EntityName, EntitySpec> = {
  partners: {
    entity: 'partners', table: 'partners', key: ['partner_id'], references: [],
    fields: [id('partner_id'), text('name', true), oneOf('type', PARTNER_TYPES, true), text('tier'),
      oneOf('status', PARTNER_STATUSES, false, 'active'), date('joined_on'), text('owner')],
  },
  accounts: {
    entity: 'accounts', table: 'accounts', key: ['account_id'], references: [],
    fields: [id('account_id'), text('name', true), text('segment'), text('region'), text('industry')],
  },
  deals: {
    entity: 'deals', table: 'deals', key: ['deal_id'],
    references: [
      { field: 'account_id', entity: 'accounts', column: 'account_id' },
      { field: 'sourcing_partner_id', entity: 'partners', column: 'partner_id' },
    ],
    fields: [id('deal_id'), id('account_id'), text('name'), money('amount'), text('currency'),
      oneOf('type', DEAL_TYPES, false, 'new_business'), oneOf('stage', DEAL_STAGES, true), text('stage_name'),
      date('created_on', true), date('closed_on'), date('expected_close_on'), id('sourcing_partner_id', false), text('owner')],
  },
  touches: {
    entity: 'touches', table: 'touches', key: ['deal_id', 'partner_id', 'touch_type', 'touched_on'],
    references: [
      { field: 'deal_id', entity: 'deals', column: 'deal_id' },
      { field: 'partner_id', entity: 'partners', column: 'partner_id' },
    ],
    fields: [id('deal_id'), id('partner_id'), oneOf('touch_type', TOUCH_TYPES, true), date('touched_on', true)],
  },
  arr: {
    entity: 'arr', table: 'arr', key: ['account_id', 'month'],
    references: [{ field: 'account_id', entity: 'accounts', column: 'account_id' }],
    fields: [id('account_id'), month('month'), money('arr')],
  },
  attachments: {
    entity: 'attachments', table: 'attachments', key: ['account_id', 'partner_id', 'relation'],
    references: [
      { field: 'account_id', entity: 'accounts', column: 'account_id' },
      { field: 'partner_id', entity: 'partners', column: 'partner_id' },
    ],
    fields: [id('account_id'), id('partner_id'), oneOf('relation', RELATIONS, true), date('since', true), date('until')],
  },
  spend: {
    entity: 'spend', table: 'spend', key: ['month', 'motion', 'category'], references: [],
    fields: [month('month'), oneOf('motion', MOTIONS, true), { ...text('category', true) }, money('amount')],
  },
};

/** Who points at an entity: what a `mode=replace` must not orphan. */
export function dependentsOf(entity: EntityName): { spec: EntitySpec; ref: ReferenceSpec }[] {
  const out: { spec: EntitySpec; ref: ReferenceSpec }[] = [];
  for (const name of ENTITY_NAMES) {
    for (const ref of ENTITY_SPECS[name].references) {
      if (ref.entity === entity) out.push({ spec: ENTITY_SPECS[name], ref });
    }
  }
  return out;
}

export function isEntityName(value: string): value is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(value);
}
