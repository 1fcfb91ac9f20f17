import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { createGateway } from '@siuss/gateway/server';
import { roleViewer, signedGraphqlRequest, testAuth } from '@siuss/testing/auth';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { freePort, graphqlRequest } from '@siuss/testing/http';
import { startHarness, type Harness } from './testing.ts';

// Over HTTP, as deployed: the real benefits subgraph as a process (its own database, demo data),
// the registries subgraph and the two mock registries, and the real gateway composed from the two
// subgraphs' SDL. Checks the @requires plumbing (Benefit.isee, Benefit.iseeCheck), iseeIssues
// against real benefit records, and a registry outage seen through the gateway.

const ROSSI = 'RSSMRA80C15H501M';
const OPERATOR = 'XXXXXX80P20B501B';

const POSITION = `query Position($taxCode: CodiceFiscale!, $asOf: Date) {
  person(taxCode: $taxCode) {
    taxCode surname
    benefits(first: 10) {
      edges { node { id code meansTest dsu { number date } isee { dsuProtocol kind value } iseeCheck { status problems { problem } } } }
    }
    isee(asOf: $asOf) { dsuProtocol value source fetchedAt }
    health { civilInvalidity { percentage } homeCare { kind } residentialCare { facilityKind } source fetchedAt }
  }
}`;

const ISSUES = `query Issues($enteCode: String!, $from: Date, $to: Date) {
  iseeIssues(enteCode: $enteCode, from: $from, to: $to) {
    problem detail
    benefit { id code applicationProtocol person { taxCode } iseeCheck { status } }
  }
}`;

const RECORD = `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { benefit { id } } }`;

/** INPS, which reads every position and every ente's ISEE issues. */
const inps = async () => ({ ...(await testAuth().bearer('INPS_ADMIN')), 'x-siuss-purpose': 'controllo ISEE' });

const PEOPLE = {
  [ROSSI]: { surname: 'ROSSI', name: 'MARIO', birthYear: 1980 },
  RSSMRK66C14H501U: { surname: 'ROSSI', name: 'MIRKO', birthYear: 1966 },
} as const;

