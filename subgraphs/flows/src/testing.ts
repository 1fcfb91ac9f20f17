import type { MikroORM } from '@mikro-orm/postgresql';
import { readEntries } from '@siuss/audit/access-log';
import type { StoredAuditEntry } from '@siuss/audit/entry';
import { AuditWriter } from '@siuss/audit/writer';
import { sqlOf } from '@siuss/db/sql';
import { createLogger } from '@siuss/logging/logger';
import { serveApollo } from '@siuss/service/http';
import { createOrm as createBenefitsOrm, migrateBenefits } from '@siuss/subgraph-benefits/orm';
import { createOrm as createAssessmentsOrm, migrateAssessments } from '@siuss/subgraph-assessments/orm';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { signedGraphqlRequest, testAuth } from '@siuss/testing/auth';
import type { GraphQLResponse } from '@siuss/testing/http';
import type { Viewer } from '@siuss/service/viewer';
import type { IdentityOverrides } from '@siuss/auth/demo-identities';
import type { Role } from '@siuss/auth/roles';
import { tokenVerifier } from '@siuss/auth/token';
import { trustedViewer } from '@siuss/service/viewer';
import { ROLE_SCOPES } from '@siuss/auth/roles';
import { loadConfig } from './config.ts';
import { recordFlowReceived } from './audit.ts';
import { createOrm, migrateFlows } from './orm.ts';
import type { FlowSummary } from './routes.ts';
import { createFlowsServer } from './server.ts';
import { createFlowService, type FlowService } from './service.ts';

/** A viewer as the gateway forwards it: an ENTE_OPERATOR of `enteCode` (H501, the demo Comune di Roma), or INPS. */
export function operator(enteCode = 'H501'): Viewer {
  return trustedViewer({ enteCode, operatorTaxCode: 'VRDLRA79H61H501S', roles: ['ENTE_OPERATOR'], scopes: ROLE_SCOPES.ENTE_OPERATOR });
}

export function inps(): Viewer {
  return trustedViewer({ operatorTaxCode: 'DLCNDR82M03H501W', roles: ['INPS_ADMIN'], scopes: ROLE_SCOPES.INPS_ADMIN });
}

