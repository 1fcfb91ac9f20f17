import type { HubClaims, Role } from '@siuss/auth/roles';
import { CLAIMS_EXTENSION, hmacSign, normalizePurpose, PURPOSE_HEADER, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import type { Viewer } from './viewer.ts';

/** How long claims forwarded by a subgraph stay valid: one call, with room for retries. */
const FORWARDED_LIFETIME_SECONDS = 120;

/**
 * The claims that make the receiving subgraph see `viewer` again (viewerFromClaims reads them
 * back), or null for an anonymous viewer or one without an operator. They expire soon (`exp`), so
 * the signed request cannot be replayed for long. A viewer the gateway would not vouch for (no
 * roles, say) makes the receiving subgraph refuse the request as UNAUTHENTICATED.
 */
export function claimsOfViewer(viewer: Viewer, nowMs = Date.now()): (HubClaims & { iat: number; exp: number }) | null {
  if (!viewer.authenticated || !viewer.operatorTaxCode) return null;
  const now = Math.floor(nowMs / 1000);
  return {
    sub: viewer.operatorTaxCode,
    ...(viewer.enteCode ? { ente: viewer.enteCode } : {}),
    ...(viewer.ambitoCode ? { ambito: viewer.ambitoCode } : {}),
    ...(viewer.regionCode ? { region: viewer.regionCode } : {}),
    roles: [...viewer.roles] as Role[],
    scope: viewer.scopes.join(' '),
    iat: now,
    exp: now + FORWARDED_LIFETIME_SECONDS,
  };
}

/** A GraphQL request ready to send with fetch: its JSON body and headers. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * A GraphQL request from one subgraph to another, on behalf of `viewer`, signed the way the gateway
 * signs (HMAC with SIUSS_HMAC_SECRET over query, variables, claims, purpose and time), so the receiving
 * subgraph applies its own rules to the same operator, ente and purpose. For subgraphs only: the
 * secret never leaves the hub's services.
 */
export function signedSubgraphRequest(secret: string, operation: { query: string; variables?: Record<string, unknown> }, viewer: Viewer, nowMs = Date.now()): SignedRequest {
  const claims = claimsOfViewer(viewer, nowMs);
  const variables = operation.variables ?? {};
  const purpose = normalizePurpose(viewer.purpose);
  const signature = hmacSign(secret, signedMaterial({ query: operation.query, variables, claims, purpose, signedAt: nowMs }));
  return {
    body: JSON.stringify({
      query: operation.query,
      variables,
      extensions: { [SIGNATURE_EXTENSION]: signature, [SIGNED_AT_EXTENSION]: nowMs, ...(claims ? { [CLAIMS_EXTENSION]: { payload: claims } } : {}) },
    }),
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(purpose ? { [PURPOSE_HEADER]: purpose } : {}),
    },
  };
}
