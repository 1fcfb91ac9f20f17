import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';
import type { StoredActor } from '../entities/Declaration.ts';

/**
 * The SIOSS roles and the claim each is scoped by:
 * - AMBITO_REFERENT compiles the declarations of one Ambito: `viewer.enteCode` is the Ambito's code;
 * - REGION_COORDINATOR registers and manages the Ambiti of one Region: `viewer.enteCode` is the
 *   ISTAT region code (2 digits);
 * - MINISTRY_ANALYST registers Ambiti anywhere and alone may reopen a finalised declaration.
 * Reads are open until identities are verified at the gateway.
 */
export const Role = {
  AMBITO_REFERENT: 'AMBITO_REFERENT',
  REGION_COORDINATOR: 'REGION_COORDINATOR',
  MINISTRY_ANALYST: 'MINISTRY_ANALYST',
} as const;

interface Grant {
  role: string;
  /** The `enteCode` the role must be scoped to, or null for any. */
  enteCode: string | null;
}

const describeGrant = (grant: Grant): string => (grant.enteCode ? `${grant.role} with enteCode ${grant.enteCode}` : grant.role);

function holds(viewer: Viewer, grant: Grant): boolean {
  return viewer.authenticated && viewer.roles.includes(grant.role) && (grant.enteCode === null || viewer.enteCode === grant.enteCode);
}

/** Passes when the viewer holds one of `grants`; otherwise FORBIDDEN naming the action and what it needs. */
function requireOneOf(viewer: Viewer, action: string, grants: readonly Grant[]): void {
  if (grants.some((grant) => holds(viewer, grant))) return;
  const has = viewer.authenticated
    ? `roles ${viewer.roles.length ? viewer.roles.join(', ') : 'none'} and enteCode ${viewer.enteCode ?? 'none'}`
    : 'no verified identity';
  throw domainError(ErrorCode.FORBIDDEN, `${action} needs ${grants.map(describeGrant).join(' or ')}; the request has ${has}.`, {
    required: grants.map((grant) => ({ role: grant.role, enteCode: grant.enteCode })),
  });
}

/** Compiling (open, edit, finalise) the declarations of `ambitoCode`: its AMBITO_REFERENT only. */
export function requireReferentOf(viewer: Viewer, ambitoCode: string): void {
  requireOneOf(viewer, `Compiling the declaration of Ambito ${ambitoCode}`, [{ role: Role.AMBITO_REFERENT, enteCode: ambitoCode }]);
}

/** Registering an Ambito or changing its members: the Ministry, or the coordinator of its Region. */
export function requireAmbitoAdmin(viewer: Viewer, regionCode: string, action: string): void {
  requireOneOf(viewer, action, [{ role: Role.MINISTRY_ANALYST, enteCode: null }, { role: Role.REGION_COORDINATOR, enteCode: regionCode }]);
}

/** Governance and agreements of an Ambito: its referent, its Region's coordinator, or the Ministry. */
export function requireGovernanceEditor(viewer: Viewer, ambito: { code: string; regionCode: string }, action: string): void {
  requireOneOf(viewer, action, [
    { role: Role.AMBITO_REFERENT, enteCode: ambito.code },
    { role: Role.REGION_COORDINATOR, enteCode: ambito.regionCode },
    { role: Role.MINISTRY_ANALYST, enteCode: null },
  ]);
}

/** Reopening a finalised declaration: MINISTRY_ANALYST only. */
export function requireMinistry(viewer: Viewer, action: string): void {
  requireOneOf(viewer, action, [{ role: Role.MINISTRY_ANALYST, enteCode: null }]);
}

/** Registering shared reference data (implementing bodies): any SIOSS role. */
export function requireAnySiossRole(viewer: Viewer, action: string): void {
  requireOneOf(viewer, action, [
    { role: Role.AMBITO_REFERENT, enteCode: null },
    { role: Role.REGION_COORDINATOR, enteCode: null },
    { role: Role.MINISTRY_ANALYST, enteCode: null },
  ]);
}

/** Who to record in the change log for this viewer. */
export function actorOf(viewer: Viewer): StoredActor {
  return { operatorTaxCode: viewer.operatorTaxCode, enteCode: viewer.enteCode, roles: [...viewer.roles] };
}
