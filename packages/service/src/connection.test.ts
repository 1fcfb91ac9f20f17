import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './connection.ts';

const codeOf = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error instanceof GraphQLError ? [error.extensions['code'], error.extensions['argument']] : error;
  }
  return undefined;
};

describe('connections', () => {
  it('takes 20 by default and refuses pages outside 0..max', () => {
    expect(pageSize(undefined, 100)).toBe(20);
    expect(pageSize(null, 100)).toBe(20);
    expect(pageSize(0, 100)).toBe(0);
    expect(pageSize(100, 100)).toBe(100);
    expect(codeOf(() => pageSize(101, 100))).toEqual(['BAD_USER_INPUT', 'first']);
    expect(codeOf(() => pageSize(-1, 100))).toEqual(['BAD_USER_INPUT', 'first']);
  });

  it('round-trips keyset cursors and refuses anything else as BAD_USER_INPUT on after', () => {
    const accept = ([year, code]: readonly unknown[]) => (Number.isInteger(year) && typeof code === 'string' ? { year: year as number, code } : undefined);
    expect(decodeCursor(encodeCursor([2024, 'H501']), accept)).toEqual({ year: 2024, code: 'H501' });
    for (const bad of ['', 'not a cursor', encodeCursor(['2024', 'H501']), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(codeOf(() => decodeCursor(bad, accept))).toEqual(['BAD_USER_INPUT', 'after']);
    }
  });

  it('builds edges and page info from a page', () => {
    const connection = toConnection([{ id: 'a' }, { id: 'b' }], { totalCount: 5, hasNextPage: true, hasPreviousPage: false }, (node) => `c-${node.id}`);
    expect(connection).toEqual({
      edges: [{ cursor: 'c-a', node: { id: 'a' } }, { cursor: 'c-b', node: { id: 'b' } }],
      totalCount: 5,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c-a', endCursor: 'c-b' },
    });
    expect(toConnection([], { totalCount: 0, hasNextPage: false, hasPreviousPage: true }, () => 'x').pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null,
    });
  });
});
