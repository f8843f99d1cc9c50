// Calendar helpers on 'YYYY-MM-DD' dates and 'YYYY-MM' months. Everything goes through
// Date.UTC day numbers, so there is no time zone and no clock anywhere.
import type { Period } from './types.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function utcDayNumber(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  // Date.UTC maps the years 0..99 to 1900..1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime() / MS_PER_DAY;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** True for a real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is false). */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** True for a month written 'YYYY-MM'. */
export function isIsoMonth(value: string): boolean {
  const m = MONTH_RE.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parseDate(date: string): [number, number, number] {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function parseMonth(month: string): [number, number] {
  if (!isIsoMonth(month)) throw new RangeError(`not a YYYY-MM month: ${month}`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(date: string): number {
  const [y, m, d] = parseDate(date);
  return utcDayNumber(y, m, d);
}

/** The date of a day number (inverse of dayNumber). */
export function fromDayNumber(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** `to - from` in whole days (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: string): string {
  parseDate(date);
  return date.slice(0, 7);
}

export function firstDayOfMonth(month: string): string {
  parseMonth(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: string): string {
  const [y, m] = parseMonth(month);
  return `${month}-${pad(daysInMonth(y, m), 2)}`;
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = parseMonth(month);
  const index = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
}

/** The earlier of two dates (ISO strings compare like the dates they name). */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

/** True when `date` is in the closed interval [from, to]. */
export function inRange(date: string, from: string, to: string): boolean {
  return from <= date && date <= to;
}

/** Throws a RangeError naming the parameter for a malformed period or one with from > to. */
export function checkPeriod(period: Period): void {
  if (!isIsoDate(period.from)) throw new RangeError(`from: not a YYYY-MM-DD date: ${period.from}`);
  if (!isIsoDate(period.to)) throw new RangeError(`to: not a YYYY-MM-DD date: ${period.to}`);
  if (period.from > period.to) throw new RangeError('from: must not be after to');
}
