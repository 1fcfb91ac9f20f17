import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';

/** Who acts on flows: a Viewer's identity (GraphQL through the gateway, or a token on the upload endpoint). */
export type FlowActor = Pick<Viewer, 'authenticated' | 'operatorTaxCode' | 'enteCode' | 'roles' | 'scopes'>;

/** The submitter a flow keeps: its ente's records are the only ones the flow may carry (INPS: any). */
export interface Submitter {
  operatorTaxCode: string | null;
  /** Null for INPS, which may send for any ente. */
  enteCode: string | null;
  scopes: readonly string[];
}

const INPS = 'INPS_ADMIN';

/**
 * Flow access: an ente operator sends and reads its own ente's flows (scopes flows:write,
 * flows:read); INPS reads and sends all, and alone registers and polls the WaaS entes (the hub
 * plays INPS there). Throws UNAUTHENTICATED or FORBIDDEN naming what is missing.
 */
export function assertScope(actor: FlowActor, scope: 'flows:read' | 'flows:write', action: string): void {
  if (!actor.authenticated) throw domainError(ErrorCode.UNAUTHENTICATED, `${action} needs a token (Authorization: Bearer ...) with scope ${scope}.`, { missing: 'token' });
  if (!actor.scopes.includes(scope)) {
    throw domainError(ErrorCode.FORBIDDEN, `${action} needs scope ${scope}; this token has ${actor.scopes.length ? actor.scopes.join(', ') : 'no scopes'}.`, { missing: `scope ${scope}` });
  }
  if (!actor.roles.includes(INPS) && !actor.enteCode) {
    throw domainError(ErrorCode.FORBIDDEN, `${action} needs a token acting for an ente (claim ente), or INPS's.`, { missing: 'claim ente' });
  }
}

/** The submitter recorded with a new flow. */
export function submitterOf(actor: FlowActor): Submitter {
  return { operatorTaxCode: actor.operatorTaxCode, enteCode: actor.roles.includes(INPS) ? null : actor.enteCode, scopes: [...actor.scopes] };
}

/** May `actor` see a flow of `enteCode`? INPS sees all; an operator its ente's. */
export function maySee(actor: FlowActor, flow: { enteCode?: string | null | undefined; submitterEnte?: string | null | undefined }): boolean {
  if (actor.roles.includes(INPS)) return true;
  return actor.enteCode !== null && (flow.enteCode === actor.enteCode || flow.submitterEnte === actor.enteCode);
}

/** Throws FORBIDDEN unless `actor` may see `flow`: a denial is explicit, never a silent null. */
export function assertVisible(actor: FlowActor, flow: { enteCode?: string | null | undefined; submitterEnte?: string | null | undefined }): void {
  if (!maySee(actor, flow)) {
    throw domainError(ErrorCode.FORBIDDEN, `This flow was sent by ente ${flow.submitterEnte ?? flow.enteCode ?? '(unknown)'}; you act for ${actor.enteCode ?? 'no ente'}, and only the ente that sent a flow (or INPS) reads it.`, { missing: `claim ente = ${flow.submitterEnte ?? flow.enteCode}` });
  }
}

/** Throws FORBIDDEN unless `actor` may read flows of `enteCode`. */
export function assertEnte(actor: FlowActor, enteCode: string, action: string): void {
  if (!maySee(actor, { enteCode })) {
    throw domainError(ErrorCode.FORBIDDEN, `${action} is for ente ${enteCode}; this token acts for ${actor.enteCode ?? 'no ente'}.`, { missing: `claim ente = ${enteCode}` });
  }
}

/** Throws unless `actor` is INPS: WaaS registration and polling are INPS's side of the channel. */
export function assertInps(actor: FlowActor, action: string): void {
  if (!actor.authenticated) throw domainError(ErrorCode.UNAUTHENTICATED, `${action} needs an INPS token.`, { missing: 'token' });
  if (!actor.roles.includes(INPS)) throw domainError(ErrorCode.FORBIDDEN, `${action} is for INPS (role INPS_ADMIN); this token has ${actor.roles.join(', ') || 'no role'}.`, { missing: 'role INPS_ADMIN' });
}
