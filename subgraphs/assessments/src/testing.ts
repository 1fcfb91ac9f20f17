import type { MikroORM } from '@mikro-orm/postgresql';
import { readEntries } from '@siuss/audit/access-log';
import type { StoredAuditEntry } from '@siuss/audit/entry';
import { AuditWriter } from '@siuss/audit/writer';
import { sqlOf } from '@siuss/db/sql';
import type { TestDatabase } from '@siuss/testing/database';
import { roleViewer } from '@siuss/testing/auth';
import { startSubgraphHarness, type SubgraphHarness } from '@siuss/testing/subgraph-harness';
import type { SinaAssessmentInput, SinbaCaseInput } from './domain/input.ts';
import { createOrm, migrateAssessments } from './orm.ts';
import { createAssessmentsServer } from './server.ts';

export type { GraphQLResult } from '@siuss/testing/subgraph-harness';

/**
 * A migrated assessments subgraph on its own test database, run in-process; `execute` acts as INPS
 * (every SINA record, no SINBA case) unless a viewer is given.
 */
export interface Harness extends SubgraphHarness<MikroORM> {
  /** Rows in one of the subgraph's tables, to prove that a refused write wrote nothing. */
  count(table: 'submission' | 'sina_assessment' | 'sinba_case'): Promise<number>;
  /** The audit writer, on the test database. */
  audit: AuditWriter;
  /** Flushes the audit writer and returns the entries after `afterId`, in chain order. */
  auditEntries(afterId?: number): Promise<StoredAuditEntry[]>;
}

/** Starts the subgraph in-process on a fresh test database (or `db`, left in place on close), migrated. */
export async function startHarness(options: { strictRules?: string[]; db?: TestDatabase } = {}): Promise<Harness> {
  let audit: AuditWriter | undefined;
  const harness = await startSubgraphHarness({
    name: 'assessments',
    db: options.db,
    viewer: () => roleViewer('INPS_ADMIN'),
    createOrm,
    migrate: migrateAssessments,
    createServer: ({ orm, logger }) => {
      audit = new AuditWriter({ url: orm.config.get('clientUrl') as string, logger, settings: { flushMs: 20, batchSize: 200, maxBuffered: 50_000 } });
      return createAssessmentsServer({
        orm,
        logger,
        settings: { strictRules: new Set(options.strictRules ?? []), maxPageSize: 100 },
        introspection: true,
        audit: { sink: audit, requirePurpose: false },
      });
    },
  });
  const writer = audit as AuditWriter;
  return {
    ...harness,
    audit: writer,
    async auditEntries(afterId = 0) {
      await writer.flush();
      return readEntries(sqlOf(harness.orm.em.fork()), afterId);
    },
    async count(table) {
      const rows = await harness.orm.em.fork().getConnection().execute<Array<{ n: string }>>(`select count(*) as n from assessments.${table}`, [], 'all');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export const BENEFIT_ID = '3f1c2a9e-8d4b-4c6f-9a21-5b7e0d1c2f34';
export const OTHER_BENEFIT_ID = '7a9e4b1c-2d3f-4e5a-8b6c-9d0e1f2a3b4c';
export const TAX_CODE = 'RSSMRK66C14H501U';
export const OPERATOR = 'XXXXXX80P20B501B';

/**
 * A Person representation as the gateway sends it for `sinaAssessments`: the key and the access the
 * benefits subgraph decided (`@requires(fields: "access")`), FULL for the complete position.
 */
export const personRef = (taxCode: string, access: 'FULL' | 'ENTE' | null = 'FULL') => ({ __typename: 'Person', taxCode, ...(access ? { access } : {}) });

/** A valid SINA input (the official example's attributes); tests change one field at a time. */
export function sinaInput(overrides: Partial<SinaAssessmentInput> = {}): SinaAssessmentInput {
  return {
    ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501', operatorTaxCode: OPERATOR },
    taxCode: TAX_CODE,
    benefitId: BENEFIT_ID,
    assessmentDate: '2024-03-10',
    mobility: 'MOVES_WITH_HELP',
    dailyLiving: 'PARTIALLY_DEPENDENT',
    cognitiveDisorders: 'MILD',
    behaviouralDisorders: 'ABSENT',
    healthCareNeed: 'MEDIUM',
    incomeArea: 'HELPED_BY_RELATIVES_OR_OTHERS',
    supportArea: 'NETWORK_PARTIAL_OR_TEMPORARY',
    assessmentSource: 'UVM',
    assessmentInstrument: 'SVAMA',
    invaliditySource: 'VERIFIED_CERTIFICATE',
    civilInvalidity: ['TOTAL_WITH_ATTENDANCE_ALLOWANCE'],
    neededBenefitCodes: ['A2.07', 'A1.16'],
    ...overrides,
  };
}

/** A valid SINBA input for ente H501 in 2024; tests change one field at a time. */
export function sinbaInput(overrides: Partial<SinbaCaseInput> = {}): SinbaCaseInput {
  return {
    ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501', operatorTaxCode: OPERATOR },
    reportingYear: 2024,
    beneficiaryCode: 'H501123456',
    unaccompaniedForeignMinor: 'NO',
    orphanhood: 'NOT_ORPHAN',
    livingPlace: 'OWN_FAMILY',
    school: 'PRIMARY',
    workCondition: 'INACTIVE',
    disability: 'NO',
    firstReferralMonth: '09/2023',
    referralSource: 'SCHOOL',
    minorAssessment: 'RELATIONAL_BEHAVIOURAL_PROBLEMS',
    familyAssessment: 'ECONOMIC_HARDSHIP',
    judicialAuthorityNotified: 'NO',
    judicialMeasure: 'NO',
    ageBand: 'AGE_9_12',
    birthYear: 2014,
    residenceRegionCode: '12',
    residenceNationCode: '380',
    benefitCodes: ['A2.02'],
    familyComposition: ['MOTHER', 'SIBLINGS'],
    ...overrides,
  };
}

const SINA_FIELDS = `id benefitId assessmentDate status mobility dailyLiving cognitiveDisorders behaviouralDisorders healthCareNeed
  incomeArea supportArea assessmentSource assessmentInstrument invaliditySource civilInvalidity neededBenefitCodes
  person { taxCode } ente { code name seatCode } warnings { rule field severity }`;

export const RECORD_SINA = `mutation Record($input: SinaAssessmentInput!) {
  recordSinaAssessment(input: $input) { created warnings { rule field severity message } assessment { ${SINA_FIELDS} } }
}`;

export const SINBA_FIELDS = `id enteCode beneficiaryCode reportingYear status recordStatus livingPlace disability disabilityType ageBand birthYear
  judicialAuthorityNotified judicialReportMonth closingReason closingSituation benefitCodes familyComposition warnings { rule field severity }`;

export const RECORD_SINBA = `mutation Record($input: SinbaCaseInput!) {
  recordSinbaCase(input: $input) { created warnings { rule field severity message } sinbaCase { ${SINBA_FIELDS} } }
}`;
