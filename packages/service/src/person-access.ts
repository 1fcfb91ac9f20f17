import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from './viewer.ts';

/**
 * What an operator may see of a person, as the benefits subgraph decides it for each request
 * (`Person.access`, an @inaccessible field): FULL is the complete position (INPS_ADMIN, or a
 * CASE_WORKER whose ente took the person in charge), ENTE the identity and the benefits the
 * operator's own ente reported (ENTE_OPERATOR). Only the benefits subgraph knows who reported a
 * person's benefits and who took them in charge, so the other subgraphs' Person fields declare
 * `@requires(fields: "access")` and the gateway brings them the value benefits computed, inside
 * the request it signs: no client can set it, and no subgraph serves a Person it was not given.
 */
export type PersonAccess = 'FULL' | 'ENTE';

/**
 * Throws unless `access` (the representation's, as the gateway forwarded it) is FULL: `what` is
 * part of a person's complete position. Missing or unknown counts as no access (fail closed), e.g.
 * an `_entities` call that was not planned by the gateway from a person the benefits subgraph served.
 */
export function assertFullPosition(viewer: Viewer, access: unknown, what: string): void {
  if (access === 'FULL') return;
  if (!viewer.authenticated) {
    throw domainError(ErrorCode.UNAUTHENTICATED, `${what} needs a verified operator: send a token (Authorization: Bearer <JWT>).`, { missing: 'token' });
  }
  const has = access === 'ENTE'
    ? `you act for ente ${viewer.enteCode ?? '(none)'} as ${viewer.roles.join(', ') || 'no role'} and see the person's identity and the benefits your ente reported`
    : `this token (${viewer.roles.join(', ') || 'no role'}${viewer.enteCode ? `, ente ${viewer.enteCode}` : ''}) has no access to the person`;
  throw domainError(
    ErrorCode.FORBIDDEN,
    `${what} is part of the complete position, which is for INPS_ADMIN or a CASE_WORKER whose ente took the person in charge (an ACTIVE benefit with PresaCarico 1); ${has}.`,
    { missing: 'the complete position of the person (a presa in carico by your ente, or role INPS_ADMIN)' },
  );
}