function oneOff(protocol: string, taxCode: keyof typeof PEOPLE, paymentDate: string, dsu: { number: string; year: number; date: string } | null, meansTest = 'ISEE') {
  return {
    ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501', operatorTaxCode: OPERATOR },
    beneficiary: {
      taxCode, ...PEOPLE[taxCode], birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380',
      residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }],
    },
    benefit: {
      meansTest, nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', applicationProtocol: protocol,
      paymentDate, amount: '80.00', takenInCharge: false, ...(dsu ? { dsu } : {}),
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`benefits exited:\n${output.join('')}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`benefits not ready:\n${output.join('')}`);
}

describe('the registries subgraph behind the gateway, with the benefits subgraph', () => {
  let db: TestDatabase;
  let benefits: ChildProcess;
  let benefitsUrl: string;
  let hub: Harness;
  let registriesUrl: string;
  let gateway: Server;
  let gatewayUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('registries_e2e');
    const benefitsPort = await freePort();
    benefitsUrl = `http://127.0.0.1:${benefitsPort}/graphql`;
    benefits = spawn(process.execPath, [fileURLToPath(import.meta.resolve('@siuss/subgraph-benefits/main'))], {
      env: { ...process.env, ...testAuth().env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url, SIUSS_BENEFITS_PORT: String(benefitsPort), SIUSS_SEED_DEMO: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    benefits.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    benefits.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await waitUntilReady(`http://127.0.0.1:${benefitsPort}/ready`, benefits, output);

    // A high breaker threshold: the outage test must not leave the circuit open for the others.
    hub = await startHarness({ benefitsUrl, serve: true, isee: { breakerFailures: 1000 }, nsis: { breakerFailures: 1000 } });
    registriesUrl = hub.url!;

    const sdl = (name: string) => parse(readFileSync(new URL(import.meta.resolve(`@siuss/subgraph-${name}/schema.graphql`)), 'utf8'));
    const composed = composeServices([
      { name: 'benefits', url: benefitsUrl, typeDefs: sdl('benefits') },
      { name: 'registries', url: registriesUrl, typeDefs: sdl('registries') },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
    const runtime = createGateway({ supergraph: composed.supergraphSdl, subgraphUrls: { benefits: benefitsUrl, registries: registriesUrl }, graphiql: false, logging: false, auth: testAuth().gateway });
    gateway = createServer(runtime);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
  }, 120_000);

  afterAll(async () => {
    if (gateway) await new Promise((resolve) => gateway.close(resolve));
    await hub?.close();
    if (benefits && benefits.exitCode === null) {
      const exited = new Promise((resolve) => benefits.once('exit', resolve));
      benefits.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  it("serves a person's benefits with their ISEE attestations, current ISEE and health in one query", async () => {
    const response = await graphqlRequest<{ person: any }>(gatewayUrl, POSITION, { taxCode: 'SPSNNA41A69F839C', asOf: '2025-06-01' }, await inps());
    expect(response.errors).toBeUndefined();
    const anna = response.data?.person;
    expect(anna.health).toMatchObject({ civilInvalidity: { percentage: 100 }, homeCare: [{ kind: 'ADI_LEVEL_2' }], residentialCare: [] });
    expect(anna.isee).toMatchObject({ dsuProtocol: 'INPS-ISEE-2025-91538417F-00' });
    const annaByCode = Object.fromEntries(anna.benefits.edges.map((edge: any) => [edge.node.code, edge.node]));
    expect(annaByCode['A1.10']).toMatchObject({ isee: { dsuProtocol: 'INPS-ISEE-2025-91538417F-00', kind: 'SOCIO_SANITARIO' }, iseeCheck: { status: 'CONSISTENT' } });

    const rossi = await graphqlRequest<{ person: any }>(gatewayUrl, POSITION, { taxCode: ROSSI, asOf: '2025-06-01' }, await inps());
    expect(rossi.errors).toBeUndefined();
    const person = rossi.data?.person;
    expect(person.isee).toMatchObject({ dsuProtocol: 'INPS-ISEE-2025-24936789O-00', source: `INPS ISEE at 127.0.0.1:${hub.iseeMock.port}` });
    expect(Date.parse(person.isee.fetchedAt)).not.toBeNaN();
    const byCode = Object.fromEntries(person.benefits.edges.map((edge: any) => [edge.node.code, edge.node]));
    // The contribution started on 1 February 2025 on a DSU presented on 18 April: flagged.
    expect(byCode['A1.04']).toMatchObject({
      meansTest: 'ISEE',
      dsu: { number: 'INPS-ISEE-2025-24936789O-00', date: '2025-04-18' },
      isee: { dsuProtocol: 'INPS-ISEE-2025-24936789O-00', kind: 'ORDINARIO', value: person.isee.value },
      iseeCheck: { status: 'INCONSISTENT', problems: [{ problem: 'NOT_VALID_ON_BENEFIT_DATE' }] },
    });
    expect(byCode['A1.09']).toMatchObject({ isee: { dsuProtocol: 'INPS-ISEE-2024-91740509N-00' }, iseeCheck: { status: 'CONSISTENT', problems: [] } });
    expect(byCode['A2.07']).toMatchObject({ meansTest: 'ISEE_EXEMPT', isee: null, iseeCheck: { status: 'NOT_APPLICABLE' } });
  });

  it('lists the demo benefits whose attestation was not valid on the benefit date', async () => {
    const milan = await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'F205' }, await inps());
    expect(milan.errors).toBeUndefined();
    expect(milan.data?.iseeIssues).toEqual([{
      problem: 'NOT_VALID_ON_BENEFIT_DATE',
      detail: 'The attestation is valid from 2024-03-31 to 2024-12-31; the benefit date is 2025-01-01.',
      benefit: { id: expect.any(String), code: 'A1.05', applicationProtocol: 'MI-2025-3301', person: { taxCode: 'BNCGLI75S42F205Y' }, iseeCheck: { status: 'INCONSISTENT' } },
    }]);
    const turin = await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'L219' }, await inps());
    expect(turin.data?.iseeIssues.map((issue) => [issue.benefit.code, issue.problem])).toEqual([['A1.14', 'NOT_VALID_ON_BENEFIT_DATE']]);
  });

  it('flags unknown, missing and out-of-date DSUs among an ente\'s benefits, checked in one registry call', async () => {
    const other = 'RSSMRK66C14H501U' as const;
    const records = [
      oneOff('ISEE-UNKNOWN', other, '2026-03-02', { number: 'INPS-ISEE-2026-00000001Q-00', year: 2026, date: '2026-01-15' }),
      oneOff('ISEE-MISSING', other, '2026-03-03', null),
      oneOff('ISEE-LATE', ROSSI, '2026-02-10', { number: 'INPS-ISEE-2025-24936789O-00', year: 2025, date: '2025-04-18' }),
      oneOff('ISEE-OK', ROSSI, '2025-05-05', { number: 'INPS-ISEE-2025-24936789O-00', year: 2025, date: '2025-04-18' }),
      oneOff('NOT-TESTED', other, '2026-03-04', null, 'NONE'),
    ];
    for (const input of records) {
      // Straight to the benefits subgraph, signed as the gateway signs, for the Comune di Roma's operator.
      const recorded = await signedGraphqlRequest(benefitsUrl, RECORD, { input }, { viewer: roleViewer('ENTE_OPERATOR') });
      expect(recorded.errors).toBeUndefined();
    }
    hub.iseeMock.resetCounters();
    const rome = await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'H501' }, await inps());
    expect(rome.errors).toBeUndefined();
    const found = rome.data?.iseeIssues.map((issue) => [issue.benefit.applicationProtocol, issue.problem]).sort();
    expect(found).toEqual([
      ['ISEE-LATE', 'NOT_VALID_ON_BENEFIT_DATE'],
      ['ISEE-MISSING', 'MISSING_DSU'],
      ['ISEE-UNKNOWN', 'UNKNOWN_DSU'],
      ['RM-2025-00412', 'NOT_VALID_ON_BENEFIT_DATE'], // the demo's A1.04
    ]);
    // The DSU lookups of iseeIssues are one batch; the iseeCheck of each benefit then comes from the caches.
    expect(hub.iseeMock.requestsByRoute()).toEqual({ 'ricerca-per-protocollo': 1 });

    const spring = await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'H501', from: '2026-03-01', to: '2026-03-31' }, await inps());
    expect(spring.data?.iseeIssues.map((issue) => issue.benefit.applicationProtocol).sort()).toEqual(['ISEE-MISSING', 'ISEE-UNKNOWN']);
    expect((await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'X999' }, await inps())).data?.iseeIssues).toEqual([]);
  });

  it('serves an ente operator its own benefits\' ISEE, but not the person\'s current ISEE or health, nor another ente\'s issues', async () => {
    const operator = { ...(await testAuth().bearer('ENTE_OPERATOR')), 'x-siuss-purpose': 'verifica requisiti' };
    const response = await graphqlRequest<{ person: any }>(gatewayUrl, POSITION, { taxCode: ROSSI, asOf: '2025-06-01' }, operator);
    expect(response.data?.person.surname).toBe('ROSSI');
    const a104 = response.data?.person.benefits.edges.find((edge: any) => edge.node.code === 'A1.04').node;
    expect(a104.isee).toMatchObject({ dsuProtocol: 'INPS-ISEE-2025-24936789O-00' });
    expect(response.data?.person).toMatchObject({ isee: null, health: null });
    // Person.isee passes the gateway (isee:read) and is refused by registries on the access benefits computed;
    // Person.health is refused at the gateway already (no health:read).
    expect((response.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.['code']]).sort()).toEqual([['person.health', 'FORBIDDEN'], ['person.isee', 'FORBIDDEN']]);
    expect(response.errors?.find((error) => error.path?.join('.') === 'person.isee')?.message).toMatch(/part of the complete position/);
    const milan = await graphqlRequest(gatewayUrl, ISSUES, { enteCode: 'F205' }, operator);
    expect(milan.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/Listing the benefits of ente F205 is for its ENTE_OPERATOR or INPS_ADMIN/) });
  });

  it('still serves the position when ISEE is down: the ISEE fields are null with REGISTRY_UNAVAILABLE', async () => {
    hub.iseeMock.setBehaviour({ outage: true });
    try {
      const started = performance.now();
      const response = await graphqlRequest<{ person: any }>(gatewayUrl, POSITION, { taxCode: 'RMNGPP41R19L219M', asOf: '2025-03-01' }, await inps());
      const benefitsOnly = await graphqlRequest<{ person: any }>(gatewayUrl, POSITION, { taxCode: 'RSSLCU15A11F839Z', asOf: '2025-03-01' }, await inps());
      expect(performance.now() - started).toBeLessThan(5000);
      expect(response.status).toBe(200);
      const person = response.data?.person;
      expect(person.surname).toBe('ROMANO');
      expect(person.benefits.edges).toHaveLength(2);
      expect(person.isee).toBeNull();
      expect(person.health.residentialCare).toEqual([{ facilityKind: 'RSA' }]);
      expect((response.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['person.isee', 'REGISTRY_UNAVAILABLE']]);
      // The nursing-home benefit's DSU was read by the Turin iseeIssues test: served from the cache.
      const residential = person.benefits.edges.find((edge: any) => edge.node.code === 'A1.14').node;
      expect(residential.isee.dsuProtocol).toBe('INPS-ISEE-2024-16239258P-00');
      expect(residential.iseeCheck.status).toBe('INCONSISTENT');

      // A DSU not read before: that benefit's ISEE fields are null with the error, the rest is served.
      const edges = benefitsOnly.data?.person.benefits.edges;
      const school = edges.findIndex((edge: any) => edge.node.code === 'A2.12');
      expect(edges[school].node).toMatchObject({ meansTest: 'ISEE', isee: null, iseeCheck: null });
      expect(edges.find((edge: any) => edge.node.code === 'A2.11').node).toMatchObject({ isee: null, iseeCheck: { status: 'NOT_APPLICABLE' } });
      expect(benefitsOnly.data?.person.health).not.toBeNull();
      expect((benefitsOnly.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.['code']]).sort()).toEqual([
        [`person.benefits.edges.${school}.node.isee`, 'REGISTRY_UNAVAILABLE'],
        [`person.benefits.edges.${school}.node.iseeCheck`, 'REGISTRY_UNAVAILABLE'],
        ['person.isee', 'REGISTRY_UNAVAILABLE'],
      ]);

      // iseeIssues cannot vouch for benefits it could not check: the whole answer is the typed error.
      const naples = await graphqlRequest<{ iseeIssues: any[] }>(gatewayUrl, ISSUES, { enteCode: 'F839' }, await inps());
      expect(naples.data?.iseeIssues ?? null).toBeNull();
      expect(naples.errors?.[0]?.extensions).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', registry: 'ISEE' });

      const registriesBase = registriesUrl.replace('/graphql', '');
      expect((await fetch(`${registriesBase}/ready`)).status).toBe(200);
    } finally {
      hub.iseeMock.setBehaviour({ outage: false });
    }
  });

  it('still serves the position, within a bounded time, when ISEE is slow: isee null with REGISTRY_TIMEOUT', async () => {
    hub.iseeMock.setBehaviour({ latencyMs: 10_000 });
    try {
      const query = `query($taxCode: CodiceFiscale!) { person(taxCode: $taxCode) { surname isee(asOf: "2025-03-01") { dsuProtocol } health { source } } }`;
      const started = performance.now();
      const response = await graphqlRequest<{ person: any }>(gatewayUrl, query, { taxCode: 'FRRLNE90L44L219T' }, await inps());
      const elapsed = performance.now() - started;
      // One attempt of SIUSS_ISEE_TIMEOUT_MS (1.5 s), not retried, well inside the 2.5 s budget.
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(4000);
      expect(response.status).toBe(200);
      expect(response.data?.person).toMatchObject({ isee: null, health: { source: `NSIS at 127.0.0.1:${hub.nsisMock.port}` } });
      expect(response.data?.person.surname).toEqual(expect.any(String));
      expect((response.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.['code'], error.extensions?.['registry']])).toEqual([['person.isee', 'REGISTRY_TIMEOUT', 'ISEE']]);
    } finally {
      hub.iseeMock.setBehaviour({ latencyMs: 0 });
    }
  });
});
