import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque keyset cursor: the row's key date and id. */
export function encodeCursor(row: { keyDate: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.keyDate, row.id])).toString('base64url');
}

/** Decodes a cursor from encodeCursor; anything else is BAD_USER_INPUT, never a database error. */
export function decodeCursor(cursor: string): { keyDate: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && DATE.test(value[0]) && typeof value[1] === 'string' && UUID.test(value[1])) {
      return { keyDate: value[0], id: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw domainError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor returned by this API; use pageInfo.endCursor of the previous page.', { argument: 'after' });
}
