/**
 * The roles of the hub and the scopes each grants. A token carries roles and scopes; the gateway
 * enforces the scopes a field declares (`@requiresScopes`), the subgraphs the rules that depend on
 * the row (the ente of the record, the Ambito of the declaration). See packages/auth/README.md.
 */
export const ROLES = [
  /** Reads and writes its own ente's records (PS/PSA, SINA, SINBA, flows). */
  'ENTE_OPERATOR',
  /** Reads the complete position of persons its ente has taken in charge (a benefit with PresaCarico 1). */
  'CASE_WORKER',
  /** Compiles its Ambito's SIOSS declaration. */
  'AMBITO_REFERENT',
  /** Reads the SIOSS declarations of its Region; registers its Ambiti. */
  'REGION_COORDINATOR',
  /** INPS: every PS/PSA/SINA record, flows and esiti. */
  'INPS_ADMIN',
  /** Ministry: aggregates and de-identified data only; reopens SIOSS declarations. */
  'MINISTRY_ANALYST',
  /** Data-protection officer: reads the access log of any person. */
  'DPO',
  /** A person reading who looked at their own data. */
  'DATA_SUBJECT',
] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  'benefits:read', 'benefits:write',
  'assessments:read', 'assessments:write',
  'sinba:read', 'sinba:write',
  'health:read', 'isee:read',
  'sioss:read', 'sioss:write', 'sioss:reopen',
  'flows:read', 'flows:write',
  'aggregates:read',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes a development token of each role gets; a real identity provider decides its own. */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  ENTE_OPERATOR: ['benefits:read', 'benefits:write', 'assessments:read', 'assessments:write', 'sinba:read', 'sinba:write', 'isee:read', 'flows:read', 'flows:write', 'sioss:read'],
  CASE_WORKER: ['benefits:read', 'assessments:read', 'health:read', 'isee:read', 'sioss:read'],
  AMBITO_REFERENT: ['sioss:read', 'sioss:write'],
  REGION_COORDINATOR: ['sioss:read', 'sioss:write', 'aggregates:read'],
  INPS_ADMIN: ['benefits:read', 'benefits:write', 'assessments:read', 'assessments:write', 'health:read', 'isee:read', 'flows:read', 'flows:write', 'aggregates:read', 'sioss:read'],
  MINISTRY_ANALYST: ['aggregates:read', 'sioss:read', 'sioss:write', 'sioss:reopen'],
  DPO: ['audit:read'],
  DATA_SUBJECT: ['audit:read'],
};

/**
 * The policies of the hub (`@policy` in the subgraph SDLs) and the roles that meet each. Scopes say
 * what a token may touch and come from the identity provider; a policy says which roles may ever
 * receive a kind of data, whatever scopes a token carries. The gateway grants a token the policies
 * of its roles (policiesOf) and enforces them with the scopes.
 */
export const POLICIES = {
  /**
   * May receive identified personal data: a codice fiscale or a name (of a beneficiary, a household
   * member, an operator). Every role but MINISTRY_ANALYST: analysts receive aggregates and
   * de-identified data only (SIUSS.md §2(e)).
   */
  'identified-data': ['ENTE_OPERATOR', 'CASE_WORKER', 'AMBITO_REFERENT', 'REGION_COORDINATOR', 'INPS_ADMIN', 'DPO', 'DATA_SUBJECT'],
  /** INPS's own side of the WaaS channel: registering and polling the entes' APIs. */
  inps: ['INPS_ADMIN'],
} as const satisfies Record<string, readonly Role[]>;
export type Policy = keyof typeof POLICIES;

/** The policies a token with `roles` meets: those any of its roles meets, in POLICIES order. */
export function policiesOf(roles: readonly string[]): Policy[] {
  return (Object.keys(POLICIES) as Policy[]).filter((policy) => (POLICIES[policy] as readonly string[]).some((role) => roles.includes(role)));
}

/**
 * The claims of a hub token (JWT). `sub` is the operator's codice fiscale (for DATA_SUBJECT the
 * person's own); `ente` the ente the operator acts for (Belfiore or other ente code); `ambito` and
 * `region` where the role needs them; `roles` and `scope` (space-separated) as granted.
 */
export interface HubClaims {
  sub: string;
  ente?: string;
  ambito?: string;
  region?: string;
  roles: Role[];
  scope: string;
}

/** Whether `value` is one of the hub's roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The claims a token of each role must carry besides `sub`, because the rules that depend on the
 * row read them: an ente operator's or case worker's ente, an Ambito referent's Ambito, a Region
 * coordinator's Region. The gateway refuses a token that lacks one, naming it.
 */
export const ROLE_CLAIMS: Readonly<Record<Role, ReadonlyArray<'ente' | 'ambito' | 'region'>>> = {
  ENTE_OPERATOR: ['ente'],
  CASE_WORKER: ['ente'],
  AMBITO_REFERENT: ['ambito'],
  REGION_COORDINATOR: ['region'],
  INPS_ADMIN: [],
  MINISTRY_ANALYST: [],
  DPO: [],
  DATA_SUBJECT: [],
};
