import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { parse } from 'yaml';
import { italianDate } from '../common/dates.ts';
import { validateWaasRequest, validateWaasResponse, WAAS_BASE_PATH } from './openapi.ts';
import { createOutbox, exampleFile, type Flusso, OFFICIAL_EXAMPLES } from './outbox.ts';
import { createWaasServer, type WaasServer } from './server.ts';

const NOW = new Date('2026-01-12T09:30:00.000Z');
const AUTH = { authorization: 'Bearer test-voucher' };
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' };

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  body: any;
}

async function call(server: WaasServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? AUTH,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

const flussi = (server: WaasServer, query: string) => call(server, `${WAAS_BASE_PATH}/flussi?${query}`);
const postEsiti = (server: WaasServer, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  call(server, `${WAAS_BASE_PATH}/esiti`, { method: 'POST', headers, body });

function esito(flow: Flusso, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const all = { id_flusso: flow.id_flusso, tipo: flow.tipo, ts_flusso: flow.ts_flusso, ts_acquisizione: NOW.toISOString(), codice_esito: 'OK', id_acquisizione_siuss: '22738', ...changes };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

/** The attributes of the first `<name .../>` element of a flow. */
function attributes(xml: string, name: string): Record<string, string> {
  const tag = new RegExp(`<${name}\\b([^>]*?)/?>`).exec(xml)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

const cents = (amount: string | undefined) => (amount === undefined ? 0 : Math.round(Number(amount) * 100));

/** The nomenclatore: code -> validity, from packages/reference. */
const nomenclatore = new Map(
  readFileSync(new URL('../../../packages/reference/data/benefit-codes.csv', import.meta.url), 'utf8')
    .split('\n').slice(1).filter(Boolean)
    .map((line) => line.split(',')).map((cells) => [cells[0], { from: cells.at(-4) ?? '', to: cells.at(-3) ?? '' }] as const),
);

describe('the Comune outbox', () => {
  it('starts with the three official examples, byte for byte, then the generated flows, in strictly increasing ts_flusso', () => {
    const outbox = createOutbox({ generated: 12 });
    expect(outbox.flows.map((flow) => flow.origin)).toEqual([...Array(3).fill('example'), ...Array(12).fill('generated')]);
    OFFICIAL_EXAMPLES.forEach((example, i) => {
      const flow = outbox.flows[i]!.flusso;
      expect(flow).toMatchObject({ codice_ente: 'H501', denominazione_ente: 'Comune di Roma', id_flusso: example.id_flusso, tipo: example.tipo });
      expect(Buffer.from(flow.flusso, 'base64').equals(readFileSync(exampleFile(example.file)))).toBe(true);
    });
    const times = outbox.flows.map((flow) => flow.ts);
    times.slice(1).forEach((ts, i) => expect(ts).toBeGreaterThan(times[i]!));
    for (const flow of outbox.flows) expect(Date.parse(flow.flusso.ts_flusso)).toBe(flow.ts);
  });

  it('generates the same flows from the same seed, whatever follows them or precedes them', () => {
    const ten = createOutbox({ generated: 10 }).flows.filter((flow) => flow.origin === 'generated');
    expect(createOutbox({ generated: 10 }).flows.filter((flow) => flow.origin === 'generated')).toEqual(ten);
    expect(createOutbox({ generated: 4, includeExamples: false }).flows).toEqual(ten.slice(0, 4));
    const other = createOutbox({ generated: 10, seed: 'another' }).flows.filter((flow) => flow.origin === 'generated');
    expect(other.map((flow) => flow.xml)).not.toEqual(ten.map((flow) => flow.xml));
  });

  it('generates one beneficiary with one periodic benefit per flow, as the WaaS channel and the rules want', () => {
    const generated = createOutbox({ generated: 200, includeExamples: false }).flows;
    let withQuotas = 0;
    let withDsu = 0;
    for (const { flusso, xml } of generated) {
      expect(flusso.id_flusso).toMatch(/^H501\.PS\.\d{8}\.\d{8}$/);
      expect(flusso.id_flusso.slice(8, 16)).toBe(italianDate(new Date(flusso.ts_flusso)).replace(/-/g, ''));
      expect(Buffer.from(flusso.flusso, 'base64').toString('utf8')).toBe(xml);
      expect(xml.match(/<Beneficiario\b/g)).toHaveLength(1);
      expect(xml.match(/<PrestazioniSociali\b/g)).toHaveLength(1);
      expect(attributes(xml, 'IdentificazioneFlusso')['Nome']).toBe(flusso.id_flusso);
      expect(attributes(xml, 'Ente')).toMatchObject({ Codice: 'H501', Indirizzo: 'H501', Denominazione: 'Comune di Roma' });
      expect(isValidCodiceFiscale(attributes(xml, 'Ente')['CFOperatore'] ?? '')).toBe(true);
      expect(isValidCodiceFiscale(attributes(xml, 'Beneficiario')['CodiceFiscale'] ?? '')).toBe(true);
      expect(attributes(xml, 'Indirizzo')).toEqual({ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' });

      const p = attributes(xml, 'PrestazioniSociali');
      expect(p).toMatchObject({ TipoOperazione: 'I', CaratterePrestazione: '1', PresaCarico: '2' });
      expect(p['DataInizioPrestazione']! <= flusso.ts_flusso.slice(0, 10)).toBe(true);
      if (p['DataFinePrestazione']) {
        expect(p['DataFinePrestazione'].slice(0, 4)).toBe(p['DataInizioPrestazione']!.slice(0, 4));
        expect(p['DataFinePrestazione'] >= p['DataInizioPrestazione']!).toBe(true);
      }
      const validity = nomenclatore.get(p['CodicePrestazione']!);
      expect(validity).toBeDefined();
      expect(validity!.from <= p['DataInizioPrestazione']! && (validity!.to === '' || p['DataInizioPrestazione']! <= validity!.to)).toBe(true);
      expect(p['ImportoMensile']).toMatch(/^\d+\.\d{2}$/);
      expect(cents(p['ImportoMensile'])).toBeGreaterThan(0);
      const quotas = ['ImportoQuotaEnte', 'ImportoQuotaUtente', 'ImportoQuotaSSN'].filter((name) => p[name] !== undefined);
      if (quotas.length > 0) {
        withQuotas += 1;
        for (const name of quotas) expect(cents(p[name])).toBeGreaterThan(0);
        expect(quotas.reduce((sum, name) => sum + cents(p[name]), 0)).toBe(cents(p['ImportoMensile']));
      }
      const dsu = ['NumeroProtocolloDSU', 'AnnoProtocolloDSU', 'DataDSU'].filter((name) => p[name] !== undefined);
      expect([0, 3]).toContain(dsu.length);
      if (dsu.length === 3) {
        withDsu += 1;
        expect(p['PresenzaProvaMezzi']).toBe('1');
      }
    }
    expect(withQuotas).toBeGreaterThan(50);
    expect(withDsu).toBeGreaterThan(20);
  });

  it("generates another Comune's flows with its own code, seat and residence, and without Roma's examples", () => {
    const outbox = createOutbox({ enteCode: 'F205', generated: 3 });
    expect(outbox.flows.map((flow) => flow.origin)).toEqual(['generated', 'generated', 'generated']);
    for (const { flusso, xml } of outbox.flows) {
      expect(flusso).toMatchObject({ codice_ente: 'F205', denominazione_ente: 'Comune di Milano' });
      expect(flusso.id_flusso).toMatch(/^F205\.PS\./);
      expect(attributes(xml, 'Indirizzo')).toEqual({ CodiceRegione: '03', CodiceComune: '015146', CodiceNazione: '380' });
    }
    expect(() => createOutbox({ enteCode: 'X999' })).toThrow(/X999 is not the Belfiore code of a current Comune/);
  });
});

describe('the WaaS OpenAPI validator', () => {
  const document = parse(readFileSync(new URL('./api-comuni.v2.0.1.yaml', import.meta.url), 'utf8'));
  const responseExamples = document.paths['/flussi'].get.responses['200'].content['application/json'].examples;
  const esitiExample = document.paths['/esiti'].post.requestBody.content['application/json'].example;

  it("accepts the document's own examples", () => {
    expect(validateWaasResponse('Flussi', 200, responseExamples.RispostaConFlussi.value, 'application/json')).toEqual([]);
    expect(validateWaasResponse('GET /flussi', 200, responseExamples.RispostaVuota.value)).toEqual([]);
    expect(validateWaasRequest({ method: 'POST', path: '/esiti', headers: { 'content-type': 'application/json' }, body: esitiExample })).toEqual([]);
    expect(validateWaasRequest({ method: 'GET', path: '/waas/v1/flussi?since=0&limit=10', headers: AUTH })).toEqual([]);
  });

  it('names every off-spec field of a request, never quoting its value', () => {
    expect(validateWaasRequest({ method: 'GET', path: '/flussi', query: 'limit=1e3&max_entries=5' })).toEqual([
      'query.limit: must be integer',
      'query.since: is required',
      'query.max_entries: is not allowed here (additionalProperties: false)',
      'query.limit: must be <= 100',
      'header.authorization: a PDND voucher is required (Authorization: Bearer <token>)',
    ]);
    const errors = validateWaasRequest({
      method: 'POST',
      path: '/esiti',
      headers: { 'content-type': 'application/json' },
      body: { elenco_esiti: [{ id_flusso: 'X', tipo: 'PS', ts_flusso: '2025-02-30T10:00:00Z', codice_esito: 'FOO' }] },
    });
    expect(errors).toEqual([
      'body.elenco_esiti[0].ts_acquisizione: is required',
      'body.elenco_esiti[0].ts_flusso: must match format "date-time"',
      'body.elenco_esiti[0].codice_esito: must be one of OK, DATI_NON_TROVATI, RICHIESTA_INVALIDA, ERRORE_GENERICO',
    ]);
    expect(validateWaasRequest({ method: 'POST', path: '/esiti', headers: { 'content-type': 'text/plain' }, body: '{"elenco_esiti": [' })).toEqual([
      'header.content-type: must be application/json',
      'body: is not valid JSON',
    ]);
    expect(validateWaasRequest({ method: 'DELETE', path: '/flussi' })).toEqual(['DELETE /flussi: the document allows only GET on this path']);
  });

  it('names every off-spec field of a response, its status and its media type', () => {
    const flow = { codice_ente: 'h501', id_flusso: 'H501.PS.20250602.00000001', tipo: 'PS', ts_flusso: '2025-06-02 08:00', flusso: 'not base64!', extra: 1 };
    expect(validateWaasResponse('Flussi', 200, { elenco_flussi: [flow] })).toEqual([
      'body.elenco_flussi[0].extra: is not allowed here (additionalProperties: false)',
      'body.elenco_flussi[0].codice_ente: must match pattern "^[A-Z][0-9]{3}$"',
      'body.elenco_flussi[0].tipo: must be one of PS_PSA_SINA, SINBA',
      'body.elenco_flussi[0].ts_flusso: must match format "date-time"',
      'body.elenco_flussi[0].flusso: must match format "byte"',
    ]);
    expect(validateWaasResponse('Flussi', 401, {})).toEqual(['status: 401 is not declared for Flussi (declared: 200, 400, 404, 500)']);
    expect(validateWaasResponse('NotificaEsiti', 204, { ok: true })).toEqual(['body: response 204 of NotificaEsiti has no content, but a body was given']);
    expect(validateWaasResponse('healthCheck', 200, { status: 200 }, 'application/json')).toEqual(['header.content-type: must be application/problem+json for healthCheck 200']);
    expect(validateWaasResponse('NotificaEsiti', 400, { type: '/problems/x', status: 400, 'invalid-params': [] }, 'application/problem+json')).toEqual([
      'body.invalid-params: is not allowed here (additionalProperties: false)',
      'body.type: must match format "uri"',
    ]);
    expect(() => validateWaasResponse('Unknown', 200, {})).toThrow(/No operation "Unknown"/);
  });
});

describe('the Comune WaaS mock over HTTP', () => {
  let server: WaasServer;
  let twin: WaasServer;

  beforeAll(async () => {
    server = await createWaasServer({ outbox: { generated: 20 }, now: () => NOW });
    twin = await createWaasServer({ outbox: { generated: 20 }, now: () => NOW });
  });

  beforeEach(() => server.reset());

  afterAll(async () => {
    await server?.close();
    await twin?.close();
  });

  it('serves the API under the base path of the OpenAPI server URL', () => {
    expect(WAAS_BASE_PATH).toBe('/waas/v1');
    expect(server.apiUrl).toBe(`${server.url}/waas/v1`);
  });

  it('pages through the outbox by since and limit, oldest first, every answer on spec', async () => {
    const seen: Flusso[] = [];
    let since = 0;
    for (let page = 0; page < 10; page++) {
      const answer = await flussi(server, `since=${since}&limit=7`);
      expect(answer.status).toBe(200);
      expect(validateWaasResponse('Flussi', answer.status, answer.body, answer.type ?? undefined)).toEqual([]);
      const list: Flusso[] = answer.body.elenco_flussi;
      if (list.length === 0) break;
      expect(list.length).toBeLessThanOrEqual(7);
      for (const flow of list) expect(Date.parse(flow.ts_flusso)).toBeGreaterThan(since);
      seen.push(...list);
      since = Date.parse(list.at(-1)!.ts_flusso);
    }
    expect(seen).toEqual(server.outbox.flows.map((flow) => flow.flusso));
    expect(seen).toHaveLength(23);
    expect((await flussi(server, 'since=0')).body.elenco_flussi).toHaveLength(10);
    expect((await flussi(server, 'since=0&limit=0')).body).toEqual({ elenco_flussi: [] });
    expect((await flussi(server, `since=${since}`)).body).toEqual({ elenco_flussi: [] });
    expect((await flussi(twin, 'since=0&limit=100')).body).toEqual((await flussi(server, 'since=0&limit=100')).body);
    expect(server.violations).toEqual([]);
  });

  it('serves the official examples whose base64 decodes to the published XML byte for byte', async () => {
    const list: Flusso[] = (await flussi(server, 'since=0&limit=3')).body.elenco_flussi;
    expect(list.map((flow) => flow.id_flusso)).toEqual(OFFICIAL_EXAMPLES.map((example) => example.id_flusso));
    list.forEach((flow, i) => expect(Buffer.from(flow.flusso, 'base64').equals(readFileSync(exampleFile(OFFICIAL_EXAMPLES[i]!.file)))).toBe(true));
  });

  it('answers 400 problem+json to a limit over 100 or a bad since, and records the violation', async () => {
    const answer = await flussi(server, 'since=0&limit=101');
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: 'about:blank', title: 'Richiesta non valida', status: 400, instance: `${server.url}/waas/v1/flussi` });
    expect(answer.body.detail).toContain('query.limit: must be <= 100');
    expect(validateWaasResponse('Flussi', 400, answer.body, answer.type ?? undefined)).toEqual([]);
    expect((await flussi(server, 'limit=5')).body.detail).toContain('query.since: is required');
    expect((await flussi(server, 'since=-1')).body.detail).toContain('query.since: must be >= 0');
    expect((await flussi(server, 'since=yesterday')).status).toBe(400);
    expect(server.violations.map((violation) => [violation.operationId, violation.status, violation.query])).toEqual([
      ['Flussi', 400, 'since=0&limit=101'],
      ['Flussi', 400, 'limit=5'],
      ['Flussi', 400, 'since=-1'],
      ['Flussi', 400, 'since=yesterday'],
    ]);
    const viaHttp = await call(server, '/__violations');
    expect(viaHttp.body.violations).toEqual(server.violations);
  });

  it('takes esiti with 204 and records them in order with the time received', async () => {
    const [first, second] = server.outbox.flows.map((flow) => flow.flusso);
    const body = { elenco_esiti: [esito(first!), esito(second!, { codice_esito: 'RICHIESTA_INVALIDA', descrizione_esito: 'Tre prestazioni in un flusso', id_acquisizione_siuss: undefined })] };
    expect(validateWaasRequest({ method: 'POST', path: `${WAAS_BASE_PATH}/esiti`, headers: JSON_HEADERS, body })).toEqual([]);
    const answer = await postEsiti(server, body);
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(validateWaasResponse('NotificaEsiti', 204, answer.body)).toEqual([]);
    expect((await postEsiti(server, { elenco_esiti: [esito(first!, { id_flusso: 'H501.PS.20990101.00000001' })] })).status).toBe(204);
    expect((await postEsiti(server, { elenco_esiti: [] })).status).toBe(204);
    const received = (await call(server, '/__esiti')).body.esiti;
    expect(received).toEqual([
      { receivedAt: NOW.toISOString(), esito: body.elenco_esiti[0], knownFlow: true },
      { receivedAt: NOW.toISOString(), esito: body.elenco_esiti[1], knownFlow: true },
      { receivedAt: NOW.toISOString(), esito: expect.objectContaining({ id_flusso: 'H501.PS.20990101.00000001' }), knownFlow: false },
    ]);
    expect(server.violations).toEqual([]);
  });

  it('refuses an off-spec esito with 400, naming the field, and records it as a violation', async () => {
    const flow = server.outbox.flows[3]!.flusso;
    const wrongCode = await postEsiti(server, { elenco_esiti: [esito(flow, { codice_esito: 'FOO' })] });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.detail).toContain('body.elenco_esiti[0].codice_esito: must be one of OK, DATI_NON_TROVATI, RICHIESTA_INVALIDA, ERRORE_GENERICO');
    expect(wrongCode.body.detail).not.toContain('FOO');
    expect(validateWaasResponse('NotificaEsiti', 400, wrongCode.body, wrongCode.type ?? undefined)).toEqual([]);
    const { ts_acquisizione: _dropped, ...withoutTime } = esito(flow);
    const missing = await postEsiti(server, { elenco_esiti: [withoutTime] });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('body.elenco_esiti[0].ts_acquisizione: is required');
    expect((await postEsiti(server, '{"elenco_esiti": [')).body.detail).toContain('body: is not valid JSON');
    expect(server.esiti).toEqual([]);
    expect(server.violations.map((violation) => violation.errors)).toEqual([
      ['body.elenco_esiti[0].codice_esito: must be one of OK, DATI_NON_TROVATI, RICHIESTA_INVALIDA, ERRORE_GENERICO'],
      ['body.elenco_esiti[0].ts_acquisizione: is required'],
      ['body: is not valid JSON'],
    ]);
  });

  it('fails the next POST /esiti with 503 and Retry-After after failEsiti, then takes the retry', async () => {
    const control = await call(server, '/__control', { method: 'POST', body: { failEsiti: 2 } });
    expect(control.body).toMatchObject({ registry: 'waas', failEsiti: 2 });
    const body = { elenco_esiti: [esito(server.outbox.flows[4]!.flusso)] };
    for (let i = 0; i < 2; i++) {
      const failed = await postEsiti(server, body);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
      expect(failed.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(validateWaasResponse('NotificaEsiti', 503, failed.body, failed.type ?? undefined)).toEqual([]);
    }
    expect(server.esiti).toEqual([]);
    expect((await postEsiti(server, body)).status).toBe(204);
    expect(server.esiti).toHaveLength(1);
    expect((await call(server, '/__control')).body.failEsiti).toBe(0);
    expect((await call(server, '/__control', { method: 'POST', body: { failEsiti: -1 } })).status).toBe(400);
  });

  it('answers 401 problem+json without a PDND bearer voucher, and serves /status without one', async () => {
    const noVoucher = await call(server, `${WAAS_BASE_PATH}/flussi?since=0`, { headers: {} });
    expect(noVoucher.status).toBe(401);
    expect(noVoucher.headers.get('www-authenticate')).toBe('Bearer');
    expect(noVoucher.body).toMatchObject({ status: 401, title: 'Non autorizzato' });
    const basic = await postEsiti(server, { elenco_esiti: [] }, { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    expect(validateWaasResponse('NotificaEsiti', 401, basic.body, basic.type ?? undefined)).toEqual([]);
    expect(server.violations.map((violation) => [violation.operationId, violation.status])).toEqual([['Flussi', 401], ['NotificaEsiti', 401]]);

    const status = await call(server, `${WAAS_BASE_PATH}/status`, { headers: {} });
    expect(status.status).toBe(200);
    expect(status.type).toMatch(/^application\/problem\+json/);
    expect(validateWaasResponse('healthCheck', 200, status.body, status.type ?? undefined)).toEqual([]);
  });

  it('answers 404 and 405 off the OpenAPI paths, recording them', async () => {
    const outside = await call(server, '/flussi?since=0');
    expect(outside.status).toBe(404);
    expect(outside.body.detail).toContain('GET /flussi: no such operation');
    expect((await call(server, `${WAAS_BASE_PATH}/esiti`)).status).toBe(405);
    expect(server.violations.map((violation) => [violation.path, violation.status])).toEqual([['/flussi', 404], ['/waas/v1/esiti', 405]]);
  });

  it('appends a flow with the next ts_flusso, served after the others', async () => {
    const last = server.outbox.flows.at(-1)!;
    const xml = '<Flusso xmlns="http://inps.it/Casellario"><IdentificazioneFlusso Nome="H501.SINBA.20260112.00000001"/></Flusso>';
    const added = await call(server, '/__flows', { method: 'POST', body: { xml, tipo: 'SINBA' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ codice_ente: 'H501', id_flusso: 'H501.SINBA.20260112.00000001', tipo: 'SINBA', ts_flusso: NOW.toISOString() });
    const again = await call(server, '/__flows', { method: 'POST', body: { xml: '<Flusso/>', tipo: 'PS_PSA_SINA' } });
    expect(again.body).toMatchObject({ id_flusso: 'H501.PS.20260112.00000001', ts_flusso: new Date(NOW.getTime() + 1).toISOString() });
    const answer = await flussi(server, `since=${last.ts}`);
    expect(answer.body.elenco_flussi).toEqual([added.body, again.body]);
    expect(Buffer.from(answer.body.elenco_flussi[0].flusso, 'base64').toString('utf8')).toBe(xml);
    expect(validateWaasResponse('Flussi', 200, answer.body)).toEqual([]);
    expect((await call(server, '/__flows', { method: 'POST', body: { xml: '', tipo: 'PS' } })).status).toBe(400);

    expect((await call(server, '/__reset', { method: 'POST' })).body).toEqual({ reset: true, flows: 23 });
    expect((await flussi(server, `since=${last.ts}`)).body).toEqual({ elenco_flussi: [] });
  });

  it('slows, fails and drops the API on demand, but never its test endpoints', async () => {
    server.setBehaviour({ latencyMs: 300 });
    let started = performance.now();
    expect((await call(server, '/__violations')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    started = performance.now();
    expect((await flussi(server, 'since=0')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    server.setBehaviour({ latencyMs: 0, errorRate: 1 });
    const failed = await flussi(server, 'since=0');
    expect(failed.status).toBe(503);
    expect(validateWaasResponse('NotificaEsiti', 503, failed.body, failed.type ?? undefined)).toEqual([]);
    server.setBehaviour({ errorRate: 0, outage: true });
    await expect(fetch(`${server.apiUrl}/status`)).rejects.toThrow();
    expect((await call(server, '/__esiti')).status).toBe(200);
    expect(server.requestsByRoute()).toEqual({ Flussi: 2, healthCheck: 1 });
    await call(server, '/__reset', { method: 'POST' });
    expect(server.behaviour).toEqual({ latencyMs: 0, errorRate: 0, outage: false });
    expect(server.requests).toBe(0);
  });
});
