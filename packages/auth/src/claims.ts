import { isRole, ROLE_CLAIMS, type HubClaims, type Role } from './roles.ts';

/** The hub claims of a token, plus the registered claims it carries (`exp`, `iat`, `iss`, `aud`...). */
export type TokenClaims = HubClaims & Readonly<Record<string, unknown>>;

/** A problem with a token's claims, said so that the caller knows what to fix. */
export interface ClaimsProblem {
  problem: string;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Reads the hub claims of a JWT payload (see HubClaims): `sub` the operator's codice fiscale,
 * `roles` hub roles only, `scope` a space-separated string, `ente`/`ambito`/`region` strings when
 * present (`region` the two-digit ISTAT code), and every claim the token's roles need
 * (ROLE_CLAIMS). Returns the payload as the identity provider signed it (a missing `scope` read as
 * none), or the first problem, naming the claim. The gateway and the subgraphs read claims with it.
 */
export function readHubClaims(payload: unknown): { claims: TokenClaims } | ClaimsProblem {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { problem: 'the token payload is not a JSON object' };
  const claims = payload as Record<string, unknown>;
  if (!nonEmpty(claims['sub'])) return { problem: 'the token has no subject (sub: the operator\'s codice fiscale)' };
  const roles = claims['roles'];
  if (!Array.isArray(roles) || roles.length === 0) return { problem: 'the token names no roles (roles: an array of hub roles)' };
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) return { problem: `the token has roles the hub does not know: ${unknown.map(String).join(', ').slice(0, 80)}` };
  if (claims['scope'] !== undefined && typeof claims['scope'] !== 'string') return { problem: 'the token\'s scope claim is not a space-separated string' };
  for (const name of ['ente', 'ambito', 'region'] as const) {
    if (claims[name] !== undefined && !nonEmpty(claims[name])) return { problem: `the token's ${name} claim is not a code` };
  }
  if (claims['region'] !== undefined && !/^\d{2}$/.test(claims['region'] as string)) return { problem: `the token's region claim ${String(claims['region']).slice(0, 20)} is not a two-digit ISTAT region code` };
  for (const role of roles as Role[]) {
    const missing = ROLE_CLAIMS[role].filter((name) => claims[name] === undefined);
    if (missing.length > 0) return { problem: `a ${role} token must say its ${missing.join(' and ')} (claim ${missing.join(', ')})` };
  }
  return { claims: { ...claims, scope: (claims['scope'] as string | undefined) ?? '' } as TokenClaims };
}

/** The scopes a token grants, from its space-separated `scope` claim. */
export function scopesOf(claims: Pick<HubClaims, 'scope'>): string[] {
  return claims.scope.split(' ').filter((scope) => scope !== '');
}
