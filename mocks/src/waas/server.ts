import {
  type Behaviour,
  type ControlExtension,
  invalidRequest,
  type InvalidParam,
  type MockServer,
  NORMAL_BEHAVIOUR,
  Problem,
  Reply,
  type Route,
  type RouteRequest,
  startMockServer,
} from '../common/http.ts';
import { objectBody } from '../common/validation.ts';
import { checkWaasRequest, hasBearer, WAAS_BASE_PATH, WAAS_OPERATIONS, type WaasOperationId } from './openapi.ts';
import { createOutbox, type NewFlow, type Outbox, type OutboxOptions, TIPI_FLUSSO, type TipoFlusso } from './outbox.ts';

export type { Behaviour, MockServer } from '../common/http.ts';

export interface WaasServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  /** What the Comune has to send: ente, generated flows, official examples, seed (see `createOutbox`). */
  outbox?: OutboxOptions;
  /** The Comune's clock: ts_flusso of appended flows, time of receipt of esiti and violations. */
  now?: () => Date;
}

/** One esito the Comune received and acknowledged with 204, in order of receipt. */
export interface ReceivedEsito {
  receivedAt: string;
  /** As sent (an `EsitoFlusso`). */
  esito: Record<string, unknown>;
  /** The esito names a flow of the outbox by both id_flusso and ts_flusso. */
  knownFlow: boolean;
}

/** A request that broke the WaaS OpenAPI (or lacked the PDND voucher), and how the mock answered it. */
export interface RequestViolation {
  receivedAt: string;
  method: string;
  path: string;
  /** The query string as sent, without `?`. Bodies are not kept. */
  query: string;
  operationId: WaasOperationId | null;
  /** The status the mock answered with (400, 401, 404, 405, or 503 while `failEsiti` lasted). */
  status: number;
  errors: string[];
}

/** A started Comune WaaS mock: a `MockServer` plus the Comune's side of the exchange. */
export interface WaasServer extends MockServer {
  /** Base URL of the API, `url` + `/waas/v1`: what the hub is configured with (SIUSS_WAAS_URL). */
  apiUrl: string;
  outbox: Outbox;
  readonly esiti: readonly ReceivedEsito[];
  readonly violations: readonly RequestViolation[];
  /** The next `count` POST /esiti answer 503 (with Retry-After) whatever they carry. */
  failEsiti(count: number): void;
  /** Forgets esiti, violations and appended flows; back to the starting behaviour, no esiti failing, counters at 0. */
  reset(): void;
}

const VOUCHER_REQUIRED = 'header.authorization: the Comune requires a PDND voucher (Authorization: Bearer <token>) on every operation but /status';
const MAX_FAIL_ESITI = 1000;
const MAX_FLUSSO_LENGTH = 10_000_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** WaaS problems follow the document's `Problem` schema: five members, absolute `type` and `instance` URIs. */
function waasProblemBody(problem: Problem, request: { url: string }): Record<string, unknown> {
  const params = (problem.extra['invalid-params'] as InvalidParam[] | undefined) ?? [];
  const detail = [problem.message, ...params.map((param) => `${param.name}: ${param.reason}.`)].join(' ').slice(0, 4096);
  const type = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(problem.type) ? problem.type : 'about:blank';
  return { type, title: problem.title, status: problem.status, detail, instance: request.url };
}

function newFlowOf(body: unknown): NewFlow {
  const input = objectBody(body, '{"xml": "<Flusso ...>", "tipo": "PS_PSA_SINA", "id_flusso": "H501.PS.20250602.00000099"}');
  const params: InvalidParam[] = [];
  if (typeof input['xml'] !== 'string' || input['xml'].trim() === '') params.push({ name: 'xml', reason: 'the flow XML, a non-empty string' });
  else if (Math.ceil(Buffer.byteLength(input['xml'], 'utf8') / 3) * 4 > MAX_FLUSSO_LENGTH) params.push({ name: 'xml', reason: `at most ${MAX_FLUSSO_LENGTH} characters once base64-encoded (Flusso.flusso maxLength)` });
  if (!TIPI_FLUSSO.includes(input['tipo'] as TipoFlusso)) params.push({ name: 'tipo', reason: 'PS_PSA_SINA or SINBA' });
  const id = input['id_flusso'];
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > 64)) params.push({ name: 'id_flusso', reason: 'a string of 1 to 64 characters' });
  for (const key of Object.keys(input)) {
    if (!['xml', 'tipo', 'id_flusso'].includes(key)) params.push({ name: key, reason: 'unknown field; use xml, tipo and id_flusso' });
  }
  if (params.length > 0) throw invalidRequest('Invalid flow.', params);
  return { xml: input['xml'] as string, tipo: input['tipo'] as TipoFlusso, ...(typeof id === 'string' ? { id_flusso: id } : {}) };
}

