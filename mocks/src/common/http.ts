import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the mock misbehaves, changeable at run time (`setBehaviour`, `POST /__control`). */
export interface Behaviour {
  /** Delay before every API answer, errors included. */
  latencyMs: number;
  /** Share (0-1) of API requests answered with 503 Service Unavailable. */
  errorRate: number;
  /** The API is down: connections are dropped without an answer (the client sees a reset). */
  outage: boolean;
}

export const NORMAL_BEHAVIOUR: Behaviour = Object.freeze({ latencyMs: 0, errorRate: 0, outage: false });

/** An RFC 7807 problem: thrown by a route, answered as `application/problem+json`. */
export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extra: Record<string, unknown>;
  /** Extra response headers, e.g. `www-authenticate` on a 401. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    title: string,
    detail: string,
    options: { type?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.type = options.type ?? 'about:blank';
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

/**
 * A route's answer when plain `200 application/json` does not fit: another status, another media
 * type, extra headers, or no body at all (`body` undefined, e.g. a 204).
 */
export class Reply {
  readonly status: number;
  readonly body: unknown;
  readonly contentType: string;
  readonly headers: Record<string, string>;

  constructor(status: number, body?: unknown, options: { contentType?: string; headers?: Record<string, string> } = {}) {
    this.status = status;
    this.body = body;
    this.contentType = options.contentType ?? 'application/json; charset=utf-8';
    this.headers = options.headers ?? {};
  }
}

/** One invalid request parameter, as in RFC 7807's `invalid-params` example. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** A 400 problem listing every invalid parameter (never quoting personal data). */
export function invalidRequest(detail: string, params: InvalidParam[]): Problem {
  return new Problem(400, 'Richiesta non valida', detail, { type: '/problems/richiesta-non-valida', extra: { 'invalid-params': params } });
}

export interface RouteRequest {
  /** Decoded capture groups of the route pattern. */
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body of a POST (undefined when empty), or its text for a `rawBody` route. */
  body: unknown;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The query string as sent, without the `?` ('' when absent). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the whole path; capture groups become `params`. */
  pattern: RegExp;
  /** Name used by the per-route request counter. */
  name: string;
  /** A test endpoint (like /__control): not counted, and never slowed, failed or dropped by the behaviour. */
  internal?: boolean;
  /** Hand the body to `handle` as text, unparsed (the route validates it itself). */
  rawBody?: boolean;
  /** The JSON answered with 200, or a `Reply`; throws a `Problem` for an error. */
  handle(request: RouteRequest): unknown;
}

/** Settings a mock adds to `POST /__control` next to the behaviour, and reports in `GET /__control`. */
export interface ControlExtension {
  keys: readonly string[];
  /** Validates and applies the given subset of `keys` (all or nothing); throws a 400 problem naming each bad one. */
  apply(input: Record<string, unknown>): void;
  state(): Record<string, unknown>;
}

export interface MockServerOptions {
  /** Short name reported by /health and /__control, e.g. `isee`. */
  name: string;
  routes: Route[];
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
  /**
   * The members of a problem+json body. By default: type, title, status, detail, the path as
   * `instance`, and the problem's extra members. `url` is the absolute URL of the request (no query).
   */
  problemBody?(problem: Problem, request: { path: string; url: string }): Record<string, unknown>;
  control?: ControlExtension;
}

/** A started mock registry. */
export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:4101 (no trailing slash). */
  url: string;
  port: number;
  readonly behaviour: Behaviour;
  /** Merges `changes` into the behaviour and returns the result. */
  setBehaviour(changes: Partial<Behaviour>): Behaviour;
  /** API requests received (health and control requests are not counted), failed ones included. */
  readonly requests: number;
  requestsByRoute(): Record<string, number>;
  resetCounters(): void;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  if (reply.body === undefined) {
    response.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers });
    response.end();
    return;
  }
  response.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store', ...reply.headers });
  response.end(JSON.stringify(reply.body));
}

function defaultProblemBody(problem: Problem, request: { path: string }): Record<string, unknown> {
  return { type: problem.type, title: problem.title, status: problem.status, detail: problem.message, instance: request.path, ...problem.extra };
}

const CONTROL_KEYS = ['latencyMs', 'errorRate', 'outage', 'resetCounters'];

/**
 * Validates a `POST /__control` body into behaviour changes; throws a 400 problem naming each bad
 * field. `extraKeys` are a mock's own settings (see `ControlExtension`): allowed here, parsed there.
 */
export function parseBehaviourChanges(body: unknown, extraKeys: readonly string[] = []): Partial<Behaviour> & { resetCounters?: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('The body must be a JSON object such as {"latencyMs": 2000, "errorRate": 0.5, "outage": false}.', []);
  }
  const input = body as Record<string, unknown>;
  const changes: Partial<Behaviour> & { resetCounters?: boolean } = {};
  const params: InvalidParam[] = [];
  const known = [...CONTROL_KEYS, ...extraKeys];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) params.push({ name: key, reason: `unknown setting; use ${known.slice(0, -1).join(', ')} or ${known.at(-1)}` });
  }
  if (input['latencyMs'] !== undefined) {
    const value = input['latencyMs'];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 600_000) changes.latencyMs = value;
    else params.push({ name: 'latencyMs', reason: 'an integer number of milliseconds between 0 and 600000' });
  }
  if (input['errorRate'] !== undefined) {
    const value = input['errorRate'];
    if (typeof value === 'number' && value >= 0 && value <= 1) changes.errorRate = value;
    else params.push({ name: 'errorRate', reason: 'a number between 0 and 1' });
  }
  for (const key of ['outage', 'resetCounters'] as const) {
    if (input[key] === undefined) continue;
    if (typeof input[key] === 'boolean') changes[key] = input[key];
    else params.push({ name: key, reason: 'true or false' });
  }
  if (params.length > 0) throw invalidRequest('Invalid behaviour settings.', params);
  return changes;
}

