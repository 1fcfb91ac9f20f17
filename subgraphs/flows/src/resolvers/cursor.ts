import { decodeCursor as decodeKey, encodeCursor as encodeKey } from '@siuss/service/connection';
import { isUuid } from '@siuss/xsd/lexical';

/** A record's cursor: its index in the flow. */
export const encodeRecordCursor = (index: number): string => encodeKey([index]);

export function decodeRecordCursor(cursor: string): number {
  return decodeKey(cursor, ([index]) => (Number.isInteger(index) && (index as number) >= 0 ? (index as number) : undefined));
}

/** A flow's cursor in an ente's listing: received time and id. */
export const encodeFlowCursor = (flow: { receivedAt: Date; id: string }): string => encodeKey([flow.receivedAt.toISOString(), flow.id]);

export function decodeFlowCursor(cursor: string): { receivedAt: Date; id: string } {
  return decodeKey(cursor, ([at, id]) =>
    typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && isUuid(id) ? { receivedAt: new Date(at), id } : undefined);
}
