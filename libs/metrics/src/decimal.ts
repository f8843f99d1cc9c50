// Exact money arithmetic (metrics.md: "Money sums are exact decimals; ratios are
// full-precision numbers (round only for display)").
import type { Decimal as DecimalInstance } from 'decimal.js';
import DecimalImport from 'decimal.js';

// decimal.js ships an ES module whose default export is the class, but CommonJS-style
// typings: under `moduleResolution: nodenext` TypeScript types the default import as the
// module object. Take `.default` when it exists (typings / CommonJS build), the import
// itself otherwise (the ES build that Node, Jest and Vite actually load).
const DecimalClass = ((DecimalImport as { default?: typeof DecimalInstance }).default ??
  DecimalImport) as typeof DecimalInstance;

/**
 * A private Decimal constructor: 60 significant digits (sums of a million amounts of
 * billions with cents need ~18) and half-away-from-zero rounding, like PostgreSQL's
 * round(numeric, 2).
 */
export const Dec = DecimalClass.clone({ precision: 60, rounding: DecimalClass.ROUND_HALF_UP });
export type Dec = DecimalInstance;

export const ZERO: Dec = new Dec(0);

/** Exact sum of decimal strings. */
export function sumMoney(values: Iterable<string>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Money output: the exact value rounded to cents (half away from zero), as a JS number. */
export function toCents(value: Dec): number {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();
}

/** `num / den` as the double nearest the exact quotient; null when `den` is zero. */
export function ratio(num: Dec, den: Dec): number | null {
  if (den.isZero()) return null;
  return num.div(den).toNumber();
}
