import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trustedViewer } from '@siuss/service/viewer';
import { PERSONS, persons, startHarness, type Harness } from './testing.ts';

const ROSSI = 'RSSMRA80C15H501M';
const BIANCHI = 'BNCGLI75S42F205Y';
const CASE_WORKER = trustedViewer({ operatorTaxCode: 'XXXXXX80P20B501B', enteCode: 'H501', roles: ['CASE_WORKER'], scopes: ['isee:read', 'health:read'], purpose: 'presa in carico' });

describe('audit of the registries subgraph', () => {
  let hub: Harness;
  beforeAll(async () => {
    hub = await startHarness();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('records the ISEE and health of two persons as one entry each, listing the fields', async () => {
    const result = await hub.execute(PERSONS, { representations: persons(ROSSI, BIANCHI) }, CASE_WORKER);
    expect(result.errors).toBeUndefined();
    expect(hub.audit.entries).toHaveLength(2);
    expect(hub.audit.entries.map((entry) => [entry.subject, entry.fields])).toEqual([
      [{ kind: 'PERSON', id: ROSSI }, ['Person.health', 'Person.isee', 'Person.taxCode']],
      [{ kind: 'PERSON', id: BIANCHI }, ['Person.health', 'Person.isee', 'Person.taxCode']],
    ]);
    expect(hub.audit.entries[0]).toMatchObject({
      action: 'READ', subgraph: 'registries', operationType: 'query', operatorTaxCode: 'XXXXXX80P20B501B', operatorRoles: ['CASE_WORKER'], enteCode: 'H501', purpose: 'presa in carico',
    });
  });

  it('records Benefit.isee under the benefit\'s person, from the representation', async () => {
    hub.audit.entries.length = 0;
    const result = await hub.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Benefit { isee { dsuProtocol } } } }`, {
      r: [{ __typename: 'Benefit', id: 'b-1', person: { taxCode: ROSSI }, dsu: { number: 'INPS-ISEE-2025-24936789O-00', year: 2025, date: '2025-04-18' } }],
    }, CASE_WORKER);
    expect(result.errors).toBeUndefined();
    expect(hub.audit.entries.map((entry) => [entry.subject?.id, entry.fields])).toEqual([[ROSSI, ['Benefit.isee']]]);
  });

  it('logs no personal data while auditing', () => {
    const text = hub.logs.join('\n');
    expect(text).not.toContain(ROSSI);
    expect(text).not.toContain(BIANCHI);
    expect(text).not.toContain('presa in carico');
  });
});
