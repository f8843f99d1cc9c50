/**
 * Seeded generator of a realistic company dataset in the import contract's field names
 * (docs/spec/data-model.md): the demo a new user loads, and the rows of the import benchmark.
 *
 * Everything is a pure function of the options: no Math.random, no clock (the last day of
 * data is a parameter). Nothing holds all deals: a small context (partners, one deal offset
 * per account) is built from the options, then every account's story (its deals, outcomes,
 * customer periods, churn) is re-derived from (seed, account index) by whichever entity needs
 * it, so each entity streams on its own in a few MB at a million deals.
 *
 * The story, in short: accounts arrive over the years (more each year), each with a few
 * opportunities. About 20% of deals are partner-sourced and 25% partner-influenced (touches);
 * partner deals win about twice as often, are about 1.3x larger and close about 25% faster.
 * A won new-business deal makes the account a customer: monthly ARR from that month, grown by
 * won expansions and price uplifts, cut by contractions, ended by churn (at an anniversary or a
 * lost renewal); a later win-back leaves a gap. Partner-acquired customers are attached to a
 * partner more often, and attached customers churn about half as much and expand more.
 */

// Module-level aliases: hot loops then avoid global lookups (slow inside vm contexts such as Jest's).
const { imul, floor, exp, log, round, min, max, pow } = Math;

export interface GenerateOptions {
  seed: number;
  deals: number;
  /** YYYY-MM-DD, the last day of data (the "today" of the dataset). */
  endDate: string;
  /** Years of history ending at endDate (default 3). */
  years?: number;
}

export type EntityName = 'partners' | 'accounts' | 'deals' | 'touches' | 'arr' | 'attachments' | 'spend';

/** In the contract's import order (each entity only references earlier ones). */
export const GENERATED_ENTITIES: readonly EntityName[] = ['partners', 'accounts', 'deals', 'touches', 'arr', 'attachments', 'spend'];

/** CSV header / record keys of each entity, in the contract's field order. */
export const ENTITY_COLUMNS: Readonly<Record<EntityName, readonly string[]>> = {
  partners: ['partner_id', 'name', 'type', 'tier', 'status', 'joined_on', 'owner'],
  accounts: ['account_id', 'name', 'segment', 'region', 'industry'],
  deals: ['deal_id', 'account_id', 'name', 'amount', 'currency', 'type', 'stage', 'stage_name', 'created_on', 'closed_on', 'expected_close_on', 'sourcing_partner_id', 'owner'],
  touches: ['deal_id', 'partner_id', 'touch_type', 'touched_on'],
  arr: ['account_id', 'month', 'arr'],
  attachments: ['account_id', 'partner_id', 'relation', 'since', 'until'],
  spend: ['month', 'motion', 'category', 'amount'],
};

/** Columns holding free text that may need CSV quoting (names, people); the others never do. */
const TEXT_COLUMNS: Readonly<Record<EntityName, readonly string[]>> = {
  partners: ['name', 'tier', 'owner'],
  accounts: ['name', 'segment', 'region', 'industry'],
  deals: ['name', 'owner'],
  touches: [],
  arr: [],
  attachments: [],
  spend: ['category'],
};

// ---------------------------------------------------------------------------------------------
// Tuning: the shape of the story. Shares are of all deals unless said otherwise.
// ---------------------------------------------------------------------------------------------

const SHARE_SOURCED = 0.2;
const SHARE_INFLUENCED = 0.25;
/** Yearly growth of new accounts (and so of deals and spend). */
const ANNUAL_GROWTH = 1.5;
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'] as const;
const SEGMENT_WEIGHTS = [0.5, 0.33, 0.17];
/** Relative number of opportunities per account and year, per segment. */
const SEGMENT_DEALS = [0.8, 1.1, 1.6];
/** Median first-deal ACV (USD) per segment. */
const ACV_BASE = [12000, 40000, 120000];
/** Median sales cycle (days) of a new-business deal per segment. */
const CYCLE_BASE = [32, 60, 100];
const WIN_SEGMENT = [1.1, 1.0, 0.85];
const WIN_NB_DIRECT = 0.21;
const WIN_NB_SOURCED = 0.43;
const WIN_NB_INFLUENCED = 0.38;
const PARTNER_ACV = 1.3;
const PARTNER_CYCLE = 0.71;
/** Yearly probability of churning at a contract anniversary, per segment (unattached). */
const CHURN_ANNUAL = [0.16, 0.1, 0.06];
/** Attached customers churn this fraction as often. */
const ATTACHED_CHURN = 0.5;
const ATTACH_IF_PARTNER_ACQUIRED = 0.55;
const ATTACH_IF_DIRECT_ACQUIRED = 0.2;
/** Open deals that should have closed (slipped); the rest of the open deals are simply young. */
const STALE_OPEN = 0.12;
const BACKFILL = 0.01;
/** Total go-to-market spend per generated deal (USD), calibrated for a CAC payback of ~1.5 years. */
const SPEND_PER_DEAL = 10000;

const PARTNER_TYPES = ['reseller', 'distributor', 'msp', 'isv', 'si', 'agency', 'referral', 'marketplace', 'alliance'] as const;
type PartnerType = (typeof PARTNER_TYPES)[number];
const PARTNER_TYPE_WEIGHTS: Record<PartnerType, number> = {
  reseller: 22, distributor: 4, msp: 9, isv: 14, si: 16, agency: 7, referral: 17, marketplace: 3, alliance: 8,
};
/** How much each partner type sources, influences (co-sells) and attaches to customers. */
const SOURCE_WEIGHT: Record<PartnerType, number> = {
  reseller: 1.4, distributor: 0.6, msp: 0.7, isv: 0.4, si: 1.0, agency: 0.9, referral: 1.5, marketplace: 1.0, alliance: 0.5,
};
const INFLUENCE_WEIGHT: Record<PartnerType, number> = {
  reseller: 0.9, distributor: 0.5, msp: 1.0, isv: 1.3, si: 1.5, agency: 0.6, referral: 0.3, marketplace: 0.7, alliance: 1.2,
};
const ATTACH_WEIGHT: Record<PartnerType, number> = {
  reseller: 1.0, distributor: 0.3, msp: 1.2, isv: 1.5, si: 1.3, agency: 0.4, referral: 0.15, marketplace: 0.9, alliance: 0.6,
};
const SOURCE_TOUCH: Record<PartnerType, readonly TouchType[]> = {
  reseller: ['deal_registration', 'deal_registration', 'referral'],
  distributor: ['deal_registration'],
  msp: ['referral', 'deal_registration'],
  isv: ['referral', 'intro'],
  si: ['referral', 'deal_registration', 'intro'],
  agency: ['referral', 'intro'],
  referral: ['referral', 'referral', 'intro'],
  marketplace: ['marketplace'],
  alliance: ['intro', 'referral'],
};
const INFLUENCE_TOUCH: Record<PartnerType, readonly TouchType[]> = {
  reseller: ['co_sell', 'co_sell', 'deal_registration', 'services'],
  distributor: ['deal_registration', 'co_sell'],
  msp: ['services', 'co_sell', 'technical_validation'],
  isv: ['technical_validation', 'technical_validation', 'co_sell', 'intro'],
  si: ['services', 'technical_validation', 'co_sell', 'co_sell'],
  agency: ['intro', 'co_sell', 'other'],
  referral: ['intro', 'referral'],
  marketplace: ['marketplace'],
  alliance: ['co_sell', 'technical_validation', 'intro'],
};
const RELATION_OF: Record<PartnerType, readonly Relation[]> = {
  reseller: ['reseller_of_record', 'reseller_of_record', 'services'],
  distributor: ['reseller_of_record'],
  msp: ['services', 'services', 'reseller_of_record'],
  isv: ['integration'],
  si: ['services', 'services', 'integration'],
  agency: ['services'],
  referral: ['services'],
  marketplace: ['marketplace'],
  alliance: ['integration', 'services'],
};
type TouchType = 'referral' | 'co_sell' | 'technical_validation' | 'marketplace' | 'services' | 'deal_registration' | 'intro' | 'other';
type Relation = 'integration' | 'services' | 'reseller_of_record' | 'marketplace';

