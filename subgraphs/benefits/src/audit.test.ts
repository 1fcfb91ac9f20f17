import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryCursor } from '@siuss/audit/testing';
import { verifyAuditChain } from '@siuss/audit/verify';
import { anonymousViewer, trustedViewer, type Viewer } from '@siuss/service/viewer';
import { RECORD, recordInput, startHarness, type Harness } from './testing.ts';

const MARIO = 'RSSMRK66C14H501U';
const GIULIA = 'BNCGLI75S42F205Y';
const OPERATOR = 'XXXXXX80P20B501B';
const DPO_CF = 'DPODPO80A01H501X';

const operator = (purpose: string | null = 'presa in carico'): Viewer =>
  trustedViewer({ operatorTaxCode: OPERATOR, enteCode: 'H501', roles: ['ENTE_OPERATOR'], scopes: ['benefits:read'], purpose });
const subject = (taxCode: string): Viewer => trustedViewer({ operatorTaxCode: taxCode, roles: ['DATA_SUBJECT'], scopes: ['audit:read'] });
const dpo = (): Viewer => trustedViewer({ operatorTaxCode: DPO_CF, roles: ['DPO'], scopes: ['audit:read'], purpose: 'verifica accessi' });

const ACCESS_LOG = `query Log($taxCode: CodiceFiscale!, $first: Int, $after: String) {
  accessLog(taxCode: $taxCode, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id at action operator { taxCode roles enteCode } purpose operation { name type subgraph } fields errorCode } }
  }
}`;

