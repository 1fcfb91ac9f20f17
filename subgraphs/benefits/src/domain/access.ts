import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { GraphQLError } from 'graphql';
import type { Viewer } from '@siuss/service/viewer';

/**
 * The rules of the benefits subgraph that depend on the row: which ente reported a benefit, and
 * whether it took the person in charge. The rules about the field (scopes, the identified-data
 * policy) are declared in schema.graphql and enforced by the gateway; these are checked here on
 * every path to a person or a benefit, whatever the scopes.
 *
 * - INPS_ADMIN reads every person and benefit, and may write for any ente.
 * - CASE_WORKER reads the complete position (FULL) of a person for whom its ente has an ACTIVE
 *   benefit with presa in carico (PresaCarico 1); no other person, and no ente listing.
 * - ENTE_OPERATOR reads (ENTE) the identity of a person its ente reported a benefit for, and only
 *   the benefits its own ente reported; lists and writes its own ente's records.
 * - Any other role reads no person and no benefit (MINISTRY_ANALYST: aggregates only; DPO and
 *   DATA_SUBJECT: the access log only).
 */
export type PersonAccess = 'FULL' | 'ENTE';

/** What ties an ente to a person: it reported a benefit for them; one ACTIVE with presa in carico. */
export interface EnteTie {
  reported: boolean;
  takenInCharge: boolean;
}

const INPS = 'INPS_ADMIN';
const CASE_WORKER = 'CASE_WORKER';
const ENTE_OPERATOR = 'ENTE_OPERATOR';

/** An ente code as compared: Belfiore and other ente codes are case-insensitive. */
export const enteKey = (code: string): string => code.trim().toUpperCase();

const holds = (viewer: Viewer, role: string): boolean => viewer.authenticated && viewer.roles.includes(role);

/** The ente whose ties to persons decide this viewer's access, or null when none can (INPS, other roles, no ente claim). */
export function tieEnteOf(viewer: Viewer): string | null {
  if (holds(viewer, INPS) || !viewer.enteCode) return null;
  return holds(viewer, CASE_WORKER) || holds(viewer, ENTE_OPERATOR) ? enteKey(viewer.enteCode) : null;
}

/** Whether `viewer` may see any person at all (before looking one up): INPS, or an ente's operator or case worker. */
export function mayReadPersons(viewer: Viewer): boolean {
  return holds(viewer, INPS) || tieEnteOf(viewer) !== null;
}

/** Whether a person the hub does not know is answered with null (INPS) rather than refused like any other. */
export function seesUnknownPersons(viewer: Viewer): boolean {
  return holds(viewer, INPS);
}

/** What `viewer` may see of a person whose ties to the viewer's ente are `tie`; null for nothing. */
export function accessOf(viewer: Viewer, tie: EnteTie | null): PersonAccess | null {
  if (holds(viewer, INPS)) return 'FULL';
  if (!tieEnteOf(viewer) || !tie) return null;
  if (holds(viewer, CASE_WORKER) && tie.takenInCharge) return 'FULL';
  if (holds(viewer, ENTE_OPERATOR) && tie.reported) return 'ENTE';
  return null;
}

const rolesOf = (viewer: Viewer): string => (viewer.roles.length ? viewer.roles.join(', ') : 'no role');

/**
 * The refusal of a person to `viewer`, naming what is missing. The same whether or not the hub
 * knows the person, so that a refusal does not tell that someone receives social benefits.
 */
export function personRefused(viewer: Viewer, what = 'Reading this person'): GraphQLError {
  if (!viewer.authenticated) {
    return domainError(ErrorCode.UNAUTHENTICATED, `${what} needs a verified operator: send a token (Authorization: Bearer <JWT>).`, { missing: 'token' });
  }
  const ente = tieEnteOf(viewer);
  if (!ente) {
    const why = viewer.roles.includes('MINISTRY_ANALYST') ? ' (analysts receive aggregates and de-identified data only, never a codice fiscale or a name)' : '';
    return domainError(
      ErrorCode.FORBIDDEN,
      `${what} is for ENTE_OPERATOR or CASE_WORKER acting for an ente, or INPS_ADMIN; this token has ${rolesOf(viewer)}${viewer.enteCode ? '' : ' and no ente'}${why}.`,
      { missing: 'role ENTE_OPERATOR, CASE_WORKER (with claim ente) or INPS_ADMIN' },
    );
  }
  if (holds(viewer, CASE_WORKER)) {
    return domainError(
      ErrorCode.FORBIDDEN,
      `${what} needs a benefit with presa in carico (PresaCarico 1, ACTIVE) reported by your ente; you act for ente ${ente} as ${rolesOf(viewer)}, and it has none for this person.`,
      { missing: `an ACTIVE benefit with PresaCarico 1 reported by ente ${ente}`, enteCode: ente },
    );
  }
  return domainError(
    ErrorCode.FORBIDDEN,
    `${what} needs a benefit of this person reported by your ente; you act for ente ${ente} as ${rolesOf(viewer)}, and it reported none.`,
    { missing: `a benefit of this person reported by ente ${ente}`, enteCode: ente },
  );
}

