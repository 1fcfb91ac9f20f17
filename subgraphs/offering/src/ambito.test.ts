import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trustedViewer } from '@siuss/service/viewer';
import { anonymous, errorOf, ministry, ok, referent, region, REGISTER_AMBITO, REGISTER_BODY, SET_GOVERNANCE, startHarness, type Harness } from './testing.ts';

const UPDATE = `mutation($input: SiossAmbitoUpdateInput!) { updateSiossAmbito(input: $input) { ambito { name comuni { belfioreCode } population { residents } } } }`;
const ADD_AGREEMENT = `mutation($input: SiossAgreementInput!) { addSiossAgreement(input: $input) { ambito { agreements { id kind title signedOn validTo parties { code } } } } }`;
const REMOVE_AGREEMENT = `mutation($id: ID!) { removeSiossAgreement(id: $id) { ambito { agreements { id } } } }`;
const AMBITO = `query($code: String!) { siossAmbito(code: $code) { code managementForm leadBody { code } implementingBodies { code kind } agreements { title } } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Comune { istatCode siossAmbito { code } } ... on SiossAmbito { code name } } }`;

// Casperia A472 (1,231), Cantalupo in Sabina B631 (1,736), Mompeo F319 (534): Lazio, 2011 census.
const SABINA = { code: 'AMB-SAB', name: 'Ambito Sabina', regionCode: '12', comuni: ['A472', 'B631'] };