const TIERS = ['Platinum', 'Gold', 'Silver', 'Registered', ''] as const;
const TIER_WEIGHTS = [7, 18, 35, 35, 5];
const TIER_POPULARITY = [9, 4, 1.6, 0.5, 0.8];

const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'] as const;
const REGION_WEIGHTS = [0.5, 0.28, 0.15, 0.07];
const INDUSTRIES = [
  'Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education', 'Media & Entertainment',
  'Logistics', 'Public Sector', 'Energy', 'Telecommunications', 'Professional Services', 'Hospitality',
] as const;

const WORDS = [
  'Northwind', 'Blue Harbor', 'Silver Peak', 'Redwood', 'Granite', 'Evergreen', 'Summit', 'Pioneer', 'Atlas',
  'Beacon', 'Cedar', 'Crescent', 'Falcon', 'Horizon', 'Ironwood', 'Juniper', 'Keystone', 'Lakeside', 'Meridian',
  'Nimbus', 'Orion', 'Pinnacle', 'Quantum', 'Riverbend', 'Sterling', 'Trident', 'Unity', 'Vanguard', 'Willow',
  'Zenith', 'Apex', 'Brightline', 'Clearwater', 'Daybreak', 'Eastgate', 'Foxglove', 'Goldcrest', 'Highland',
  'Indigo', 'Jade', 'Kestrel', 'Lumen', 'Maple', 'Nova', 'Oakridge', 'Polaris', 'Quarry', 'Rainier', 'Sapphire',
  'Tidewater', 'Upland', 'Vertex', 'Westbrook', 'Yellowpine', 'Alder', 'Bluebird', 'Copperleaf', 'Driftwood',
  'Ember', 'Fjord', 'Glacier', 'Harborview', 'Iris', 'Lighthouse', 'Mosaic', 'Northstar', "O'Connell", 'Prairie',
  'Redstone', 'Seaside', 'Thistle', 'Vista', 'Windmill', 'Aurora', 'Birchwood', 'Canyon', 'Delta', 'Echo',
  'Frontier', 'Hawthorne',
] as const;
/** Second word of an account name, with the industry it suggests (index into INDUSTRIES). */
const ACCOUNT_ROOTS: readonly (readonly [string, number])[] = [
  ['Software', 0], ['Analytics', 0], ['Systems', 0], ['Labs', 0], ['Cloud', 0], ['Data', 0],
  ['Bank', 1], ['Capital', 1], ['Insurance', 1], ['Credit Union', 1], ['Payments', 1], ['Wealth', 1],
  ['Health', 2], ['Clinics', 2], ['Pharma', 2], ['Biotech', 2], ['Medical', 2], ['Dental', 2],
  ['Manufacturing', 3], ['Motors', 3], ['Metals', 3], ['Plastics', 3], ['Aerospace', 3], ['Semiconductors', 3],
  ['Retail', 4], ['Foods', 4], ['Apparel', 4], ['Outfitters', 4], ['Cosmetics', 4], ['Furniture', 4],
  ['University', 5], ['Academy', 5], ['Learning', 5], ['Media', 6], ['Studios', 6], ['Games', 6],
  ['Logistics', 7], ['Freight', 7], ['Shipping', 7], ['County', 8], ['Transit Authority', 8], ['Energy', 9],
  ['Solar', 9], ['Utilities', 9], ['Telecom', 10], ['Wireless', 10], ['Legal', 11], ['Staffing', 11],
  ['Consulting', 11], ['Hotels', 12], ['Resorts', 12], ['Travel', 12],
];
const ACCOUNT_SUFFIXES = ['', ' Inc.', ', Inc.', ' LLC', ', LLC', ' Ltd', ' GmbH', ' Group', ' Corp.', ' S.A.', ' Pty Ltd', ' & Co.'] as const;
const CITIES = [
  'Boston', 'Austin', 'Denver', 'Chicago', 'Seattle', 'Toronto', 'London', 'Berlin', 'Paris', 'Madrid', 'Milan',
  'Dublin', 'Stockholm', 'Zurich', 'Warsaw', 'Sydney', 'Singapore', 'Tokyo', 'Seoul', 'Mumbai', 'Sao Paulo',
  'Mexico City', 'Bogota', 'Santiago', 'Atlanta', 'Dallas', 'Miami', 'Phoenix', 'Vancouver', 'Amsterdam',
  'Lisbon', 'Prague', 'Vienna', 'Oslo', 'Helsinki', 'Auckland', 'Jakarta', 'Manila', 'Lima', 'Montreal',
] as const;
const FIRST_NAMES = [
  'Alice', 'Bruno', 'Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kara', 'Liam', 'Maya',
  'Nikhil', 'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Sanjay', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
  'Aaron', 'Beatriz', 'Carlos', 'Dana', 'Elif', 'Felix', 'Gina', 'Hannah', 'Ivan', 'Julia', 'Kenji', 'Lena',
] as const;
const LAST_NAMES = [
  'Anders', 'Becker', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Kowalski',
  'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Quist', 'Rossi', 'Silva', 'Tanaka', 'Usman', 'Varga',
  'Weber', 'Xu', 'Yilmaz', 'Zimmer', 'Ahmed', 'Brennan', 'Costa', 'Dimitrov', 'Evans', 'Ferreira', 'Gallagher',
  'Haddad', 'Ivanova', 'Johansson', 'Kim', 'Lindqvist', "O'Neill", 'Murphy', 'Novak', 'Ortiz',
] as const;
const PARTNER_NAME_STYLES: Record<PartnerType, readonly string[]> = {
  reseller: ['{W} Solutions', '{W} Technologies', '{W} IT', '{W} Computing', '{W} Networks', '{W} Systems Integration'],
  distributor: ['{W} Distribution', '{W} Supply', '{W} Global Distribution'],
  msp: ['{W} Managed Services', '{W} Cloud Ops', '{W} IT Services'],
  isv: ['{W} Software', '{W}Hub', '{W} Apps', '{W}Stack'],
  si: ['{W} Consulting', '{L1}, {L2} & Partners', '{W} Digital', '{W} Advisory Group'],
  agency: ['{W} Creative', '{W} Marketing Agency', '{L1} & {L2}'],
  referral: ['{W} Advisors', '{L1}, {L2} & Co. Advisory', '{W} Ventures'],
  marketplace: ['{W} Marketplace'],
  alliance: ['{W} Global Alliance', '{W} Alliance Partners'],
};
const MARKETPLACES = ['AWS Marketplace', 'Microsoft Azure Marketplace', 'Google Cloud Marketplace'];
const NB_LABELS = ['New Business', 'Platform', 'Analytics Suite', 'Team Plan', 'Enterprise License', 'Pilot', 'Starter'];
const EXP_LABELS = ['Expansion', 'Upsell - Seats', 'Add-on', 'Cross-sell', 'Tier Upgrade'];
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'] as const;