/**
 * Starts a mock Comune that exposes the WaaS.Comuni API v2.0.1 (the ente side: INPS, here the
 * hub, polls it) under `/waas/v1`, and resolves once it listens. `GET /flussi` pages through the
 * outbox by ts_flusso; `POST /esiti` keeps what INPS reports; `GET /status` is the health check.
 * Every API request is checked against the OpenAPI document: an off-spec one is answered 400
 * problem+json naming what is wrong, and recorded with the others in `violations`. Tests steer it
 * with `failEsiti`, `setBehaviour` and `reset`, or over HTTP (`/__control`, `/__esiti`,
 * `/__violations`, `/__flows`, `/__reset`); `index.ts` runs it under `npm start`.
 */
export async function createWaasServer(options: WaasServerOptions = {}): Promise<WaasServer> {
  const now = options.now ?? (() => new Date());
  const outbox = createOutbox(options.outbox);
  const startingBehaviour: Behaviour = { ...NORMAL_BEHAVIOUR, ...options.behaviour };
  let esiti: ReceivedEsito[] = [];
  let violations: RequestViolation[] = [];
  let failing = 0;
  let server: MockServer | undefined;

  const setFailing = (value: unknown, params: InvalidParam[]): void => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_FAIL_ESITI) failing = value;
    else params.push({ name: 'failEsiti', reason: `an integer from 0 to ${MAX_FAIL_ESITI}: how many of the next POST /esiti answer 503` });
  };
  const control: ControlExtension = {
    keys: ['failEsiti'],
    apply(input) {
      const params: InvalidParam[] = [];
      if (input['failEsiti'] !== undefined) setFailing(input['failEsiti'], params);
      if (params.length > 0) throw invalidRequest('Invalid settings.', params);
    },
    state: () => ({ failEsiti: failing }),
  };
  const record = (request: RouteRequest, operationId: WaasOperationId | null, status: number, errors: string[]): void => {
    violations.push({ receivedAt: now().toISOString(), method: request.method, path: request.path, query: request.rawQuery, operationId, status, errors });
  };

  const answer = (operationId: WaasOperationId, request: RouteRequest, body: unknown): Reply => {
    switch (operationId) {
      case 'Flussi': {
        const since = Number(request.query.get('since'));
        const limit = Number(request.query.get('limit') ?? 10);
        return new Reply(200, { elenco_flussi: outbox.since(since, limit) });
      }
      case 'NotificaEsiti': {
        const receivedAt = now().toISOString();
        const list = ((body as { elenco_esiti?: Array<Record<string, unknown>> }).elenco_esiti ?? []);
        for (const esito of list) {
          const known = outbox.find(String(esito['id_flusso']), Date.parse(String(esito['ts_flusso']))) !== undefined;
          esiti.push({ receivedAt, esito, knownFlow: known });
        }
        return new Reply(204);
      }
      case 'healthCheck':
        return new Reply(200, { type: 'about:blank', title: 'OK', status: 200, detail: 'Il servizio funziona correttamente.' }, { contentType: 'application/problem+json; charset=utf-8' });
    }
  };

  const serve = (operationId: WaasOperationId, request: RouteRequest): Reply => {
    const check = checkWaasRequest({ method: request.method, path: request.path, query: request.rawQuery, headers: request.headers, body: request.body });
    const errors = [...check.errors];
    // The document declares the PDND scheme on GET /flussi only, but a PDND e-service is reached
    // only with a voucher, and INPS sends one on every call: the mock asks for it on /esiti too.
    const missingVoucher = operationId !== 'healthCheck' && !hasBearer(request.headers);
    if (missingVoucher && !check.unauthenticated) errors.push(VOUCHER_REQUIRED);
    const failsNow = !missingVoucher && operationId === 'NotificaEsiti' && failing > 0;
    const status = missingVoucher ? 401 : failsNow ? 503 : errors.length > 0 ? 400 : 0;
    if (errors.length > 0) record(request, operationId, status, errors);
    if (missingVoucher) {
      throw new Problem(401, 'Non autorizzato', 'A PDND voucher is required: Authorization: Bearer <token>.', { headers: { 'www-authenticate': 'Bearer' } });
    }
    if (failsNow) {
      failing -= 1;
      throw new Problem(503, 'Service Unavailable', 'Esiti temporaneamente non recepibili; riprovare più tardi.');
    }
    if (errors.length > 0) throw new Problem(400, 'Richiesta non valida', `Off-spec request (WaaS.Comuni OpenAPI v2.0.1): ${errors.join('; ')}.`);
    return answer(operationId, request, typeof request.body === 'string' && request.body !== '' ? JSON.parse(request.body) : undefined);
  };

  const unmatched = (request: RouteRequest): never => {
    const allowed = WAAS_OPERATIONS.filter((op) => `${WAAS_BASE_PATH}${op.path}` === request.path).map((op) => op.method);
    const error = allowed.length > 0
      ? `${request.method} ${request.path}: the OpenAPI allows only ${allowed.join(', ')} on this path`
      : `${request.method} ${request.path}: no such operation; the API has ${WAAS_OPERATIONS.map((op) => `${op.method} ${WAAS_BASE_PATH}${op.path}`).join(', ')}`;
    const status = allowed.length > 0 ? 405 : 404;
    record(request, null, status, [error]);
    throw new Problem(status, allowed.length > 0 ? 'Method Not Allowed' : 'Not Found', `${error}.`);
  };

  const api: Route[] = WAAS_OPERATIONS.map((op) => ({
    method: op.method as Route['method'],
    pattern: new RegExp(`^${escapeRegExp(`${WAAS_BASE_PATH}${op.path}`)}$`),
    name: op.operationId,
    rawBody: true,
    handle: (request: RouteRequest) => serve(op.operationId, request),
  }));
  const tests: Route[] = [
    { method: 'GET', pattern: /^\/__esiti$/, name: 'esiti', internal: true, handle: () => ({ esiti }) },
    { method: 'GET', pattern: /^\/__violations$/, name: 'violations', internal: true, handle: () => ({ violations }) },
    {
      method: 'GET',
      pattern: /^\/__flows$/,
      name: 'flows',
      internal: true,
      handle: () => ({ flows: outbox.flows.map(({ flusso, origin }) => ({ id_flusso: flusso.id_flusso, tipo: flusso.tipo, ts_flusso: flusso.ts_flusso, origin })) }),
    },
    { method: 'POST', pattern: /^\/__flows$/, name: 'append-flow', internal: true, handle: ({ body }) => new Reply(201, outbox.append(newFlowOf(body), now()).flusso) },
    {
      method: 'POST',
      pattern: /^\/__reset$/,
      name: 'reset',
      internal: true,
      handle: () => {
        reset();
        return { reset: true, flows: outbox.flows.length };
      },
    },
  ];
  const fallback: Route[] = (['GET', 'POST'] as const).map((method) => ({ method, pattern: /^\/(?!__)/, name: 'unmatched', rawBody: true, handle: unmatched }));

  const reset = (): void => {
    esiti = [];
    violations = [];
    failing = 0;
    outbox.reset();
    server?.setBehaviour(startingBehaviour);
    server?.resetCounters();
  };

  const started = await startMockServer({
    name: 'waas',
    routes: [...api, ...tests, ...fallback],
    maxBodyBytes: 16 * 1024 * 1024,
    problemBody: waasProblemBody,
    control,
    behaviour: startingBehaviour,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  server = started;
  return {
    url: started.url,
    port: started.port,
    apiUrl: `${started.url}${WAAS_BASE_PATH}`,
    get behaviour() {
      return started.behaviour;
    },
    setBehaviour: started.setBehaviour,
    get requests() {
      return started.requests;
    },
    requestsByRoute: started.requestsByRoute,
    resetCounters: started.resetCounters,
    close: started.close,
    outbox,
    get esiti() {
      return esiti;
    },
    get violations() {
      return violations;
    },
    failEsiti(count: number) {
      const params: InvalidParam[] = [];
      setFailing(count, params);
      if (params.length > 0) throw new RangeError(`failEsiti: ${params[0]?.reason}`);
    },
    reset,
  };
}
