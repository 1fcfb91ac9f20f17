import type { MikroORM } from '@mikro-orm/postgresql';
import { readEntries } from '@siuss/audit/access-log';
import type { StoredAuditEntry } from '@siuss/audit/entry';
import { AuditWriter } from '@siuss/audit/writer';
import { sqlOf } from '@siuss/db/sql';
import { anonymousViewer, trustedViewer, type Viewer } from '@siuss/service/viewer';
import { startSubgraphHarness, type GraphQLResult, type SubgraphHarness } from '@siuss/testing/subgraph-harness';
import type { Deadline } from './config.ts';
import { Role } from './domain/access.ts';
import { createOrm, migrateOffering } from './orm.ts';
import { createOfferingServer } from './server.ts';

export type { GraphQLResult } from '@siuss/testing/subgraph-harness';

/** A migrated offering subgraph on its own test database, run in-process, with a settable clock. */
export interface Harness extends SubgraphHarness<MikroORM> {
  /** The instant the subgraph sees as now; tests move it to cross deadlines. */
  clock: { now: Date };
  deadline: Deadline;
  /** The audit writer, on the test database. */
  audit: AuditWriter;
  /** Flushes the audit writer and returns the entries after `afterId`, in chain order. */
  auditEntries(afterId?: number): Promise<StoredAuditEntry[]>;
}

/** An operator codice fiscale for test viewers (well-formed, invented). */
export const OPERATOR = 'XXXXXX80P20B501B';

/** A caller without a verified identity (the harness's default viewer is the Ministry). */
export const anonymous = (): Viewer => anonymousViewer();
export const ministry = (): Viewer => trustedViewer({ roles: [Role.MINISTRY_ANALYST], operatorTaxCode: OPERATOR });
export const region = (regionCode: string): Viewer => trustedViewer({ roles: [Role.REGION_COORDINATOR], regionCode, operatorTaxCode: OPERATOR });
export const referent = (ambitoCode: string): Viewer => trustedViewer({ roles: [Role.AMBITO_REFERENT], ambitoCode, operatorTaxCode: OPERATOR });

export async function startHarness(options: { now?: Date; deadline?: Deadline } = {}): Promise<Harness> {
  const clock = { now: options.now ?? new Date() };
  const deadline = options.deadline ?? { month: 5, day: 31 };
  let audit: AuditWriter | undefined;
  const harness = await startSubgraphHarness({
    name: 'offering',
    // Reads act as the Ministry, which reads every declaration; tests of the rules pass their own viewer.
    viewer: ministry,
    createOrm,
    migrate: migrateOffering,
    createServer: ({ orm, logger }) => {
      audit = new AuditWriter({ url: orm.config.get('clientUrl') as string, logger, settings: { flushMs: 20, batchSize: 200, maxBuffered: 50_000 } });
      return createOfferingServer({ orm, logger, settings: { deadline, now: () => clock.now }, introspection: true, audit: { sink: audit, requirePurpose: false } });
    },
    // As a client over HTTP sees it (DateTime values become ISO strings).
    json: true,
  });
  const writer = audit as AuditWriter;
  return {
    ...harness,
    clock,
    deadline,
    audit: writer,
    async auditEntries(afterId = 0) {
      await writer.flush();
      return readEntries(sqlOf(harness.orm.em.fork()), afterId);
    },
  };
}

/** The first error's code and violations, for concise assertions. */
export function errorOf(result: GraphQLResult): { code: unknown; rules: string[]; fields: string[]; message: string } {
  const error = result.errors?.[0];
  const violations: Array<{ rule: string; field: string }> = error?.extensions?.['violations'] ?? [];
  return { code: error?.extensions?.['code'], rules: violations.map((v) => v.rule), fields: violations.map((v) => v.field), message: error?.message ?? '' };
}

/** Throws with the errors when a result has any: setup steps must succeed. */
export function ok(result: GraphQLResult): Record<string, any> {
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data ?? {};
}