describe('Ambiti, implementing bodies and agreements', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('registers an Ambito for the Ministry, with members, Region and population', async () => {
    const ambito = ok(await harness.execute(REGISTER_AMBITO, { input: SABINA }, ministry())).registerSiossAmbito.ambito;
    expect(ambito).toEqual({
      code: 'AMB-SAB', name: 'Ambito Sabina', regionCode: '12', regionName: 'Lazio', population: { residents: 2967 },
      comuni: [{ istatCode: '057010', belfioreCode: 'B631', name: 'Cantalupo in Sabina', population: 1736 }, { istatCode: '057012', belfioreCode: 'A472', name: 'Casperia', population: 1231 }],
    });
    expect(errorOf(await harness.execute(REGISTER_AMBITO, { input: { ...SABINA, comuni: ['F319'] } }, ministry()))).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets a Region coordinator register in its own Region only; referents and anonymous callers never', async () => {
    ok(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-MOMPEO', name: 'Mompeo', regionCode: '12', comuni: ['F319'] } }, region('12')));
    const otherRegion = errorOf(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-TO', name: 'Torino', regionCode: '01', comuni: ['L219'] } }, region('12')));
    expect(otherRegion.code).toBe('FORBIDDEN');
    // The Region is the token's region claim (viewer.regionCode).
    expect(otherRegion.message).toContain('MINISTRY_ANALYST or REGION_COORDINATOR of region 01; the token has roles REGION_COORDINATOR, ambito none and region 12');
    expect(errorOf(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-TO', name: 'Torino', regionCode: '01', comuni: ['L219'] } }, referent('AMB-TO'))).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-TO', name: 'Torino', regionCode: '01', comuni: ['L219'] } }, anonymous())).code).toBe('UNAUTHENTICATED');
  });

  it('validates code, Region and members, reporting every problem', async () => {
    const result = errorOf(await harness.execute(REGISTER_AMBITO, {
      input: { code: 'bad code', name: ' ', regionCode: '12', comuni: ['Z999', 'H501', 'H501', 'L219', 'A472'] },
    }, ministry()));
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.rules).toEqual(['FORMAT', 'MANDATORY', 'REF', 'DUPLICATE', 'REGION', 'MEMBERSHIP']);
    expect(result.fields).toEqual(['code', 'name', 'comuni[0]', 'comuni[2]', 'comuni[3]', 'comuni[4]']);
    expect(errorOf(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-X', name: 'X', regionCode: '99', comuni: [] } }, ministry())).rules).toEqual(['REF', 'MANDATORY']);
  });

  it('finds the Ambito of a Comune, also as a Comune entity for the gateway', async () => {
    const result = ok(await harness.execute(ENTITIES, { representations: [
      { __typename: 'Comune', istatCode: '057012' }, { __typename: 'Comune', istatCode: '058091' }, { __typename: 'SiossAmbito', code: 'AMB-SAB' }, { __typename: 'SiossAmbito', code: 'NONE' },
    ] }));
    expect(result._entities).toEqual([{ istatCode: '057012', siossAmbito: { code: 'AMB-SAB' } }, { istatCode: '058091', siossAmbito: null }, { code: 'AMB-SAB', name: 'Ambito Sabina' }, null]);
    expect(ok(await harness.execute(`{ siossAmbitoOfComune(istatCode: "057010") { code } }`)).siossAmbitoOfComune).toEqual({ code: 'AMB-SAB' });
  });

  it('changes members and name, moving a Comune only once its old Ambito lets it go', async () => {
    expect(errorOf(await harness.execute(UPDATE, { input: { code: 'AMB-SAB', comuni: ['A472', 'F319'] } }, ministry())).rules).toEqual(['MEMBERSHIP']);
    expect(errorOf(await harness.execute(UPDATE, { input: { code: 'AMB-MOMPEO', comuni: ['F319', 'A472'] } }, region('12'))).rules).toEqual(['MEMBERSHIP']);
    const released = ok(await harness.execute(UPDATE, { input: { code: 'AMB-SAB', name: 'Ambito Bassa Sabina', comuni: ['B631'] } }, region('12'))).updateSiossAmbito.ambito;
    expect(released).toEqual({ name: 'Ambito Bassa Sabina', comuni: [{ belfioreCode: 'B631' }], population: { residents: 1736 } });
    const taken = ok(await harness.execute(UPDATE, { input: { code: 'AMB-MOMPEO', comuni: ['F319', 'A472'] } }, region('12'))).updateSiossAmbito.ambito;
    expect(taken).toEqual({ name: 'Mompeo', comuni: [{ belfioreCode: 'A472' }, { belfioreCode: 'F319' }], population: { residents: 1765 } });
    expect(errorOf(await harness.execute(UPDATE, { input: { code: 'AMB-SAB', name: 'x' } }, region('01'))).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.execute(UPDATE, { input: { code: 'AMB-NOPE', name: 'x' } }, ministry())).code).toBe('NOT_FOUND');
  });

  it('registers an implementing body once and reuses it across Ambiti', async () => {
    const input = { code: 'ASL-RI', name: 'ASL di Rieti', kind: 'HEALTH_AUTHORITY' };
    const first = ok(await harness.execute(REGISTER_BODY, { input }, referent('AMB-SAB'))).registerSiossImplementingBody;
    expect(first).toMatchObject({ created: true, body: { code: 'ASL-RI', kind: 'HEALTH_AUTHORITY' } });
    const again = ok(await harness.execute(REGISTER_BODY, { input }, region('12'))).registerSiossImplementingBody;
    expect(again).toEqual({ created: false, body: first.body });
    expect(errorOf(await harness.execute(REGISTER_BODY, { input: { ...input, name: 'Another name' } }, ministry())).code).toBe('CONFLICT');
    expect(errorOf(await harness.execute(REGISTER_BODY, { input }, anonymous())).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.execute(REGISTER_BODY, { input }, trustedViewer({ roles: ['ENTE_OPERATOR'], enteCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' }))).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.execute(REGISTER_BODY, { input: { ...input, code: 'asl ri' } }, ministry())).rules).toEqual(['FORMAT']);

    ok(await harness.execute(REGISTER_BODY, { input: { code: 'CONS-SAB', name: 'Consorzio Sabina', kind: 'CONSORTIUM' } }, ministry()));
    ok(await harness.execute(REGISTER_BODY, { input: { code: 'COMUNE-F319', name: 'Comune di Mompeo', kind: 'COMUNE' } }, ministry()));
    const sabina = ok(await harness.execute(SET_GOVERNANCE, { input: { ambitoCode: 'AMB-SAB', managementForm: 'ASSOCIATED_ALL', leadBodyCode: 'CONS-SAB', implementingBodyCodes: ['ASL-RI', 'COMUNE-F319'] } }, referent('AMB-SAB')));
    expect(sabina.setSiossAmbitoGovernance.ambito).toEqual({
      code: 'AMB-SAB', managementForm: 'ASSOCIATED_ALL', leadBody: { code: 'CONS-SAB' }, implementingBodies: [{ code: 'ASL-RI' }, { code: 'COMUNE-F319' }, { code: 'CONS-SAB' }],
    });
    ok(await harness.execute(SET_GOVERNANCE, { input: { ambitoCode: 'AMB-MOMPEO', managementForm: 'ASSOCIATED_SOME', leadBodyCode: 'COMUNE-F319', implementingBodyCodes: ['ASL-RI'] } }, ministry()));
    const both = await Promise.all(['AMB-SAB', 'AMB-MOMPEO'].map(async (code) => ok(await harness.execute(AMBITO, { code })).siossAmbito.implementingBodies));
    expect(both.every((bodies) => bodies.some((body: any) => body.code === 'ASL-RI'))).toBe(true);
  });

  it('refuses governance with unknown bodies, or from someone else', async () => {
    const unknown = errorOf(await harness.execute(SET_GOVERNANCE, { input: { ambitoCode: 'AMB-SAB', managementForm: 'SINGLE', leadBodyCode: 'NOPE', implementingBodyCodes: ['ASL-RI', 'NOPE2'] } }, referent('AMB-SAB')));
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['REF', 'REF'], fields: ['leadBodyCode', 'implementingBodyCodes[1]'] });
    expect(errorOf(await harness.execute(SET_GOVERNANCE, { input: { ambitoCode: 'AMB-SAB', managementForm: 'SINGLE', leadBodyCode: 'CONS-SAB', implementingBodyCodes: [] } }, referent('AMB-MOMPEO'))).code).toBe('FORBIDDEN');
    expect(ok(await harness.execute(AMBITO, { code: 'AMB-SAB' })).siossAmbito.managementForm).toBe('ASSOCIATED_ALL');
  });

  it('adds and removes agreements between registered bodies', async () => {
    const input = { ambitoCode: 'AMB-SAB', kind: 'ASSOCIATIVE_CONVENTION', title: 'Convenzione 2024-2028', signedOn: '2024-01-15', validTo: '2028-12-31', partyBodyCodes: ['CONS-SAB', 'COMUNE-F319'] };
    const agreements = ok(await harness.execute(ADD_AGREEMENT, { input }, referent('AMB-SAB'))).addSiossAgreement.ambito.agreements;
    expect(agreements).toEqual([{ id: expect.any(String), kind: 'ASSOCIATIVE_CONVENTION', title: 'Convenzione 2024-2028', signedOn: '2024-01-15', validTo: '2028-12-31', parties: [{ code: 'CONS-SAB' }, { code: 'COMUNE-F319' }] }]);
    const bad = errorOf(await harness.execute(ADD_AGREEMENT, { input: { ...input, partyBodyCodes: ['CONS-SAB', 'CONS-SAB'], validTo: '2020-01-01' } }, referent('AMB-SAB')));
    expect(bad.rules).toEqual(['MANDATORY', 'FORMAT']);
    expect(errorOf(await harness.execute(REMOVE_AGREEMENT, { id: agreements[0].id }, referent('AMB-MOMPEO'))).code).toBe('FORBIDDEN');
    expect(ok(await harness.execute(REMOVE_AGREEMENT, { id: agreements[0].id }, region('12'))).removeSiossAgreement.ambito.agreements).toEqual([]);
    expect(errorOf(await harness.execute(REMOVE_AGREEMENT, { id: agreements[0].id }, region('12'))).code).toBe('NOT_FOUND');
  });

  it('lists Ambiti by Region', async () => {
    expect(ok(await harness.execute(`{ siossAmbiti(regionCode: "12") { code } }`)).siossAmbiti).toEqual([{ code: 'AMB-MOMPEO' }, { code: 'AMB-SAB' }]);
    expect(ok(await harness.execute(`{ siossAmbiti(regionCode: "01") { code } }`)).siossAmbiti).toEqual([]);
  });
});
