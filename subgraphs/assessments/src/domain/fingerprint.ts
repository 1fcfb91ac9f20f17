// How records are compared and keyed, free of the ORM so the raw-SQL batch writers load light.
import { createHash } from 'node:crypto';

/** A codice fiscale as stored: trimmed and uppercase (validated before this is called). */
export function normaliseTaxCode(value: string): string {
  return value.trim().toUpperCase();
}

/** sha256 of a canonical JSON form: key order does not matter, absent and null are the same. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === 'object') {
      return Object.keys(v).sort().filter((key) => (v as Record<string, unknown>)[key] !== undefined && (v as Record<string, unknown>)[key] !== null)
        .map((key) => [key, canonical((v as Record<string, unknown>)[key])]);
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}