export interface FlowsHarness {
  db: TestDatabase;
  /** Base URL of the flows service (`/graphql`, `/flows`). */
  baseUrl: string;
  flows: FlowService;
  benefits: MikroORM;
  /** A GraphQL operation over HTTP, signed as the gateway signs, as `viewer` (an ENTE_OPERATOR of H501 by default). */
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResponse<T>>;
  /** POSTs a file to /flows with a token of `role` (an ENTE_OPERATOR of H501 by default; null: no token); returns the HTTP status and the JSON answer. */
  upload(content: string | Buffer, query: string, role?: Role | null, overrides?: IdentityOverrides): Promise<{ status: number; body: Record<string, any> }>;
  /** Polls GET /flows/:id until the flow is DONE or FAILED. */
  waitForFlow(id: string, timeoutMs?: number): Promise<FlowSummary>;
  /** Flushes the audit writer and returns the entries after `afterId`, in chain order. */
  auditEntries(afterId?: number): Promise<StoredAuditEntry[]>;
  /** Runs SQL on the test database (the benefits, assessments and flows schemas). */
  query<T = Record<string, any>>(sql: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The flows service on its own test database, with the benefits and assessments schemas migrated
 * beside it, served over real HTTP on a free port with its queue workers running: uploads, jobs
 * and GraphQL go exactly the way they do under `npm start`. `env` sets any SIUSS_* setting.
 */
export async function startFlowsHarness(env: Record<string, string> = {}): Promise<FlowsHarness> {
  const db = await createTestDatabase('flows');
  const benefits = await createBenefitsOrm({ url: db.url });
  await migrateBenefits(benefits, db.url);
  const assessments = await createAssessmentsOrm({ url: db.url });
  await migrateAssessments(assessments, db.url);
  await assessments.close();
  const orm = await createOrm({ url: db.url });
  await migrateFlows(orm, db.url);
  const auth = testAuth();
  const config = loadConfig({ NODE_ENV: 'test', SIUSS_WAAS_POLL_SECONDS: '0', SIUSS_FLOWS_HEARTBEAT_SECONDS: '10', ...auth.env, ...env });
  const logger = createLogger({ name: 'flows-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  const audit = new AuditWriter({ url: db.url, logger, settings: { flushMs: 20, batchSize: 200, maxBuffered: 50_000 } });
  const flows = createFlowService({
    databaseUrl: db.url, settings: config, logger, openAssessments: () => createAssessmentsOrm({ url: db.url }),
    onWaasFlowAcquired: (enteCode, flowId) => recordFlowReceived(audit, { flowId, channel: 'waas', enteCode }),
  });
  const server = createFlowsServer({ orm, logger, flows, settings: { maxPageSize: config.maxPageSize }, introspection: true, audit: { sink: audit, requirePurpose: false }, verifyToken: tokenVerifier(config.jwt) });
  const http = await serveApollo({
    apollo: server.apollo,
    port: 0,
    gatewaySecret: testAuth().hmacSecret,
    context: async ({ viewer }) => server.createContext(viewer),
    ready: async () => true,
    logger,
    routes: server.routes,
  });
  await flows.start();
  const baseUrl = http.url.replace(/\/graphql$/, '');
  const summary = async (id: string, headers: Record<string, string>): Promise<FlowSummary> => (await (await fetch(`${baseUrl}/flows/${id}`, { headers })).json()) as FlowSummary;
  return {
    db,
    baseUrl,
    flows,
    benefits,
    graphql: (query, variables = {}, viewer = operator()) => signedGraphqlRequest(http.url, query, variables, { viewer }),
    async upload(content, query, role = 'ENTE_OPERATOR', overrides = {}) {
      const headers = role ? await auth.bearer(role, overrides) : {};
      const response = await fetch(`${baseUrl}/flows?${query}`, { method: 'POST', body: content, headers });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    },
    async waitForFlow(id, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const flow = await summary(id, await auth.bearer('INPS_ADMIN'));
        if (flow.state === 'DONE' || flow.state === 'FAILED') return flow;
        if (Date.now() > deadline) throw new Error(`flow ${id} still ${flow.state} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async auditEntries(afterId = 0) {
      await audit.flush();
      return readEntries(sqlOf(orm.em.fork()), afterId);
    },
    async query(sql, values = []) {
      return (await flows.pool.query(sql, values)).rows;
    },
    async close() {
      await http.close();
      await flows.stop();
      await orm.close();
      await benefits.close();
      await db.drop();
    },
  };
}

/** One benefit record of a test flow: the attributes to override on a valid default. */
export interface TestPs {
  taxCode?: string;
  anagrafica?: Record<string, string | undefined>;
  indirizzi?: Array<Record<string, string | undefined>>;
  prestazione?: Record<string, string | undefined>;
  /** A SINA child: attributes; `{}` gives a valid default SINA. */
  sina?: Record<string, string | undefined>;
  /** Extra XML inside the Beneficiario, after the PrestazioniSociali (e.g. a 6th Indirizzo). */
  extra?: string;
}

/** Valid codici fiscali of test persons (check characters computed), by number. */
export const TEST_TAX_CODES = ['RSSMRK66C14H501U', 'BNCGLI75S42F205Y', 'SPSNNA48E70F839Y', 'RMNGPP39A27L219I', 'FRRLNE90L44L219T'];

const escape = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const attrs = (values: Record<string, string | undefined>): string =>
  Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${escape(v as string)}"`).join(' ');

/** A periodic benefit that passes every rule; tests change one attribute at a time. */
export function validPrestazione(n: number): Record<string, string> {
  return {
    TipoOperazione: 'I', PresenzaProvaMezzi: '4', CaratterePrestazione: '1', CodicePrestazione: 'A1.16',
    DenominazionePrestazione: 'Contributi economici per servizio trasporto e mobilità', ProtocolloDomanda: `PROT-${n}`,
    DataInizioPrestazione: '2024-01-10', DataFinePrestazione: '2024-06-30', ImportoMensile: '100.00', PeriodoErogazione: '6',
    ImportoQuotaEnte: '60.00', ImportoQuotaUtente: '40.00', PresaCarico: '1', AreaUtenza: '2',
  };
}

const VALID_SINA = { Mobilita: '1', AttivitaVitaQuotidiana: '1', DisturbiComportamentali: '1', AreaReddituale: '1', AreaSupporto: '1', FonteDerivazioneValutazione: '1', StrumentoValutazione: '1' };

/** A PS_PSA_SINA201812 flow with one Beneficiario per record, from the Comune di Roma. */
export function psFlowXml(name: string, records: TestPs[]): string {
  const body = records.map((r, i) => {
    const anagrafica = { Cognome: 'ROSSI', Nome: 'MIRKO', AnnoNascita: '1966', LuogoNascita: 'H501', Genere: '1', CodiceCittadinanza: '380', ...r.anagrafica };
    const indirizzi = r.indirizzi ?? [{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }];
    const sina = r.sina ? `<SINA ${attrs({ ...VALID_SINA, ...r.sina })}/>` : '';
    return `  <Beneficiario CodiceFiscale="${r.taxCode ?? TEST_TAX_CODES[i % TEST_TAX_CODES.length]}">
    <Anagrafica ${attrs(anagrafica)}/>
    ${indirizzi.map((ind) => `<Indirizzo ${attrs(ind)}/>`).join('\n    ')}
    <PrestazioniSociali ${attrs({ ...validPrestazione(i + 1), ...r.prestazione })}>${sina}</PrestazioniSociali>${r.extra ?? ''}
  </Beneficiario>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Flusso xmlns="http://inps.it/Casellario">
  <IdentificazioneFlusso Nome="${name}">
    <Ente Codice="H501" Denominazione="Comune di Roma" Indirizzo="H501" CFOperatore="XXXXXX80P20B501B"/>
  </IdentificazioneFlusso>
${body}
</Flusso>
`;
}
