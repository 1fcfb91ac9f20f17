import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';

const same = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();
const rolesOf = (viewer: Viewer): string => (viewer.roles.length ? viewer.roles.join(', ') : 'no role');

/**
 * SINBA cases are readable and writable only by the ente that created them, and only through the
 * pseudonym that ente built: the viewer must act for `enteCode` (its verified `ente` claim), and,
 * when `scope` is given, hold it (sinba:read to read, sinba:write to write). The GraphQL resolvers
 * give the scope (the gateway asks for the same, this is the subgraph's own check); the services
 * do not, because a flow's SINBA records are stored for the flow's ente by the flows pipeline, a
 * trusted in-process caller that checked the upload itself. Throws FORBIDDEN, saying what is
 * missing, otherwise. Call it before touching the database, so a refusal reveals nothing about
 * what is stored.
 */
export function assertSinbaAccess(viewer: Viewer, enteCode: string, action: string, scope?: 'sinba:read' | 'sinba:write'): void {
  if (!viewer.enteCode) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `${action} requires a viewer acting for ente ${enteCode}, and this request carries no verified ente: SINBA cases are visible only to the ente that created them.`,
      { missing: 'viewer.enteCode', requiredEnte: enteCode },
    );
  }
  if (!same(viewer.enteCode, enteCode)) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `${action} requires a viewer acting for ente ${enteCode}; this viewer acts for ente ${viewer.enteCode}. SINBA cases are visible only to the ente that created them.`,
      { missing: `viewer.enteCode = ${enteCode}`, requiredEnte: enteCode },
    );
  }
  if (scope && !viewer.scopes.includes(scope)) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `${action} requires the scope ${scope}; this token grants ${viewer.scopes.join(' ') || 'no scopes'}.`,
      { missing: `scope ${scope}`, requiredScopes: [[scope]] },
    );
  }
}

/**
 * Writing a SINA assessment of `enteCode` (the record's ente, or the key's): its ENTE_OPERATOR, or
 * INPS_ADMIN. Throws FORBIDDEN naming what is missing; checked before validation.
 */
export function assertSinaWriter(viewer: Viewer, enteCode: string, action: string): void {
  if (viewer.authenticated && viewer.roles.includes('INPS_ADMIN')) return;
  if (viewer.authenticated && viewer.roles.includes('ENTE_OPERATOR') && viewer.enteCode && same(viewer.enteCode, enteCode)) return;
  if (!viewer.authenticated) {
    throw domainError(ErrorCode.UNAUTHENTICATED, `${action} needs a verified operator: send a token (Authorization: Bearer <JWT>).`, { missing: 'token' });
  }
  throw domainError(
    ErrorCode.FORBIDDEN,
    `${action} for ente ${enteCode} is for an ENTE_OPERATOR acting for ${enteCode}, or INPS_ADMIN; this token has ${rolesOf(viewer)} and ente ${viewer.enteCode ?? 'none'}.`,
    { missing: `role ENTE_OPERATOR with claim ente = ${enteCode}, or role INPS_ADMIN`, requiredEnte: enteCode },
  );
}

/**
 * Reading one SINA assessment by id: INPS_ADMIN, or an operator acting for the ente that made it
 * (its own record). Its person's other data stay behind the benefits subgraph's rules.
 */
export function assertSinaReader(viewer: Viewer, enteCode: string): void {
  if (viewer.authenticated && viewer.roles.includes('INPS_ADMIN')) return;
  if (viewer.authenticated && viewer.enteCode && same(viewer.enteCode, enteCode)) return;
  if (!viewer.authenticated) {
    throw domainError(ErrorCode.UNAUTHENTICATED, 'Reading a SINA assessment needs a verified operator: send a token (Authorization: Bearer <JWT>).', { missing: 'token' });
  }
  throw domainError(
    ErrorCode.FORBIDDEN,
    `Reading this SINA assessment is for the ente that made it (${enteCode}) or INPS_ADMIN; this token has ${rolesOf(viewer)} and ente ${viewer.enteCode ?? 'none'}.`,
    { missing: `claim ente = ${enteCode}, or role INPS_ADMIN`, requiredEnte: enteCode },
  );
}
