/**
 * Who is calling. Until access control lands (JWT verified at the gateway, signed forwarding), every
 * caller is anonymous; resolvers already receive a viewer so rules can be added without changing
 * their signatures. The raw `authorization` header is kept for forwarding only, never trusted here.
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
  authorization: string | undefined;
}

/** The viewer of an HTTP request, from its headers (anonymous for now, see above). */
export function viewerFromHeaders(headers: { get(name: string): string | null | undefined }): Viewer {
  return {
    authenticated: false,
    operatorTaxCode: null,
    enteCode: null,
    ambitoCode: null,
    regionCode: null,
    purpose: headers.get('x-siuss-purpose') ?? null,
    roles: [],
    scopes: [],
    authorization: headers.get('authorization') ?? undefined,
  };
}

/** An anonymous viewer, for in-process calls and tests. */
export function anonymousViewer(): Viewer {
  return { authenticated: false, operatorTaxCode: null, enteCode: null, ambitoCode: null, regionCode: null, purpose: null, roles: [], scopes: [], authorization: undefined };
}

/**
 * An authenticated viewer built in-process, for tests and trusted internal calls (e.g. seeding) until
 * identities come from verified tokens. Never build one from request data.
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
    authorization: undefined,
  };
}
