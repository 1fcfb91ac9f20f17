import { decodeCursor as decodeKey, encodeCursor as encodeKey } from '@siuss/service/connection';
import { isUuid } from '@siuss/xsd/lexical';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An opaque keyset cursor: the row's key date and id. */
export function encodeCursor(row: { keyDate: string; id: string }): string {
  return encodeKey([row.keyDate, row.id]);
}

/** Decodes a cursor from encodeCursor; anything else is BAD_USER_INPUT, never a database error. */
export function decodeCursor(cursor: string): { keyDate: string; id: string } {
  return decodeKey(cursor, ([keyDate, id]) =>
    typeof keyDate === 'string' && DATE.test(keyDate) && typeof id === 'string' && isUuid(id) ? { keyDate, id } : undefined);
}
