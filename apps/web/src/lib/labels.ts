// Text derived from the catalog and the period, so components never spell out a metric's name.
import type { Formatters } from './format';
import type { Comparison, ResolvedPeriod } from './periods';

/** "Win rate (partner-sourced)" → {base: "Win rate", qualifier: "partner-sourced"}. */
export function splitLabel(label: string): { base: string; qualifier: string | null } {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(label);
  return m ? { base: m[1], qualifier: m[2] } : { base: label, qualifier: null };
}

/** Capitalises the first letter: "partner-sourced" → "Partner-sourced". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "FY2026 Q4 to date", "FY2025", or the dates of a custom range. */
export function periodTitle(p: ResolvedPeriod, fmt: Formatters): string {
  if (p.label === null) return fmt.dateRange(p.from, p.to);
  return p.toDate ? `${p.label} to date` : p.label;
}

/** "FY2026 Q3 (first 52 days)", "FY2025 Q4", or the dates of a custom range. */
export function comparisonTitle(c: Comparison, fmt: Formatters): string {
  if (c.period.label === null) return fmt.dateRange(c.period.from, c.period.to);
  return c.sameDays !== null ? `${c.period.label} (first ${c.sameDays} days)` : c.period.label;
}

const ACRONYMS: Readonly<Record<string, string>> = { msp: 'MSP', isv: 'ISV', si: 'SI' };

/** 'msp' → 'MSP', 'reseller' → 'Reseller'. */
export function partnerTypeLabel(type: string): string {
  return ACRONYMS[type] ?? capitalise(type);
}

export const FILTER_LABELS = {
  segment: 'Segment',
  region: 'Region',
  partner_type: 'Partner type',
  partner_tier: 'Partner tier',
  partner_id: 'Partner',
} as const;

/** "1 deal", "3 deals" (the count formatted by `count`). */
export function plural(
  n: number,
  one: string,
  many = `${one}s`,
  count: (n: number) => string = String,
): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
