import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { createGateway } from '@siuss/gateway/server';
import { memoryAuditSink } from '@siuss/audit/writer';
import { createLogger } from '@siuss/logging/logger';
import { serveApollo, type RunningService } from '@siuss/service/http';
import type { Viewer } from '@siuss/service/viewer';
import { testAuth } from '@siuss/testing/auth';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { freePort, graphqlRequest } from '@siuss/testing/http';
import { createOrm, migrateOffering } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createOfferingServer, offeringTypeDefs } from './server.ts';
import { referent } from './testing.ts';

// The federated path of Person.servicesNearby over HTTP: the benefits subgraph as a process (as the
// launcher runs it), offering in-process with its demo data, and the real gateway over a supergraph
// composed on the fly from both SDLs. One database, one schema per subgraph, as in production.

const YEAR = new Date().getUTCFullYear() - 1;
const TAX_CODE = 'RSSMRK66C14H501U';
const RECORD = `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { created benefit { id } } }`;
const PERSON = `query($taxCode: CodiceFiscale!, $macro: SiossMacroActivity) {
  person(taxCode: $taxCode) {
    surname
    benefits { totalCount }
    residences { comuneCode comune { name siossAmbito { code name population { residents } } } }
    servicesNearby(macroActivity: $macro) { catalogueCode catalogueItem { label macroActivity } managingBody { name } declaration { year status ambito { code } } }
  }
}`;

/** The operator of the Comune di Casperia (A472), which reports the person's benefits and so reads them. */
const operator = async () => ({ ...(await testAuth().bearer('ENTE_OPERATOR', { ente: 'A472' })), 'x-siuss-purpose': 'verifica requisiti' });

