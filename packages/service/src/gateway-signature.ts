import { readHubClaims } from '@siuss/auth/claims';
import { CLAIMS_EXTENSION, hmacMatches, normalizePurpose, SIGNATURE_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import { ErrorCode } from '@siuss/errors/codes';
import { viewerFromClaims, type Viewer } from './viewer.ts';

/** The GraphQL parameters of a request as received (a POST body, or a GET's query string decoded). */
export interface ReceivedParams {
  query?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** A request the gateway signed, with its viewer; or why it is refused, with the HTTP status. */
export type GatewayCheck =
  | { ok: true; viewer: Viewer }
  | { ok: false; status: 401 | 403; code: typeof ErrorCode.FORBIDDEN | typeof ErrorCode.UNAUTHENTICATED; message: string };

const THROUGH_THE_GATEWAY = 'requests must come through the gateway';
/** Leeway for the forwarded token's expiry, as the gateway allows for clock drift. */
const CLOCK_TOLERANCE_MS = 30_000;

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const refuse = (status: 401 | 403, message: string): GatewayCheck => ({
  ok: false, status, code: status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, message,
});

/**
 * Checks that a subgraph request was signed by the gateway, exactly as the gateway signs
 * (@siuss/auth/signature: HMAC-SHA256 of the query, variables, forwarded claims and stated
 * purpose), and builds its viewer from the signed claims only. No signature, or one that does not
 * match, is FORBIDDEN (403): the request did not come through the gateway, or was altered on the
 * way. Signed claims that are not hub claims, or whose token has expired (which bounds the replay
 * of a captured request), are UNAUTHENTICATED (401).
 */
export function checkGatewaySignature(secret: string, params: ReceivedParams, purposeHeader: string | null | undefined, nowMs = Date.now()): GatewayCheck {
  const extensions = record(params.extensions);
  const signature = extensions?.[SIGNATURE_EXTENSION];
  if (signature === undefined) {
    return refuse(403, `This subgraph serves only the gateway: the request carries no gateway signature (extensions.${SIGNATURE_EXTENSION}); ${THROUGH_THE_GATEWAY}.`);
  }
  const variables = params.variables ?? undefined;
  if (typeof params.query !== 'string' || (variables !== undefined && !record(variables))) {
    return refuse(403, `The gateway signature covers a query and its variables, and this request has ${typeof params.query !== 'string' ? 'no query text' : 'variables that are not an object'}; ${THROUGH_THE_GATEWAY}.`);
  }
  const forwarded = record(extensions?.[CLAIMS_EXTENSION])?.['payload'];
  const purpose = normalizePurpose(purposeHeader);
  const material = signedMaterial({ query: params.query, variables: record(variables) ?? null, claims: record(forwarded) ?? null, purpose });
  if (!hmacMatches(secret, material, signature)) {
    return refuse(403, `The gateway signature does not match this request (altered, forged, or signed with another SIUSS_HMAC_SECRET); ${THROUGH_THE_GATEWAY}.`);
  }
  if (forwarded === undefined || forwarded === null) return { ok: true, viewer: viewerFromClaims(null, purpose) };
  const read = readHubClaims(forwarded);
  if ('problem' in read) return refuse(401, `The forwarded identity is not usable: ${read.problem}.`);
  const exp = read.claims['exp'];
  if (typeof exp === 'number' && exp * 1000 + CLOCK_TOLERANCE_MS <= nowMs) {
    return refuse(401, `The forwarded token expired at ${new Date(exp * 1000).toISOString()}; send the request again with a fresh token.`);
  }
  return { ok: true, viewer: viewerFromClaims(read.claims, purpose) };
}
