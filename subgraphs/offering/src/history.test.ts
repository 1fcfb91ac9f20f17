import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ADD_PROFESSIONAL, ADD_SERVICE, FINALISE, fnpsInput, ministry, ok, OPEN, OPERATOR, professionalInput, referent, REMOVE_SERVICE, REOPEN, SET_FUND,
  serviceInput, setUpAmbito, startHarness, UPDATE_SERVICE, type Harness,
} from './testing.ts';

const AMBITO = 'AMB-HIST';
const LEAD = 'LEAD-HIST';
const KEY = { ambitoCode: AMBITO, year: 2024 };
const HISTORY = `query($code: String!, $year: Int!) {
  siossDeclaration(ambitoCode: $code, year: $year) { history { id at operation entity entityId actor { operatorTaxCode enteCode roles } before after } }
  siossAmbito(code: $code) { history { operation entity before after actor { roles } } }
}`;

describe('change history', () => {
  let harness: Harness;
  const me = referent(AMBITO);
  const at = (iso: string) => { harness.clock.now = new Date(iso); };

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2025-01-10T09:00:00Z') });
    await setUpAmbito(harness, { code: AMBITO, regionCode: '01', comuni: ['L219'], leadBodyCode: LEAD });
    ok(await harness.execute(OPEN, { input: KEY }, me));
    at('2025-01-11T09:00:00Z');
    ok(await harness.execute(ADD_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD) } }, me));
    at('2025-01-12T09:00:00Z');
    ok(await harness.execute(UPDATE_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD, { usersServed: 150, spending: '52000.00' }) } }, me));
    ok(await harness.execute(ADD_SERVICE, { input: { ...KEY, service: serviceInput('P2.03', LEAD) } }, me));
    ok(await harness.execute(REMOVE_SERVICE, { input: { ...KEY, catalogueCode: 'P2.03' } }, me));
    ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...KEY, professional: professionalInput() } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(KEY) }, me));
    // A refused change leaves no trace.
    expect((await harness.execute(ADD_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD) } }, me)).errors).toBeDefined();
    at('2025-05-20T09:00:00Z');
    ok(await harness.execute(FINALISE, { input: KEY }, me));
    at('2025-07-01T09:00:00Z');
    ok(await harness.execute(REOPEN, { input: { ...KEY, reason: 'Regional audit' } }, ministry()));
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lists every change of the declaration, oldest first, with who and when', async () => {
    const history = ok(await harness.execute(HISTORY, { code: AMBITO, year: 2024 })).siossDeclaration.history;
    expect(history.map((entry: any) => entry.operation)).toEqual([
      'OPEN_DECLARATION', 'ADD_SERVICE', 'UPDATE_SERVICE', 'ADD_SERVICE', 'REMOVE_SERVICE', 'ADD_PROFESSIONAL', 'SET_FUND_MODULE', 'FINALISE', 'REOPEN',
    ]);
    expect(history[0]).toMatchObject({ at: '2025-01-10T09:00:00.000Z', entity: 'DECLARATION', actor: { operatorTaxCode: OPERATOR, enteCode: AMBITO, roles: ['AMBITO_REFERENT'] }, before: null });
    expect(history[8]).toMatchObject({ at: '2025-07-01T09:00:00.000Z', actor: { enteCode: null, roles: ['MINISTRY_ANALYST'] }, before: { status: 'FINALISED' }, after: { status: 'DRAFT', reopenReason: 'Regional audit' } });
  });

  it('keeps the before and after of each change', async () => {
    const history = ok(await harness.execute(HISTORY, { code: AMBITO, year: 2024 })).siossDeclaration.history;
    const update = history[2];
    expect(update.entityId).toBe(history[1].entityId);
    expect(update.before).toMatchObject({ catalogueCode: 'P2.01', usersServed: 120, spending: '45000.00', managingBodyCode: LEAD });
    expect(update.after).toMatchObject({ catalogueCode: 'P2.01', usersServed: 150, spending: '52000.00' });
    expect(history[4]).toMatchObject({ entity: 'SERVICE', before: { catalogueCode: 'P2.03' }, after: null });
    expect(history[7]).toMatchObject({ before: { status: 'DRAFT' }, after: { status: 'FINALISED', late: false } });
  });

  it('keeps the Ambito\'s own changes apart from its declarations\'', async () => {
    const history = ok(await harness.execute(HISTORY, { code: AMBITO, year: 2024 })).siossAmbito.history;
    expect(history.map((entry: any) => entry.operation)).toEqual(['REGISTER_AMBITO', 'SET_GOVERNANCE']);
    expect(history[0]).toMatchObject({ entity: 'AMBITO', before: null, after: { code: AMBITO, regionCode: '01', comuni: ['L219'] }, actor: { roles: ['MINISTRY_ANALYST'] } });
    expect(history[1]).toMatchObject({ before: { managementForm: null, leadBodyCode: null }, after: { managementForm: 'SINGLE', leadBodyCode: LEAD, implementingBodyCodes: [LEAD] } });
  });

  it('is append-only in the database itself', async () => {
    const connection = harness.orm.em.getConnection();
    await expect(connection.execute(`update offering.change_log set operation = 'FINALISE'`)).rejects.toThrow(/append-only/);
    await expect(connection.execute(`delete from offering.change_log`)).rejects.toThrow(/append-only/);
    const [row] = await connection.execute<Array<{ count: string }>>(`select count(*)::text as count from offering.change_log`);
    expect(Number(row?.count)).toBeGreaterThanOrEqual(11);
  });
});
