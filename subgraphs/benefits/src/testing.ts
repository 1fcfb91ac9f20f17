import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlCounter } from '@siuss/db/sql-counter';
import { createLogger } from '@siuss/logging/logger';
import { anonymousViewer } from '@siuss/service/viewer';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { createOrm, migrateBenefits } from './orm.ts';
import { createBenefitsServer } from './server.ts';
import type { BenefitRecordInput } from './domain/input.ts';

export interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, any>; path?: ReadonlyArray<string | number> }>;
}

/** A migrated benefits subgraph on its own test database, run in-process. */
export interface Harness {
  db: TestDatabase;
  orm: MikroORM;
  sql: SqlCounter;
  execute(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
  close(): Promise<void>;
}

export async function startHarness(options: { strictRules?: string[] } = {}): Promise<Harness> {
  const db = await createTestDatabase('benefits');
  const sql = new SqlCounter();
  const orm = await createOrm({ url: db.url, onQuery: sql.onQuery });
  await migrateBenefits(orm, db.url);
  const logger = createLogger({ name: 'benefits-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  const { apollo, createContext } = createBenefitsServer({
    orm,
    logger,
    settings: { strictRules: new Set(options.strictRules ?? []), maxPageSize: 100 },
    introspection: true,
  });
  await apollo.start();
  return {
    db,
    orm,
    sql,
    async execute(query, variables = {}) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(anonymousViewer()) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GraphQLResult;
    },
    async close() {
      await apollo.stop();
      await orm.close();
      await db.drop();
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
