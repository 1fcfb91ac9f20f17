const ROME = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Italy at `now` (YYYY-MM-DD): what "today" means for an attestation's validity. */
export function italianDate(now: Date): string {
  return ROME.format(now);
}

/** Milliseconds from `now` to the end of the Italian calendar day `date` (exact in winter time, an hour late in summer time: harmless for a cache). */
export function msUntilEndOf(date: string, now: Date): number {
  const endUtc = Date.parse(`${date}T23:59:59Z`);
  return endUtc - now.getTime() - 3600_000;
}
