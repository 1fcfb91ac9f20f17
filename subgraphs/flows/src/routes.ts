import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from '@siuss/logging/logger';
import type { HttpRoute } from '@siuss/service/http';
import { isUuid } from '@siuss/xsd/lexical';
import { scopesOf } from '@siuss/auth/claims';
import type { TokenVerifier } from '@siuss/auth/token';
import { assertScope, maySee, submitterOf, type FlowActor } from './access.ts';
import type { FlowFormat } from './entities/Flow.ts';
import { checkCsvEnvelope } from './envelope.ts';
import { writeRecordsNdjson, writeRejectedCsv } from './rejected.ts';
import type { FlowService } from './service.ts';
import { UploadTooLarge, type StoredFlow } from './storage.ts';

function send(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
  return true;
}

/** RFC 7807 problem, as the INPS APIs answer errors. */
function problem(response: ServerResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): true {
  response.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8', ...(status === 413 ? { connection: 'close' } : {}) });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
  return true;
}

/** The identity of a request from its bearer token, fully verified (this endpoint is not behind the gateway). */
async function actorOf(request: IncomingMessage, verify: TokenVerifier): Promise<{ actor: FlowActor } | { problem: string }> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { problem: header ? 'the Authorization header is not a bearer token' : 'no token' };
  const verified = await verify(match[1] as string);
  if ('problem' in verified) return verified;
  const { claims } = verified;
  return { actor: { authenticated: true, operatorTaxCode: claims.sub, enteCode: claims.ente ?? null, roles: [...claims.roles], scopes: scopesOf(claims) } };
}

function formatOf(url: URL, request: IncomingMessage): FlowFormat | undefined {
  const given = (url.searchParams.get('format') ?? '').toUpperCase();
  if (given === 'XML' || given === 'CSV') return given;
  if (given) return undefined;
  const type = request.headers['content-type'] ?? '';
  if (/csv/i.test(type)) return 'CSV';
  if (/xml/i.test(type)) return 'XML';
  return undefined;
}

export interface FlowSummary {
  id: string;
  name: string | null;
  enteCode: string | null;
  /** The ente of the operator who sent it (null: INPS or WaaS). */
  submitterEnte: string | null;
  kind: string | null;
  format: string;
  channel: string;
  state: string;
  totalRecords: number | null;
  processedRecords: number;
  counts: { OK: number; RICHIESTA_INVALIDA: number; DATI_NON_TROVATI: number; ERRORE_GENERICO: number; withWarnings: number };
  failure: { code: string; message: string } | null;
  receivedAt: string;
  finishedAt: string | null;
}

/** The status of a flow as GET /flows/:id returns it (what the CLI's progress bar follows). */
export async function flowSummary(flows: FlowService, id: string): Promise<FlowSummary | undefined> {
  const { rows } = await flows.pool.query<Record<string, any>>('select * from flows.flow where id = $1', [id]);
  const f = rows[0];
  if (!f) return undefined;
  return {
    id: f['id'], name: f['name'], enteCode: f['ente_code'], submitterEnte: f['submitter_ente'], kind: f['kind'], format: f['format'], channel: f['channel'], state: f['state'],
    totalRecords: f['total_records'], processedRecords: f['processed_records'],
    counts: { OK: f['ok_count'], RICHIESTA_INVALIDA: f['invalid_count'], DATI_NON_TROVATI: f['not_found_count'], ERRORE_GENERICO: f['error_count'], withWarnings: f['warning_count'] },
    failure: f['failure_code'] ? { code: f['failure_code'], message: f['failure_message'] } : null,
    receivedAt: (f['received_at'] as Date).toISOString(),
    finishedAt: f['finished_at'] ? (f['finished_at'] as Date).toISOString() : null,
  };
}

/**
 * The HTTP side of flow acquisition, beside /graphql:
 * - `POST /flows?format=XML|CSV` with the file as the raw body (streamed to the database, never held
 *   whole); a CSV also needs `name`, `ente`, `seat`, `operator` (and optionally `enteName`).
 *   202 `{ id, created, status, rejected }`; a re-sent identical file answers 200 with the first flow.
 * - `GET /flows/:id`: state, progress and counts.
 * - `GET /flows/:id/records`: every record's outcome, one JSON object a line (index, line, esito, description, acquisitionId).
 * - `GET /flows/:id/rejected.csv`: the refused records with their errors, to fix and send again.
 * `onSubmitted` sees every stored upload before it is answered (the audit log records it).
 */
