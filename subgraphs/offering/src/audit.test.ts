import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryCursor } from '@siuss/audit/testing';
import { verifyAuditChain } from '@siuss/audit/verify';
import { OPEN, ok, referent, setUpAmbito, startHarness, type Harness } from './testing.ts';

const NEARBY = `query Nearby($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { servicesNearby { catalogueCode } } } }`;
const person = (taxCode: string, comuneCode: string) => ({ __typename: 'Person', taxCode, residences: [{ comuneCode }] });

describe('audit of the offering subgraph', () => {
  let harness: Harness;
  /** The entries written since the last call. */
  const audit = entryCursor((afterId) => harness.auditEntries(afterId));
  const newEntries = () => audit.next();

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-04-01T10:00:00Z') });
    await setUpAmbito(harness, { code: 'AMB-A', regionCode: '12', comuni: ['A472', 'B631'] });
    await newEntries();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records a SIOSS declaration write as one entry about no person', async () => {
    ok(await harness.execute(OPEN, { input: { ambitoCode: 'AMB-A', year: 2025 } }, referent('AMB-A')));
    expect(await newEntries()).toEqual([expect.objectContaining({
      action: 'WRITE', subgraph: 'offering', operationType: 'mutation', subject: null, operatorRoles: ['AMBITO_REFERENT'], enteCode: null,
      fields: expect.arrayContaining(['Mutation.openSiossDeclaration']),
    })]);
  });

  it('records servicesNearby for two persons as two entries, and nothing for a read of a declaration', async () => {
    ok(await harness.execute(NEARBY, { representations: [person('RSSMRA80C15H501M', '057012'), person('BNCGLI75S42F205Y', '015146')] }, referent('AMB-A')));
    expect((await newEntries()).map((entry) => [entry.action, entry.subject?.id, entry.fields])).toEqual([
      ['READ', 'RSSMRA80C15H501M', ['Person.servicesNearby']],
      ['READ', 'BNCGLI75S42F205Y', ['Person.servicesNearby']],
    ]);
    ok(await harness.execute(`{ siossDeclaration(ambitoCode: "AMB-A", year: 2025) { status } }`, {}, referent('AMB-A')));
    expect(await newEntries()).toEqual([]);
    expect(await verifyAuditChain(harness.db.url)).toMatchObject({ intact: true, entries: audit.lastId });
  });
});
