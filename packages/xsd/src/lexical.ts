// Lexical checks for the XSD built-in types used by the SIUSS flows (PS_PSA_SINA201812.xsd,
// SINAType, SINBA.xsd). Each `...Problem` returns `undefined` when the value is fine, else a short
// phrase saying what is wrong (never the value itself: it may be personal data).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INT = /^[+-]?\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// XML 1.0 Char production: an xs:string cannot hold anything else (control characters, lone surrogates).
const NON_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** DataMeseAnnoType of SINBA.xsd: MM/YYYY with a year 19xx or 20xx. */
export const MONTH_YEAR = /^((0[1-9])|(1[0-2]))\/(19|20)[0-9]{2}$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Problem with an xs:date, or undefined. Only the `YYYY-MM-DD` form is accepted: the XSD also
 * allows a time zone suffix, a sign and years beyond 9999, but the hub stores and compares plain
 * calendar dates, so those are refused here rather than silently reinterpreted.
 */
export function dateProblem(value: string): string | undefined {
  if (DATE_WITH_ZONE.test(value)) return 'a time zone is not accepted';
  const match = DATE.exec(value);
  if (!match) return 'it is not in the form YYYY-MM-DD';
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year === 0) return 'year 0000 does not exist';
  if (month < 1 || month > 12) return `month ${match[2]} does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${match[3]} does not exist in ${match[1]}-${match[2]}`;
  return undefined;
}

/** True when the value is in the xs:decimal lexical space (sign, digits, optional fraction; no exponent). */
export function isXsdDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

/** The value of an xs:int lexical form (`+07` included), or undefined when it is not one or is out of the 32-bit range. */
export function parseXsdInt(value: string): number | undefined {
  if (!INT.test(value)) return undefined;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** True for a hub id (a uuid, any case): checked before a lookup so a malformed id is "not found", never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Length as the XSD counts it: characters (code points), not UTF-16 units. */
export function xsdLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/** True when the string holds a character that XML 1.0 cannot carry. */
export function hasNonXmlChar(value: string): boolean {
  return NON_XML_CHAR.test(value);
}

/**
 * The value quoted for a message when it surely carries no personal data (short printable ASCII
 * without two letters in a row: dates, amounts, numeric codes, Belfiore and benefit codes), else
 * undefined. Names, codici fiscali and most pseudonyms contain letter runs, so they are never echoed.
 */
export function quoteIfSafe(value: string): string | undefined {
  return value.length <= 12 && /^[\x20-\x7e]*$/.test(value) && !/[A-Za-z]{2}/.test(value) ? JSON.stringify(value) : undefined;
}
