import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';
import type { StoredActor } from '../entities/Declaration.ts';

/**
 * The SIOSS roles and the verified claim each is scoped by (the token's `ambito` and `region`,
 * `viewer.ambitoCode` and `viewer.regionCode`):
 * - AMBITO_REFERENT compiles the declarations of its Ambito (`ambitoCode`) and reads them;
 * - REGION_COORDINATOR reads the declarations of the Ambiti of its Region (`regionCode`, ISTAT
 *   2 digits), registers and manages those Ambiti;
 * - MINISTRY_ANALYST reads every declaration, registers Ambiti anywhere and alone reopens a
 *   finalised declaration.
 * The scopes (sioss:read, sioss:write, sioss:reopen) are asked by the gateway (schema.graphql);
 * the rules here depend on the Ambito and Region of the row. Reference data (Ambiti, catalogue,
 * fund areas) is public.
 */
export const Role = {
  AMBITO_REFERENT: 'AMBITO_REFERENT',
  REGION_COORDINATOR: 'REGION_COORDINATOR',
  MINISTRY_ANALYST: 'MINISTRY_ANALYST',
} as const;

/** The claim a grant is scoped by. */
type Claim = 'ambitoCode' | 'regionCode';
const CLAIM_NAME: Record<Claim, string> = { ambitoCode: 'ambito', regionCode: 'region' };

interface Grant {
  role: string;
  /** The claim the role must be scoped to, with its value; none for any. */
  scope?: { claim: Claim; value: string };
}

const describeGrant = (grant: Grant): string => (grant.scope ? `${grant.role} of ${CLAIM_NAME[grant.scope.claim]} ${grant.scope.value}` : grant.role);

function holds(viewer: Viewer, grant: Grant): boolean {
  return viewer.authenticated && viewer.roles.includes(grant.role) && (!grant.scope || viewer[grant.scope.claim] === grant.scope.value);
}

/** Passes when the viewer holds one of `grants`; otherwise FORBIDDEN (UNAUTHENTICATED without a token) naming the action and what it needs. */
function requireOneOf(viewer: Viewer, action: string, grants: readonly Grant[]): void {
  if (grants.some((grant) => holds(viewer, grant))) return;
  const needs = `${action} needs ${grants.map(describeGrant).join(' or ')}`;
  const required = grants.map((grant) => ({ role: grant.role, ...(grant.scope ? { [CLAIM_NAME[grant.scope.claim]]: grant.scope.value } : {}) }));
  if (!viewer.authenticated) {
    throw domainError(ErrorCode.UNAUTHENTICATED, `${needs}; the request carries no verified identity: send a token (Authorization: Bearer <JWT>).`, { required });
  }
  const has = `roles ${viewer.roles.length ? viewer.roles.join(', ') : 'none'}, ambito ${viewer.ambitoCode ?? 'none'} and region ${viewer.regionCode ?? 'none'}`;
  throw domainError(ErrorCode.FORBIDDEN, `${needs}; the token has ${has}.`, { required });
}

const referentOf = (ambitoCode: string): Grant => ({ role: Role.AMBITO_REFERENT, scope: { claim: 'ambitoCode', value: ambitoCode } });
const coordinatorOf = (regionCode: string): Grant => ({ role: Role.REGION_COORDINATOR, scope: { claim: 'regionCode', value: regionCode } });
const ministry: Grant = { role: Role.MINISTRY_ANALYST };

/** Compiling (open, edit, finalise) the declarations of `ambitoCode`: its AMBITO_REFERENT only. */
export function requireReferentOf(viewer: Viewer, ambitoCode: string): void {
  requireOneOf(viewer, `Compiling the declaration of Ambito ${ambitoCode}`, [referentOf(ambitoCode)]);
}

/**
 * Reading the declarations (and the change history) of an Ambito: its referent, the coordinator of
 * its Region, or the Ministry. `action` names what was asked.
 */
export function requireDeclarationReader(viewer: Viewer, ambito: { code: string; regionCode: string }, action: string): void {
  requireOneOf(viewer, action, [referentOf(ambito.code), coordinatorOf(ambito.regionCode), ministry]);
}

/** Whether `viewer` may read the declarations of `ambito` (requireDeclarationReader, without the error). */
export function mayReadDeclarations(viewer: Viewer, ambito: { code: string; regionCode: string }): boolean {
  return [referentOf(ambito.code), coordinatorOf(ambito.regionCode), ministry].some((grant) => holds(viewer, grant));
}

/** Registering an Ambito or changing its members: the Ministry, or the coordinator of its Region. */
export function requireAmbitoAdmin(viewer: Viewer, regionCode: string, action: string): void {
  requireOneOf(viewer, action, [ministry, coordinatorOf(regionCode)]);
}

/** Governance and agreements of an Ambito: its referent, its Region's coordinator, or the Ministry. */
export function requireGovernanceEditor(viewer: Viewer, ambito: { code: string; regionCode: string }, action: string): void {
  requireOneOf(viewer, action, [referentOf(ambito.code), coordinatorOf(ambito.regionCode), ministry]);
}

/** Reopening a finalised declaration: MINISTRY_ANALYST only. */
export function requireMinistry(viewer: Viewer, action: string): void {
  requireOneOf(viewer, action, [ministry]);
}

/** Registering shared reference data (implementing bodies): any SIOSS role. */
export function requireAnySiossRole(viewer: Viewer, action: string): void {
  requireOneOf(viewer, action, [{ role: Role.AMBITO_REFERENT }, { role: Role.REGION_COORDINATOR }, ministry]);
}

/**
 * Who to record in the change log for this viewer. `enteCode` is the body the operator acted for:
 * its Ambito (a referent), its Region (a coordinator), else its ente; null for the Ministry.
 */
export function actorOf(viewer: Viewer): StoredActor {
  return { operatorTaxCode: viewer.operatorTaxCode, enteCode: viewer.ambitoCode ?? viewer.regionCode ?? viewer.enteCode, roles: [...viewer.roles] };
}
