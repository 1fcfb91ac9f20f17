import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';

/**
 * SINBA cases are readable and writable only by the ente that created them, and only through the
 * pseudonym that ente built. Throws FORBIDDEN, saying what is missing, unless the viewer acts for
 * `enteCode`. Call it before touching the database, so a refusal reveals nothing about what is
 * stored. Until identities are verified (JWT at the gateway) HTTP viewers carry no ente, so every
 * HTTP caller is refused; in-process callers use `trustedViewer`.
 */
export function assertSinbaAccess(viewer: Viewer, enteCode: string, action: string): void {
  if (!viewer.enteCode) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `${action} requires a viewer acting for ente ${enteCode}, and this request carries no verified ente: SINBA cases are visible only to the ente that created them.`,
      { missing: 'viewer.enteCode', requiredEnte: enteCode },
    );
  }
  if (viewer.enteCode !== enteCode) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `${action} requires a viewer acting for ente ${enteCode}; this viewer acts for ente ${viewer.enteCode}. SINBA cases are visible only to the ente that created them.`,
      { missing: `viewer.enteCode = ${enteCode}`, requiredEnte: enteCode },
    );
  }
}
