import { decodeCursor as decodeKey, encodeCursor as encodeKey } from '@siuss/service/connection';

/** An opaque keyset cursor over an ente's SINBA cases: the case's year and pseudonym. */
export function encodeCursor(row: { reportingYear: number; beneficiaryCode: string }): string {
  return encodeKey([row.reportingYear, row.beneficiaryCode]);
}

/** Decodes a cursor from encodeCursor; anything else is BAD_USER_INPUT, never a database error. */
export function decodeCursor(cursor: string): { reportingYear: number; beneficiaryCode: string } {
  return decodeKey(cursor, ([reportingYear, beneficiaryCode]) =>
    Number.isInteger(reportingYear) && typeof beneficiaryCode === 'string' && beneficiaryCode.length <= 20
      ? { reportingYear: reportingYear as number, beneficiaryCode }
      : undefined);
}
