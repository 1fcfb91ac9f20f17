import type { MikroORM } from '@mikro-orm/postgresql';
import { startSubgraphHarness, type SubgraphHarness } from '@siuss/testing/subgraph-harness';
import { createOrm, migrateBenefits } from './orm.ts';
import { createBenefitsServer } from './server.ts';
import type { BenefitRecordInput } from './domain/input.ts';

export type { GraphQLResult } from '@siuss/testing/subgraph-harness';

/** A migrated benefits subgraph on its own test database, run in-process. */
export type Harness = SubgraphHarness<MikroORM>;

export function startHarness(options: { strictRules?: string[] } = {}): Promise<Harness> {
  return startSubgraphHarness({
    name: 'benefits',
    createOrm,
    migrate: migrateBenefits,
    createServer: ({ orm, logger }) =>
      createBenefitsServer({ orm, logger, settings: { strictRules: new Set(options.strictRules ?? []), maxPageSize: 100 }, introspection: true }),
  });
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
