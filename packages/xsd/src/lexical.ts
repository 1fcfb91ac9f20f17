// Lexical checks for the XSD built-in types used by the SIUSS flows (PS_PSA_SINA201812.xsd,
// SINAType, SINBA.xsd). Each `...Problem` returns `undefined` when the value is fine, else a short
// phrase saying what is wrong (never the value itself: it may be personal data).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INT = /^[+-]?\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// XML 1.0 Char production: an xs:string cannot hold anything else (control characters, lone surrogates).
const NON_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** DataMeseAnnoType of SINBA.xsd: MM/YYYY with a year 19xx or 20xx. */
export const MONTH_YEAR = /^((0[1-9])|(1[0-2]))\/(19|20)[0-9]{2}$/;

/** The number written by the ASCII digits value[from..to), which the caller has matched. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Problem with an xs:date, or undefined. Only the `YYYY-MM-DD` form is accepted: the XSD also
 * allows a time zone suffix, a sign and years beyond 9999, but the hub stores and compares plain
 * calendar dates, so those are refused here rather than silently reinterpreted.
 */
export function dateProblem(value: string): string | undefined {
  if (!DATE.test(value)) return DATE_WITH_ZONE.test(value) ? 'a time zone is not accepted' : 'it is not in the form YYYY-MM-DD';
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (year === 0) return 'year 0000 does not exist';
  if (month < 1 || month > 12) return `month ${value.slice(5, 7)} does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${value.slice(8, 10)} does not exist in ${value.slice(0, 7)}`;
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
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    // A surrogate pair is one character in two UTF-16 units; a lone surrogate counts as one.
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      n -= 1;
      i += 1;
    }
  }
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