export function flowRoutes(flows: FlowService, logger: Logger, verify: TokenVerifier, onSubmitted?: (stored: StoredFlow, actor: FlowActor) => Promise<void>): HttpRoute {
  return async (request, response, url) => {
    if (!url.pathname.startsWith('/flows')) return false;
    const authenticated = await actorOf(request, verify);
    if ('problem' in authenticated) {
      request.resume();
      response.setHeader('www-authenticate', 'Bearer realm="siuss-hub"');
      return problem(response, 401, 'Unauthenticated', `${authenticated.problem}. Send Authorization: Bearer <token> (npm run token -- --role ENTE_OPERATOR --ente <code> in development).`);
    }
    const actor = authenticated.actor;
    const refuse = (error: unknown): true => {
      request.resume();
      const code = (error as GraphQLError).extensions?.['code'];
      return problem(response, code === 'UNAUTHENTICATED' ? 401 : 403, code === 'UNAUTHENTICATED' ? 'Unauthenticated' : 'Forbidden', (error as Error).message);
    };
    if (url.pathname === '/flows' || url.pathname === '/flows/') {
      if (request.method !== 'POST') return problem(response, 405, 'Method not allowed', 'POST the file to /flows.');
      try {
        assertScope(actor, 'flows:write', 'Sending a flow');
      } catch (error) {
        return refuse(error);
      }
      const format = formatOf(url, request);
      if (!format) return problem(response, 400, 'Unknown format', 'Say format=XML or format=CSV in the query string (or send Content-Type application/xml or text/csv).');
      let csvEnvelope: Record<string, unknown> | null = null;
      if (format === 'CSV') {
        try {
          const q = url.searchParams;
          csvEnvelope = checkCsvEnvelope({ name: q.get('name') ?? '', enteCode: q.get('ente') ?? '', enteName: q.get('enteName'), enteSeatCode: q.get('seat') ?? '', operatorTaxCode: q.get('operator') ?? '' });
        } catch (error) {
          return problem(response, 400, 'CSV envelope missing', (error as GraphQLError).message.replace(/\(the flow name.*\)/, '(query parameters name, ente, seat, operator).'));
        }
        const ente = (csvEnvelope['ente'] as { Codice: string }).Codice;
        const submitter = submitterOf(actor).enteCode;
        if (submitter !== null && ente !== submitter) {
          request.resume();
          return problem(response, 403, 'Forbidden', `The CSV is declared as sent by ente ${ente}, but this token acts for ente ${submitter}: an ente sends only its own records.`);
        }
      }
      try {
        const stored = await flows.submit(request, { format, csvEnvelope, submitter: submitterOf(actor) });
        await onSubmitted?.(stored, actor);
        return send(response, stored.created ? 202 : 200, { id: stored.flowId, created: stored.created, status: `/flows/${stored.flowId}`, rejected: `/flows/${stored.flowId}/rejected.csv` });
      } catch (error) {
        if (error instanceof UploadTooLarge) {
          request.resume();
          return problem(response, 413, 'File too large', error.message);
        }
        logger.error({ errorName: (error as Error).name }, 'upload failed');
        return problem(response, 500, 'Upload failed', 'The file could not be stored; nothing was kept. Send it again.');
      }
    }
    const match = /^\/flows\/([^/]+)(\/rejected\.csv|\/records)?$/.exec(url.pathname);
    if (!match || request.method !== 'GET') return problem(response, 404, 'Not found', 'Use POST /flows, GET /flows/<id>, GET /flows/<id>/records or GET /flows/<id>/rejected.csv.');
    const id = (match[1] as string).toLowerCase();
    const summary = isUuid(id) ? await flowSummary(flows, id) : undefined;
    try {
      assertScope(actor, 'flows:read', 'Reading a flow');
    } catch (error) {
      return refuse(error);
    }
    if (!summary) return problem(response, 404, 'No such flow', `No flow has id ${isUuid(id) ? id : '(not a uuid)'}.`);
    if (!maySee(actor, summary)) return problem(response, 403, 'Forbidden', `This flow was sent by ente ${summary.submitterEnte ?? summary.enteCode}; only that ente (or INPS) reads it.`);
    if (!match[2]) return send(response, 200, summary);
    if (match[2] === '/records') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
      await writeRecordsNdjson(flows.pool, summary.id, response);
      response.end();
      return true;
    }
    response.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${(summary.name ?? summary.id).replace(/[^A-Za-z0-9._-]/g, '_')}.rejected.csv"`,
    });
    await writeRejectedCsv(flows.pool, summary.id, response);
    response.end();
    return true;
  };
}
