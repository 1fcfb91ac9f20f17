import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';

/** An opaque keyset cursor over an ente's SINBA cases: the case's year and pseudonym. */
export function encodeCursor(row: { reportingYear: number; beneficiaryCode: string }): string {
  return Buffer.from(JSON.stringify([row.reportingYear, row.beneficiaryCode])).toString('base64url');
}

/** Decodes a cursor from encodeCursor; anything else is BAD_USER_INPUT, never a database error. */
export function decodeCursor(cursor: string): { reportingYear: number; beneficiaryCode: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isInteger(value[0]) && typeof value[1] === 'string' && value[1].length <= 20) {
      return { reportingYear: value[0] as number, beneficiaryCode: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw domainError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor returned by this API; use pageInfo.endCursor of the previous page.', { argument: 'after' });
}
