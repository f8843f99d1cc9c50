// A seeded random dataset for tests: the same (seed, size) always gives the same rows, so
// the API's tests can load it into PostgreSQL and check that their SQL fast path answers
// exactly what the pure definitions answer. Every row is valid under the import contract
// (docs/spec/data-model.md), but the data is deliberately awkward: back-dated closes,
// touches after the close, renewals, ties in first wins, ARR gaps and churn, attachments
// that end, spend in every motion, amounts with and without cents, null tiers, segments
// and stage names, deal ids whose string order differs from their numeric order.
import { addDays, addMonths, fromDayNumber, dayNumber } from '../dates.js';
import { ATTACHMENT_RELATIONS, PARTNER_TYPES, TOUCH_TYPES } from '../types.js';
import type {
  Account,
  ArrRow,
  Attachment,
  Dataset,
  Deal,
  DealStage,
  DealType,
  Partner,
  SpendMotion,
  SpendRow,
  Touch,
} from '../types.js';

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomDatasetOptions {
  seed: number;
  /** Number of deals (partners, accounts and the rest scale with it). Default 200. */
  size?: number;
}

/** Dates of the generated data: three calendar years, 2024-01-01..2026-12-31. */
export const RANDOM_DATASET_SPAN = { from: '2024-01-01', to: '2026-12-31' } as const;

