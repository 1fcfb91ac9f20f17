import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type ProtectedHeaderParameters } from 'jose';
import { readHubClaims, type TokenClaims } from './claims.ts';
import type { HubClaims } from './roles.ts';

/** What the gateway expects of a token besides its signature. */
export interface TokenExpectations {
  issuer: string;
  audience: string;
  /** Accepted signature algorithms (asymmetric only). */
  algorithms: readonly string[];
  /** Leeway for `exp` and `nbf`, in seconds, for clocks that drift. */
  clockToleranceSeconds: number;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
/** A value from the token, quoted in a message: the caller sent it, so keep it short. */
const shown = (value: unknown): string => String(value).slice(0, 80);

/**
 * Checks everything about a token that needs no key: that it is a JWT, its algorithm, expiry, not-
 * before, issuer, audience and hub claims (readHubClaims). Returns the header and claims, or the
 * first problem in words a caller can act on ("the token expired at ..."). The signature is not
 * checked here: the gateway's JWT plugin verifies it, after this has named any other reason.
 */
export function inspectToken(token: string, expected: TokenExpectations, nowMs = Date.now()): { header: ProtectedHeaderParameters; claims: TokenClaims } | { problem: string } {
  let header: ProtectedHeaderParameters;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    return { problem: 'the bearer token is not a JWT (three base64url parts: header.payload.signature)' };
  }
  if (!header.alg || !expected.algorithms.includes(header.alg)) {
    return { problem: `the token is signed with ${header.alg ? shown(header.alg) : 'no algorithm'}; the hub accepts ${expected.algorithms.join(', ')}` };
  }
  const now = Math.floor(nowMs / 1000);
  const leeway = expected.clockToleranceSeconds;
  if (typeof payload['exp'] !== 'number') return { problem: 'the token has no expiry (exp)' };
  if (payload['exp'] + leeway <= now) return { problem: `the token expired at ${iso(payload['exp'])}` };
  if (typeof payload['nbf'] === 'number' && payload['nbf'] - leeway > now) return { problem: `the token is not valid before ${iso(payload['nbf'])}` };
  if (payload['iss'] !== expected.issuer) {
    return { problem: `the token was issued by ${typeof payload['iss'] === 'string' ? shown(payload['iss']) : 'no issuer'}; the hub accepts tokens of ${expected.issuer}` };
  }
  const audiences = Array.isArray(payload['aud']) ? payload['aud'] : [payload['aud']];
  if (!audiences.includes(expected.audience)) {
    return { problem: `the token is meant for ${shown(audiences.filter((aud) => typeof aud === 'string').join(', ')) || 'no audience'}; the hub's audience is ${expected.audience}` };
  }
  const read = readHubClaims(payload);
  return 'problem' in read ? read : { header, claims: read.claims };
}

/** How a token is minted (development and tests: in production the identity provider mints them). */
export interface MintOptions {
  /** The signing key, PKCS#8 PEM (an EC P-256 key signs ES256, an RSA key RS256). */
  privateKeyPem: string;
  claims: HubClaims;
  issuer: string;
  audience: string;
  /** Lifetime in hours (fractions allowed); negative for an already expired token, as tests need. */
  hours: number;
  /** Key id for the header, when the verifier looks keys up in a JWKS. */
  keyId?: string;
  nowMs?: number;
}

/** Signs a hub token (JWT) with `claims`, `iss`, `aud`, `iat` and `exp`. */
export async function mintToken(options: MintOptions): Promise<string> {
  const key = createPrivateKey(options.privateKeyPem);
  const alg = key.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg, typ: 'JWT', ...(options.keyId ? { kid: options.keyId } : {}) })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.round(options.hours * 3600))
    .sign(key);
}

/** The verifier of `verifyToken`: the configured keys, with a JWKS fetched once and cached by jose. */
export type TokenVerifier = (token: string) => Promise<{ claims: TokenClaims } | { problem: string }>;

/**
 * A full token check for services that take tokens without the gateway in front (the flows
 * upload endpoint, which a CLI calls with the file as its body): inspectToken's checks, then the
 * signature against the JWKS or the public key of `settings`. Never throws; says what is wrong.
 */
export function tokenVerifier(settings: TokenExpectations & { keys: { kind: string; url?: string; publicKeyPem?: string } }): TokenVerifier {
  const key = settings.keys.kind === 'jwks' && settings.keys.url
    ? createRemoteJWKSet(new URL(settings.keys.url))
    : createPublicKey(settings.keys.publicKeyPem ?? '');
  return async (token) => {
    const inspected = inspectToken(token, settings);
    if ('problem' in inspected) return inspected;
    try {
      await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockToleranceSeconds,
      });
      return { claims: inspected.claims };
    } catch {
      return { problem: "the token's signature does not verify with the hub's keys" };
    }
  };
}
