import { ROLE_SCOPES, type HubClaims, type Role } from './roles.ts';

/** Who a development token of a role is by default: claims that match the demo data. */
export interface DemoIdentity {
  sub: string;
  ente?: string;
  ambito?: string;
  region?: string;
  /** Who this is, in words. */
  description: string;
}

/**
 * One demo identity per role, matching what `npm start` loads: the Comune di Roma (H501) whose
 * operator sent the demo records, the Comune di Napoli (F839) that took ANNA ESPOSITO (the
 * GraphiQL example) in charge, the demo Ambito AMB-ROMA of Lazio (region 12), and MARIO ROSSI as a
 * data subject. The codici fiscali are well formed; the operators are invented.
 */
export const DEMO_IDENTITIES: Readonly<Record<Role, DemoIdentity>> = {
  ENTE_OPERATOR: { sub: 'VRDLRA79H61H501S', ente: 'H501', description: 'operator of the Comune di Roma (H501), who sent the demo records' },
  CASE_WORKER: { sub: 'CLMSRA84B49F839A', ente: 'F839', description: 'case worker of the Comune di Napoli (F839), which took ANNA ESPOSITO in charge' },
  AMBITO_REFERENT: { sub: 'GLLMRC77S30H501I', ambito: 'AMB-ROMA', description: 'referent of the demo Ambito AMB-ROMA (Roma Capitale)' },
  REGION_COORDINATOR: { sub: 'CNTPLA70E54H501H', region: '12', description: 'SIOSS coordinator of Lazio (region 12)' },
  INPS_ADMIN: { sub: 'DLCNDR82M03H501W', description: 'INPS administrator' },
  MINISTRY_ANALYST: { sub: 'MRNCHR88A65H501C', description: 'analyst of the Ministero del Lavoro' },
  DPO: { sub: 'RCCSFN75P17H501S', description: 'data-protection officer' },
  DATA_SUBJECT: { sub: 'RSSMRA80C15H501M', description: 'MARIO ROSSI, a demo person, reading who looked at his data' },
};

/** What may replace a demo identity's claims. */
export interface IdentityOverrides {
  sub?: string | undefined;
  ente?: string | undefined;
  ambito?: string | undefined;
  region?: string | undefined;
  /** Space-separated scopes instead of the role's ROLE_SCOPES. */
  scope?: string | undefined;
}

/** The claims of a development token of `role`: its demo identity, `overrides` applied, the role's scopes. */
export function demoClaims(role: Role, overrides: IdentityOverrides = {}): HubClaims {
  const { description: _description, ...identity } = DEMO_IDENTITIES[role];
  const claims: HubClaims = { ...identity, roles: [role], scope: overrides.scope ?? ROLE_SCOPES[role].join(' ') };
  for (const name of ['sub', 'ente', 'ambito', 'region'] as const) {
    const value = overrides[name];
    if (value !== undefined) (claims as unknown as Record<string, string>)[name] = value;
  }
  return claims;
}
