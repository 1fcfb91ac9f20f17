import type { Deadline } from '../config.ts';

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The last day (YYYY-MM-DD, inclusive) to finalise the declaration of `year`: the configured day of year + 1. */
export function deadlineOf(year: number, deadline: Deadline): string {
  const due = year + 1;
  const day = deadline.month === 2 && deadline.day === 29 && !isLeap(due) ? 28 : deadline.day;
  return `${due}-${String(deadline.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar date in Italy at `instant`: deadlines are Italian days, not UTC ones. */
export function italianDate(instant: Date): string {
  return instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' });
}

/** True when `instant` falls after the deadline day of `year` (Italian time). */
export function isLate(year: number, deadline: Deadline, instant: Date): boolean {
  return italianDate(instant) > deadlineOf(year, deadline);
}

/** The current year in Italy, the upper bound of a declaration's year. */
export function italianYear(instant: Date): number {
  return Number(italianDate(instant).slice(0, 4));
}
