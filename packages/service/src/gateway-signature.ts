import { readHubClaims } from '@siuss/auth/claims';
import { CLAIMS_EXTENSION, hmacMatches, normalizePurpose, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
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
/** Leeway for the forwarded token's expiry and a signing time ahead of this clock, for clock drift. */
const CLOCK_TOLERANCE_MS = 30_000;
/** How old a signed request may be when it arrives: a captured request cannot be replayed later. */
export const SIGNATURE_MAX_AGE_MS = 120_000;

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const refuse = (status: 401 | 403, message: string): GatewayCheck => ({
  ok: false, status, code: status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, message,
});

/**
 * Checks that a subgraph request was signed by the gateway, exactly as the gateway signs
 * (@siuss/auth/signature: HMAC-SHA256 of the query, variables, forwarded claims, stated purpose
 * and signing time), and builds its viewer from the signed claims only. No signature, one that does
 * not match, or one older than SIGNATURE_MAX_AGE_MS is FORBIDDEN (403): the request did not come
 * through the gateway, was altered on the way, or is a replay. Signed claims that are not hub
 * claims, or whose token has expired, are UNAUTHENTICATED (401).
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
  const signedAt = extensions?.[SIGNED_AT_EXTENSION];
  if (typeof signedAt !== 'number' || !Number.isFinite(signedAt)) {
    return refuse(403, `The request carries no signing time (extensions.${SIGNED_AT_EXTENSION}, milliseconds since the epoch), which the gateway signs with it; ${THROUGH_THE_GATEWAY}.`);
  }
  const material = signedMaterial({ query: params.query, variables: record(variables) ?? null, claims: record(forwarded) ?? null, purpose, signedAt });
  if (!hmacMatches(secret, material, signature)) {
    return refuse(403, `The gateway signature does not match this request (altered, forged, or signed with another SIUSS_HMAC_SECRET); ${THROUGH_THE_GATEWAY}.`);
  }
  if (signedAt < nowMs - SIGNATURE_MAX_AGE_MS || signedAt > nowMs + CLOCK_TOLERANCE_MS) {
    return refuse(403, `The gateway signed this request at ${new Date(signedAt).toISOString()}, ${signedAt < nowMs ? `more than ${SIGNATURE_MAX_AGE_MS / 1000} s ago` : 'in the future'}: a replayed request, or the gateway's and this service's clocks differ (keep them synchronised).`);
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