// Spend categories per motion: [name, weight, probability of appearing in a month]; the first is always there.
const SPEND_CATEGORIES: Record<'partner' | 'direct' | 'shared', readonly (readonly [string, number, number])[]> = {
  partner: [['salaries', 0.45, 1], ['MDF', 0.2, 0.85], ['commissions', 0.22, 0.8], ['tools', 0.06, 0.5], ['events', 0.1, 0.35]],
  direct: [['salaries', 0.5, 1], ['paid_media', 0.22, 0.9], ['commissions', 0.14, 0.8], ['events', 0.08, 0.4], ['tools', 0.05, 0.4], ['content', 0.05, 0.3]],
  shared: [['salaries', 0.4, 1], ['tools', 0.35, 0.8], ['events', 0.15, 0.35], ['content', 0.12, 0.35]],
};
const MOTIONS = ['partner', 'direct', 'shared'] as const;

// Entity tags for the hash streams (any distinct numbers).
const T_PARTNER = 1, T_ACCOUNT = 2, T_STORY = 3, T_TOUCH = 4, T_ARR = 5, T_ATTACH = 6, T_SPEND = 7, T_CHURN = 8, T_PERM = 9, T_EPOCH = 10;

const NB = 0, EXP = 1, REN = 2;
const OPEN = 0, WON = 1, LOST = 2;
const DIRECT = 0, SOURCED = 1, INFLUENCED = 2;
const DEAL_TYPE_NAMES = ['new_business', 'expansion', 'renewal'];
const STAGE_NAMES = ['open', 'won', 'lost'];
const NEVER = 1e9;

// ---------------------------------------------------------------------------------------------
// Randomness: a 32-bit hash to derive a stream per (entity, index), mulberry32 within it.
// ---------------------------------------------------------------------------------------------

