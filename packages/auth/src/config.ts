import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HubConfig } from '@siuss/config/config';
import { ConfigError, readInt, readList, readOptional, readString, type Env } from '@siuss/config/env';
import { ensureDevKeys, type DevKeys } from './dev-keys.ts';
import type { TokenExpectations } from './token.ts';

/** Issuer of development tokens (`npm run token`), the default SIUSS_JWT_ISSUER outside production. */
export const DEV_ISSUER = 'siuss-hub-dev';
/** The default SIUSS_JWT_AUDIENCE: tokens must be meant for the hub. */
export const DEFAULT_AUDIENCE = 'siuss-hub';
/** Asymmetric algorithms only: a shared-secret (HS*) token could be minted by anyone holding the secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** Where the gateway finds the keys that verify tokens. */
export type JwtKeys =
  /** SIUSS_JWT_JWKS_URL: the identity provider's JWKS, looked up by the token's `kid`. */
  | { kind: 'jwks'; url: string }
  /** SIUSS_JWT_PUBLIC_KEY: one PEM public key (given inline or as a file). */
  | { kind: 'public-key'; publicKeyPem: string; source: string }
  /** Development: the data folder's key pair, whose private key mints `npm run token` tokens. */
  | { kind: 'development'; publicKeyPem: string; devKeys: DevKeys }
  /** Tests without keys: a key nobody holds, so no token verifies. */
  | { kind: 'none'; publicKeyPem: string };

/** How the gateway verifies tokens. */
export interface JwtSettings extends TokenExpectations {
  keys: JwtKeys;
}

/** The gateway-to-subgraph signature secret, shared by the gateway and every subgraph. */
export interface SignatureSettings {
  /** SIUSS_HMAC_SECRET. */
  hmacSecret: string;
  /** Where it came from, for start-up messages (never the secret itself). */
  source: 'SIUSS_HMAC_SECRET' | 'development keys' | 'throwaway (test)';
}

/** The data folder's development keys directory. */
export function devKeysDir(hub: Pick<HubConfig, 'dataDir'>): string {
  return join(hub.dataDir, 'dev-keys');
}

function readPublicKey(value: string): { pem: string; source: string } {
  // A PEM in an environment file often has its line breaks written as \n.
  const inline = value.replaceAll('\\n', '\n');
  const fromFile = !inline.startsWith('-----BEGIN');
  let pem = inline;
  if (fromFile) {
    try {
      pem = readFileSync(resolve(value), 'utf8');
    } catch (error) {
      throw new ConfigError(`SIUSS_JWT_PUBLIC_KEY=${value} is neither a PEM public key nor a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
    }
  }
  try {
    createPublicKey(pem);
  } catch {
    throw new ConfigError(`SIUSS_JWT_PUBLIC_KEY${fromFile ? `=${value}` : ''} is not a PEM public key (-----BEGIN PUBLIC KEY-----).`);
  }
  return { pem, source: fromFile ? resolve(value) : 'SIUSS_JWT_PUBLIC_KEY' };
}

/**
 * How the gateway verifies tokens, read once from `env`: keys from SIUSS_JWT_JWKS_URL or
 * SIUSS_JWT_PUBLIC_KEY (a PEM, or the path of one); issuer SIUSS_JWT_ISSUER, audience
 * SIUSS_JWT_AUDIENCE, algorithms SIUSS_JWT_ALGORITHMS, leeway SIUSS_JWT_CLOCK_TOLERANCE_SECONDS.
 * Without keys, development trusts the data folder's development key (created on first run) and
 * tests a key nobody holds; production refuses to start without keys or an issuer.
 */
export function loadJwtSettings(env: Env, hub: Pick<HubConfig, 'environment' | 'dataDir'>): JwtSettings {
  const jwksUrl = readOptional(env, 'SIUSS_JWT_JWKS_URL');
  const publicKey = readOptional(env, 'SIUSS_JWT_PUBLIC_KEY');
  if (jwksUrl && publicKey) throw new ConfigError('Set SIUSS_JWT_JWKS_URL or SIUSS_JWT_PUBLIC_KEY, not both.');
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError(`SIUSS_JWT_JWKS_URL=${jwksUrl} is not an http(s) URL.`);
  const production = hub.environment === 'production';
  let keys: JwtKeys;
  if (jwksUrl) {
    keys = { kind: 'jwks', url: jwksUrl };
  } else if (publicKey) {
    const read = readPublicKey(publicKey);
    keys = { kind: 'public-key', publicKeyPem: read.pem, source: read.source };
  } else if (production) {
    throw new ConfigError('In production the gateway needs the identity provider\'s keys: set SIUSS_JWT_JWKS_URL or SIUSS_JWT_PUBLIC_KEY.');
  } else if (hub.environment === 'development') {
    const devKeys = ensureDevKeys(devKeysDir(hub));
    keys = { kind: 'development', publicKeyPem: devKeys.publicKeyPem, devKeys };
  } else {
    keys = { kind: 'none', publicKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey };
  }
  const issuer = readOptional(env, 'SIUSS_JWT_ISSUER');
  if (!issuer && production) throw new ConfigError('In production set SIUSS_JWT_ISSUER to the identity provider\'s issuer (the tokens\' iss).');
  const algorithms = readList(env, 'SIUSS_JWT_ALGORITHMS', ['RS256', 'ES256']);
  const unsupported = algorithms.filter((alg) => !(ALGORITHMS as readonly string[]).includes(alg));
  if (unsupported.length > 0) throw new ConfigError(`SIUSS_JWT_ALGORITHMS has ${unsupported.join(', ')}; use asymmetric ones: ${ALGORITHMS.join(', ')}.`);
  return {
    keys,
    issuer: issuer ?? DEV_ISSUER,
    audience: readString(env, 'SIUSS_JWT_AUDIENCE', DEFAULT_AUDIENCE),
    algorithms,
    clockToleranceSeconds: readInt(env, 'SIUSS_JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 600),
  };
}

/**
 * The gateway-to-subgraph HMAC secret, read once from `env` by the gateway and by every subgraph:
 * SIUSS_HMAC_SECRET (at least 32 characters). Without it, development uses the data folder's
 * development secret (created with the development keys), tests a throwaway secret (so a subgraph
 * answers only a test that passed it the secret), and production refuses to start.
 */
export function loadSignatureSettings(env: Env, hub: Pick<HubConfig, 'environment' | 'dataDir'>): SignatureSettings {
  const secret = readOptional(env, 'SIUSS_HMAC_SECRET');
  if (secret) {
    if (secret.length < 32) throw new ConfigError('SIUSS_HMAC_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).');
    return { hmacSecret: secret, source: 'SIUSS_HMAC_SECRET' };
  }
  if (hub.environment === 'production') {
    throw new ConfigError('In production set SIUSS_HMAC_SECRET, the secret the gateway signs subgraph requests with (the same value for the gateway and every subgraph; e.g. `openssl rand -base64 32`).');
  }
  if (hub.environment === 'development') return { hmacSecret: ensureDevKeys(devKeysDir(hub)).hmacSecret, source: 'development keys' };
  return { hmacSecret: randomBytes(32).toString('base64url'), source: 'throwaway (test)' };
}
