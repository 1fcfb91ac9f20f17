import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { PURPOSE_HEADER } from '@siuss/auth/signature';
import type { Logger } from '@siuss/logging/logger';
import { checkGatewaySignature, type ReceivedParams } from './gateway-signature.ts';
import type { Viewer } from './viewer.ts';

export interface ServeOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  port: number;
  host?: string;
  /**
   * The secret the gateway signs subgraph requests with (SIUSS_HMAC_SECRET): `/graphql` serves
   * only requests that carry its signature.
   */
  gatewaySecret: string;
  /** Builds the per-request context (EntityManager fork, fresh DataLoaders) for the signed request's viewer. */
  context: (request: { headers: HeaderMap; viewer: Viewer }) => Promise<TContext>;
  /** Readiness: resolves true when dependencies (the database) answer. */
  ready: () => Promise<boolean>;
  logger: Logger;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
  /**
   * Extra HTTP endpoints of the service (e.g. a file upload), tried before `/graphql`. A route
   * returns true when it answered the request; it then owns the response.
   */
  routes?: HttpRoute;
}

/** An extra endpoint: answers the request and returns true, or returns false to let others answer. */
export type HttpRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets its 413.
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** A GET's GraphQL parameters; a JSON parameter that does not parse is kept as text (and so refused). */
function searchParams(url: URL): ReceivedParams {
  const json = (name: string): unknown => {
    const value = url.searchParams.get(name);
    if (value === null) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
  return { query: url.searchParams.get('query') ?? undefined, variables: json('variables'), extensions: json('extensions') };
}

/**
 * Serves an Apollo subgraph over plain Node HTTP: `/graphql` (GET and POST), `/health` (the process
 * is up) and `/ready` (the database answers). `/graphql` serves only requests the gateway signed
 * (checkGatewaySignature), and the context gets the viewer built from the signed claims; anything
 * else is refused before GraphQL with FORBIDDEN or UNAUTHENTICATED. Apollo's own HTTP handling does
 * the GraphQL part, so CSRF prevention and content negotiation behave as in any Apollo
 * integration. `close()` stops accepting requests and waits for those in flight.
 */
/** Writes Apollo Server's answer to a node:http response: headers, status, the body whole or as it streams. */
export async function writeGraphQLResponse(response: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
  } else {
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

export async function serveApollo<TContext extends BaseContext>(options: ServeOptions<TContext>): Promise<RunningService> {
  const { apollo, logger } = options;
  const limit = options.maxBodyBytes ?? 2 * 1024 * 1024;
  await apollo.start();

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const ok = await options.ready().catch(() => false);
      return sendJson(response, ok ? 200 : 503, { status: ok ? 'ready' : 'database unavailable' });
    }
    // The extra routes (the flows uploads) are not behind the gateway and its signature yet.
    if (options.routes && (await options.routes(request, response, url))) return;
    if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'Not found: use /graphql, /health or /ready.' });

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (request.method === 'POST') {
      let text: string;
      try {
        text = await readBody(request, limit);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendJson(response.setHeader('connection', 'close'), 413, { errors: [{ message: `Request body larger than ${limit} bytes.`, extensions: { code: 'BAD_REQUEST' } }] });
        throw error;
      }
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendJson(response, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    const check = checkGatewaySignature(
      options.gatewaySecret,
      request.method === 'POST' ? ((typeof body === 'object' && body !== null && !Array.isArray(body)) ? body as ReceivedParams : {}) : searchParams(url),
      headers.get(PURPOSE_HEADER),
    );
    if (!check.ok) return sendJson(response, check.status, { errors: [{ message: check.message, extensions: { code: check.code } }] });
    const { viewer } = check;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context({ headers, viewer }),
    });
    await writeGraphQLResponse(response, result);
  };

  const server: Server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      logger.error({ errorName: (error as Error).name }, 'request failed before reaching GraphQL');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? Object.assign(new Error(`Port ${options.port} on ${options.host ?? '127.0.0.1'} is already in use (another siuss-hub still running?).`), { code: error.code })
        : error);
    });
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