class Rng {
  constructor(private readonly next: () => number) {}
  /** Uniform float in [0, 1). */
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A random permutation (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  date(from: string, to: string): string {
    return fromDayNumber(this.int(dayNumber(from), dayNumber(to)));
  }
}

/** Money as the systems that feed us write it: '25000', '1234.5', '1234.56', '0'. */
function money(rng: Rng, min: number, max: number): string {
  const cents = rng.int(min * 100, max * 100);
  switch (rng.int(0, 5)) {
    case 0:
      return String(Math.round(cents / 100_000) * 1000); // round thousands
    case 1:
      return (cents / 100).toFixed(1); // one decimal
    case 2:
      return rng.chance(0.3) ? '0' : (cents / 100).toFixed(2);
    default:
      return (cents / 100).toFixed(2);
  }
}

const TIERS = ['gold', 'silver', 'Tier 1', 'platinum', null] as const;
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise', null] as const;
const REGIONS = ['NA', 'EMEA', 'APAC', null] as const;
const OPEN_STAGES = ['Prospecting', 'Discovery', 'Proposal', 'Negotiation', null] as const;
const SPEND_CATEGORIES = ['salaries', 'MDF', 'paid_media', 'events', 'tools'] as const;

function partners(rng: Rng, n: number): Partner[] {
  const out: Partner[] = [];
  for (let i = 1; i <= n; i++) {
    // Ids whose string order is not their numeric order; one non-ASCII id.
    const id = i === 3 ? 'partner-ü' : `P${i}`;
    out.push({
      partner_id: id,
      name: `Partner ${i}`,
      type: i <= PARTNER_TYPES.length ? PARTNER_TYPES[i - 1] : rng.pick(PARTNER_TYPES),
      tier: rng.pick(TIERS),
      status: rng.chance(0.15) ? 'inactive' : 'active',
      joined_on: rng.chance(0.15) ? null : rng.date('2023-06-01', '2026-06-30'),
    });
  }
  return out;
}

function accounts(rng: Rng, n: number): Account[] {
  const out: Account[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({
      account_id: `A${i}`,
      name: `Account ${i}`,
      segment: rng.pick(SEGMENTS),
      region: rng.pick(REGIONS),
    });
  }
  return out;
}

function dealType(rng: Rng): DealType {
  const x = rng.float();
  return x < 0.6 ? 'new_business' : x < 0.8 ? 'expansion' : 'renewal';
}

function dealStage(rng: Rng): DealStage {
  const x = rng.float();
  return x < 0.25 ? 'open' : x < 0.65 ? 'won' : 'lost';
}

function deals(rng: Rng, n: number, accts: readonly Account[], ptnrs: readonly Partner[]): Deal[] {
  const out: Deal[] = [];
  const lastWin = new Map<string, string>(); // account -> a won closed_on, to make first-win ties
  for (let i = 1; i <= n; i++) {
    const account = rng.pick(accts).account_id;
    const stage = dealStage(rng);
    let created = rng.date('2024-01-01', '2026-12-31');
    let closed: string | null = null;
    if (stage !== 'open') {
      const x = rng.float();
      if (x < 0.07)
        closed = addDays(created, -rng.int(1, 60)); // back-filled: closed before created
      else if (x < 0.12)
        closed = created; // same-day close: cycle 0
      else closed = addDays(created, rng.int(1, 240));
      const previous = lastWin.get(account);
      if (stage === 'won' && previous !== undefined && rng.chance(0.2)) {
        closed = previous; // same closed_on as another win of the account: a first-win tie
        if (created > closed && rng.chance(0.7)) created = addDays(closed, -rng.int(0, 90));
      }
      if (stage === 'won') lastWin.set(account, closed);
    }
    const expected =
      stage === 'open'
        ? rng.chance(0.8)
          ? addDays(created, rng.int(-30, 200))
          : null
        : rng.chance(0.3)
          ? addDays(created, rng.int(0, 200))
          : null;
    out.push({
      deal_id: `D${i}`,
      account_id: account,
      name: rng.chance(0.1) ? null : `Deal ${i}`,
      amount: money(rng, 0, 250_000),
      type: dealType(rng),
      stage,
      stage_name:
        stage === 'open'
          ? rng.pick(OPEN_STAGES)
          : rng.chance(0.1)
            ? null
            : stage === 'won'
              ? 'Closed Won'
              : 'Closed Lost',
      created_on: created,
      closed_on: closed,
      expected_close_on: expected,
      sourcing_partner_id: rng.chance(0.25) ? rng.pick(ptnrs).partner_id : null,
    });
  }
  return out;
}

function touches(rng: Rng, dls: readonly Deal[], ptnrs: readonly Partner[]): Touch[] {
  const out: Touch[] = [];
  const seen = new Set<string>();
  for (const d of dls) {
    if (!rng.chance(d.sourcing_partner_id === null ? 0.45 : 0.3)) continue;
    const n = rng.int(1, 3);
    for (let k = 0; k < n; k++) {
      const end = d.closed_on ?? d.expected_close_on ?? addDays(d.created_on, 120);
      const x = rng.float();
      const touched =
        x < 0.2
          ? addDays(end, rng.int(1, 90)) // after the close (ignored for a closed deal)
          : x < 0.3
            ? end // on the close day (counts)
            : addDays(
                d.created_on,
                rng.int(-30, Math.max(0, dayNumber(end) - dayNumber(d.created_on))),
              );
      const t: Touch = {
        deal_id: d.deal_id,
        partner_id: rng.pick(ptnrs).partner_id,
        touch_type: rng.pick(TOUCH_TYPES),
        touched_on: touched,
      };
      const key = `${t.deal_id}|${t.partner_id}|${t.touch_type}|${t.touched_on}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

function arr(rng: Rng, accts: readonly Account[]): ArrRow[] {
  const out: ArrRow[] = [];
  for (const a of accts) {
    if (!rng.chance(0.75)) continue;
    let month = addMonths('2023-01', rng.int(0, 40));
    // Most customers stay to the end of the data; a third churn after 1..36 months.
    const length = rng.chance(0.67) ? 60 : rng.int(1, 36);
    let value = rng.int(1_000_00, 200_000_00) / 100;
    for (let k = 0; k < length && month <= '2026-12'; k++) {
      const x = rng.float();
      if (x < 0.05) {
        // a gap: no row, ARR 0 that month
      } else if (x < 0.08) {
        out.push({ account_id: a.account_id, month, arr: '0' }); // an explicit zero
      } else {
        out.push({ account_id: a.account_id, month, arr: value.toFixed(rng.chance(0.5) ? 2 : 0) });
      }
      // expansion or contraction
      if (rng.chance(0.1)) value = Math.round(value * (0.7 + rng.float() * 0.7) * 100) / 100;
      month = addMonths(month, 1);
    }
  }
  return out;
}

function attachments(rng: Rng, accts: readonly Account[], ptnrs: readonly Partner[]): Attachment[] {
  const out: Attachment[] = [];
  const seen = new Set<string>();
  for (const a of accts) {
    if (!rng.chance(0.45)) continue;
    const n = rng.int(1, 2);
    for (let k = 0; k < n; k++) {
      const since = rng.date('2023-01-01', '2026-10-31');
      const row: Attachment = {
        account_id: a.account_id,
        partner_id: rng.pick(ptnrs).partner_id,
        relation: rng.pick(ATTACHMENT_RELATIONS),
        since,
        until: rng.chance(0.5) ? null : addDays(since, rng.int(0, 500)),
      };
      const key = `${row.account_id}|${row.partner_id}|${row.relation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(row);
    }
  }
  return out;
}

function spend(rng: Rng, scale: number): SpendRow[] {
  const out: SpendRow[] = [];
  const motions: readonly [SpendMotion, number][] = [
    ['partner', 0.85],
    ['direct', 0.9],
    ['shared', 0.6],
  ];
  for (let month = '2024-01'; month <= '2026-12'; month = addMonths(month, 1)) {
    for (const [motion, p] of motions) {
      if (!rng.chance(p)) continue;
      const categories = rng.shuffle(SPEND_CATEGORIES).slice(0, rng.int(1, 2));
      for (const category of categories) {
        out.push({ month, motion, category, amount: money(rng, 0, 20_000 * scale) });
      }
    }
  }
  return out;
}

/** A deterministic random dataset: `size` deals and proportionate other rows. */
export function randomDataset(options: RandomDatasetOptions): Dataset {
  const size = options.size ?? 200;
  const rng = new Rng(mulberry32(options.seed));
  const ps = partners(rng, Math.max(4, Math.round(size / 15)));
  const as = accounts(rng, Math.max(3, Math.round(size / 3)));
  const ds = deals(rng, size, as, ps);
  return {
    partners: ps,
    accounts: as,
    deals: ds,
    touches: touches(rng, ds, ps),
    arr: arr(rng, as),
    attachments: attachments(rng, as, ps),
    spend: spend(rng, Math.max(1, size / 200)),
  };
}
