import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { isIsoDate } from './dates.ts';
import { invalidRequest, type InvalidParam } from './http.ts';

/** Largest batch a search endpoint accepts. */
export const MAX_BATCH = 100;

/** The body as an object, or a 400 problem. */
export function objectBody(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(`The body must be a JSON object, e.g. ${example}.`, []);
  }
  return body as Record<string, unknown>;
}

/** A normalised codice fiscale, or an entry in `params` naming the field (never quoting the value). */
export function taxCodeParam(value: unknown, name: string, params: InvalidParam[]): string {
  const check = validateCodiceFiscale(typeof value === 'string' ? value : '');
  if (check.valid) return check.value;
  params.push({ name, reason: typeof value === 'string' ? check.reason : 'a codice fiscale string' });
  return '';
}

/** A YYYY-MM-DD date, `fallback` when absent, or an entry in `params`. */
export function dateParam(value: unknown, name: string, fallback: string, params: InvalidParam[]): string {
  if (value === undefined || value === null) return fallback;
  if (isIsoDate(value)) return value;
  params.push({ name, reason: 'a calendar date YYYY-MM-DD' });
  return fallback;
}

/** A non-empty array of at most MAX_BATCH items, or an entry in `params`. */
export function batchParam(value: unknown, name: string, params: InvalidParam[]): unknown[] {
  if (Array.isArray(value) && value.length >= 1 && value.length <= MAX_BATCH) return value;
  params.push({ name, reason: `an array of 1 to ${MAX_BATCH} items` });
  return [];
}

/** Throws the 400 problem when any parameter was invalid. */
export function rejectInvalid(params: InvalidParam[]): void {
  if (params.length > 0) throw invalidRequest('Some request parameters are invalid.', params);
}
