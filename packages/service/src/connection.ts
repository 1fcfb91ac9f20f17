import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';

/** A Relay connection as the subgraphs' SDL declares it (`edges`, `totalCount`, the shared `PageInfo`). */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * The `first` argument of a connection: 20 when omitted, else a number from 0 to `maxPageSize`
 * (SIUSS_MAX_PAGE_SIZE). Anything else is BAD_USER_INPUT on `first`, checked before any query
 * so a caller cannot ask the database for an unbounded page.
 */
export function pageSize(first: number | null | undefined, maxPageSize: number): number {
  const size = first ?? 20;
  if (size < 0 || size > maxPageSize) {
    throw domainError(ErrorCode.BAD_USER_INPUT, `first must be between 0 and ${maxPageSize}.`, { argument: 'first' });
  }
  return size;
}

/** An opaque keyset cursor: the key values of a row (those the page is ordered by), as base64url JSON. */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Decodes a cursor of `encodeCursor`. `accept` checks the key values and returns the typed key,
 * or undefined when they are not a key of this connection. Anything that is not a cursor this API
 * returned is BAD_USER_INPUT on `after`, never a database error.
 */
export function decodeCursor<T>(cursor: string, accept: (key: readonly unknown[]) => T | undefined): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const key = Array.isArray(value) ? accept(value) : undefined;
    if (key !== undefined) return key;
  } catch {
    // fall through to the typed error
  }
  throw domainError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor returned by this API; use pageInfo.endCursor of the previous page.', { argument: 'after' });
}

/**
 * The connection of one page of nodes, in page order, each with its cursor; start and end cursors
 * are null on an empty page. With forward pagination only, `hasPreviousPage` is whether the page
 * was asked for `after` a cursor.
 */
export function toConnection<T>(nodes: readonly T[], page: { totalCount: number; hasNextPage: boolean; hasPreviousPage: boolean }, cursorOf: (node: T) => string): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
