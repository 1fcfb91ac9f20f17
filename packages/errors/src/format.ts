import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '@siuss/logging/logger';
import { ErrorCode, PASS_THROUGH_CODES } from './codes.ts';

function originalError(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) {
    current = current.originalError;
  }
  return current;
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '53300' || name === 'ConnectionException';
}

/**
 * Builds the `formatError` hook shared by every subgraph. Errors that carry one of the hub's codes
 * reach the client unchanged; anything else (driver, ORM, programming errors) is logged with an
 * incident id and replaced by a generic INTERNAL_SERVER_ERROR, so SQL, stack traces and personal
 * data never leak to callers.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      return formatted;
    }
    const cause = originalError(error);
    if (isDatabaseUnavailable(cause)) {
      return {
        message: 'The database is unavailable; retry in a few seconds.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    const incident = randomUUID();
    // Only the frames: driver and ORM messages can quote SQL values, i.e. personal data.
    const frames = ((cause as Error | undefined)?.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
    logger.error(
      { incident, errorName: (cause as Error | undefined)?.name, path: formatted.path, frames },
      'unexpected error while resolving a request',
    );
    return {
      message: `Internal error (incident ${incident}); the details were logged.`,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, incident },
    };
  };
}
