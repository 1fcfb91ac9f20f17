/** A value of a one-dimensional array parameter; `null` and `undefined` are SQL NULL. */
export type PgArrayElement = string | number | boolean | null | undefined;

// Unquoted, PostgreSQL's array parser trims whitespace, splits on `,`, reads `{`/`}` as nesting,
// takes `"` and `\` as quoting, and reads `NULL` (any case) and nothing at all as something else.
const NEEDS_QUOTES = /^$|^null$|[\s"\\{},]/i;
const ESCAPED = /["\\]/g;

/**
 * The PostgreSQL array literal of `values`, for a `$n::text[]` (`uuid[]`, `int[]`, `jsonb[]`,
 * `date[]`...) parameter: `{a,"b c",NULL}`. PostgreSQL reads from it the same array as from
 * node-postgres's own encoding of `values`: null and undefined become NULL, numbers and booleans
 * their `toString()`, strings (JSON text included) are quoted only when they need it, with `"`
 * and `\` escaped. Only the comma-delimited types (all but `box`) and one dimension. There are no
 * Date elements: pg would encode them in local time; pass dates as 'YYYY-MM-DD' text instead.
 *
 * It exists for the bulk writers, whose `unnest($1::uuid[], ...)` statements pass ~30 arrays of
 * 1,000 values per batch: pg's generic encoder (prepareValue per element, then two replaces and
 * quotes on every one) was ~5 % of a flow's ingestion.
 */
export function pgArray(values: readonly PgArrayElement[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (value == null) out += 'NULL';
    else if (typeof value !== 'string') out += String(value);
    else if (!NEEDS_QUOTES.test(value)) out += value;
    else out += '"' + value.replace(ESCAPED, '\\$&') + '"';
  }
  return out + '}';
}