export const REGISTER_AMBITO = `mutation($input: SiossAmbitoInput!) { registerSiossAmbito(input: $input) { ambito { code name regionCode regionName population { residents } comuni { istatCode belfioreCode name population } } } }`;
export const REGISTER_BODY = `mutation($input: SiossImplementingBodyInput!) { registerSiossImplementingBody(input: $input) { created body { id code name kind } } }`;
export const SET_GOVERNANCE = `mutation($input: SiossGovernanceInput!) { setSiossAmbitoGovernance(input: $input) { ambito { code managementForm leadBody { code } implementingBodies { code } } } }`;
export const OPEN = `mutation($input: SiossDeclarationKeyInput!) { openSiossDeclaration(input: $input) { created declaration { id year status deadline } } }`;
export const ADD_SERVICE = `mutation($input: SiossServiceChangeInput!) { addSiossService(input: $input) { service { id catalogueCode catalogueItem { label macroActivity status } managingBody { code } targetUsers capacity usersServed spending } declaration { updatedAt } } }`;
export const UPDATE_SERVICE = `mutation($input: SiossServiceChangeInput!) { updateSiossService(input: $input) { service { catalogueCode usersServed spending managingBody { code } } } }`;
export const REMOVE_SERVICE = `mutation($input: SiossServiceKeyInput!) { removeSiossService(input: $input) { declaration { services { catalogueCode } } } }`;
export const ADD_PROFESSIONAL = `mutation($input: SiossProfessionalAddInput!) { addSiossProfessional(input: $input) { professional { id profession headCount fte employerKind employerBody { code } contractType } } }`;
export const UPDATE_PROFESSIONAL = `mutation($input: SiossProfessionalUpdateInput!) { updateSiossProfessional(input: $input) { professional { id headCount fte } } }`;
export const REMOVE_PROFESSIONAL = `mutation($id: ID!) { removeSiossProfessional(id: $id) { declaration { professionals { id } } } }`;
export const SET_FUND = `mutation($input: SiossFundModuleInput!) { setSiossFundModule(input: $input) { declaration { fundModules { fund totalAmount totalBeneficiaries amounts { area { code label } amount } beneficiaries { sex ageBand count } } } } }`;
export const FINALISE = `mutation($input: SiossDeclarationKeyInput!) { finaliseSiossDeclaration(input: $input) { declaration { status late finalisedAt finalisedBy { enteCode roles } } } }`;
export const REOPEN = `mutation($input: SiossReopenInput!) { reopenSiossDeclaration(input: $input) { declaration { status late reopenedAt reopenReason reopenedBy { roles } } } }`;

/**
 * Registers an Ambito of the given Comuni (Belfiore codes) with a lead body and governance, as the
 * Ministry and the Ambito's referent would; returns nothing, throws on any error.
 */
export async function setUpAmbito(harness: Harness, ambito: { code: string; regionCode: string; comuni: string[]; leadBodyCode?: string }): Promise<void> {
  const lead = ambito.leadBodyCode ?? `LEAD-${ambito.code}`;
  ok(await harness.execute(REGISTER_BODY, { input: { code: lead, name: `Ente capofila ${ambito.code}`, kind: 'COMUNE' } }, ministry()));
  ok(await harness.execute(REGISTER_AMBITO, { input: { code: ambito.code, name: `Ambito ${ambito.code}`, regionCode: ambito.regionCode, comuni: ambito.comuni } }, ministry()));
  ok(await harness.execute(SET_GOVERNANCE, { input: { ambitoCode: ambito.code, managementForm: 'SINGLE', leadBodyCode: lead, implementingBodyCodes: [] } }, referent(ambito.code)));
}

/** A valid service input for `catalogueCode`, managed by `managingBodyCode`. */
export function serviceInput(catalogueCode: string, managingBodyCode: string, overrides: Record<string, unknown> = {}) {
  return { catalogueCode, managingBodyCode, targetUsers: ['ELDERLY'], capacity: null, usersServed: 120, spending: '45000.00', ...overrides };
}

/** A valid row of professionals. */
export function professionalInput(overrides: Record<string, unknown> = {}) {
  return { profession: 'SOCIAL_WORKER', headCount: 3, fte: '2.50', employerKind: 'COMUNE', contractType: 'PERMANENT', employerBodyCode: null, ...overrides };
}

/** A valid FNPS module: one amount per macrolivello. */
export function fnpsInput(key: { ambitoCode: string; year: number }) {
  return {
    ...key,
    fund: 'FNPS',
    amounts: ['M1', 'M2', 'M3', 'M4', 'M5'].map((areaCode) => ({ areaCode, amount: '1000.00' })),
    beneficiaries: [{ sex: 'FEMALE', ageBand: 'AGE_65_74', count: 12 }],
  };
}
