import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { roleViewer, signedGraphqlRequest, testAuth } from '@siuss/testing/auth';
import { graphqlRequest } from '@siuss/testing/http';
import { EXAMPLE_OPERATION } from '@siuss/gateway/example';
import type { RunningHub } from './hub.ts';
import { startTestHub, type TestHub } from './testing.ts';

// The whole hub over HTTP, as `npm start` runs it: PostgreSQL from an empty data folder (or the
// server at DATABASE_URL), migrations, demo data, the registry mocks, every subgraph and the gateway as processes.

const EXAMPLE = `{ person(taxCode: "RSSMRA80C15H501M") { taxCode surname name benefits(first: 10) { edges { node { code description startDate monthlyAmount status } } } } }`;

/** Tokens of the demo identities (DEMO_IDENTITIES): Roma's operator sent MARIO ROSSI's records; Napoli took ANNA ESPOSITO in charge. */
const operatorOfRoma = async () => ({ ...(await testAuth().bearer('ENTE_OPERATOR')), 'x-siuss-purpose': 'verifica requisiti' });
const caseWorker = async (ente?: string) => ({ ...(await testAuth().bearer('CASE_WORKER', { ente })), 'x-siuss-purpose': 'presa in carico' });

describe('the hub end to end', () => {
  let testHub: TestHub | undefined;
  let hub: RunningHub;
  let dir: string;
  const output: string[] = [];

  beforeAll(async () => {
    testHub = await startTestHub('e2e', (line) => output.push(line));
    ({ hub, dir } = testHub);
  });

  afterAll(async () => testHub?.close());

  it('bootstrapped the database from an empty folder', () => {
    if (!process.env['DATABASE_URL']) expect(existsSync(join(dir, 'postgres', 'PG_VERSION'))).toBe(true);
  });

  it('answers the README example query through the gateway', async () => {
    const response = await graphqlRequest<{ person: any }>(hub.gatewayUrl, EXAMPLE, {}, await operatorOfRoma());
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.person).toMatchObject({ taxCode: 'RSSMRA80C15H501M', surname: 'ROSSI', name: 'MARIO' });
    const codes = response.data?.person.benefits.edges.map((edge: any) => edge.node.code);
    expect(codes).toEqual(['A1.06', 'A2.07', 'A1.04', 'A1.09']);
    expect(response.data?.person.benefits.edges[2].node).toEqual({
      code: 'A1.04', description: 'Contributo economico a integrazione del reddito familiare', startDate: '2025-02-01', monthlyAmount: '250.00', status: 'ACTIVE',
    });
  });

  it('records a benefit through the gateway and returns typed validation errors', async () => {
    const mutation = `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { created benefit { code person { surname } } } }`;
    const input = {
      ente: { code: 'H501', seatCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' },
      beneficiary: { taxCode: 'RSSMRK66C14H501U', surname: 'ROSSI', name: 'MIRKO', birthYear: 1966, birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380', residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }] },
      benefit: { meansTest: 'NONE', nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', applicationProtocol: 'E2E-1', paymentDate: '2025-03-03', amount: '80.00', takenInCharge: false },
    };
    const ok = await graphqlRequest<{ recordBenefit: any }>(hub.gatewayUrl, mutation, { input }, await operatorOfRoma());
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.recordBenefit).toEqual({ created: true, benefit: { code: 'A1.06', person: { surname: 'ROSSI' } } });

    const bad = await graphqlRequest(hub.gatewayUrl, mutation, { input: { ...input, benefit: { ...input.benefit, amount: null } } }, await operatorOfRoma());
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', esito: 'RICHIESTA_INVALIDA' });
  });

  it('serves the position to a verified operator, and refuses a bad token with the reason', async () => {
    // The GraphiQL example: every subgraph gets the signed claims and purpose, entity calls included.
    const headers = { ...(await testAuth().bearer('CASE_WORKER')), 'x-siuss-purpose': 'presa in carico' };
    const ok = await graphqlRequest<{ person: any }>(hub.gatewayUrl, EXAMPLE_OPERATION, { asOf: '2026-12-01' }, headers);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.person).toMatchObject({ surname: 'ESPOSITO', benefits: { totalCount: 3 }, isee: { kind: 'SOCIO_SANITARIO' }, health: { law104: { severe: true } } });
    expect(ok.data?.person.servicesNearby.length).toBeGreaterThan(0);
    const expired = await graphqlRequest(hub.gatewayUrl, EXAMPLE, {}, await testAuth().bearer('CASE_WORKER', { hours: -1 }));
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/the token expired at/) });
  });

  it('refuses a call straight to a subgraph unless it carries the gateway\'s signature', async () => {
    for (const name of ['benefits', 'assessments', 'offering', 'registries', 'flows'] as const) {
      const direct = await graphqlRequest(hub.subgraphUrls[name], '{ __typename }', {}, await testAuth().bearer('INPS_ADMIN'));
      expect([name, direct.status, direct.errors?.[0]?.extensions?.['code']]).toEqual([name, 403, 'FORBIDDEN']);
      expect(direct.errors?.[0]?.message).toMatch(/requests must come through the gateway/);
    }
    const forged = await signedGraphqlRequest(hub.subgraphUrls['benefits']!, EXAMPLE, {}, { secret: 'not-the-hub-secret-not-the-hub-secret' });
    expect([forged.status, forged.errors?.[0]?.extensions?.['code']]).toEqual([403, 'FORBIDDEN']);
    // Signed with the hub's secret, on behalf of an INPS administrator: the subgraph serves it.
    const signed = await signedGraphqlRequest<{ person: any }>(hub.subgraphUrls['benefits']!, EXAMPLE, {}, { viewer: roleViewer('INPS_ADMIN') });
    expect(signed.errors).toBeUndefined();
    expect(signed.data?.person.surname).toBe('ROSSI');
  });

  it('serves health probes and GraphiQL', async () => {
    const gatewayBase = hub.gatewayUrl.replace('/graphql', '');
    expect((await fetch(`${gatewayBase}/health`)).status).toBe(200);
    expect((await fetch(hub.subgraphUrls['benefits']!.replace('/graphql', '/ready'))).status).toBe(200);
    const page = await fetch(hub.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });

  it('serves the complete welfare position (the GraphiQL example) from every subgraph in one query', async () => {
    // The example as GraphiQL runs it (its default person, no asOf: the current ISEE), and pinned to
    // a day the demo person's attestation covers, so the ISEE assertions do not depend on the calendar.
    // With the token `npm start` prints: a case worker of Napoli, which took ANNA ESPOSITO in charge.
    const asGraphiql = await graphqlRequest<{ person: any }>(hub.gatewayUrl, EXAMPLE_OPERATION, {}, await caseWorker());
    expect(asGraphiql.errors).toBeUndefined();
    const response = await graphqlRequest<{ person: any }>(hub.gatewayUrl, EXAMPLE_OPERATION, { asOf: '2026-12-01' }, await caseWorker());
    expect(response.errors).toBeUndefined();
    const person = response.data?.person;
    expect(person).toMatchObject({ taxCode: 'SPSNNA41A69F839C', surname: 'ESPOSITO', name: 'ANNA' });
    expect(asGraphiql.data?.person.taxCode).toBe('SPSNNA41A69F839C');
    // benefits
    expect(person.benefits.totalCount).toBe(3);
    // assessments, linked both ways
    expect(person.sinaAssessments.length).toBeGreaterThan(0);
    expect(person.benefits.edges.some((edge: any) => edge.node.sinaAssessment !== null)).toBe(true);
    // registries: the ISEE attestation valid on the day, as the ISEE registry has it, saying where it came from
    const registry = await fetch(`${hub.registryUrls.isee}/attestazioni?codiceFiscale=SPSNNA41A69F839C&dataValidita=2026-12-01`);
    expect(registry.status).toBe(200);
    const attestation = (await registry.json()) as { protocolloDsu: string; valoreIsee: string };
    expect(person.isee).toMatchObject({
      dsuProtocol: 'INPS-ISEE-2026-12559452U-00', kind: 'SOCIO_SANITARIO', validUntil: '2026-12-31', value: attestation.valoreIsee,
      source: expect.stringMatching(/^INPS ISEE at /), fetchedAt: expect.any(String),
    });
    expect(attestation.protocolloDsu).toBe(person.isee.dsuProtocol);
    // the current ISEE (no asOf) is what the registry holds as valid today
    const today = await fetch(`${hub.registryUrls.isee}/attestazioni?codiceFiscale=SPSNNA41A69F839C`);
    const current = today.status === 200 ? ((await today.json()) as { protocolloDsu: string }).protocolloDsu : null;
    expect(asGraphiql.data?.person.isee?.dsuProtocol ?? null).toBe(current);
    // the benefit that carries a DSU has its attestation and a consistency check
    const withDsu = person.benefits.edges.map((edge: any) => edge.node).filter((node: any) => node.dsu !== null);
    expect(withDsu).toEqual([expect.objectContaining({
      code: 'A1.10',
      dsu: { number: 'INPS-ISEE-2025-91538417F-00' },
      isee: expect.objectContaining({ kind: 'SOCIO_SANITARIO', validUntil: '2025-12-31', source: expect.stringMatching(/^INPS ISEE at /) }),
      iseeCheck: { status: 'CONSISTENT', problems: [] },
    })]);
    // NSIS: total civil invalidity and integrated home care
    expect(person.health).toMatchObject({
      civilInvalidity: { percentage: 100, accompanyingAllowance: true }, law104: { severe: true }, homeCare: [{ kind: 'ADI_LEVEL_2' }],
      source: expect.stringMatching(/^NSIS at /), fetchedAt: expect.any(String),
    });
    // offering: the services declared by the Ambito of Napoli
    expect(person.residences[0].comune.siossAmbito).not.toBeNull();
    expect(person.servicesNearby.length).toBeGreaterThan(0);
  });

  it('still serves the rest of the position, quickly, when the ISEE registry is down', async () => {
    const control = `${hub.registryUrls.isee}/__control`;
    const set = (behaviour: object) => fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(behaviour) });
    await set({ outage: true });
    try {
      const started = Date.now();
      const response = await graphqlRequest<{ person: any }>(hub.gatewayUrl, `{
        person(taxCode: "RSSMRA80C15H501M") { surname benefits(first: 5) { totalCount } sinaAssessments { assessmentDate } isee(asOf: "2025-06-01") { value } health { source } }
      }`, {}, await caseWorker('H501'));
      const elapsed = Date.now() - started;
      expect(response.data?.person).toMatchObject({ surname: 'ROSSI', benefits: { totalCount: 4 }, isee: null, health: { source: expect.any(String) } });
      const iseeError = response.errors?.find((error) => error.path?.join('.') === 'person.isee');
      expect(iseeError?.extensions?.['code']).toBe('REGISTRY_UNAVAILABLE');
      expect(elapsed).toBeLessThan(5000);
    } finally {
      await set({ outage: false });
    }
  });

  it('plans the welfare position with the other subgraphs fetched in parallel after the person', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'hive-expose-query-plan': 'true', ...(await caseWorker()) },
      body: JSON.stringify({ query: EXAMPLE_OPERATION }),
    });
    const body = (await response.json()) as { errors?: unknown; extensions?: { queryPlan?: unknown } };
    expect(body.errors).toBeUndefined();
    const parallelGroups: string[][] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as { kind?: string; nodes?: unknown[]; node?: unknown; serviceName?: string };
      if (record.kind === 'Parallel' && Array.isArray(record.nodes)) {
        const services = new Set<string>();
        const collect = (child: unknown): void => {
          if (!child || typeof child !== 'object') return;
          const c = child as { serviceName?: string };
          if (c.serviceName) services.add(c.serviceName);
          for (const value of Object.values(child)) if (typeof value === 'object') collect(value);
        };
        record.nodes.forEach(collect);
        parallelGroups.push([...services].sort());
      }
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    };
    walk(body.extensions?.queryPlan);
    // After the person and their benefits come from `benefits`, one parallel step asks the others.
    expect(parallelGroups.some((services) => ['assessments', 'offering', 'registries'].every((name) => services.includes(name)))).toBe(true);
  });
});