/**
 * Starts a mock registry over plain `node:http`: JSON routes, RFC 7807 errors, `GET /health`
 * (always 200 while the process runs: it is the launcher's probe, not the API's) and
 * `GET|POST /__control` (read or change the behaviour, reset the counters). API requests go through
 * the behaviour: dropped during an outage, delayed by the latency, failed with 503 at the error rate;
 * `internal` routes (a mock's other test endpoints) do not.
 */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  let behaviour: Behaviour = { ...NORMAL_BEHAVIOUR, ...options.behaviour };
  let requests = 0;
  let byRoute: Record<string, number> = {};
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const timers = new Set<NodeJS.Timeout>();

  const state = () => ({ registry: options.name, behaviour, ...options.control?.state(), requests, requestsByRoute: { ...byRoute } });
  const setBehaviour = (changes: Partial<Behaviour>): Behaviour => {
    behaviour = { ...behaviour, ...changes };
    return behaviour;
  };
  const delay = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

  const readText = async (request: IncomingMessage): Promise<string> => {
    try {
      return await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new Problem(413, 'Payload Too Large', `The request body is larger than ${limit} bytes.`);
      throw error;
    }
  };
  const readJson = async (request: IncomingMessage): Promise<unknown> => {
    const text = await readText(request);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw invalidRequest('The request body is not valid JSON.', []);
    }
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/health') return send(response, new Reply(200, { status: 'ok', registry: options.name, behaviour }));
    if (url.pathname === '/__control') {
      if (method === 'GET') return send(response, new Reply(200, state()));
      if (method !== 'POST') throw new Problem(405, 'Method Not Allowed', 'Use GET or POST on /__control.');
      const input = await readJson(request);
      const { resetCounters, ...changes } = parseBehaviourChanges(input, options.control?.keys);
      if (options.control) {
        const all = input as Record<string, unknown>;
        options.control.apply(Object.fromEntries(options.control.keys.filter((key) => all[key] !== undefined).map((key) => [key, all[key]])));
      }
      setBehaviour(changes);
      if (resetCounters) {
        requests = 0;
        byRoute = {};
      }
      return send(response, new Reply(200, state()));
    }

    const matches = options.routes.filter((route) => route.pattern.test(url.pathname));
    const route = matches.find((candidate) => candidate.method === method);
    if (!route) {
      if (matches.length > 0) throw new Problem(405, 'Method Not Allowed', `Use ${[...new Set(matches.map((m) => m.method))].join(' or ')} on this path.`);
      throw new Problem(404, 'Not Found', 'No such resource; see the mock registry README for its API.');
    }
    const current = behaviour;
    if (!route.internal) {
      requests += 1;
      byRoute[route.name] = (byRoute[route.name] ?? 0) + 1;
      if (current.outage) {
        request.socket.destroy();
        return;
      }
    }
    const body = method !== 'POST' ? undefined : route.rawBody ? await readText(request) : await readJson(request);
    if (!route.internal) {
      if (current.latencyMs > 0) await delay(current.latencyMs);
      if (current.errorRate > 0 && Math.random() < current.errorRate) {
        throw new Problem(503, 'Service Unavailable', 'Servizio temporaneamente non disponibile; riprovare più tardi.');
      }
    }
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((param) => decodeURIComponent(param ?? ''));
    const rawQuery = url.search.slice(1);
    const result = await route.handle({ params, query: url.searchParams, body, method, path: url.pathname, rawQuery, headers: request.headers });
    return send(response, result instanceof Reply ? result : new Reply(200, result));
  };

  const problemBody = options.problemBody ?? defaultProblemBody;
  const sendProblem = (request: IncomingMessage, response: ServerResponse, problem: Problem): void => {
    if (response.headersSent || response.destroyed) return;
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const body = problemBody(problem, { path, url: `http://${request.headers.host ?? 'localhost'}${path}` });
    const headers = { ...(problem.status === 503 ? { 'retry-after': '5' } : {}), ...problem.headers };
    response.writeHead(problem.status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(JSON.stringify(body));
  };

  const server: Server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (error instanceof Problem) return sendProblem(request, response, error);
      sendProblem(request, response, new Problem(500, 'Internal Server Error', 'Unexpected error in the mock registry.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    get behaviour() {
      return behaviour;
    },
    setBehaviour,
    get requests() {
      return requests;
    },
    requestsByRoute: () => ({ ...byRoute }),
    resetCounters: () => {
      requests = 0;
      byRoute = {};
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
