import type { MikroORM } from '@mikro-orm/postgresql';
import { readEntries } from '@siuss/audit/access-log';
import type { StoredAuditEntry } from '@siuss/audit/entry';
import { AuditWriter } from '@siuss/audit/writer';
import { sqlOf } from '@siuss/db/sql';
import { roleViewer } from '@siuss/testing/auth';
import { startSubgraphHarness, type SubgraphHarness } from '@siuss/testing/subgraph-harness';
import { createOrm, migrateBenefits } from './orm.ts';
import { createBenefitsServer } from './server.ts';
import type { BenefitRecordInput } from './domain/input.ts';

export type { GraphQLResult } from '@siuss/testing/subgraph-harness';

/** A migrated benefits subgraph on its own test database, run in-process, writing the audit log there. */
export interface Harness extends SubgraphHarness<MikroORM> {
  audit: AuditWriter;
  /** Flushes the audit writer and returns the entries after `afterId`, in chain order. */
  auditEntries(afterId?: number): Promise<StoredAuditEntry[]>;
}

export async function startHarness(options: { strictRules?: string[]; requirePurpose?: boolean } = {}): Promise<Harness> {
  let audit: AuditWriter | undefined;
  const harness = await startSubgraphHarness({
    name: 'benefits',
    // Tests of records and listings act as INPS, which sees and writes everything; tests of the
    // access rules pass their own viewer.
    viewer: () => roleViewer('INPS_ADMIN'),
    createOrm,
    migrate: migrateBenefits,
    createServer: ({ orm, logger }) => {
      audit = new AuditWriter({ url: orm.config.get('clientUrl') as string, logger, settings: { flushMs: 20, batchSize: 200, maxBuffered: 50_000 } });
      return createBenefitsServer({
        orm,
        logger,
        settings: { strictRules: new Set(options.strictRules ?? []), maxPageSize: 100 },
        introspection: true,
        audit: { sink: audit, requirePurpose: options.requirePurpose ?? false },
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
  };
}

/** A valid single-record input; tests change one field at a time. */
export function recordInput(overrides: { taxCode?: string; benefit?: Partial<BenefitRecordInput['benefit']> } = {}): BenefitRecordInput {
  return {
    ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' },
    beneficiary: {
      taxCode: overrides.taxCode ?? 'RSSMRK66C14H501U',
      surname: 'ROSSI',
      name: 'MIRKO',
      birthYear: 1966,
      birthPlaceCode: 'H501',
      sex: 'MALE',
      citizenship: '380',
      residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }],
    },
    benefit: {
      meansTest: 'NONE',
      nature: 'PERIODIC',
      code: 'A1.16',
      description: 'Contributi economici per servizio trasporto e mobilità',
      applicationProtocol: 'PROT-1',
      startDate: '2024-01-10',
      endDate: '2024-06-30',
      monthlyAmount: '100.00',
      months: 6,
      enteQuota: '60.00',
      userQuota: '40.00',
      takenInCharge: true,
      userArea: 'DISABILITY_AND_DEPENDENCY',
      ...overrides.benefit,
    },
  };
}

export const RECORD = `mutation Record($input: BenefitRecordInput!) {
  recordBenefit(input: $input) {
    created
    warnings { rule field severity message }
    benefit { id code status startDate monthlyAmount enteQuota userQuota ssnQuota warnings { rule } person { taxCode } }
  }
}`;
