import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { trustedViewer } from '@siuss/service/viewer';
import { startHarness, type Harness } from '../testing.ts';
import { DEMO_SINA, DEMO_SINBA, seedDemoData } from './demo.ts';

/** The demo benefits the SINA rows belong to, as the benefits subgraph would have stored them. */
async function fakeBenefitsSchema(harness: Harness): Promise<Map<string, string>> {
  const connection = harness.orm.em.fork().getConnection();
  await connection.execute('create schema benefits', [], 'run');
  await connection.execute('create table benefits.beneficiary (id uuid primary key, tax_code varchar(16) not null)', [], 'run');
  await connection.execute('create table benefits.benefit (id uuid primary key, beneficiary_id uuid not null, ente_code varchar(32) not null, code varchar(10) not null, application_protocol varchar(32) not null, status text not null)', [], 'run');
  const ids = new Map<string, string>();
  const people = new Map<string, string>();
  for (const demo of DEMO_SINA) {
    if (!people.has(demo.taxCode)) {
      people.set(demo.taxCode, randomUUID());
      await connection.execute('insert into benefits.beneficiary values (?, ?)', [people.get(demo.taxCode), demo.taxCode], 'run');
    }
    const id = randomUUID();
    ids.set(demo.benefit.protocol, id);
    await connection.execute("insert into benefits.benefit values (?, ?, ?, ?, ?, 'ACTIVE')", [id, people.get(demo.taxCode), demo.ente, demo.benefit.code, demo.benefit.protocol], 'run');
  }
  return ids;
}

describe('demo data', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('uses valid codici fiscali and pseudonyms that are not codici fiscali', () => {
    for (const demo of DEMO_SINA) expect(isValidCodiceFiscale(demo.taxCode)).toBe(true);
    for (const record of DEMO_SINBA) expect(record.sinba.IDBeneficiario).toMatch(/^[A-Z]\d{9}$/);
  });

  it('skips the SINA rows whose benefits are not there yet, and loads the SINBA cases', async () => {
    const result = await seedDemoData(harness.orm.em, { waitForBenefitsMs: 0 });
    expect(result).toEqual({ sina: 0, sinba: DEMO_SINBA.length, sinaSkipped: DEMO_SINA.length });
  });

  it('links the SINA rows to the demo benefits once they exist, and loads only into empty tables', async () => {
    const ids = await fakeBenefitsSchema(harness);
    expect(await seedDemoData(harness.orm.em, { waitForBenefitsMs: 0 })).toEqual({ sina: DEMO_SINA.length, sinba: 0, sinaSkipped: 0 });
    expect(await seedDemoData(harness.orm.em, { waitForBenefitsMs: 0 })).toEqual({ sina: 0, sinba: 0, sinaSkipped: 0 });

    const anna = await harness.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { sinaAssessments { benefitId assessmentDate assessmentInstrument ente { name } } } } }`, {
      r: [{ __typename: 'Person', taxCode: 'SPSNNA41A69F839C', access: 'FULL' }],
    });
    expect(anna.data?._entities[0].sinaAssessments).toEqual([
      { benefitId: ids.get('NA-25-0142'), assessmentDate: '2025-04-22', assessmentInstrument: 'SVAMA', ente: { name: 'Comune di Napoli' } },
      { benefitId: ids.get('NA-25-0091'), assessmentDate: '2025-02-10', assessmentInstrument: 'SVAMA', ente: { name: 'Comune di Napoli' } },
    ]);
    const cases = await harness.execute('{ sinbaCases(enteCode: "H501") { totalCount edges { node { beneficiaryCode warnings { rule } } } } }', {}, trustedViewer({ enteCode: 'H501', scopes: ['sinba:read'] }));
    expect(cases.data?.sinbaCases.totalCount).toBe(2);
    expect(cases.data?.sinbaCases.edges.flatMap((e: any) => e.node.warnings)).toEqual([]);
  });
});
