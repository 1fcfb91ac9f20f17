import type { JwtSettings } from './config.ts';
import { readHubClaims } from './claims.ts';
import type { HubClaims } from './roles.ts';
import { mintToken } from './token.ts';

/**
 * Mints a token with the data folder's development key, for the issuer and audience the gateway
 * expects. Only when the gateway trusts that key (development, no SIUSS_JWT_JWKS_URL or
 * SIUSS_JWT_PUBLIC_KEY): anywhere else the token would be refused, so this throws instead. Claims
 * the gateway would refuse (readHubClaims) throw too, naming the problem.
 */
export async function mintDevelopmentToken(settings: JwtSettings, claims: HubClaims, hours = 8): Promise<string> {
  if (settings.keys.kind !== 'development') {
    throw new Error(settings.keys.kind === 'none'
      ? 'Development tokens exist in development only (NODE_ENV=development, the default).'
      : `The gateway verifies tokens with ${settings.keys.kind === 'jwks' ? 'SIUSS_JWT_JWKS_URL' : 'SIUSS_JWT_PUBLIC_KEY'}: get tokens from that identity provider, or unset it to use the development key.`);
  }
  const read = readHubClaims(claims);
  if ('problem' in read) throw new Error(`Not a valid hub token: ${read.problem}.`);
  if (!(hours > 0)) throw new Error('The token lifetime (hours) must be positive.');
  return mintToken({ privateKeyPem: settings.keys.devKeys.privateKeyPem, claims, issuer: settings.issuer, audience: settings.audience, hours });
}
