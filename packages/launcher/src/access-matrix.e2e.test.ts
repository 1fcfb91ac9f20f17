import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '@siuss/auth/roles';
import type { IdentityOverrides } from '@siuss/auth/demo-identities';
import { EXAMPLE_OPERATION } from '@siuss/gateway/example';
import { testAuth } from '@siuss/testing/auth';
import { graphqlRequest, type GraphQLResponse } from '@siuss/testing/http';
import type { RunningHub } from './hub.ts';
import { startTestHub, type TestHub } from './testing.ts';

// The role x operation matrix, against the whole hub over HTTP as `npm start` runs it (demo data,
// every subgraph and the gateway as processes): every actor asks every operation through the real
// gateway, and each cell is allowed, allowed in part (the denied fields named), or denied with its
// error code. The rules about the field are enforced by the gateway (the SDLs' @requiresScopes and
// @policy), the rules about the row by the subgraphs; the matrix does not care which, only that
// every cell answers as README.md ("Access") says.

const YEAR = new Date().getUTCFullYear();
const SIOSS_YEAR = YEAR - 1; // the demo declarations are of the previous year
const ESPOSITO = 'SPSNNA41A69F839C'; // F839 took her in charge; this test adds a benefit of H501 without presa in carico
const FERRARI = 'FRRLNE90L44L219T'; // L219 pays her a benefit without presa in carico
const MARIO = 'RSSMRA80C15H501M';
const PURPOSE = { 'x-siuss-purpose': 'verifica matrice accessi' };

/** The actors: demo identities (DEMO_IDENTITIES) of each role, one claim changed for "the other" ones. */
const ACTORS = {
  anonymous: null,
  'ENTE_OPERATOR of the ente (H501)': ['ENTE_OPERATOR', {}],
  'ENTE_OPERATOR of another ente (L219)': ['ENTE_OPERATOR', { ente: 'L219' }],
  'CASE_WORKER whose ente took the person in charge (F839)': ['CASE_WORKER', {}],
  'CASE_WORKER whose ente did not (H501)': ['CASE_WORKER', { ente: 'H501' }],
  'AMBITO_REFERENT of the Ambito (AMB-ROMA)': ['AMBITO_REFERENT', {}],
  'AMBITO_REFERENT of another Ambito (AMB-MILANO)': ['AMBITO_REFERENT', { ambito: 'AMB-MILANO' }],
  'REGION_COORDINATOR of its Region (12)': ['REGION_COORDINATOR', {}],
  'REGION_COORDINATOR of another Region (03)': ['REGION_COORDINATOR', { region: '03' }],
  INPS_ADMIN: ['INPS_ADMIN', {}],
  MINISTRY_ANALYST: ['MINISTRY_ANALYST', {}],
  DPO: ['DPO', {}],
  'DATA_SUBJECT (MARIO ROSSI)': ['DATA_SUBJECT', {}],
} as const satisfies Record<string, readonly [Role, IdentityOverrides] | null>;
type Actor = keyof typeof ACTORS;

/**
 * What a cell answers: `ok` (the root field served, no error), `null` (served as null, no error),
 * the code of the denial (root field null), or, allowed in part, the denied fields with their codes.
 */
type Outcome = 'ok' | 'null' | 'FORBIDDEN' | 'UNAUTHENTICATED' | string[];

interface Operation {
  /** The root field the operation asks for. */
  root: string;
  query: string;
  variables: (actor: Actor) => Record<string, unknown>;
  /** The cells that are not the default: anonymous is UNAUTHENTICATED, everyone else FORBIDDEN. */
  cells: Partial<Record<Actor, Outcome>>;
}

const ROMA = 'ENTE_OPERATOR of the ente (H501)';
const OTHER_ENTE = 'ENTE_OPERATOR of another ente (L219)';
const IN_CHARGE = 'CASE_WORKER whose ente took the person in charge (F839)';
const REFERENT = 'AMBITO_REFERENT of the Ambito (AMB-ROMA)';
const COORDINATOR = 'REGION_COORDINATOR of its Region (12)';
const SIOSS_READERS = [REFERENT, 'AMBITO_REFERENT of another Ambito (AMB-MILANO)', COORDINATOR, 'REGION_COORDINATOR of another Region (03)'] as const;

