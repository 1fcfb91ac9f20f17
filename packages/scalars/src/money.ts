import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** A value that is not a decimal with at most 10 integer and 2 fractional digits. */
export class MoneyError extends Error {
  override name = 'MoneyError';
}

const MAX_INTEGER_DIGITS = 10;
const MAX_FRACTION_DIGITS = 2;
// xs:decimal lexical space: optional sign, digits, optional fraction ("1.", ".5" included).
const DECIMAL = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))$/;
// An amount in canonical form: no sign, no leading zero, at most 10 integer digits, exactly 2 decimals.
const CANONICAL = /^(?:0|[1-9]\d{0,9})\.\d\d$/;

function quote(input: string): string {
  return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
}

/**
 * Parses to hundredths; `what` names the value in messages ("amount", "decimal"). The result is a
 * plain number: at most 10 integer and 2 fractional digits stay far below 2^53, so it is exact,
 * and parsing allocates no BigInt.
 */
function parseHundredths(input: string | number, what: string): number {
  if (typeof input !== 'string' && typeof input !== 'number') {
    throw new MoneyError(`Expected a ${what} as a decimal string such as "101.23", got a value of type ${typeof input}.`);
  }
  const text = String(input);
  // The canonical form ("101.23") is nearly every amount of a flow: euros, then exactly 2 decimals.
  if (CANONICAL.test(text)) return Number(text.slice(0, -3)) * 100 + Number(text.slice(-2));
  const match = DECIMAL.exec(text);
  if (!match) {
    const hint = /^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)
      ? 'exponent notation is not allowed'
      : text === '' ? 'it is empty' : 'it is not a decimal number';
    throw new MoneyError(`Invalid ${what} ${quote(text)}: ${hint}; write it as a decimal such as "101.23".`);
  }
  const [, sign = '', intPart = '', fracPart = '', fracOnly = ''] = match;
  const integer = intPart.replace(/^0+/, '');
  const fraction = (fracPart || fracOnly).replace(/0+$/, '');
  if (integer.length > MAX_INTEGER_DIGITS) {
    throw new MoneyError(`Invalid ${what} ${quote(text)}: at most ${MAX_INTEGER_DIGITS} digits before the decimal point, got ${integer.length}.`);
  }
  if (fraction.length > MAX_FRACTION_DIGITS) {
    throw new MoneyError(`Invalid ${what} ${quote(text)}: at most ${MAX_FRACTION_DIGITS} decimal places, got ${fraction.length}; round it, e.g. "101.23".`);
  }
  const hundredths = Number(integer || '0') * 100 + Number(fraction.padEnd(MAX_FRACTION_DIGITS, '0'));
  return sign === '-' ? -hundredths : hundredths;
}

/** `formatCents` for the exact number parseHundredths returns; -0 (from "-0.00") prints as "0.00", like 0n. */
function formatHundredths(hundredths: number): string {
  const negative = hundredths < 0;
  const digits = String(Math.abs(hundredths)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Parses an amount in euro to integer cents, so money never passes through a float. Accepts the
 * xs:decimal lexical form (optional sign, digits, optional fraction: "101.23", "-5.00", "12") with
 * at most 10 integer digits and 2 significant decimals ("1.230" is fine, "1.234" is not). A number
 * is read through its shortest string form (`String(n)`), so 0.1 + 0.2 is rejected rather than
 * silently rounded. Throws `MoneyError` saying what is wrong.
 */
export function parseMoney(input: string | number): bigint {
  return BigInt(parseHundredths(input, 'amount'));
}

/**
 * `formatCents(parseMoney(input))` in one step: the canonical two-decimal string of an amount
 * ("101.2" -> "101.20", "+0012" -> "12.00"), throwing `MoneyError` like parseMoney. An amount that
 * is already canonical, as nearly all amounts of a flow are, is returned as it is without parsing.
 */
export function canonicalMoney(input: string | number): string {
  if (typeof input === 'string' && CANONICAL.test(input)) return input;
  return formatHundredths(parseHundredths(input, 'amount'));
}

/** Canonical string for cents: always two decimals, e.g. "123.40", "-0.50", "0.00". */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function scalar(name: string, what: string, description: string): GraphQLScalarType<string, string> {
  const canonical = (input: unknown, extensions: Record<string, unknown>, nodes?: ValueNode): string => {
    try {
      return formatHundredths(parseHundredths(input as string | number, what));
    } catch (error) {
      if (error instanceof MoneyError) {
        throw new GraphQLError(error.message, { nodes, extensions, originalError: error });
      }
      throw error;
    }
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    // No code: a bad stored value is a server fault, so formatError turns it into INTERNAL_SERVER_ERROR.
    serialize: (output) => canonical(output, {}),
    parseValue: (input) => canonical(input, { code: 'BAD_USER_INPUT' }),
    parseLiteral(ast) {
      // Float literals keep their source text, so "101.23" never becomes a binary float.
      if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
        return canonical(ast.value, { code: 'BAD_USER_INPUT' }, ast);
      }
      throw new GraphQLError(`${name} expects a string or number literal such as "101.23".`, {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    },
  });
}

/** `Money` scalar: euro amounts in and out as canonical two-decimal strings ("101.2" -> "101.20"). */
export const MoneyScalar = scalar(
  'Money',
  'amount',
  'An amount in euro as a decimal string with at most two decimals, e.g. "101.23"; never a float. ' +
    'Input may also be a number literal; output is always the canonical string with two decimals.',
);

/** `Decimal` scalar: non-money decimals (xs:decimal), e.g. monthly service hours, same rules as Money. */
export const DecimalScalar = scalar(
  'Decimal',
  'decimal',
  'A decimal number (xs:decimal) that is not money, e.g. monthly service hours, as a string with up to ' +
    '10 integer digits and 2 decimals, e.g. "12.50"; never a float. Input may also be a number literal; ' +
    'output is always the canonical string with two decimals.',
);
