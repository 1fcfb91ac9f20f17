// A throwaway identity provider for a benchmark run: one EC key pair, one token for an ente operator.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

/** What the service needs to trust the token (environment) and the token itself. */
export interface BenchIdentity {
  env: Record<string, string>;
  token: string;
}

const ISSUER = 'siuss-bench';
const AUDIENCE = 'siuss-hub';
const SCOPES = ['benefits:read', 'benefits:write', 'assessments:read', 'assessments:write', 'flows:read', 'flows:write'];

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * A fresh P-256 key pair whose public key the service is told to trust (SIUSS_JWT_PUBLIC_KEY,
 * SIUSS_JWT_ISSUER), and an ES256 token signed with it for an ENTE_OPERATOR of `enteCode`, valid
 * for `hours`. Signed with node:crypto so the bench needs no JWT library.
 */
export function benchIdentity(enteCode: string, operatorTaxCode: string, hours = 24): BenchIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({
    sub: operatorTaxCode, ente: enteCode, roles: ['ENTE_OPERATOR'], scope: SCOPES.join(' '),
    iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + hours * 3600,
  }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: createPrivateKey(privateKey), dsaEncoding: 'ieee-p1363' });
  return {
    env: { SIUSS_JWT_PUBLIC_KEY: publicKey, SIUSS_JWT_ISSUER: ISSUER, SIUSS_JWT_AUDIENCE: AUDIENCE },
    token: `${header}.${payload}.${base64url(signature)}`,
  };
}