describe('audit of the benefits subgraph', () => {
  let harness: Harness;
  /** The entries written since the last call. */
  const audit = entryCursor((afterId) => harness.auditEntries(afterId));
  const newEntries = () => audit.next();

  beforeAll(async () => {
    harness = await startHarness();
    for (const [taxCode, protocol] of [[MARIO, 'A-1'], [MARIO, 'A-2'], [GIULIA, 'G-1']] as const) {
      const input = recordInput({ taxCode, benefit: { applicationProtocol: protocol } });
      expect((await harness.execute(RECORD, { input }, operator())).errors).toBeUndefined();
    }
    await newEntries();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records a mutation as one write entry about its person', async () => {
    const result = await harness.execute(RECORD, { input: recordInput({ taxCode: GIULIA, benefit: { applicationProtocol: 'G-2' } }) }, operator());
    expect(result.errors).toBeUndefined();
    const entries = await newEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'WRITE', subgraph: 'benefits', operationType: 'mutation', operationName: 'Record',
      subject: { kind: 'PERSON', id: GIULIA }, operatorTaxCode: OPERATOR, operatorRoles: ['ENTE_OPERATOR'], enteCode: 'H501', purpose: 'presa in carico', errorCode: null,
    });
    expect(entries[0]?.fields).toEqual(expect.arrayContaining(['Mutation.recordBenefit', 'Benefit.code', 'Benefit.person']));
  });

  it('records a refused write too, with its error code', async () => {
    const refused = await harness.execute(RECORD, { input: recordInput({ taxCode: MARIO, benefit: { applicationProtocol: 'BAD', code: 'A9.99' } }) }, operator());
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
    expect(await newEntries()).toEqual([expect.objectContaining({ action: 'WRITE', subject: { kind: 'PERSON', id: MARIO }, fields: ['Mutation.recordBenefit'], errorCode: 'VALIDATION_FAILED' })]);
  });

  it('records a person read through several fields as one entry listing them', async () => {
    const result = await harness.execute(`query Position($taxCode: CodiceFiscale!) {
      person(taxCode: $taxCode) { taxCode surname name residences { comuneCode } benefits { edges { node { code monthlyAmount ente { code } } } } }
      benefitCodes(search: "A1.16") { code }
    }`, { taxCode: MARIO.toLowerCase() }, operator());
    expect(result.errors).toBeUndefined();
    const entries = await newEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'READ', operationType: 'query', operationName: 'Position', subject: { kind: 'PERSON', id: MARIO } });
    expect(entries[0]?.fields).toEqual([
      'Benefit.code', 'Benefit.ente', 'Benefit.monthlyAmount',
      'Person.benefits', 'Person.name', 'Person.residences', 'Person.surname', 'Person.taxCode',
      'Query.person',
    ]);
  });

  it('records a read of two persons as two entries of the same request', async () => {
    const result = await harness.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { surname benefits { totalCount } } } }`, {
      r: [{ __typename: 'Person', taxCode: MARIO }, { __typename: 'Person', taxCode: GIULIA }],
    }, operator());
    expect(result.errors).toBeUndefined();
    const entries = await newEntries();
    expect(entries.map((entry) => [entry.subject?.id, entry.fields])).toEqual([
      [MARIO, ['Person.benefits', 'Person.surname']],
      [GIULIA, ['Person.benefits', 'Person.surname']],
    ]);
    expect(entries[0]?.requestId).toBe(entries[1]?.requestId);
  });

  it('records an ente listing under each person it shows, and nothing when it shows no one', async () => {
    const listing = await harness.execute(`{ enteBenefits(enteCode: "H501") { edges { node { code applicationProtocol } } } }`, {}, operator());
    expect(listing.data?.enteBenefits.edges).toHaveLength(4);
    const entries = await newEntries();
    expect(entries.map((entry) => entry.subject?.id).sort()).toEqual([GIULIA, MARIO].sort());
    expect(entries.every((entry) => entry.fields.join() === 'Benefit.applicationProtocol,Benefit.code')).toBe(true);

    expect((await harness.execute(`{ enteBenefits(enteCode: "H501") { totalCount } benefitCodes(search: "A1.16") { code } }`, {}, operator())).errors).toBeUndefined();
    expect(await newEntries()).toEqual([]);
  });

  it('records the look-up of a person the hub does not know', async () => {
    const result = await harness.execute(`{ person(taxCode: "SPSNNA41A69F839C") { surname } }`, {}, operator());
    expect(result.data?.person).toBeNull();
    expect(await newEntries()).toEqual([expect.objectContaining({ subject: { kind: 'PERSON', id: 'SPSNNA41A69F839C' }, fields: ['Query.person'] })]);
  });

  it('answers who looked at a person\'s data, to the person, newest first and paginated', async () => {
    const own = await harness.execute(ACCESS_LOG, { taxCode: GIULIA, first: 2 }, subject(GIULIA));
    expect(own.errors).toBeUndefined();
    const log = own.data?.accessLog;
    // Her writes (2), the read of two persons, the ente listing; this very read is recorded after it.
    expect(log.totalCount).toBe(4);
    expect(log.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(log.edges.map((edge: any) => edge.node.fields)).toEqual([
      ['Benefit.applicationProtocol', 'Benefit.code'],
      ['Person.benefits', 'Person.surname'],
    ]);
    expect(log.edges[0].node).toMatchObject({
      action: 'READ', operator: { taxCode: OPERATOR, roles: ['ENTE_OPERATOR'], enteCode: 'H501' }, purpose: 'presa in carico',
      operation: { name: null, type: 'query', subgraph: 'benefits' }, errorCode: null,
    });
    expect(Number(log.edges[0].node.id)).toBeGreaterThan(Number(log.edges[1].node.id));
    expect(new Date(log.edges[0].node.at).getTime()).toBeLessThanOrEqual(Date.now());

    const next = await harness.execute(ACCESS_LOG, { taxCode: GIULIA, first: 10, after: log.pageInfo.endCursor }, subject(GIULIA));
    expect(next.data?.accessLog.edges.map((edge: any) => [edge.node.action, edge.node.operation.name])).toEqual([['WRITE', 'Record'], ['WRITE', 'Record']]);
    expect(next.data?.accessLog.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    // Her own reads of the log are in it once written (within SIUSS_AUDIT_FLUSH_MS), without a purpose or an ente.
    await harness.audit.flush();
    const again = await harness.execute(ACCESS_LOG, { taxCode: GIULIA, first: 1 }, subject(GIULIA));
    expect(again.data?.accessLog.totalCount).toBe(6);
    expect(again.data?.accessLog.edges[0].node).toMatchObject({ fields: ['Query.accessLog'], operator: { taxCode: GIULIA, roles: ['DATA_SUBJECT'], enteCode: null }, purpose: null });
    await newEntries();
  });

  it('answers a data-protection officer for anyone', async () => {
    const result = await harness.execute(ACCESS_LOG, { taxCode: MARIO }, dpo());
    expect(result.errors).toBeUndefined();
    expect(result.data?.accessLog.edges.length).toBeGreaterThanOrEqual(5);
    expect(result.data?.accessLog.edges.some((edge: any) => edge.node.errorCode === 'VALIDATION_FAILED')).toBe(true);
    expect(await newEntries()).toEqual([expect.objectContaining({ subject: { kind: 'PERSON', id: MARIO }, operatorRoles: ['DPO'], purpose: 'verifica accessi', fields: ['Query.accessLog'] })]);
  });

  it('refuses another person\'s token, an operator and an anonymous caller, and records the attempts', async () => {
    const cases: Array<[Viewer, RegExp, string]> = [
      [subject(GIULIA), /only the access log of its own codice fiscale/, 'sub = taxCode, or role DPO'],
      [operator(), /requires role DPO, or role DATA_SUBJECT.*has roles ENTE_OPERATOR/, 'role DPO or DATA_SUBJECT'],
      [anonymousViewer(), /carries no verified identity/, 'role DPO or DATA_SUBJECT'],
    ];
    for (const [viewer, message, missing] of cases) {
      const result = await harness.execute(ACCESS_LOG, { taxCode: MARIO }, viewer);
      expect(result.data).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'FORBIDDEN', missing } });
    }
    const attempts = await newEntries();
    expect(attempts).toHaveLength(3);
    expect(attempts.every((entry) => entry.subject?.id === MARIO && entry.errorCode === 'FORBIDDEN' && entry.fields.join() === 'Query.accessLog')).toBe(true);
  });

  it('keeps an intact chain of everything recorded', async () => {
    expect(await verifyAuditChain(harness.db.url)).toMatchObject({ intact: true, entries: audit.lastId });
  });
});

describe('stated purpose (SIUSS_REQUIRE_PURPOSE)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ requirePurpose: true });
    expect((await harness.execute(RECORD, { input: recordInput({ taxCode: MARIO }) }, operator(null))).errors).toBeUndefined();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('refuses an authenticated read of a person without x-siuss-purpose, and serves it with one', async () => {
    const before = (await harness.auditEntries()).length;
    const refused = await harness.execute(`{ person(taxCode: "${MARIO}") { surname } }`, {}, operator(null));
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/x-siuss-purpose/), extensions: { code: 'FORBIDDEN', missing: 'header x-siuss-purpose', fields: ['Person.surname', 'Query.person'] } });
    expect(refused.data).toBeUndefined();
    expect(await harness.auditEntries()).toHaveLength(before);

    const served = await harness.execute(`{ person(taxCode: "${MARIO}") { surname } }`, {}, operator('verifica requisiti'));
    expect(served.data?.person.surname).toBe('ROSSI');
    expect((await harness.auditEntries()).at(-1)).toMatchObject({ purpose: 'verifica requisiti', subject: { kind: 'PERSON', id: MARIO } });

    // Reads of no person, and the data subject's own access log, need no purpose.
    expect((await harness.execute(`{ benefitCodes(search: "A1.16") { code } }`, {}, operator(null))).errors).toBeUndefined();
    expect((await harness.execute(ACCESS_LOG, { taxCode: MARIO }, subject(MARIO))).errors).toBeUndefined();
  });
});