function benefitInput(comuneCode: string, protocol: string) {
  return {
    ente: { code: 'A472', name: 'Comune di Casperia', seatCode: 'A472', operatorTaxCode: 'XXXXXX80P20B501B' },
    beneficiary: { taxCode: TAX_CODE, surname: 'ROSSI', name: 'MIRKO', birthYear: 1966, birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380', residences: [{ nationCode: '380', regionCode: '12', comuneCode }] },
    benefit: { meansTest: 'NONE', nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', applicationProtocol: protocol, paymentDate: `${YEAR}-03-03`, amount: '80.00', takenInCharge: false },
  };
}

async function waitReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`benefits exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(url).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`benefits did not become ready:\n${output.join('')}`);
}

describe('Person.servicesNearby through the gateway', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let offering: RunningService;
  let benefits: ChildProcess;
  let gateway: Server;
  let gatewayUrl: string;
  let asViewer: (query: string, variables: Record<string, unknown>, viewer: Viewer) => Promise<any>;
  const benefitsOutput: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('offering_e2e');
    orm = await createOrm({ url: db.url });
    await migrateOffering(orm, db.url);
    const settings = { deadline: { month: 5, day: 31 }, now: () => new Date() };
    expect(await seedDemoData(orm.em, settings)).toBe(5);
    const logger = createLogger({ name: 'offering-e2e', level: 'silent' });
    const { apollo, createContext } = createOfferingServer({ orm, logger, settings, introspection: true, audit: { sink: memoryAuditSink(), requirePurpose: false } });
    offering = await serveApollo({ apollo, port: 0, gatewaySecret: testAuth().hmacSecret, context: async ({ viewer }) => createContext(viewer), ready: async () => true, logger });
    asViewer = async (query, variables, viewer) => {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(viewer) });
      return response.body.kind === 'single' ? response.body.singleResult : null;
    };

    const benefitsPort = await freePort();
    benefits = spawn(process.execPath, [fileURLToPath(import.meta.resolve('@siuss/subgraph-benefits/main'))], {
      env: { ...process.env, ...testAuth().env, DATABASE_URL: db.url, SIUSS_BENEFITS_PORT: String(benefitsPort), SIUSS_HOST: '127.0.0.1', SIUSS_SEED_DEMO: 'false', NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    benefits.stdout?.on('data', (chunk) => benefitsOutput.push(String(chunk)));
    benefits.stderr?.on('data', (chunk) => benefitsOutput.push(String(chunk)));
    const benefitsUrl = `http://127.0.0.1:${benefitsPort}/graphql`;
    await waitReady(`http://127.0.0.1:${benefitsPort}/ready`, benefits, benefitsOutput);

    const composed = composeServices([
      { name: 'benefits', url: benefitsUrl, typeDefs: parse(readFileSync(new URL(import.meta.resolve('@siuss/subgraph-benefits/schema.graphql')), 'utf8')) },
      { name: 'offering', url: offering.url, typeDefs: parse(offeringTypeDefs()) },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
    const runtime = createGateway({ supergraph: composed.supergraphSdl, subgraphUrls: { benefits: benefitsUrl, offering: offering.url }, graphiql: false, logging: false, auth: testAuth().gateway });
    gateway = createServer(runtime);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
  }, 90_000);

  afterAll(async () => {
    if (gateway) await new Promise((resolve) => gateway.close(resolve));
    if (benefits && benefits.exitCode === null) {
      const exited = new Promise((resolve) => benefits.once('exit', resolve));
      benefits.kill('SIGTERM');
      await exited;
    }
    await offering?.close();
    await orm?.close();
    await db?.drop();
  });

  it('records a benefit for a person living in a seeded Ambito, through the gateway', async () => {
    const recorded = await graphqlRequest<{ recordBenefit: any }>(gatewayUrl, RECORD, { input: benefitInput('057012', 'E2E-1') }, await operator());
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordBenefit.created).toBe(true);
  });

  it('refuses a SIOSS compiler without a token, without sioss:write, or of another Ambito, over HTTP', async () => {
    const mutation = `mutation($input: SiossServiceChangeInput!) { addSiossService(input: $input) { service { id } } }`;
    const input = { ambitoCode: 'AMB-SABINA', year: YEAR, service: { catalogueCode: 'P5.01', managingBodyCode: 'CONS-DEMO-SABINA', targetUsers: ['POVERTY_AND_EXCLUSION'] } };
    const anonymous = await graphqlRequest(gatewayUrl, mutation, { input });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Mutation.addSiossService' });
    const enteOperator = await graphqlRequest(gatewayUrl, mutation, { input }, await operator());
    expect(enteOperator.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: [['sioss:write']] });
    const otherAmbito = await graphqlRequest(gatewayUrl, mutation, { input }, await testAuth().bearer('AMBITO_REFERENT'));
    expect(otherAmbito.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/needs AMBITO_REFERENT of ambito AMB-SABINA; the token has roles AMBITO_REFERENT, ambito AMB-ROMA/) });
  });

  it('joins the services of the residence\'s Ambito into the person, after the referent declares and finalises', async () => {
    const me = referent('AMB-SABINA');
    const key = { ambitoCode: 'AMB-SABINA', year: YEAR };
    const added = await asViewer(`mutation($input: SiossServiceChangeInput!) { addSiossService(input: $input) { service { catalogueCode } } }`, {
      input: { ...key, service: { catalogueCode: 'P5.01', managingBodyCode: 'CONS-DEMO-SABINA', targetUsers: ['POVERTY_AND_EXCLUSION'], usersServed: 35, spending: '18000.00' } },
    }, me);
    expect(added.errors).toBeUndefined();

    const draft = await graphqlRequest<{ person: any }>(gatewayUrl, PERSON, { taxCode: TAX_CODE }, await operator());
    expect(draft.errors).toBeUndefined();
    expect(draft.data?.person.servicesNearby.every((service: any) => service.declaration.status === 'DRAFT')).toBe(true);

    const finalised = await asViewer(`mutation($input: SiossDeclarationKeyInput!) { finaliseSiossDeclaration(input: $input) { declaration { status } } }`, { input: key }, me);
    expect(finalised.errors).toBeUndefined();

    const response = await graphqlRequest<{ person: any }>(gatewayUrl, PERSON, { taxCode: TAX_CODE }, await operator());
    expect(response.errors).toBeUndefined();
    const person = response.data?.person;
    expect(person).toMatchObject({
      surname: 'ROSSI',
      benefits: { totalCount: 1 },
      residences: [{ comuneCode: '057012', comune: { name: 'Casperia', siossAmbito: { code: 'AMB-SABINA', population: { residents: 6185 } } } }],
    });
    expect(person.servicesNearby.map((service: any) => service.catalogueCode)).toEqual(['P1.01', 'P1.02', 'P2.01', 'P2.05', 'P3.04', 'P5.01']);
    expect(person.servicesNearby[5]).toEqual({
      catalogueCode: 'P5.01', catalogueItem: { label: 'Contributi economici a integrazione del reddito', macroActivity: 'INCLUSION_INCOME_SUPPORT' },
      managingBody: { name: 'Consorzio sociale della Sabina (demo)' }, declaration: { year: YEAR, status: 'FINALISED', ambito: { code: 'AMB-SABINA' } },
    });
  });

  it('follows a change of residence reported to benefits, and filters by macro-activity', async () => {
    const moved = await graphqlRequest(gatewayUrl, RECORD, { input: benefitInput('058091', 'E2E-2') }, await operator());
    expect(moved.errors).toBeUndefined();
    const response = await graphqlRequest<{ person: any }>(gatewayUrl, PERSON, { taxCode: TAX_CODE, macro: 'RESIDENTIAL' }, await operator());
    expect(response.errors).toBeUndefined();
    expect(response.data?.person.residences[0].comune.siossAmbito.code).toBe('AMB-ROMA');
    expect(response.data?.person.servicesNearby.map((service: any) => `${service.declaration.ambito.code}:${service.catalogueCode}`))
      .toEqual(['AMB-ROMA:P4.01', 'AMB-ROMA:P4.03', 'AMB-ROMA:P4.04']);
  });
});
