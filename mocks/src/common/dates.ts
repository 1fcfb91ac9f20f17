// Calendar dates as 'YYYY-MM-DD' strings (compared as strings), computed in UTC so no time zone
// shifts a day.

function parts(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function format(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** The date `y-m-d` (month 1-12); out-of-range days and months roll over as in `Date.UTC`. */
export function dateOf(year: number, month: number, day: number): string {
  return format(new Date(Date.UTC(year, month - 1, day)));
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return dateOf(year, month, day + days);
}

/** `date` plus `months`, clamped to the last day of the target month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return dateOf(year, month + months, Math.min(day, last));
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ROME = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Italy at `now`: what "today" means to an Italian registry. */
export function italianDate(now: Date): string {
  return ROME.format(now);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = parts(value);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
