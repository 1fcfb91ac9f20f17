import { scopesOf, type TokenClaims } from '@siuss/auth/claims';

/**
 * Who is calling. Over HTTP the viewer is built only from what the gateway signed (serveApollo
 * checks the signature first): the claims of the token the gateway verified and the purpose the
 * caller stated. A request without a valid signature is refused, never served as anyone.
 */
export interface Viewer {
  authenticated: boolean;
  /** Codice fiscale of the operator, once verified. */
  operatorTaxCode: string | null;
  /** Ente the operator acts for, once verified. */
  enteCode: string | null;
  /** Ambito Territoriale Sociale the operator acts for (AMBITO_REFERENT), once verified. */
  ambitoCode: string | null;
  /** Region (2-digit code) the operator acts for (REGION_COORDINATOR), once verified. */
  regionCode: string | null;
  /** The purpose the request states (`x-siuss-purpose`), recorded in the audit log with every read of a person. */
  purpose: string | null;
  roles: readonly string[];
  scopes: readonly string[];
}

/**
 * The viewer of a request the gateway signed: authenticated with the forwarded token claims (`sub`
 * the operator, `ente`, `ambito`, `region`, `roles`, `scope`), anonymous without them; `purpose`
 * as stated in `x-siuss-purpose`. Only for claims and purpose whose signature was checked.
 */
export function viewerFromClaims(claims: TokenClaims | null, purpose: string | null): Viewer {
  if (!claims) return { ...anonymousViewer(), purpose };
  return {
    authenticated: true,
    operatorTaxCode: claims.sub,
    enteCode: claims.ente ?? null,
    ambitoCode: claims.ambito ?? null,
    regionCode: claims.region ?? null,
    purpose,
    roles: [...claims.roles],
    scopes: scopesOf(claims),
  };
}

/** An anonymous viewer, for in-process calls and tests. */
export function anonymousViewer(): Viewer {
  return { authenticated: false, operatorTaxCode: null, enteCode: null, ambitoCode: null, regionCode: null, purpose: null, roles: [], scopes: [] };
}

/**
 * An authenticated viewer built in-process, for tests and trusted internal calls (e.g. seeding).
 * Never build one from request data: over HTTP, identities come from signed claims (viewerFromClaims).
 */
export function trustedViewer(identity: { enteCode?: string | null; ambitoCode?: string | null; regionCode?: string | null; purpose?: string | null; operatorTaxCode?: string | null; roles?: readonly string[]; scopes?: readonly string[] }): Viewer {
  return {
    authenticated: true,
    operatorTaxCode: identity.operatorTaxCode ?? null,
    enteCode: identity.enteCode ?? null,
    ambitoCode: identity.ambitoCode ?? null,
    regionCode: identity.regionCode ?? null,
    purpose: identity.purpose ?? null,
    roles: identity.roles ?? [],
    scopes: identity.scopes ?? [],
  };
}
