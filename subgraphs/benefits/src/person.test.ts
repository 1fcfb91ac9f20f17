import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECORD, recordInput, startHarness, type Harness } from './testing.ts';

const PERSON = `query Person($taxCode: CodiceFiscale!, $first: Int, $after: String, $filter: BenefitFilter) {
  person(taxCode: $taxCode) {
    taxCode surname name birthYear sex birthPlaceCode birthComune { name }
    residences { nationCode comuneCode comune { name provinceAbbreviation } }
    benefits(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { code applicationProtocol startDate paymentDate status ente { code name seat { name } } codeInfo { label macroArea } } }
    }
  }
}`;

const TAX_CODE = 'RSSMRK66C14H501U';

describe('Person and benefit listing', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    const months = ['01', '02', '03', '04', '05'];
    for (const [index, month] of months.entries()) {
      const result = await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: `P-${index}`, startDate: `2024-${month}-01` } }) });
      expect(result.errors).toBeUndefined();
    }
    const oneOff = recordInput({ benefit: { applicationProtocol: 'ONE-1', nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', startDate: null, endDate: null, monthlyAmount: null, months: null, enteQuota: null, userQuota: null, paymentDate: '2023-03-03', amount: '75.00' } });
    oneOff.ente = { code: 'F205', name: 'Comune di Milano', seatCode: 'F205', operatorTaxCode: 'XXXXXX80P20B501B' };
    expect((await harness.execute(RECORD, { input: oneOff })).errors).toBeUndefined();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('returns identity, residences and benefits newest first', async () => {
    const result = await harness.execute(PERSON, { taxCode: TAX_CODE.toLowerCase(), first: 10 });
    expect(result.errors).toBeUndefined();
    const person = result.data?.person;
    expect(person).toMatchObject({
      taxCode: TAX_CODE, surname: 'ROSSI', name: 'MIRKO', birthYear: 1966, sex: 'MALE', birthComune: { name: 'Roma' },
      residences: [{ nationCode: '380', comuneCode: '058091', comune: { name: 'Roma', provinceAbbreviation: 'RM' } }],
    });
    expect(person?.benefits.totalCount).toBe(6);
    const protocols = person?.benefits.edges.map((edge: any) => edge.node.applicationProtocol);
    expect(protocols).toEqual(['P-4', 'P-3', 'P-2', 'P-1', 'P-0', 'ONE-1']);
    expect(person?.benefits.edges[0].node).toMatchObject({ ente: { code: 'H501', name: 'Comune di Roma', seat: { name: 'Roma' } }, codeInfo: { macroArea: 'A1' } });
  });

  it('pages with cursors', async () => {
    const first = await harness.execute(PERSON, { taxCode: TAX_CODE, first: 4 });
    const page1 = first.data?.person.benefits;
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page1.edges).toHaveLength(4);
    const second = await harness.execute(PERSON, { taxCode: TAX_CODE, first: 4, after: page1.pageInfo.endCursor });
    const page2 = second.data?.person.benefits;
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.edges.map((edge: any) => edge.node.applicationProtocol)).toEqual(['P-0', 'ONE-1']);
    expect(page2.totalCount).toBe(6);
  });

  it('filters by code prefix, ente, period and status', async () => {
    const byPrefix = await harness.execute(PERSON, { taxCode: TAX_CODE, filter: { code: 'A1.' } });
    expect(byPrefix.data?.person.benefits.totalCount).toBe(6);
    const byCode = await harness.execute(PERSON, { taxCode: TAX_CODE, filter: { code: 'A1.06' } });
    expect(byCode.data?.person.benefits.edges.map((edge: any) => edge.node.applicationProtocol)).toEqual(['ONE-1']);
    const byEnte = await harness.execute(PERSON, { taxCode: TAX_CODE, filter: { enteCode: 'F205' } });
    expect(byEnte.data?.person.benefits.totalCount).toBe(1);
    const byPeriod = await harness.execute(PERSON, { taxCode: TAX_CODE, filter: { from: '2023-01-01', to: '2023-12-31' } });
    expect(byPeriod.data?.person.benefits.edges.map((edge: any) => edge.node.applicationProtocol)).toEqual(['ONE-1']);
    const cancelled = await harness.execute(PERSON, { taxCode: TAX_CODE, filter: { status: ['CANCELLED'] } });
    expect(cancelled.data?.person.benefits.totalCount).toBe(0);
  });

  it('lists an ente\'s benefits with the same filters, batched', async () => {
    const query = `query($ente: String!, $filter: BenefitFilter) {
      enteBenefits(enteCode: $ente, first: 3, filter: $filter) { totalCount pageInfo { hasNextPage } edges { node { applicationProtocol meansTest person { taxCode } } } }
    }`;
    const rome = await harness.execute(query, { ente: 'H501' });
    expect(rome.errors).toBeUndefined();
    expect(rome.data?.enteBenefits.totalCount).toBe(5);
    expect(rome.data?.enteBenefits.pageInfo.hasNextPage).toBe(true);
    expect(rome.data?.enteBenefits.edges.map((edge: any) => edge.node.applicationProtocol)).toEqual(['P-4', 'P-3', 'P-2']);
    const milan = await harness.execute(query, { ente: 'F205' });
    expect(milan.data?.enteBenefits.edges).toEqual([{ node: { applicationProtocol: 'ONE-1', meansTest: 'NONE', person: { taxCode: TAX_CODE } } }]);
    const iseeOnly = await harness.execute(query, { ente: 'H501', filter: { meansTest: ['ISEE'] } });
    expect(iseeOnly.data?.enteBenefits.totalCount).toBe(0);
    const none = await harness.execute(query, { ente: 'H501', filter: { meansTest: ['NONE', 'ISEE'] } });
    expect(none.data?.enteBenefits.totalCount).toBe(5);

    const { statements } = await harness.sql.measure(() => harness.execute(`{
      a: enteBenefits(enteCode: "H501") { totalCount } b: enteBenefits(enteCode: "F205") { totalCount } c: enteBenefits(enteCode: "Z999") { totalCount }
    }`));
    expect(statements).toHaveLength(1);
  });

  it('answers null for a person the hub does not know', async () => {
    const result = await harness.execute(PERSON, { taxCode: 'XXXXXX80P20B501B' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.person).toBeNull();
  });

  it('refuses a malformed codice fiscale, a bad cursor and an oversized page with BAD_USER_INPUT', async () => {
    const badTaxCode = await harness.execute(PERSON, { taxCode: 'RSSMRK66C14H501X' });
    expect(badTaxCode.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await harness.execute(PERSON, { taxCode: TAX_CODE, after: 'not-a-cursor' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await harness.execute(PERSON, { taxCode: TAX_CODE, first: 1000 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves the nomenclatore with validity dates', async () => {
    const result = await harness.execute(`{
      on2021: benefitCode(code: "A1.05.01", on: "2021-06-01") { code validFrom validTo }
      on2023: benefitCode(code: "A1.05.01", on: "2023-06-01") { code }
      search: benefitCodes(on: "2024-01-01", search: "asilo") { code label }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.on2021).toEqual({ code: 'A1.05.01', validFrom: '2021-01-01', validTo: '2022-12-31' });
    expect(result.data?.on2023).toBeNull();
    expect(result.data?.search.map((entry: any) => entry.code)).toContain('A3.03');
  });
});
