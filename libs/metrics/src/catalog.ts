// The metric catalog: the one source of keys, labels, units and help text for the API and
// the SPA (metrics.md, "API shape": "for every key its label, alignment, unit, better and
// a one-line formula").

export const METRIC_KEYS = [
  // Board headline
  'total_bookings',
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
  'active_partners',
  // CRO: {X} in partner, direct, sourced, influenced
  'win_rate_partner',
  'acv_partner',
  'cycle_days_median_partner',
  'cycle_days_mean_partner',
  'sales_velocity_partner',
  'win_rate_direct',
  'acv_direct',
  'cycle_days_median_direct',
  'cycle_days_mean_direct',
  'sales_velocity_direct',
  'win_rate_sourced',
  'acv_sourced',
  'cycle_days_median_sourced',
  'cycle_days_mean_sourced',
  'sales_velocity_sourced',
  'win_rate_influenced',
  'acv_influenced',
  'cycle_days_median_influenced',
  'cycle_days_mean_influenced',
  'sales_velocity_influenced',
  'win_rate_lift',
  'acv_lift',
  'cycle_time_reduction',
  // CMO
  'new_customers',
  'new_customers_partner',
  'new_customers_direct',
  'blended_cac',
  'partner_cac',
  'direct_cac',
  'cac_reduction',
  'cac_payback_months',
  'lead_win_rate_sourced',
  'lead_win_rate_non_sourced',
  'lead_cycle_days_median_sourced',
  'lead_cycle_days_median_non_sourced',
  // CFO/CCO
  'nrr',
  'grr',
  'logo_churn_rate',
  'revenue_churn_rate',
  'nrr_attached',
  'nrr_unattached',
  'churn_rate_attached',
  'churn_rate_unattached',
  'churn_reduction',
  'partner_spend',
  'partner_program_roi',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Every metric of GET /api/v1/metrics: a number, or null when undefined (zero denominator). */
export type MetricsValues = Record<MetricKey, number | null>;

export const PIPELINE_KEYS = [
  'open_pipeline_partner',
  'open_deals_partner',
  'new_pipeline_partner',
  'won_this_week_partner',
  'lost_this_week_partner',
  'closing_this_quarter_partner',
  'slipped_deals_partner',
  'open_pipeline_direct',
  'open_deals_direct',
  'new_pipeline_direct',
  'won_this_week_direct',
  'lost_this_week_direct',
  'closing_this_quarter_direct',
  'slipped_deals_direct',
] as const;
export type PipelineKey = (typeof PIPELINE_KEYS)[number];

export const ALIGNMENTS = ['board', 'cro', 'cmo', 'cfo'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

export const UNITS = ['currency', 'ratio', 'days', 'count', 'months', 'currency_per_day'] as const;
export type Unit = (typeof UNITS)[number];

export type Better = 'higher' | 'lower';

/** What a drill-down returns: the deals behind the figure, the cohort accounts, or nothing. */
export type DrillKind = 'deals' | 'accounts' | null;

export interface MetricDefinition<K extends string = MetricKey, A extends string = Alignment> {
  key: K;
  label: string;
  alignment: A;
  unit: Unit;
  better: Better;
  /** One line of plain text a CFO can read. */
  formula: string;
  /** True when the figure can be drilled down to the deals behind it. */
  deal_based: boolean;
  drill: DrillKind;
  /**
   * Why the figure is `null` when it is (a ratio over nothing), in a few words the UI shows
   * beside the `—`; null for figures that are never null (sums and counts).
   */
  null_reason: string | null;
}

export type PipelineMetricDefinition = MetricDefinition<PipelineKey, 'pipeline'>;

/** Units whose values are money (rounded to cents in every output). */
export function isMoneyUnit(unit: Unit): boolean {
  return unit === 'currency' || unit === 'currency_per_day';
}

type Entry = Omit<MetricDefinition, 'key' | 'alignment' | 'deal_based'>;

function section<K extends MetricKey>(
  alignment: Alignment,
  entries: Record<K, Entry>,
): Record<K, MetricDefinition> {
  const out = {} as Record<K, MetricDefinition>;
  for (const key of Object.keys(entries) as K[]) {
    const e = entries[key];
    out[key] = { key, alignment, ...e, deal_based: e.drill === 'deals' };
  }
  return out;
}

export const CRO_CLASSES = ['partner', 'direct', 'sourced', 'influenced'] as const;
export type CroClass = (typeof CRO_CLASSES)[number];
export const CRO_MEASURES = [
  'win_rate',
  'acv',
  'cycle_days_median',
  'cycle_days_mean',
  'sales_velocity',
] as const;
export type CroMeasure = (typeof CRO_MEASURES)[number];
type CroKey = `${CroMeasure}_${CroClass}` & MetricKey;

const CRO_CLASS_TEXT: Record<CroClass, { label: string; deals: string }> = {
  partner: { label: 'partner', deals: 'partner-sourced or partner-influenced' },
  direct: { label: 'direct', deals: 'direct (no partner)' },
  sourced: { label: 'partner-sourced', deals: 'partner-sourced' },
  influenced: { label: 'partner-influenced', deals: 'partner-influenced' },
};

/** The 20 `{measure}_{X}` entries of the CRO table. */
function croEntries(): Record<CroKey, Entry> {
  const entries = {} as Record<CroKey, Entry>;
  for (const x of CRO_CLASSES) addCroEntries(entries, x);
  return entries;
}

function addCroEntries(entries: Record<CroKey, Entry>, x: CroClass): void {
  const { label, deals } = CRO_CLASS_TEXT[x];
  const scope = `new-business ${deals} deals closing in the period`;
  const noneClosed = `no closed ${label} new-business deals in the period`;
  const noneWon = `no won ${label} new-business deals in the period`;
  entries[`win_rate_${x}`] = {
    label: `Win rate (${label})`,
    unit: 'ratio',
    better: 'higher',
    formula: `Won / (won + lost) ${scope}`,
    drill: 'deals',
    null_reason: noneClosed,
  };
  entries[`acv_${x}`] = {
    label: `ACV (${label})`,
    unit: 'currency',
    better: 'higher',
    formula: `Mean amount of the won ${scope}`,
    drill: 'deals',
    null_reason: noneWon,
  };
  entries[`cycle_days_median_${x}`] = {
    label: `Median sales cycle (${label})`,
    unit: 'days',
    better: 'lower',
    formula: `Median days from created to closed of the won ${scope}`,
    drill: 'deals',
    null_reason: noneWon,
  };
  entries[`cycle_days_mean_${x}`] = {
    label: `Mean sales cycle (${label})`,
    unit: 'days',
    better: 'lower',
    formula: `Mean days from created to closed of the won ${scope}`,
    drill: 'deals',
    null_reason: noneWon,
  };
  entries[`sales_velocity_${x}`] = {
    label: `Sales velocity (${label})`,
    unit: 'currency_per_day',
    better: 'higher',
    formula: `Closed deals × win rate × ACV / mean sales cycle, over ${scope}`,
    drill: 'deals',
    null_reason: `${noneWon}, or a mean cycle of 0 days`,
  };
}

const BOARD = section('board', {
  total_bookings: {
    label: 'Total bookings',
    unit: 'currency',
    better: 'higher',
    formula: 'Sum of amount of won new-business and expansion deals closing in the period',
    drill: 'deals',
    null_reason: null,
  },
  partner_sourced_revenue: {
    label: 'Partner-sourced revenue',
    unit: 'currency',
    better: 'higher',
    formula: 'Sum of amount of won bookings deals closing in the period that a partner sourced',
    drill: 'deals',
    null_reason: null,
  },
  partner_influenced_revenue: {
    label: 'Partner-influenced revenue',
    unit: 'currency',
    better: 'higher',
    formula:
      'Sum of amount of won bookings deals closing in the period, not partner-sourced, that a partner touched before close',
    drill: 'deals',
    null_reason: null,
  },
  partner_attributed_revenue: {
    label: 'Partner-attributed revenue',
    unit: 'currency',
    better: 'higher',
    formula: 'Partner-sourced revenue + partner-influenced revenue',
    drill: 'deals',
    null_reason: null,
  },
  partner_share_of_bookings: {
    label: 'Partner share of bookings',
    unit: 'ratio',
    better: 'higher',
    formula: 'Partner-attributed revenue / total bookings',
    drill: 'deals',
    null_reason: 'no bookings in the period',
  },
  active_partners: {
    label: 'Active partners',
    unit: 'count',
    better: 'higher',
    formula: 'Partners that sourced a deal created in the period or touched a deal in the period',
    drill: null,
    null_reason: null,
  },
});

const CRO = section('cro', {
  ...croEntries(),
  win_rate_lift: {
    label: 'Win-rate lift',
    unit: 'ratio',
    better: 'higher',
    formula: 'Partner win rate / direct win rate (2.0 = partners double the win rate)',
    drill: 'deals',
    null_reason: 'no closed partner or direct deals in the period, or a direct win rate of 0',
  },
  acv_lift: {
    label: 'ACV lift',
    unit: 'ratio',
    better: 'higher',
    formula: 'Partner ACV / direct ACV',
    drill: 'deals',
    null_reason: 'no won partner or direct deals in the period',
  },
  cycle_time_reduction: {
    label: 'Cycle-time reduction',
    unit: 'ratio',
    better: 'higher',
    formula: '1 − partner median sales cycle / direct median sales cycle (0.25 = 25% faster)',
    drill: 'deals',
    null_reason: 'no won partner or direct deals in the period, or a direct median of 0 days',
  },
});

const CMO = section('cmo', {
  new_customers: {
    label: 'New customers',
    unit: 'count',
    better: 'higher',
    formula: 'Accounts whose first won deal closes in the period',
    drill: 'deals',
    null_reason: null,
  },
  new_customers_partner: {
    label: 'New customers (partner-acquired)',
    unit: 'count',
    better: 'higher',
    formula: 'New customers whose first won deal is partner-sourced or partner-influenced',
    drill: 'deals',
    null_reason: null,
  },
  new_customers_direct: {
    label: 'New customers (direct-acquired)',
    unit: 'count',
    better: 'higher',
    formula: 'New customers whose first won deal involved no partner',
    drill: 'deals',
    null_reason: null,
  },
  blended_cac: {
    label: 'Blended CAC',
    unit: 'currency',
    better: 'lower',
    formula: 'All go-to-market spend in the period / new customers',
    drill: 'deals',
    null_reason: 'no new customers in the period',
  },
  partner_cac: {
    label: 'Partner CAC',
    unit: 'currency',
    better: 'lower',
    formula:
      '(Partner spend + shared spend × partner-acquired / new customers) / partner-acquired new customers',
    drill: 'deals',
    null_reason: 'no partner-acquired new customers in the period',
  },
  direct_cac: {
    label: 'Direct CAC',
    unit: 'currency',
    better: 'lower',
    formula:
      '(Direct spend + shared spend × direct-acquired / new customers) / direct-acquired new customers',
    drill: 'deals',
    null_reason: 'no direct-acquired new customers in the period',
  },
  cac_reduction: {
    label: 'CAC reduction',
    unit: 'ratio',
    better: 'higher',
    formula: '1 − partner CAC / direct CAC',
    drill: 'deals',
    null_reason: 'no partner- or no direct-acquired new customers in the period',
  },
  cac_payback_months: {
    label: 'CAC payback',
    unit: 'months',
    better: 'lower',
    formula: 'Blended CAC / (mean first-win amount / 12 × gross margin)',
    drill: 'deals',
    null_reason: 'no new customers in the period',
  },
  lead_win_rate_sourced: {
    label: 'Lead win rate (partner-sourced)',
    unit: 'ratio',
    better: 'higher',
    formula: 'Won / (won + lost) new-business partner-sourced deals closing in the period',
    drill: 'deals',
    null_reason: 'no closed partner-sourced deals in the period',
  },
  lead_win_rate_non_sourced: {
    label: 'Lead win rate (not partner-sourced)',
    unit: 'ratio',
    better: 'higher',
    formula: 'Won / (won + lost) new-business deals closing in the period that no partner sourced',
    drill: 'deals',
    null_reason: 'no closed deals without a sourcing partner in the period',
  },
  lead_cycle_days_median_sourced: {
    label: 'Median lead cycle (partner-sourced)',
    unit: 'days',
    better: 'lower',
    formula: 'Median days from created to closed of won new-business partner-sourced deals',
    drill: 'deals',
    null_reason: 'no won partner-sourced deals in the period',
  },
  lead_cycle_days_median_non_sourced: {
    label: 'Median lead cycle (not partner-sourced)',
    unit: 'days',
    better: 'lower',
    formula: 'Median days from created to closed of won new-business deals no partner sourced',
    drill: 'deals',
    null_reason: 'no won deals without a sourcing partner in the period',
  },
});

const CFO = section('cfo', {
  nrr: {
    label: 'Net revenue retention',
    unit: 'ratio',
    better: 'higher',
    formula: 'ARR now / ARR 12 months ago, over the accounts that had ARR 12 months ago',
    drill: 'accounts',
    null_reason: 'no account had ARR 12 months before the period end',
  },
  grr: {
    label: 'Gross revenue retention',
    unit: 'ratio',
    better: 'higher',
    formula: "As NRR, with each account's ARR now capped at its ARR 12 months ago",
    drill: 'accounts',
    null_reason: 'no account had ARR 12 months before the period end',
  },
  logo_churn_rate: {
    label: 'Logo churn rate',
    unit: 'ratio',
    better: 'lower',
    formula: 'Accounts with ARR 12 months ago and none now / accounts with ARR 12 months ago',
    drill: 'accounts',
    null_reason: 'no account had ARR 12 months before the period end',
  },
  revenue_churn_rate: {
    label: 'Revenue churn rate',
    unit: 'ratio',
    better: 'lower',
    formula: 'ARR 12 months ago of the churned accounts / ARR 12 months ago of all those accounts',
    drill: 'accounts',
    null_reason: 'no account had ARR 12 months before the period end',
  },
  nrr_attached: {
    label: 'NRR (partner-attached)',
    unit: 'ratio',
    better: 'higher',
    formula: 'NRR of the accounts that had a partner attached 12 months ago',
    drill: 'accounts',
    null_reason: 'no partner-attached account had ARR 12 months before',
  },
  nrr_unattached: {
    label: 'NRR (no partner attached)',
    unit: 'ratio',
    better: 'higher',
    formula: 'NRR of the accounts that had no partner attached 12 months ago',
    drill: 'accounts',
    null_reason: 'no unattached account had ARR 12 months before',
  },
  churn_rate_attached: {
    label: 'Logo churn (partner-attached)',
    unit: 'ratio',
    better: 'lower',
    formula: 'Logo churn rate of the accounts that had a partner attached 12 months ago',
    drill: 'accounts',
    null_reason: 'no partner-attached account had ARR 12 months before',
  },
  churn_rate_unattached: {
    label: 'Logo churn (no partner attached)',
    unit: 'ratio',
    better: 'lower',
    formula: 'Logo churn rate of the accounts that had no partner attached 12 months ago',
    drill: 'accounts',
    null_reason: 'no unattached account had ARR 12 months before',
  },
  churn_reduction: {
    label: 'Churn reduction',
    unit: 'ratio',
    better: 'higher',
    formula: '1 − attached churn rate / unattached churn rate (0.6 = partners cut churn by 60%)',
    drill: 'accounts',
    null_reason: 'no attached or unattached cohort, or no unattached churn',
  },
  partner_spend: {
    label: 'Partner program spend',
    unit: 'currency',
    better: 'lower',
    formula: 'Sum of partner-motion spend in the months of the period',
    drill: null,
    null_reason: null,
  },
  partner_program_roi: {
    label: 'Partner program ROI',
    unit: 'ratio',
    better: 'higher',
    formula: 'Partner-sourced revenue / partner program spend',
    drill: 'deals',
    null_reason: 'no partner spend in the period',
  },
});

/** Every metric of GET /api/v1/metrics, in METRIC_KEYS order. */
export const METRIC_CATALOG: Readonly<Record<MetricKey, MetricDefinition>> = Object.freeze(
  Object.fromEntries(
    METRIC_KEYS.map((k) => [k, { ...BOARD, ...CRO, ...CMO, ...CFO }[k]]),
  ) as Record<MetricKey, MetricDefinition>,
);

type PipelineClass = 'partner' | 'direct';
type PipelineEntry = Omit<
  PipelineMetricDefinition,
  'key' | 'alignment' | 'deal_based' | 'drill' | 'null_reason'
>;

function pipelineEntries(x: PipelineClass): Record<string, PipelineEntry> {
  const deals = x === 'partner' ? 'partner-sourced or partner-influenced' : 'direct';
  const label = x === 'partner' ? 'partner' : 'direct';
  return {
    [`open_pipeline_${x}`]: {
      label: `Open pipeline (${label})`,
      unit: 'currency',
      better: 'higher',
      formula: `Amount of ${deals} deals open at the as-of date`,
    },
    [`open_deals_${x}`]: {
      label: `Open deals (${label})`,
      unit: 'count',
      better: 'higher',
      formula: `Number of ${deals} deals open at the as-of date`,
    },
    [`new_pipeline_${x}`]: {
      label: `New pipeline (${label})`,
      unit: 'currency',
      better: 'higher',
      formula: `Amount of ${deals} deals created in the 7 days ending on the as-of date`,
    },
    [`won_this_week_${x}`]: {
      label: `Won this week (${label})`,
      unit: 'currency',
      better: 'higher',
      formula: `Amount of ${deals} deals won in the 7 days ending on the as-of date`,
    },
    [`lost_this_week_${x}`]: {
      label: `Lost this week (${label})`,
      unit: 'currency',
      better: 'lower',
      formula: `Amount of ${deals} deals lost in the 7 days ending on the as-of date`,
    },
    [`closing_this_quarter_${x}`]: {
      label: `Closing this quarter (${label})`,
      unit: 'currency',
      better: 'higher',
      formula: `Amount of open ${deals} deals expected to close in the fiscal quarter of the as-of date`,
    },
    [`slipped_deals_${x}`]: {
      label: `Slipped deals (${label})`,
      unit: 'count',
      better: 'lower',
      formula: `Open ${deals} deals whose expected close date is before the as-of date`,
    },
  };
}

/** The weekly pipeline review figures (GET /api/v1/pipeline), alignment 'pipeline'. */
export const PIPELINE_CATALOG: Readonly<Record<PipelineKey, PipelineMetricDefinition>> =
  Object.freeze(
    Object.fromEntries(
      PIPELINE_KEYS.map((key) => {
        const e = { ...pipelineEntries('partner'), ...pipelineEntries('direct') }[key];
        const def: PipelineMetricDefinition = {
          key,
          alignment: 'pipeline',
          ...e,
          deal_based: true,
          drill: 'deals',
          // Pipeline figures are amounts and counts: never null.
          null_reason: null,
        };
        return [key, def];
      }),
    ) as Record<PipelineKey, PipelineMetricDefinition>,
  );

const METRIC_KEY_SET: ReadonlySet<string> = new Set(METRIC_KEYS);
const PIPELINE_KEY_SET: ReadonlySet<string> = new Set(PIPELINE_KEYS);

export function isMetricKey(value: string): value is MetricKey {
  return METRIC_KEY_SET.has(value);
}

export function isPipelineKey(value: string): value is PipelineKey {
  return PIPELINE_KEY_SET.has(value);
}

/** `win_rate_partner` → {measure: 'win_rate', cls: 'partner'}; null for other keys. */
export function parseCroKey(key: string): { measure: CroMeasure; cls: CroClass } | null {
  for (const measure of CRO_MEASURES) {
    for (const cls of CRO_CLASSES) {
      if (key === `${measure}_${cls}`) return { measure, cls };
    }
  }
  return null;
}
