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
import { testAuth } from '@siuss/testing/auth';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { freePort, graphqlRequest } from '@siuss/testing/http';
import { createOrm, migrateAssessments } from './orm.ts';
import { assessmentsTypeDefs, createAssessmentsServer } from './server.ts';
import { OPERATOR, sinaInput, sinbaInput } from './testing.ts';

// The real gateway in front of the real benefits subgraph (its `main`, as the launcher starts it, in
// a child process) and this subgraph (served in-process over HTTP), on one test database: a case
// worker's single query joins a person's benefits and SINA assessments across the two.

const TAX_CODE = 'RSSMRK66C14H501U';
const RECORD_BENEFIT = `mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { benefit { id code } } }`;
const RECORD_SINA = `mutation($input: SinaAssessmentInput!) { recordSinaAssessment(input: $input) { created assessment { id } } }`;
const POSITION = `query($taxCode: CodiceFiscale!) {
  person(taxCode: $taxCode) {
    surname
    benefits(first: 10) { edges { node { id code sinaAssessment { assessmentDate mobility assessmentInstrument civilInvalidity } } } }
    sinaAssessments { assessmentDate dailyLiving ente { code name seatCode } benefit { code startDate } person { surname } }
  }
}`;

function benefitInput(protocol: string, code: string, startDate: string) {
  return {
    ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501', operatorTaxCode: OPERATOR },
    beneficiary: {
      taxCode: TAX_CODE, surname: 'ROSSI', name: 'MIRKO', birthYear: 1966, birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380',
      residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }],
    },
    benefit: {
      meansTest: 'NONE', nature: 'PERIODIC', code, description: 'Assistenza domiciliare socio-assistenziale', applicationProtocol: protocol,
      startDate, endDate: '2025-12-31', monthlyAmount: '300.00', months: 6, takenInCharge: true, userArea: 'DISABILITY_AND_DEPENDENCY',
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`benefits subgraph exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`benefits subgraph not ready at ${url}:\n${output.join('')}`);
}

describe('gateway: a person\'s benefits and SINA assessments in one query', () => {
  let db: TestDatabase;
  let benefits: ChildProcess;
  let orm: MikroORM;
  let assessments: RunningService;
  let gateway: Server;
  let gatewayUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('gateway_e2e');
    const benefitsPort = await freePort();
    benefits = spawn(process.execPath, [fileURLToPath(import.meta.resolve('@siuss/subgraph-benefits/main'))], {
      env: {
        ...process.env, ...testAuth().env, DATABASE_URL: db.url, SIUSS_HOST: '127.0.0.1', SIUSS_BENEFITS_PORT: String(benefitsPort),
        SIUSS_SEED_DEMO: 'false', SIUSS_MIGRATE_ON_START: 'true', NODE_ENV: 'test', LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    benefits.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    benefits.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

    orm = await createOrm({ url: db.url });
    await migrateAssessments(orm, db.url);
    const { apollo, createContext } = createAssessmentsServer({
      orm,
      logger: createLogger({ name: 'assessments-e2e', level: 'silent' }),
      settings: { strictRules: new Set(), maxPageSize: 100 },
      introspection: false,
      audit: { sink: memoryAuditSink(), requirePurpose: false },
    });
    assessments = await serveApollo({
      apollo, port: 0, host: '127.0.0.1', logger: createLogger({ name: 'assessments-e2e', level: 'silent' }),
      gatewaySecret: testAuth().hmacSecret,
      context: async ({ viewer }) => createContext(viewer),
      ready: () => orm.checkConnection().then((result) => result.ok),
    });
    await waitUntilReady(`http://127.0.0.1:${benefitsPort}/ready`, benefits, output);

    const benefitsUrl = `http://127.0.0.1:${benefitsPort}/graphql`;
    const composed = composeServices([
      { name: 'benefits', url: benefitsUrl, typeDefs: parse(readFileSync(new URL(import.meta.resolve('@siuss/subgraph-benefits/schema.graphql')), 'utf8')) },
      { name: 'assessments', url: assessments.url, typeDefs: parse(assessmentsTypeDefs()) },
    ]);
    expect(composed.errors).toBeUndefined();
    const runtime = createGateway({
      supergraph: composed.supergraphSdl as string,
      subgraphUrls: { benefits: benefitsUrl, assessments: assessments.url },
      graphiql: false,
      logging: false,
      auth: testAuth().gateway,
    });
    gateway = createServer(runtime);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
  }, 90_000);

  afterAll(async () => {
    await new Promise((resolve) => gateway?.close(resolve));
    await assessments?.close();
    await orm?.close();
    if (benefits && benefits.exitCode === null) {
      const exited = new Promise((resolve) => benefits.once('exit', resolve));
      benefits.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  it('records a benefit and its SINA through the gateway, then joins them for the person', async () => {
    // The Comune di Roma's operator records; a case worker of Roma, which took the person in charge, reads.
    const operator = await testAuth().bearer('ENTE_OPERATOR');
    const assisted = await graphqlRequest<any>(gatewayUrl, RECORD_BENEFIT, { input: benefitInput('E2E-1', 'A2.07', '2025-04-01') }, operator);
    expect(assisted.errors).toBeUndefined();
    const transport = await graphqlRequest<any>(gatewayUrl, RECORD_BENEFIT, { input: benefitInput('E2E-2', 'A1.16', '2025-02-01') }, operator);
    expect(transport.errors).toBeUndefined();
    const benefitId = assisted.data?.recordBenefit.benefit.id as string;

    const sina = await graphqlRequest<any>(gatewayUrl, RECORD_SINA, {
      input: sinaInput({ taxCode: TAX_CODE, benefitId, assessmentDate: '2025-03-20', mobility: 'MOVES_WITH_HELP', assessmentInstrument: 'AGED' }),
    }, operator);
    expect(sina.errors).toBeUndefined();
    expect(sina.data?.recordSinaAssessment.created).toBe(true);

    const response = await graphqlRequest<any>(gatewayUrl, POSITION, { taxCode: TAX_CODE }, await testAuth().bearer('CASE_WORKER', { ente: 'H501' }));
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.person).toEqual({
      surname: 'ROSSI',
      benefits: {
        edges: [
          { node: { id: benefitId, code: 'A2.07', sinaAssessment: { assessmentDate: '2025-03-20', mobility: 'MOVES_WITH_HELP', assessmentInstrument: 'AGED', civilInvalidity: ['TOTAL_WITH_ATTENDANCE_ALLOWANCE'] } } },
          { node: { id: transport.data?.recordBenefit.benefit.id, code: 'A1.16', sinaAssessment: null } },
        ],
      },
      sinaAssessments: [{
        assessmentDate: '2025-03-20', dailyLiving: 'PARTIALLY_DEPENDENT',
        ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501' },
        benefit: { code: 'A2.07', startDate: '2025-04-01' },
        person: { surname: 'ROSSI' },
      }],
    });
  });

  it('returns typed validation errors from the assessments subgraph through the gateway', async () => {
    const response = await graphqlRequest<any>(gatewayUrl, RECORD_SINA, { input: sinaInput({ benefitId: 'B-1', neededBenefitCodes: ['A7.77'] }) }, await testAuth().bearer('ENTE_OPERATOR'));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', esito: 'RICHIESTA_INVALIDA' });
    expect((response.errors?.[0]?.extensions?.['violations'] as Array<{ field: string }>).map((v) => v.field)).toEqual(['benefitId', 'SINA/NecessitaInterventiSociali/CodicePrestazione[1]']);
  });

  it('serves SINBA only to the ente that created the case, with the sinba scopes, whatever else the caller sends', async () => {
    const READ = '{ sinbaCase(enteCode: "H501", beneficiaryCode: "H501123456") { beneficiaryCode } }';
    const WRITE = 'mutation($input: SinbaCaseInput!) { recordSinbaCase(input: $input) { created } }';
    const roma = await testAuth().bearer('ENTE_OPERATOR');
    expect((await graphqlRequest<any>(gatewayUrl, WRITE, { input: sinbaInput() }, roma)).data?.recordSinbaCase).toEqual({ created: true });
    expect((await graphqlRequest<any>(gatewayUrl, READ, {}, roma)).data?.sinbaCase).toEqual({ beneficiaryCode: 'H501123456' });
    // Another ente's operator: refused by the subgraph, naming the ente; a header claiming an ente counts for nothing.
    const milano = await graphqlRequest<any>(gatewayUrl, READ, {}, { ...(await testAuth().bearer('ENTE_OPERATOR', { ente: 'F205' })), 'x-ente-code': 'H501' });
    expect(milano.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missing: 'viewer.enteCode = H501' });
    // A case worker of the same ente has no sinba scope: refused at the gateway, naming the scope.
    const caseWorker = await graphqlRequest<any>(gatewayUrl, READ, {}, await testAuth().bearer('CASE_WORKER', { ente: 'H501' }));
    expect(caseWorker.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', requiredScopes: [['sinba:read']] } });
    const anonymous = await graphqlRequest<any>(gatewayUrl, WRITE, { input: sinbaInput() }, { 'x-ente-code': 'H501' });
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('has no way from a person to SINBA cases: such a query does not even validate', async () => {
    for (const field of ['sinbaCase', 'sinbaCases', 'sinba']) {
      const response = await graphqlRequest<any>(gatewayUrl, `{ person(taxCode: "${TAX_CODE}") { ${field} { id } } }`);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.message).toMatch(new RegExp(`Cannot query field "${field}" on type "Person"`));
    }
  });
});
