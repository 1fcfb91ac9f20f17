import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DEFAULT_AUDIENCE, DEV_ISSUER, type JwtSettings } from '@siuss/auth/config';
import { demoClaims, type IdentityOverrides } from '@siuss/auth/demo-identities';
import type { Role } from '@siuss/auth/roles';
import { mintToken } from '@siuss/auth/token';
import { signedSubgraphRequest } from '@siuss/service/forwarding';
import { anonymousViewer, viewerFromClaims, type Viewer } from '@siuss/service/viewer';
import type { GraphQLResponse } from './http.ts';

/** What a test token may change: the claims of the role's demo identity, lifetime, issuer, audience. */
export interface TestTokenOptions extends IdentityOverrides {
  /** Lifetime in hours (default 1); negative for an expired token. */
  hours?: number;
  issuer?: string;
  audience?: string;
}

/** The identity setup of a test file: one key pair and one HMAC secret, as a deployment would have. */
export interface TestAuth {
  /** The secret the test's gateway signs with and its subgraphs check (SIUSS_HMAC_SECRET). */
  hmacSecret: string;
  /** The test identity provider's key pair (EC P-256, ES256 tokens). */
  publicKeyPem: string;
  privateKeyPem: string;
  /** `createGateway({ ..., auth: testAuth().gateway })`: trusts this key pair, signs with this secret. */
  gateway: { jwt: JwtSettings; hmacSecret: string };
  /** The same settings as environment, for the services a test starts as processes. */
  env: Record<string, string>;
  /** A token of `role` for its demo identity (DEMO_IDENTITIES), with `options` applied. */
  token(role: Role, options?: TestTokenOptions): Promise<string>;
  /** `{ authorization: 'Bearer <token>' }` for a token of `role`. */
  bearer(role: Role, options?: TestTokenOptions): Promise<Record<string, string>>;
}

let shared: TestAuth | undefined;

/**
 * The test file's identity setup, made on first use: a fresh key pair and secret per test file
 * (per Jest worker module registry), so tokens of one file mean nothing to another's gateway.
 */
export function testAuth(): TestAuth {
  if (shared) return shared;
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const hmacSecret = randomBytes(32).toString('base64url');
  const jwt: JwtSettings = {
    keys: { kind: 'public-key', publicKeyPem: publicKey, source: 'test key' },
    issuer: DEV_ISSUER,
    audience: DEFAULT_AUDIENCE,
    algorithms: ['ES256'],
    clockToleranceSeconds: 30,
  };
  const token = (role: Role, options: TestTokenOptions = {}) => mintToken({
    privateKeyPem: privateKey,
    claims: demoClaims(role, options),
    issuer: options.issuer ?? jwt.issuer,
    audience: options.audience ?? jwt.audience,
    hours: options.hours ?? 1,
  });
  shared = {
    hmacSecret,
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    gateway: { jwt, hmacSecret },
    env: { SIUSS_HMAC_SECRET: hmacSecret, SIUSS_JWT_PUBLIC_KEY: publicKey, SIUSS_JWT_ISSUER: jwt.issuer, SIUSS_JWT_AUDIENCE: jwt.audience },
    token,
    bearer: async (role, options) => ({ authorization: `Bearer ${await token(role, options)}` }),
  };
  return shared;
}

/**
 * The viewer a subgraph builds for a verified token of `role` (its demo identity, `overrides`
 * applied, the role's scopes) with `purpose`: for in-process tests of the rules that depend on the
 * row, which read roles, ente, Ambito and Region as a request through the gateway carries them.
 */
export function roleViewer(role: Role, overrides: IdentityOverrides & { purpose?: string | null } = {}): Viewer {
  const { purpose = null, ...identity } = overrides;
  return viewerFromClaims({ ...demoClaims(role, identity) }, purpose);
}

/**
 * POSTs an operation straight to a subgraph, bypassing the gateway but signed as the gateway signs
 * (with the test's secret unless `secret` is given), on behalf of `viewer` (anonymous by default:
 * a trustedViewer for an operator). For tests that mean to call one subgraph alone.
 */
export async function signedGraphqlRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { viewer?: Viewer; secret?: string } = {},
): Promise<GraphQLResponse<T>> {
  const request = signedSubgraphRequest(options.secret ?? testAuth().hmacSecret, { query, variables }, options.viewer ?? anonymousViewer());
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}