const psInput = (ente: string, protocol: string) => ({
  ente: { code: ente, name: `Comune ${ente}`, seatCode: ente, operatorTaxCode: 'XXXXXX80P20B501B' },
  beneficiary: { taxCode: 'RSSMRK66C14H501U', surname: 'ROSSI', name: 'MIRKO', birthYear: 1966, birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380', residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }] },
  benefit: { meansTest: 'NONE', nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', applicationProtocol: protocol, paymentDate: '2025-03-03', amount: '80.00', takenInCharge: false },
});
const actorIndex = (actor: Actor) => Object.keys(ACTORS).indexOf(actor);

let csv = '';
let flowId = '';

const OPERATIONS: Record<string, Operation> = {
  'the welfare position (GraphiQL example) of ANNA ESPOSITO': {
    root: 'person',
    query: EXAMPLE_OPERATION,
    variables: () => ({ taxCode: ESPOSITO, asOf: '2026-12-01' }),
    cells: {
      // Identity and the benefits its ente reported; the rest of the position is not the ente's.
      [ROMA]: ['person.benefits.edges.node.sinaAssessment FORBIDDEN', 'person.health FORBIDDEN', 'person.isee FORBIDDEN', 'person.sinaAssessments FORBIDDEN'],
      [IN_CHARGE]: 'ok',
      INPS_ADMIN: 'ok',
    },
  },
  'enteBenefits of H501': {
    root: 'enteBenefits',
    query: `{ enteBenefits(enteCode: "H501", first: 5) { totalCount edges { node { code person { taxCode } } } } }`,
    variables: () => ({}),
    cells: { [ROMA]: 'ok', INPS_ADMIN: 'ok' },
  },
  'recordBenefit for H501 (Ente@Codice)': {
    root: 'recordBenefit',
    query: `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { created benefit { code } } }`,
    variables: (actor) => ({ input: psInput('H501', `MATRIX-${actorIndex(actor)}`) }),
    cells: { [ROMA]: 'ok', INPS_ADMIN: 'ok' },
  },
  'sinbaCase of H501': {
    root: 'sinbaCase',
    query: `{ sinbaCase(enteCode: "H501", beneficiaryCode: "H501000412") { beneficiaryCode ageBand } }`,
    variables: () => ({}),
    cells: { [ROMA]: 'ok' },
  },
  'siossDeclaration of AMB-ROMA: read': {
    root: 'siossDeclaration',
    query: `query($year: Int!) { siossDeclaration(ambitoCode: "AMB-ROMA", year: $year) {
      status professionals { headCount } finalisedBy { enteCode operatorTaxCode } history { operation actor { roles operatorTaxCode } }
    } }`,
    variables: () => ({ year: SIOSS_YEAR }),
    cells: {
      [REFERENT]: 'ok',
      [COORDINATOR]: 'ok',
      // The Ministry reads every declaration, never an operator's codice fiscale.
      MINISTRY_ANALYST: ['siossDeclaration.finalisedBy.operatorTaxCode FORBIDDEN', 'siossDeclaration.history.actor.operatorTaxCode FORBIDDEN'],
    },
  },
  'siossDeclaration of AMB-ROMA: write (open this year\'s)': {
    root: 'openSiossDeclaration',
    query: `mutation($input: SiossDeclarationKeyInput!) { openSiossDeclaration(input: $input) { created declaration { year status } } }`,
    variables: () => ({ input: { ambitoCode: 'AMB-ROMA', year: YEAR } }),
    cells: { [REFERENT]: 'ok' },
  },
  'siossDeclaration of AMB-TORINO: reopen': {
    root: 'reopenSiossDeclaration',
    query: `mutation($input: SiossReopenInput!) { reopenSiossDeclaration(input: $input) { declaration { status reopenedBy { roles } } } }`,
    variables: () => ({ input: { ambitoCode: 'AMB-TORINO', year: SIOSS_YEAR, reason: 'Verifica della spesa' } }),
    cells: { MINISTRY_ANALYST: 'ok' },
  },
  siossComparison: {
    root: 'siossComparison',
    query: `query($year: Int!) { siossComparison(year: $year) { year ambiti { ambito { code regionCode } socialWorkers { fte meetsLep } } macroActivities { macroActivity ambitiWithServices } } }`,
    variables: () => ({ year: SIOSS_YEAR }),
    cells: Object.fromEntries([ROMA, OTHER_ENTE, IN_CHARGE, 'CASE_WORKER whose ente did not (H501)', ...SIOSS_READERS, 'INPS_ADMIN', 'MINISTRY_ANALYST'].map((actor) => [actor, 'ok'])),
  },
  'flow of H501': {
    root: 'flow',
    query: `query($id: ID!) { flow(id: $id) { id enteCode format } }`,
    variables: () => ({ id: flowId }),
    // The flows subgraph refuses another ente's flow with FORBIDDEN, naming whose it is (subgraphs/flows).
    cells: { [ROMA]: 'ok', [OTHER_ENTE]: 'FORBIDDEN', INPS_ADMIN: 'ok' },
  },
  'submitFlow of H501\'s records': {
    root: 'submitFlow',
    query: `mutation($input: SubmitFlowInput!) { submitFlow(input: $input) { created flow { id } } }`,
    variables: (actor) => ({
      input: { content: csv, format: 'CSV', csvEnvelope: { name: `H501.PS.${YEAR}0101.${String(actorIndex(actor)).padStart(7, '0')}`, enteCode: 'H501', enteSeatCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' } },
    }),
    cells: { [ROMA]: 'ok', INPS_ADMIN: 'ok' },
  },
  'accessLog of MARIO ROSSI': {
    root: 'accessLog',
    query: `query($taxCode: CodiceFiscale!) { accessLog(taxCode: $taxCode, first: 3) { totalCount } }`,
    variables: () => ({ taxCode: MARIO }),
    cells: { DPO: 'ok', 'DATA_SUBJECT (MARIO ROSSI)': 'ok' },
  },
};

const expected = (operation: Operation, actor: Actor): Outcome => operation.cells[actor] ?? (actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');

/** A response path as a field path: `person.benefits.edges.node.sinaAssessment` (list indices and markers dropped). */
const fieldPath = (path: ReadonlyArray<string | number> | undefined): string => (path ?? []).filter((key) => typeof key === 'string' && key !== '@').join('.');

function outcomeOf(response: GraphQLResponse, root: string): Outcome {
  const value = (response.data as Record<string, unknown> | null | undefined)?.[root] ?? null;
  const errors = response.errors ?? [];
  if (errors.length === 0) return value === null ? 'null' : 'ok';
  if (value === null) {
    const denial = errors.find((error) => fieldPath(error.path) === root) ?? errors[0];
    return String(denial?.extensions?.['code']) as Outcome;
  }
  return [...new Set(errors.map((error) => `${fieldPath(error.path)} ${String(error.extensions?.['code'])}`))].sort();
}

const CODICE_FISCALE = /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/;
const DEMO_NAMES = /\b(ROSSI|MARIO|MIRKO|BIANCHI|GIULIA|ESPOSITO|ANNA|RUSSO|LUCA|ROMANO|GIUSEPPE|FERRARI|ELENA)\b/;

describe('the role x operation matrix, through the gateway', () => {
  let testHub: TestHub | undefined;
  let hub: RunningHub;
  const answers = new Map<Actor, GraphQLResponse[]>();

  const headers = async (actor: Actor): Promise<Record<string, string>> => {
    const identity = ACTORS[actor];
    return identity ? { ...(await testAuth().bearer(identity[0], identity[1])), ...PURPOSE } : PURPOSE;
  };
  const ask = async (actor: Actor, query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphqlRequest(hub.gatewayUrl, query, variables, await headers(actor));
    answers.set(actor, [...(answers.get(actor) ?? []), response]);
    return response;
  };

  beforeAll(async () => {
    testHub = await startTestHub('matrix');
    hub = testHub.hub;
    csv = await readFile(join(import.meta.dirname, '../../xsd/fixtures/example-ps.csv'), 'utf8');

    // Roma pays ANNA ESPOSITO a benefit without presa in carico: its operator sees that one benefit of
    // hers, its case worker nothing; Napoli, which took her in charge, sees all of them.
    const esposito = {
      ...psInput('H501', 'MATRIX-ESPOSITO'),
      beneficiary: { taxCode: ESPOSITO, surname: 'ESPOSITO', name: 'ANNA', birthYear: 1941, birthPlaceCode: 'F839', sex: 'FEMALE', citizenship: '380', residences: [{ nationCode: '380', regionCode: '15', comuneCode: '063049' }] },
    };
    const recorded = await graphqlRequest(hub.gatewayUrl, `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { created } }`, { input: esposito }, await headers(ROMA));
    expect(recorded.errors).toBeUndefined();
    const submitted = await graphqlRequest<{ submitFlow: { flow: { id: string } } }>(hub.gatewayUrl, OPERATIONS['submitFlow of H501\'s records']!.query, {
      input: { content: csv, format: 'CSV', csvEnvelope: { name: `H501.PS.${YEAR}0101.9999999`, enteCode: 'H501', enteSeatCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' } },
    }, await headers(ROMA));
    expect(submitted.errors).toBeUndefined();
    flowId = submitted.data?.submitFlow.flow.id as string;
  });

  afterAll(async () => testHub?.close());

  const cells = Object.entries(OPERATIONS).flatMap(([name, operation]) => (Object.keys(ACTORS) as Actor[]).map((actor) => [name, actor, expected(operation, actor)] as const));

  it.each(cells)('%s, asked by %s: %j', async (name, actor, outcome) => {
    const operation = OPERATIONS[name]!;
    const response = await ask(actor, operation.query, operation.variables(actor));
    expect(outcomeOf(response, operation.root)).toEqual(outcome);
    // A denial is explicit and names what is missing: never a silent null.
    for (const error of response.errors ?? []) {
      if (['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(error.extensions?.['code']))) expect(error.message).toMatch(/requires|needs|is for|you act for/);
    }
  });

  it('shows an ente operator only the benefits its ente reported, and the case worker who took the person in charge all of them', async () => {
    const query = `query($taxCode: CodiceFiscale!) { person(taxCode: $taxCode) { benefits { totalCount edges { node { ente { code } } } } } }`;
    const roma = await ask(ROMA, query, { taxCode: ESPOSITO });
    expect(roma.data?.person).toEqual({ benefits: { totalCount: 1, edges: [{ node: { ente: { code: 'H501' } } }] } });
    const napoli = await ask(IN_CHARGE, query, { taxCode: ESPOSITO });
    expect((napoli.data?.person as any).benefits.totalCount).toBe(4);
  });

  it('keeps the registries\' Person.health from a person not taken in charge, whichever way the person is reached', async () => {
    const nsisRequests = async () => ((await (await fetch(`${hub.registryUrls.nsis}/__control`)).json()) as { requests: number }).requests;
    const before = await nsisRequests();
    // 1. Through the only entry to a position: benefits refuses the person, so the gateway never asks registries.
    const direct = await ask('CASE_WORKER whose ente did not (H501)', `query($t: CodiceFiscale!) { person(taxCode: $t) { surname health { source } } }`, { t: FERRARI });
    expect(direct).toMatchObject({ data: { person: null }, errors: [{ path: ['person'], extensions: { code: 'FORBIDDEN' } }] });
    const turin = ['CASE_WORKER', { ente: 'L219' }] as const;
    const turinWorker = await graphqlRequest(hub.gatewayUrl, `query($t: CodiceFiscale!) { person(taxCode: $t) { health { source } } }`, { t: FERRARI }, { ...(await testAuth().bearer(...turin)), ...PURPOSE });
    expect(turinWorker.errors?.[0]).toMatchObject({ path: ['person'], extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/needs a benefit with presa in carico/) });

    // 2. Through a SINA assessment of Turin's, read by an operator whose identity provider grants health:read:
    //    the person comes from benefits with the access it computed (ENTE), and registries refuses health on it.
    const turinOperator = { ...(await testAuth().bearer('ENTE_OPERATOR', { ente: 'L219', scope: 'benefits:read assessments:read assessments:write health:read isee:read' })), ...PURPOSE };
    const listing = await graphqlRequest<any>(hub.gatewayUrl, `{ enteBenefits(enteCode: "L219") { edges { node { id person { taxCode } } } } }`, {}, turinOperator);
    const benefitId = listing.data?.enteBenefits.edges.find((edge: any) => edge.node.person.taxCode === FERRARI).node.id;
    const sina = await graphqlRequest<any>(hub.gatewayUrl, `mutation($input: SinaAssessmentInput!) { recordSinaAssessment(input: $input) { assessment { id } } }`, {
      input: {
        ente: { code: 'L219', name: 'Comune di Torino', seatCode: 'L219', operatorTaxCode: 'XXXXXX80P20B501B' }, taxCode: FERRARI, benefitId, assessmentDate: '2025-03-10',
        mobility: 'MOVES_WITH_HELP', dailyLiving: 'PARTIALLY_DEPENDENT', behaviouralDisorders: 'ABSENT', incomeArea: 'HELPED_BY_RELATIVES_OR_OTHERS', supportArea: 'NETWORK_PARTIAL_OR_TEMPORARY',
        assessmentSource: 'UVM', assessmentInstrument: 'SVAMA',
      },
    }, turinOperator);
    expect(sina.errors).toBeUndefined();
    const viaSina = await graphqlRequest<any>(hub.gatewayUrl, `query($id: ID!) { sinaAssessment(id: $id) { ente { code } person { surname health { source } sinaAssessments { id } } } }`, { id: sina.data?.recordSinaAssessment.assessment.id }, turinOperator);
    expect(viaSina.data?.sinaAssessment).toEqual({ ente: { code: 'L219' }, person: { surname: 'FERRARI', health: null, sinaAssessments: null } });
    expect((viaSina.errors ?? []).map((error) => [fieldPath(error.path), error.extensions?.['code']]).sort()).toEqual([
      ['sinaAssessment.person.health', 'FORBIDDEN'], ['sinaAssessment.person.sinaAssessments', 'FORBIDDEN'],
    ]);
    expect(viaSina.errors?.[0]?.message).toMatch(/part of the complete position/);
    expect(await nsisRequests()).toBe(before);

    // 3. The entity call that would carry a forged access is not part of the gateway's API, and a
    //    subgraph refuses it unless the gateway signed it.
    const forged = `{ _entities(representations: [{ __typename: "Person", taxCode: "${FERRARI}", access: "FULL" }]) { ... on Person { health { source } } } }`;
    const throughGateway = await graphqlRequest(hub.gatewayUrl, forged, {}, turinOperator);
    expect(throughGateway.errors?.[0]?.message).toMatch(/Cannot query field "_entities" on type "Query"/);
    const straight = await graphqlRequest(hub.subgraphUrls.registries, forged, {}, turinOperator);
    expect([straight.status, straight.errors?.[0]?.extensions?.['code']]).toEqual([403, 'FORBIDDEN']);
    expect(await nsisRequests()).toBe(before);
  });

  it('keeps a person from an analyst by policy, even when its identity provider grants benefits:read', async () => {
    const headers = { ...(await testAuth().bearer('MINISTRY_ANALYST', { scope: 'aggregates:read sioss:read benefits:read' })), ...PURPOSE };
    const response = await graphqlRequest(hub.gatewayUrl, `query($t: CodiceFiscale!) { person(taxCode: $t) { surname } }`, { t: MARIO }, headers);
    expect(response).toMatchObject({ data: { person: null }, errors: [{ extensions: { code: 'FORBIDDEN', requiredPolicies: [['identified-data']] } }] });
    answers.set('MINISTRY_ANALYST', [...(answers.get('MINISTRY_ANALYST') ?? []), response]);
  });

  it('gives MINISTRY_ANALYST no codice fiscale and no name anywhere in its answers', async () => {
    // Beyond the matrix: every path of the Ministry's own that leads near an identifier.
    await ask('MINISTRY_ANALYST', `query($year: Int!) { siossComparison(year: $year, includeDrafts: true) { ambiti { declaration { finalisedBy { operatorTaxCode } reopenedBy { operatorTaxCode } } } } }`, { year: SIOSS_YEAR });
    await ask('MINISTRY_ANALYST', `query($year: Int!) { siossAmbito(code: "AMB-TORINO") { declaration(year: $year) { history { actor { operatorTaxCode enteCode roles } } services { catalogueCode } } } }`, { year: SIOSS_YEAR });
    const everything = JSON.stringify(answers.get('MINISTRY_ANALYST'));
    expect(answers.get('MINISTRY_ANALYST')?.length).toBeGreaterThan(Object.keys(OPERATIONS).length);
    expect(everything).toContain('AMB-ROMA'); // it did get its aggregates and declarations
    expect(everything).not.toMatch(CODICE_FISCALE);
    expect(everything).not.toMatch(DEMO_NAMES);
    // The same answers, to the Ambito's referent, do carry the operators' codici fiscali.
    expect(JSON.stringify(answers.get(REFERENT))).toMatch(CODICE_FISCALE);
  });
});