function fmix(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function streamSeed(seed: number, tag: number, i: number): number {
  return fmix(fmix((seed + imul(tag, 0x9e3779b9)) >>> 0) ^ i);
}

class Rng {
  private s = 0;
  reset(seed: number): this {
    this.s = seed | 0;
    return this;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    const t0 = (this.s = (this.s + 0x6d2b79f5) | 0);
    let t = imul(t0 ^ (t0 >>> 15), t0 | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Approximately standard normal (Irwin-Hall of 3, bounded at +-3). */
  normal(): number {
    return (this.next() + this.next() + this.next() - 1.5) * 2;
  }
  lognormal(sigma: number): number {
    return exp(sigma * this.normal());
  }
  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar: day numbers (days since 1970-01-01) and month numbers (year * 12 + month - 1).
// ---------------------------------------------------------------------------------------------

function dayOf(y: number, m: number, d: number): number {
  return floor(Date.UTC(y, m - 1, d) / 86400000);
}

function pad(n: number, width: number): string {
  if (width <= 15 && n < 10 ** width) return String(10 ** width + n).slice(1);
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function formatDay(day: number): string {
  const dt = new Date(day * 86400000);
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1, 2)}-${pad(dt.getUTCDate(), 2)}`;
}

function monthOfDayUncached(day: number): number {
  const dt = new Date(day * 86400000);
  return dt.getUTCFullYear() * 12 + dt.getUTCMonth();
}

function monthStart(month: number): number {
  return dayOf(floor(month / 12), (month % 12) + 1, 1);
}

function formatMonth(month: number): string {
  return `${floor(month / 12)}-${pad((month % 12) + 1, 2)}`;
}

function formatCents(cents: number): string {
  const whole = floor(cents / 100);
  const c = cents - whole * 100;
  return `${whole}.${c < 10 ? '0' : ''}${c}`;
}

// ---------------------------------------------------------------------------------------------
// The context: what every entity shares, small (O(partners + accounts) numbers).
// ---------------------------------------------------------------------------------------------

interface Partner {
  id: string;
  name: string;
  type: PartnerType;
  tier: string;
  status: string;
  joinedOn: string;
  owner: string;
  /** First and last day on which the partner can be on a new deal. */
  from: number;
  to: number;
}

interface Ctx {
  seed: number;
  deals: number;
  nPartners: number;
  nAccounts: number;
  startDay: number;
  endDay: number;
  startMonth: number;
  endMonth: number;
  partners: Partner[];
  cumSource: Float64Array;
  cumInfluence: Float64Array;
  cumAttach: Float64Array;
  /** Deals of account k are positions dealStart[k] .. dealStart[k+1]-1. */
  dealStart: Int32Array;
  permMul: number;
  permAdd: number;
  dealWidth: number;
  accountWidth: number;
  reps: string[];
  /** Cached date strings and months for days in [cacheFrom, cacheFrom + length). */
  cacheFrom: number;
  dayStrings: string[];
  dayMonths: Int32Array;
  monthStrings: Map<number, string>;
  growthPerDay: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function normalise(opts: GenerateOptions): { seed: number; deals: number; endDay: number; years: number } {
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be a safe integer, got ${opts.seed}`);
  if (!Number.isSafeInteger(opts.deals) || opts.deals < 0 || opts.deals > 99_999_999) {
    throw new RangeError(`deals must be an integer in 0..99999999, got ${opts.deals}`);
  }
  const years = opts.years ?? 3;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new RangeError(`years must be an integer in 1..20, got ${years}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.endDate);
  const endDay = m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
  if (!m || formatDay(endDay) !== opts.endDate) throw new RangeError(`endDate must be a date YYYY-MM-DD, got ${opts.endDate}`);
  const lo = opts.seed >>> 0;
  const hi = floor(opts.seed / 4294967296) >>> 0;
  return { seed: fmix(lo ^ fmix(hi + 0x51ed270b)), deals: opts.deals, endDay, years };
}

let cached: { key: string; ctx: Ctx } | undefined;

function context(opts: GenerateOptions): Ctx {
  const key = `${opts.seed}|${opts.deals}|${opts.endDate}|${opts.years ?? 3}`;
  if (cached?.key === key) return cached.ctx;
  const ctx = buildContext(opts);
  cached = { key, ctx };
  return ctx;
}

function buildContext(opts: GenerateOptions): Ctx {
  const { seed, deals, endDay, years } = normalise(opts);
  const end = formatDay(endDay);
  const endY = Number(end.slice(0, 4));
  const startDay = dayOf(endY - years, Number(end.slice(5, 7)), Number(end.slice(8, 10))) + 1;
  const nPartners = max(12, round(deals / 500));
  const nAccounts = max(40, round(deals / 4));
  const cacheFrom = startDay - 800;
  const cacheLen = endDay + 800 - cacheFrom;
  const dayStrings: string[] = new Array<string>(cacheLen);
  const dayMonths = new Int32Array(cacheLen);
  for (let i = 0; i < cacheLen; i++) {
    dayStrings[i] = formatDay(cacheFrom + i);
    dayMonths[i] = monthOfDayUncached(cacheFrom + i);
  }
  const ctx: Ctx = {
    seed, deals, nPartners, nAccounts, startDay, endDay,
    startMonth: monthOfDayUncached(startDay), endMonth: monthOfDayUncached(endDay),
    partners: [], cumSource: new Float64Array(0), cumInfluence: new Float64Array(0), cumAttach: new Float64Array(0),
    dealStart: new Int32Array(nAccounts + 1), permMul: 1, permAdd: 0,
    dealWidth: max(7, String(deals).length), accountWidth: max(6, String(nAccounts).length),
    reps: [], cacheFrom, dayStrings, dayMonths, monthStrings: new Map(),
    growthPerDay: log(ANNUAL_GROWTH) / 365.25,
  };
  for (let mo = ctx.startMonth - 40; mo <= ctx.endMonth + 30; mo++) ctx.monthStrings.set(mo, formatMonth(mo));
  buildPartners(ctx);
  const nReps = max(6, round(deals / 700));
  for (let i = 0; i < nReps; i++) ctx.reps.push(personName(i, 0));

  // Apportion the deals to accounts by weight (exact total, one offset per account).
  const rng = new Rng();
  const acc = new AccountFacts();
  const prefix = new Float64Array(nAccounts + 1);
  for (let k = 0; k < nAccounts; k++) {
    accountFacts(ctx, k, rng, acc);
    prefix[k + 1] = prefix[k] + acc.weight;
  }
  const total = prefix[nAccounts];
  for (let k = 0; k <= nAccounts; k++) ctx.dealStart[k] = floor((deals * prefix[k]) / total);
  ctx.dealStart[nAccounts] = deals;

  // Deal ids: an affine permutation of positions, so ids do not follow account order.
  if (deals > 1) {
    let a = floor(deals * 0.6180339887) + (streamSeed(seed, T_PERM, 0) % 1000);
    while (gcd(a % deals, deals) !== 1) a++;
    ctx.permMul = a % deals;
    ctx.permAdd = streamSeed(seed, T_PERM, 1) % deals;
  }
  return ctx;
}

function personName(i: number, salt: number): string {
  const f = FIRST_NAMES.length, l = LAST_NAMES.length;
  const j = i + salt * 17;
  return `${FIRST_NAMES[j % f]} ${LAST_NAMES[(j * 7 + floor(j / f) + salt) % l]}`;
}

function dayStr(ctx: Ctx, day: number): string {
  const i = day - ctx.cacheFrom;
  return i >= 0 && i < ctx.dayStrings.length ? ctx.dayStrings[i] : formatDay(day);
}

function monthOf(ctx: Ctx, day: number): number {
  const i = day - ctx.cacheFrom;
  return i >= 0 && i < ctx.dayMonths.length ? ctx.dayMonths[i] : monthOfDayUncached(day);
}

function monthStr(ctx: Ctx, month: number): string {
  return ctx.monthStrings.get(month) ?? formatMonth(month);
}

function buildPartners(ctx: Ctx): void {
  const rng = new Rng();
  const n = ctx.nPartners;
  const width = max(4, String(n).length);
  const names = new Set<string>();
  const nManagers = max(3, round(n / 40));
  // The first nine cover every type; the first three are long-standing top partners.
  const firstTypes: PartnerType[] = ['reseller', 'si', 'referral', 'isv', 'msp', 'alliance', 'agency', 'marketplace', 'distributor'];
  const typeWeights = PARTNER_TYPES.map((t) => PARTNER_TYPE_WEIGHTS[t]);
  const windowDays = ctx.endDay - ctx.startDay;
  let marketplaces = 0;
  const wS: number[] = [], wI: number[] = [], wA: number[] = [];
  for (let j = 0; j < n; j++) {
    rng.reset(streamSeed(ctx.seed, T_PARTNER, j));
    const type = j < firstTypes.length ? firstTypes[j] : PARTNER_TYPES[rng.weighted(typeWeights)];
    const core = j < 3;
    let tierIdx = core ? (j === 0 ? 0 : 1) : rng.weighted(TIER_WEIGHTS);
    // Joined: a third before the window, the rest spread over it (the program grows).
    let from: number;
    if (core || rng.chance(0.35)) from = ctx.startDay - 30 - rng.int(3 * 365);
    else from = ctx.startDay + floor(pow(rng.next(), 0.8) * (windowDays - 45));
    if (!core && from > ctx.startDay + windowDays * 0.6 && tierIdx < 2) tierIdx = 2; // newcomers are rarely top tier
    const missingJoin = j === 11 || (!core && rng.chance(0.04));
    let to = NEVER;
    let status = rng.chance(0.12) ? '' : 'active';
    if (j === 10 || (!core && rng.chance(tierIdx >= 3 ? 0.16 : 0.06))) {
      status = 'inactive';
      const lo = max(from, ctx.startDay) + 120;
      to = lo < ctx.endDay - 30 ? lo + rng.int(ctx.endDay - 30 - lo) : from + 30;
    }
    let name: string;
    if (type === 'marketplace' && marketplaces < MARKETPLACES.length) name = MARKETPLACES[marketplaces++];
    else {
      name = rng.pick(PARTNER_NAME_STYLES[type])
        .replace('{W}', rng.pick(WORDS))
        .replace('{L1}', rng.pick(LAST_NAMES))
        .replace('{L2}', rng.pick(LAST_NAMES));
    }
    if (names.has(name)) name = `${name} ${rng.pick(CITIES)}`;
    for (let s = 2; names.has(name); s++) name = `${name.replace(/ \d+$/, '')} ${s}`;
    names.add(name);
    const popularity = TIER_POPULARITY[tierIdx] * rng.lognormal(0.5) * (status === 'inactive' ? 0.6 : 1);
    ctx.partners.push({
      id: `P${pad(j + 1, width)}`,
      name,
      type,
      tier: TIERS[tierIdx],
      status,
      joinedOn: missingJoin ? '' : dayStr(ctx, from),
      owner: personName(rng.int(nManagers), 5),
      from: missingJoin ? -NEVER : from,
      to,
    });
    wS.push(popularity * SOURCE_WEIGHT[type]);
    wI.push(popularity * INFLUENCE_WEIGHT[type]);
    wA.push(popularity * ATTACH_WEIGHT[type]);
  }
  ctx.cumSource = cumulative(wS);
  ctx.cumInfluence = cumulative(wI);
  ctx.cumAttach = cumulative(wA);
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) out[i] = s += weights[i];
  return out;
}

function eligible(ctx: Ctx, j: number, day: number): boolean {
  const p = ctx.partners[j];
  return p.from <= day && day <= p.to;
}

/** A partner active on `day`, by weight; `preferred` first with probability pPreferred; -1 if none. */
function pickPartner(ctx: Ctx, cum: Float64Array, rng: Rng, day: number, preferred: number, pPreferred: number): number {
  if (preferred >= 0 && rng.next() < pPreferred && eligible(ctx, preferred, day)) return preferred;
  const total = cum[cum.length - 1];
  for (let attempt = 0; attempt < 6; attempt++) {
    const r = rng.next() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    if (eligible(ctx, lo, day)) return lo;
  }
  for (let j = 0; j < 3; j++) if (eligible(ctx, j, day)) return j;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Accounts and their stories.
// ---------------------------------------------------------------------------------------------

function frac(x: number): number {
  return x - floor(x);
}

/** The index of the stratum of cumulative `weights` (summing to 1) holding u. */
function stratum(u: number, weights: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  return weights.length - 1;
}

class AccountFacts {
  k = 0;
  segment = 0;
  region = 0;
  industry = -1;
  name = '';
  arrival = 0;
  size = 1;
  affinity = 1;
  rep = 0;
  weight = 1;
}

function accountFacts(ctx: Ctx, k: number, rng: Rng, out: AccountFacts): void {
  rng.reset(streamSeed(ctx.seed, T_ACCOUNT, k));
  out.k = k;
  // Segment and partner affinity are stratified over accounts (a Weyl sequence), not drawn:
  // the demo's few thousand deals then show the intended mix whatever the seed.
  const offset = ctx.seed / 4294967296;
  out.segment = stratum(frac(k * 0.6180339887498949 + offset), SEGMENT_WEIGHTS);
  out.affinity = frac(k * 0.41421356237309515 + offset * 7) < 0.25 ? 1.7 : (1 - 0.25 * 1.7) / 0.75;
  out.region = rng.weighted(REGION_WEIGHTS);
  const combos = WORDS.length * ACCOUNT_ROOTS.length * ACCOUNT_SUFFIXES.length;
  const c = (k * 7919 + (ctx.seed % combos)) % combos; // 7919 is prime and does not divide combos
  const word = WORDS[c % WORDS.length];
  const root = ACCOUNT_ROOTS[floor(c / WORDS.length) % ACCOUNT_ROOTS.length];
  const suffix = ACCOUNT_SUFFIXES[floor(c / (WORDS.length * ACCOUNT_ROOTS.length))];
  let name = `${word} ${root[0]}${suffix}`;
  if (rng.chance(0.006)) name = `The "${word}" ${root[0]} Company`;
  if (k >= combos) name = `${name} (${CITIES[floor(k / combos) % CITIES.length]})`;
  out.name = name;
  out.industry = rng.chance(0.85) ? root[1] : rng.int(INDUSTRIES.length);
  if (rng.chance(0.02)) out.industry = -1;
  // Arrival (first opportunity): account k is the k-th to arrive, at a growing rate.
  const span = ctx.endDay - ctx.startDay;
  const q = (k + rng.next()) / ctx.nAccounts;
  const g = ctx.growthPerDay;
  out.arrival = ctx.startDay + min(span, floor(log(1 + q * (exp(g * span) - 1)) / g));
  out.size = rng.lognormal(0.3);
  out.rep = rng.int(ctx.reps.length);
  const remainingYears = (ctx.endDay - out.arrival) / 365.25;
  out.weight = SEGMENT_DEALS[out.segment] * (0.3 + remainingYears) * (0.6 + 0.8 * rng.next());
}

class Deal {
  pos = 0;
  type = NB;
  inv = DIRECT;
  partner = -1;
  created = 0;
  closed = -1;
  expected = -1;
  stage = OPEN;
  stageName = '';
  cents = 0;
  backfilled = false;
  owner = 0;
  label = '';
}

/** One customer period: from the acquiring win to churn. */
class Epoch {
  idx = 0;
  start = 0;
  startMonth = 0;
  churnMonth = NEVER;
  churnDay = NEVER;
  acquirer = 0;
  lead = -1;
  attached = false;
  zeroRow = false;
}

class Story {
  readonly acc = new AccountFacts();
  deals: Deal[] = [];
  n = 0;
  epochs: Epoch[] = [];
  ne = 0;
  home = -1;
  private readonly rng = new Rng();
  private readonly aux = new Rng();
  private spacing: number[] = [];
  constructor(private readonly ctx: Ctx) {}

  build(k: number): void {
    const ctx = this.ctx;
    const rng = this.rng;
    const acc = this.acc;
    accountFacts(ctx, k, rng, acc);
    rng.reset(streamSeed(ctx.seed, T_STORY, k));
    const first = ctx.dealStart[k];
    const n = ctx.dealStart[k + 1] - first;
    this.n = n;
    this.ne = 0;
    while (this.deals.length < n) this.deals.push(new Deal());
    this.home = pickPartner(ctx, ctx.cumSource, rng, acc.arrival, -1, 0);
    if (n === 0) return;
    // Creation days: the first at arrival, the others spread over the rest of the window.
    const sp = this.spacing;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += sp[j] = -log(1 - rng.next());
    const room = ctx.endDay - acc.arrival;
    let cum = 0;
    for (let j = 0; j < n; j++) {
      const d = this.deals[j];
      d.pos = first + j;
      d.created = acc.arrival + floor((room * cum) / sum);
      cum += sp[j];
      this.deal(d, j);
    }
  }

  epochAt(day: number): number {
    for (let e = 0; e < this.ne; e++) {
      const ep = this.epochs[e];
      if (ep.start <= day && day < ep.churnDay) return e;
    }
    return -1;
  }

  private deal(d: Deal, j: number): void {
    const ctx = this.ctx;
    const rng = this.rng;
    const acc = this.acc;
    const seg = acc.segment;
    const ei = this.epochAt(d.created);
    const customer = ei >= 0;
    const attached = customer && this.epochs[ei].attached;
    const winBack = !customer && this.ne > 0 && this.epochs[this.ne - 1].churnDay <= d.created;

    d.type = NB;
    if (customer) {
      const r = rng.next();
      const pExp = attached ? 0.6 : 0.5;
      d.type = r < pExp ? EXP : r < pExp + 0.28 ? REN : NB;
    }
    const r2 = rng.next();
    d.inv = r2 < SHARE_SOURCED * acc.affinity ? SOURCED : r2 < (SHARE_SOURCED + SHARE_INFLUENCED) * acc.affinity ? INFLUENCED : DIRECT;
    d.partner = -1;
    if (d.inv === SOURCED) d.partner = pickPartner(ctx, ctx.cumSource, rng, d.created, this.home, 0.55);
    else if (d.inv === INFLUENCED) d.partner = pickPartner(ctx, ctx.cumInfluence, rng, d.created, this.home, 0.35);
    if (d.partner < 0) d.inv = DIRECT;
    const partner = d.inv !== DIRECT;

    // Amount (cents), by segment, account size and deal type; partner deals are larger.
    const base = ACV_BASE[seg] * acc.size;
    let usd: number;
    if (d.type === NB) usd = base * rng.lognormal(0.22) * (partner ? PARTNER_ACV : 1) * (customer ? 0.5 : 1);
    else if (d.type === EXP) usd = base * (0.08 + 0.22 * rng.next()) * (partner ? PARTNER_ACV : 1) * (attached ? 1.25 : 1);
    else usd = base * (0.95 + 0.25 * rng.next());
    d.cents = rng.chance(0.35) ? round(usd / 100) * 10000 : round(usd * 100);

    // Outcome and cycle.
    let pWin: number;
    if (d.type === NB) {
      pWin = (d.inv === SOURCED ? WIN_NB_SOURCED : d.inv === INFLUENCED ? WIN_NB_INFLUENCED : WIN_NB_DIRECT) * WIN_SEGMENT[seg];
      if (customer) pWin *= 1.4;
      if (winBack) pWin *= 0.7;
    } else if (d.type === EXP) pWin = (partner ? 0.62 : 0.52) + (attached ? 0.08 : 0);
    else pWin = attached ? 0.95 : 0.88;
    const won = rng.next() < pWin;
    let cycle = CYCLE_BASE[seg] * rng.lognormal(0.4) * (partner ? PARTNER_CYCLE : 1);
    if (d.type === EXP) cycle *= 0.55;
    else if (d.type === REN) cycle = 15 + rng.int(40);
    if (!won) cycle *= 1.2;
    const planned = d.created + round(cycle);
    const staleDraw = rng.next();
    d.closed = -1;
    d.expected = -1;
    d.backfilled = false;
    if (planned > ctx.endDay || (ctx.endDay - d.created < 300 && staleDraw < STALE_OPEN)) {
      d.stage = OPEN;
      // Reps often forecast the end of a month.
      d.expected = rng.chance(0.5) ? monthStart(monthOf(ctx, planned) + 1) - 1 : planned;
      const progress = (ctx.endDay - d.created) / max(1, d.expected - d.created);
      d.stageName = d.expected < ctx.endDay ? OPEN_STAGES[2 + rng.int(2)] : OPEN_STAGES[min(3, floor(progress * 4))];
    } else {
      d.closed = planned;
      d.stage = won ? WON : LOST;
      // Upsells and renewals of a customer who churns before they close are lost.
      if (won && customer && d.type !== NB && planned >= this.epochs[ei].churnDay) d.stage = LOST;
      d.stageName = d.stage === WON ? 'Closed Won' : 'Closed Lost';
      const backfillable = (d.stage === LOST && d.type !== REN) || (d.stage === WON && d.type === REN);
      if (backfillable && rng.next() < BACKFILL) {
        const back = d.created - 1 - rng.int(90);
        // (A won renewal stays after the customer's first win, so that remains the acquisition.)
        if (back >= ctx.startDay && (d.stage === LOST || back >= this.epochs[ei].start)) {
          d.closed = back;
          d.backfilled = true;
        }
      }
    }
    d.owner = rng.chance(0.85) ? acc.rep : rng.int(ctx.reps.length);
    const year = floor(monthOf(ctx, d.created) / 12);
    if (d.type === NB) d.label = customer ? `${rng.pick(NB_LABELS)} (new team)` : rng.pick(NB_LABELS);
    else if (d.type === EXP) d.label = rng.pick(EXP_LABELS);
    else d.label = `Renewal ${year + 1}`;

    // Customer periods.
    if (d.stage === LOST && d.type === REN && customer && !d.backfilled) {
      const ep = this.epochs[ei];
      const cm = monthOf(ctx, d.closed) + 1;
      if (cm < ep.churnMonth) this.setChurn(ep, cm);
    }
    if (d.stage === WON && d.type === NB && !customer) this.acquired(j, d.closed);
  }

  private acquired(j: number, day: number): void {
    const last = this.ne > 0 ? this.epochs[this.ne - 1] : undefined;
    if (last && last.start > day && (this.ne < 2 || this.epochs[this.ne - 2].churnDay <= day)) {
      // An earlier win than the one that opened the (not yet started) last period.
      this.initEpoch(last, j, day);
      return;
    }
    if (this.epochAt(day) >= 0) return;
    if (last && day < last.churnDay) return;
    if (this.epochs.length <= this.ne) this.epochs.push(new Epoch());
    const ep = this.epochs[this.ne];
    ep.idx = this.ne++;
    this.initEpoch(ep, j, day);
  }

  private initEpoch(ep: Epoch, j: number, day: number): void {
    const ctx = this.ctx;
    const d = this.deals[j];
    const aux = this.aux.reset(streamSeed(ctx.seed, T_EPOCH, this.acc.k * 8 + (ep.idx & 7)));
    ep.start = day;
    ep.startMonth = monthOf(ctx, day);
    ep.acquirer = j;
    ep.lead = d.partner;
    ep.attached = aux.next() < (d.inv !== DIRECT ? ATTACH_IF_PARTNER_ACQUIRED : ATTACH_IF_DIRECT_ACQUIRED);
    ep.zeroRow = aux.chance(0.2);
    const p = CHURN_ANNUAL[this.acc.segment] * (ep.attached ? ATTACHED_CHURN : 1);
    const churn = this.aux.reset(streamSeed(ctx.seed, T_CHURN, this.acc.k * 8 + (ep.idx & 7)));
    let cm = NEVER;
    for (let yr = 1; ; yr++) {
      const m = ep.startMonth + 12 * yr;
      if (m > ctx.endMonth) break;
      if (churn.next() < p) {
        cm = m;
        break;
      }
    }
    this.setChurn(ep, cm);
  }

  private setChurn(ep: Epoch, month: number): void {
    ep.churnMonth = month;
    ep.churnDay = month >= NEVER ? NEVER : monthStart(month);
  }
}

// ---------------------------------------------------------------------------------------------
// Rows per entity (internal: arrays in column order).
// ---------------------------------------------------------------------------------------------

type Row = string[];

function dealId(ctx: Ctx, pos: number): string {
  const n = ctx.deals;
  const id = n > 1 ? (((pos * ctx.permMul) % n) + ctx.permAdd) % n : pos;
  return `D${pad(id + 1, ctx.dealWidth)}`;
}

function accountId(ctx: Ctx, k: number): string {
  return `A${pad(k + 1, ctx.accountWidth)}`;
}

function* partnerRows(ctx: Ctx): Generator<Row> {
  for (const p of ctx.partners) yield [p.id, p.name, p.type, p.tier, p.status, p.joinedOn, p.owner];
}

function* accountRows(ctx: Ctx): Generator<Row> {
  const rng = new Rng();
  const acc = new AccountFacts();
  for (let k = 0; k < ctx.nAccounts; k++) {
    accountFacts(ctx, k, rng, acc);
    // A few CRM records miss the segment or region.
    const blank = streamSeed(ctx.seed, T_ACCOUNT + 100, k) % 100;
    yield [
      accountId(ctx, k),
      acc.name,
      blank === 0 ? '' : SEGMENTS[acc.segment],
      blank === 1 ? '' : REGIONS[acc.region],
      acc.industry < 0 ? '' : INDUSTRIES[acc.industry],
    ];
  }
}

function* dealRows(ctx: Ctx): Generator<Row> {
  const story = new Story(ctx);
  for (let k = 0; k < ctx.nAccounts; k++) {
    story.build(k);
    if (story.n === 0) continue;
    const aid = accountId(ctx, k);
    const name = story.acc.name;
    for (let j = 0; j < story.n; j++) {
      const d = story.deals[j];
      yield [
        dealId(ctx, d.pos),
        aid,
        `${name} - ${d.label}`,
        formatCents(d.cents),
        (d.pos & 15) === 7 ? '' : 'USD',
        DEAL_TYPE_NAMES[d.type],
        STAGE_NAMES[d.stage],
        d.stageName,
        dayStr(ctx, d.created),
        d.closed >= 0 ? dayStr(ctx, d.closed) : '',
        d.expected >= 0 ? dayStr(ctx, d.expected) : '',
        d.inv === SOURCED ? ctx.partners[d.partner].id : '',
        ctx.reps[d.owner],
      ];
    }
  }
}

/** Touches of one deal, as [partner, type, day] triples, unique on (partner, type, day). */
class TouchBuffer {
  partner: number[] = [];
  type: TouchType[] = [];
  day: number[] = [];
  n = 0;
  add(p: number, t: TouchType, day: number): void {
    for (let i = 0; i < this.n; i++) if (this.partner[i] === p && this.type[i] === t && this.day[i] === day) return;
    this.partner[this.n] = p;
    this.type[this.n] = t;
    this.day[this.n] = day;
    this.n++;
  }
}

function dealTouches(ctx: Ctx, d: Deal, story: Story, rng: Rng, out: TouchBuffer): void {
  out.n = 0;
  if (d.inv === DIRECT) return;
  rng.reset(streamSeed(ctx.seed, T_TOUCH, d.pos));
  // Counting touches fall on or before the close (or the end of data for an open deal).
  const cap = d.stage === OPEN ? ctx.endDay : d.closed;
  const lo = min(d.created, cap);
  const between = (from: number): number => (from >= cap ? cap : from + rng.int(cap - from + 1));
  const p = d.partner;
  const type = ctx.partners[p].type;
  if (d.inv === SOURCED) {
    out.add(p, rng.pick(SOURCE_TOUCH[type]), min(cap, lo - rng.int(22)));
    if (rng.chance(0.75)) out.add(p, rng.pick(INFLUENCE_TOUCH[type]), between(lo));
    if (rng.chance(0.35)) {
      const q = pickPartner(ctx, ctx.cumInfluence, rng, d.created, -1, 0);
      if (q >= 0) {
        const k = 1 + (rng.chance(0.4) ? 1 : 0);
        for (let i = 0; i < k; i++) out.add(q, rng.pick(INFLUENCE_TOUCH[ctx.partners[q].type]), between(lo));
      }
    }
  } else {
    const k = 1 + (rng.chance(0.75) ? 1 : 0) + (rng.chance(0.4) ? 1 : 0);
    for (let i = 0; i < k; i++) out.add(p, rng.pick(INFLUENCE_TOUCH[type]), between(max(lo - 10, cap - 400)));
    if (rng.chance(0.6)) {
      const q = pickPartner(ctx, ctx.cumInfluence, rng, d.created, story.home, 0.3);
      if (q >= 0) {
        const m = 1 + (rng.chance(0.4) ? 1 : 0);
        for (let i = 0; i < m; i++) out.add(q, rng.pick(INFLUENCE_TOUCH[ctx.partners[q].type]), between(lo));
      }
    }
  }
  // A few touches logged after the close (post-sale services): ignored by the metrics.
  if (d.stage !== OPEN && d.closed < ctx.endDay && rng.chance(0.025)) {
    out.add(p, rng.chance(0.7) ? 'services' : 'other', d.closed + 1 + rng.int(min(90, ctx.endDay - d.closed)));
  }
}

function* touchRows(ctx: Ctx): Generator<Row> {
  const story = new Story(ctx);
  const rng = new Rng();
  const buf = new TouchBuffer();
  for (let k = 0; k < ctx.nAccounts; k++) {
    story.build(k);
    for (let j = 0; j < story.n; j++) {
      const d = story.deals[j];
      dealTouches(ctx, d, story, rng, buf);
      if (buf.n === 0) continue;
      const id = dealId(ctx, d.pos);
      for (let i = 0; i < buf.n; i++) yield [id, ctx.partners[buf.partner[i]].id, buf.type[i], dayStr(ctx, buf.day[i])];
    }
  }
}

function* allAccounts(ctx: Ctx): Generator<number> {
  for (let k = 0; k < ctx.nAccounts; k++) yield k;
}

function* arrRows(ctx: Ctx, accounts: Iterable<number>): Generator<Row> {
  const story = new Story(ctx);
  const rng = new Rng();
  const evMonth: number[] = [];
  const evCents: number[] = [];
  for (const k of accounts) {
    story.build(k);
    if (story.ne === 0) continue;
    rng.reset(streamSeed(ctx.seed, T_ARR, k));
    const aid = accountId(ctx, k);
    let lastMonth = -1;
    for (let e = 0; e < story.ne; e++) {
      const ep = story.epochs[e];
      // Wins that add ARR during this period: upsells and new teams (renewals keep it).
      let ne = 0;
      for (let j = 0; j < story.n; j++) {
        const d = story.deals[j];
        if (j === ep.acquirer || d.stage !== WON || d.type === REN || d.backfilled) continue;
        if (d.closed < ep.start || d.closed >= ep.churnDay) continue;
        evMonth[ne] = monthOf(ctx, d.closed);
        evCents[ne] = d.cents;
        ne++;
      }
      const attached = ep.attached;
      let arr = story.deals[ep.acquirer].cents;
      const last = min(ep.churnMonth - 1, ctx.endMonth);
      for (let m = ep.startMonth; m <= last; m++) {
        for (let i = 0; i < ne; i++) if (evMonth[i] === m) arr += evCents[i];
        if (m > ep.startMonth) {
          const since = m - ep.startMonth;
          if (since % 12 === 0 && rng.chance(0.6)) arr = round(arr * (1 + 0.02 + 0.06 * rng.next()));
          if (rng.chance(attached ? 0.005 : 0.01)) arr = round(arr * (0.7 + 0.25 * rng.next()));
          if (attached && rng.chance(0.015)) arr = round(arr * (1.03 + 0.07 * rng.next()));
        }
        if (m > lastMonth) {
          yield [aid, monthStr(ctx, m), formatCents(arr)];
          lastMonth = m;
        }
      }
      // Some finance sheets record the churn as an explicit zero.
      if (ep.zeroRow && ep.churnMonth <= ctx.endMonth && ep.churnMonth > lastMonth) {
        const next = e + 1 < story.ne ? story.epochs[e + 1].startMonth : NEVER;
        if (next > ep.churnMonth) {
          yield [aid, monthStr(ctx, ep.churnMonth), '0.00'];
          lastMonth = ep.churnMonth;
        }
      }
    }
  }
}

function* attachmentRows(ctx: Ctx, accounts: Iterable<number>): Generator<Row> {
  const story = new Story(ctx);
  const rng = new Rng();
  const seen: string[] = [];
  for (const k of accounts) {
    story.build(k);
    if (story.ne === 0) continue;
    rng.reset(streamSeed(ctx.seed, T_ATTACH, k));
    const aid = accountId(ctx, k);
    seen.length = 0;
    for (let e = 0; e < story.ne; e++) {
      const ep = story.epochs[e];
      // Unattached customers sometimes pick up an integration later in their life.
      const late = !ep.attached && rng.chance(0.04);
      if (!ep.attached && !late) continue;
      const count = late ? 1 : 1 + (rng.chance(0.15) ? 1 : 0) + (rng.chance(0.04) ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const onDay = min(ctx.endDay, late ? ep.start + 180 + rng.int(365) : ep.start);
        const p = i === 0 && !late && ep.lead >= 0 && rng.chance(0.65) ? ep.lead : pickPartner(ctx, ctx.cumAttach, rng, onDay, -1, 0);
        if (p < 0) continue;
        const partner = ctx.partners[p];
        const relation = rng.pick(RELATION_OF[partner.type]);
        const key = `${p}|${relation}`;
        if (seen.includes(key) || (late && ep.churnDay <= onDay)) continue;
        seen.push(key);
        const since = late ? onDay : min(ctx.endDay, max(ctx.startDay - 20, ep.start - 30 + rng.int(50)));
        let until = -1;
        if (ep.churnMonth <= ctx.endMonth && rng.chance(0.75)) until = max(since, ep.churnDay - 1);
        else if (rng.chance(0.07) && ctx.endDay - since > 120) until = since + 90 + rng.int(ctx.endDay - since - 90);
        yield [aid, partner.id, relation, dayStr(ctx, since), until >= 0 ? dayStr(ctx, until) : ''];
      }
    }
  }
}

function* spendRows(ctx: Ctx): Generator<Row> {
  const rng = new Rng();
  const months = ctx.endMonth - ctx.startMonth + 1;
  const weights: number[] = [];
  let total = 0;
  for (let i = 0; i < months; i++) {
    const mid = monthStart(ctx.startMonth + i) + 15 - ctx.startDay;
    const ramp = min(1, 0.6 + i * 0.07);
    const q = (ctx.startMonth + i) % 12;
    const seasonal = q === 2 || q === 5 || q === 8 || q === 11 ? 1.08 : q === 0 || q === 7 ? 0.92 : 1;
    const w = exp(ctx.growthPerDay * mid) * ramp * seasonal;
    weights.push(w);
    total += w;
  }
  const budget = ctx.deals * SPEND_PER_DEAL;
  for (let i = 0; i < months; i++) {
    const month = ctx.startMonth + i;
    rng.reset(streamSeed(ctx.seed, T_SPEND, month));
    const monthTotal = (budget * weights[i]) / total;
    const f = months > 1 ? i / (months - 1) : 1;
    const shares = { partner: 0.21 + 0.1 * f, shared: 0.1, direct: 0 };
    shares.direct = 1 - shares.partner - shares.shared;
    const ms = monthStr(ctx, month);
    for (const motion of MOTIONS) {
      const cats = SPEND_CATEGORIES[motion];
      const want = 2 + rng.int(3);
      const chosen: number[] = [0];
      for (let c = 1; c < cats.length && chosen.length < want; c++) if (rng.chance(cats[c][2])) chosen.push(c);
      if (chosen.length < 2) chosen.push(1); // the main variable line (MDF, paid media, tools) is nearly always there
      let wsum = 0;
      for (const c of chosen) wsum += cats[c][1];
      for (const c of chosen) {
        const usd = ((monthTotal * shares[motion] * cats[c][1]) / wsum) * (0.9 + 0.2 * rng.next());
        yield [ms, motion, cats[c][0], formatCents(round(usd * 100))];
      }
    }
  }
}

function rowsOf(entity: EntityName, ctx: Ctx): Generator<Row> {
  switch (entity) {
    case 'partners':
      return partnerRows(ctx);
    case 'accounts':
      return accountRows(ctx);
    case 'deals':
      return dealRows(ctx);
    case 'touches':
      return touchRows(ctx);
    case 'arr':
      return arrRows(ctx, allAccounts(ctx));
    case 'attachments':
      return attachmentRows(ctx, allAccounts(ctx));
    case 'spend':
      return spendRows(ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.
// ---------------------------------------------------------------------------------------------

/** The rows of one entity, values as they would appear in a CSV cell ('' = empty/null). */
export function* generateRows(entity: EntityName, opts: GenerateOptions): Generator<Record<string, string>> {
  const cols = ENTITY_COLUMNS[entity];
  for (const row of rowsOf(entity, context(opts))) {
    const rec: Record<string, string> = {};
    for (let c = 0; c < cols.length; c++) rec[cols[c]] = row[c];
    yield rec;
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell (RFC 4180): quoted only when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * CSV text of one entity: the header line first, then chunks of `chunkRows` lines each
 * (the last one shorter), lines ending with \n.
 */
export function* generateCsv(entity: EntityName, opts: GenerateOptions, chunkRows = 10000): Generator<string> {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const cols = ENTITY_COLUMNS[entity];
  const text = cols.map((c) => TEXT_COLUMNS[entity].includes(c));
  const ctx = context(opts);
  yield `${cols.join(',')}\n`;
  // Lines are flattened right away (join) and the chunk in one go, so the many small cell
  // strings die young: concatenating ropes of them made garbage collection the bottleneck.
  let lines: string[] = [];
  for (const row of rowsOf(entity, ctx)) {
    for (let c = 0; c < row.length; c++) if (text[c]) row[c] = csvCell(row[c]);
    lines.push(row.join(','));
    if (lines.length === chunkRows) {
      lines.push('');
      yield lines.join('\n');
      lines = [];
    }
  }
  if (lines.length > 0) {
    lines.push('');
    yield lines.join('\n');
  }
}

/**
 * Row counts per entity: exact for partners, accounts, deals and spend; touches, arr and
 * attachments are extrapolated from a sample of accounts (within a few percent at scale).
 */
export function estimateCounts(opts: GenerateOptions): Record<EntityName, number> {
  const ctx = context(opts);
  let spend = 0;
  for (const _ of spendRows(ctx)) spend++;
  const size = min(ctx.nAccounts, 4000);
  const sample: number[] = [];
  for (let i = 0; i < size; i++) sample.push(floor((i * ctx.nAccounts) / size));
  const story = new Story(ctx);
  const rng = new Rng();
  const buf = new TouchBuffer();
  let sDeals = 0, sTouches = 0, sArr = 0, sAttachments = 0;
  for (const k of sample) {
    story.build(k);
    sDeals += story.n;
    for (let j = 0; j < story.n; j++) {
      dealTouches(ctx, story.deals[j], story, rng, buf);
      sTouches += buf.n;
    }
  }
  for (const _ of arrRows(ctx, sample)) sArr++;
  for (const _ of attachmentRows(ctx, sample)) sAttachments++;
  const perAccount = ctx.nAccounts / size;
  return {
    partners: ctx.nPartners,
    accounts: ctx.nAccounts,
    deals: ctx.deals,
    touches: sDeals > 0 ? round((sTouches * ctx.deals) / sDeals) : 0,
    arr: round(sArr * perAccount),
    attachments: round(sAttachments * perAccount),
    spend,
  };
}