/**
 * Whether `viewer` may see a benefit reported by `enteCode`, given its person's ties to the
 * viewer's ente: INPS; the ENTE_OPERATOR of that ente; a CASE_WORKER whose ente took the person
 * in charge.
 */
export function maySeeBenefit(viewer: Viewer, enteCode: string, tie: EnteTie | null): boolean {
  if (holds(viewer, INPS)) return true;
  const ente = tieEnteOf(viewer);
  if (!ente) return false;
  if (holds(viewer, ENTE_OPERATOR) && enteKey(enteCode) === ente) return true;
  return holds(viewer, CASE_WORKER) && Boolean(tie?.takenInCharge);
}

/** The refusal of a benefit to `viewer`. */
export function benefitRefused(viewer: Viewer, enteCode: string): GraphQLError {
  if (!viewer.authenticated) return personRefused(viewer, 'Reading a benefit');
  return domainError(
    ErrorCode.FORBIDDEN,
    `Reading a benefit of ente ${enteKey(enteCode)} is for its ENTE_OPERATOR, a CASE_WORKER whose ente took the person in charge, or INPS_ADMIN; this token has ${rolesOf(viewer)} and ente ${viewer.enteCode ?? 'none'}.`,
    { missing: `role ENTE_OPERATOR with claim ente = ${enteKey(enteCode)}, a presa in carico of the person, or role INPS_ADMIN`, enteCode: enteKey(enteCode) },
  );
}

/**
 * Throws unless `viewer` may list the benefits `enteCode` reported: its ENTE_OPERATOR, or
 * INPS_ADMIN. A CASE_WORKER may not: a listing would show persons its ente did not take in charge.
 */
export function assertEnteReader(viewer: Viewer, enteCode: string): void {
  if (holds(viewer, INPS)) return;
  if (holds(viewer, ENTE_OPERATOR) && viewer.enteCode && enteKey(viewer.enteCode) === enteKey(enteCode)) return;
  if (!viewer.authenticated) throw personRefused(viewer, `Listing the benefits of ente ${enteKey(enteCode)}`);
  throw domainError(
    ErrorCode.FORBIDDEN,
    `Listing the benefits of ente ${enteKey(enteCode)} is for its ENTE_OPERATOR or INPS_ADMIN; this token has ${rolesOf(viewer)} and ente ${viewer.enteCode ?? 'none'}.`,
    { missing: `role ENTE_OPERATOR with claim ente = ${enteKey(enteCode)}, or role INPS_ADMIN`, enteCode: enteKey(enteCode) },
  );
}

/**
 * Throws unless `viewer` may write records of `enteCode` (Ente@Codice): its ENTE_OPERATOR, or
 * INPS_ADMIN. Checked before validation, so a refusal reveals nothing about what is stored.
 */
export function assertEnteWriter(viewer: Viewer, enteCode: string, action: string): void {
  if (holds(viewer, INPS)) return;
  if (holds(viewer, ENTE_OPERATOR) && viewer.enteCode && enteKey(viewer.enteCode) === enteKey(enteCode)) return;
  if (!viewer.authenticated) throw personRefused(viewer, action);
  throw domainError(
    ErrorCode.FORBIDDEN,
    `${action} for ente ${enteKey(enteCode)} (Ente@Codice) is for an ENTE_OPERATOR acting for ${enteKey(enteCode)}, or INPS_ADMIN; this token has ${rolesOf(viewer)} and ente ${viewer.enteCode ?? 'none'}.`,
    { missing: `role ENTE_OPERATOR with claim ente = ${enteKey(enteCode)}, or role INPS_ADMIN`, enteCode: enteKey(enteCode) },
  );
}

/**
 * The ente whose benefits a person's listing must be limited to for `access`, or null for all;
 * FORBIDDEN when the caller filters on another ente than the one it may see.
 */
export function listingEnte(viewer: Viewer, access: PersonAccess, requestedEnte: string | null | undefined): string | null {
  if (access === 'FULL') return null;
  const ente = tieEnteOf(viewer) as string;
  if (requestedEnte && enteKey(requestedEnte) !== ente) {
    throw domainError(
      ErrorCode.FORBIDDEN,
      `Listing the benefits ente ${enteKey(requestedEnte)} reported for this person needs the complete position (a CASE_WORKER whose ente took the person in charge, or INPS_ADMIN); you act for ente ${ente} and see the benefits it reported.`,
      { missing: 'the complete position of the person', enteCode: ente },
    );
  }
  return ente;
}
