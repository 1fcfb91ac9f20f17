import type { JwtSettings } from '@siuss/auth/config';
import { DEMO_IDENTITIES, demoClaims } from '@siuss/auth/demo-identities';
import { mintDevelopmentToken } from '@siuss/auth/dev-tokens';

/** The identity of the token `npm start` prints: a case worker of the ente that took the GraphiQL example's person in charge. */
export const DEMO_ROLE = 'CASE_WORKER';
/** The purpose the printed examples state. */
export const DEMO_PURPOSE = 'presa in carico';
const DEMO_HOURS = 8;

/** What `npm start` says about access once the hub runs: a ready-made token and how to use it. */
export interface DemoAccess {
  /** The development token, when the gateway trusts the development key. */
  token: string | undefined;
  /** Lines to print, indented like the rest of the start-up message. */
  lines: string[];
}

/**
 * A development token of DEMO_ROLE (ANNA ESPOSITO, the GraphiQL example, was taken in charge by
 * its ente, F839), valid 8 hours, with the GraphiQL headers and curl options that use it. When the
 * gateway verifies tokens of a real identity provider (SIUSS_JWT_JWKS_URL or _PUBLIC_KEY) there is
 * no development key to mint with: the lines say where tokens come from instead.
 */
export async function demoAccess(jwt: JwtSettings, gatewayUrl: string, example: string): Promise<DemoAccess> {
  if (jwt.keys.kind !== 'development') {
    return { token: undefined, lines: [`  Tokens:    from the identity provider (issuer ${jwt.issuer}, audience ${jwt.audience}); send them as Authorization: Bearer <token>.`] };
  }
  const token = await mintDevelopmentToken(jwt, demoClaims(DEMO_ROLE), DEMO_HOURS);
  const headers = JSON.stringify({ Authorization: `Bearer ${token}`, 'x-siuss-purpose': DEMO_PURPOSE });
  return {
    token,
    lines: [
      `  Token:     a ${DEMO_ROLE}, ${DEMO_IDENTITIES[DEMO_ROLE].description}; valid ${DEMO_HOURS} hours:`,
      `             export TOKEN=${token}`,
      '  GraphiQL headers (the Headers tab, below the query):',
      `             ${headers}`,
      `  Try:       curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -H 'x-siuss-purpose: ${DEMO_PURPOSE}' \\`,
      `               -d '${JSON.stringify({ query: example })}'`,
      '  Other roles: npm run -s token -- --all   (README, "Access")',
    ],
  };
}
