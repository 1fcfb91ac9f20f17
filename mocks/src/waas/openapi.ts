import { readFileSync } from 'node:fs';
import { type Document, OpenAPIBackend, type Operation, ValidationContext, type ValidationResult } from 'openapi-backend';
import { parse } from 'yaml';

// The WaaS.Comuni OpenAPI document (INPS, v2.0.1, verbatim in api-comuni.v2.0.1.yaml) as a validator
// of both sides' messages: the requests INPS (here: the hub) sends to a Comune, and the Comune's
// answers. Requests go through openapi-backend; responses too, by status and media type, because
// openapi-backend's own response check looks only at application/json and skips problem+json.

/** The operations of the document, by operationId. */
export type WaasOperationId = 'Flussi' | 'NotificaEsiti' | 'healthCheck';

/** An operation: its operationId, `"GET /flussi"` (with or without the base path), or method and path. */
export type WaasOperationRef = WaasOperationId | string | { method: string; path: string };

/** A request as sent to a Comune. Header names in any case. */
export interface WaasRequest {
  method: string;
  /** `/waas/v1/flussi` or `/flussi`; a query string here is used when `query` is absent. */
  path: string;
  /** The query string (`since=0&limit=10`), or its parameters. */
  query?: string | URLSearchParams | Record<string, string | string[]>;
  headers?: Record<string, string | string[] | undefined>;
  /** The body: parsed JSON, or the text as sent (checked for being JSON). */
  body?: unknown;
}

/** What `checkWaasRequest` found. */
export interface WaasRequestCheck {
  /** The operation the method and path name; undefined when none does. */
  operationId: WaasOperationId | undefined;
  /** 404 for a path the document does not have, 405 for a method it does not allow there. */
  status?: 404 | 405;
  /** True when the operation declares the PDND bearer scheme and the request has no bearer token. */
  unauthenticated: boolean;
  /** One readable line per problem, naming the parameter or body field; empty when the request is on spec. */
  errors: string[];
}

const FILE = new URL('./api-comuni.v2.0.1.yaml', import.meta.url);

/**
 * OAS 3.0 writes `exclusiveMaximum: true` next to `maximum` (JSON Schema draft 4 style); the
 * draft 7 Ajv that openapi-backend uses wants the bound itself. Rewrites those in place, the only
 * change from the published document, so that it compiles and means the same.
 */
function toDraft7Bounds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(toDraft7Bounds);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  for (const [flag, bound] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
    if (typeof schema[flag] !== 'boolean') continue;
    if (schema[flag] && typeof schema[bound] === 'number') {
      schema[flag] = schema[bound];
      delete schema[bound];
    } else {
      delete schema[flag];
    }
  }
  Object.values(schema).forEach(toDraft7Bounds);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time` (what OpenAPI's format means), calendar included: 2023-11-27T11:04:56.852Z. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

/** An absolute URI (RFC 3986: a scheme, then no spaces), as `format: uri` asks: about:blank, https://... */
function isAbsoluteUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value);
}

const document = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown> & { servers?: Array<{ url: string }> };
toDraft7Bounds(document);

/** The path of the document's server URL (`https://api.example.com/waas/v1`): where the mock serves the API. */
export const WAAS_BASE_PATH = new URL(document.servers?.[0]?.url ?? 'http://localhost/').pathname.replace(/\/+$/, '');

const api = await new OpenAPIBackend({
  definition: document as unknown as Document,
  apiRoot: WAAS_BASE_PATH,
  strict: true,
  ignoreTrailingSlashes: false,
  ajvOpts: { allErrors: true, logger: false },
  customizeAjv: (ajv) => {
    ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
    ajv.addFormat('uri', { type: 'string', validate: isAbsoluteUri });
    return ajv;
  },
}).init();

type WaasOperation = Operation & { operationId: WaasOperationId };
type ErrorObject = NonNullable<ValidationResult['errors']>[number];

const operations = api.getOperations() as WaasOperation[];

/** Every operation of the document: operationId, method (upper case) and path under the base path. */
export const WAAS_OPERATIONS: ReadonlyArray<{ operationId: WaasOperationId; method: string; path: string }> = operations.map((op) => ({
  operationId: op.operationId,
  method: op.method.toUpperCase(),
  path: op.path,
}));

function lower(headers: WaasRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** True when the headers carry `Authorization: Bearer <token>`, the PDND voucher. */
export function hasBearer(headers: WaasRequest['headers']): boolean {
  return /^Bearer\s+\S+/i.test(lower(headers)['authorization'] ?? '');
}

/** The path relative to the document's paths: the base path removed when present. */
function apiPath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare === WAAS_BASE_PATH || bare.startsWith(`${WAAS_BASE_PATH}/`) ? bare.slice(WAAS_BASE_PATH.length) || '/' : bare;
}

function operationAt(method: string, path: string): WaasOperation | undefined {
  const relative = apiPath(path);
  return operations.find((op) => op.method.toUpperCase() === method.toUpperCase() && op.path === relative);
}

function resolve(operation: WaasOperationRef): WaasOperation {
  let found: WaasOperation | undefined;
  if (typeof operation === 'object') {
    found = operationAt(operation.method, operation.path);
  } else {
    const spaced = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(operation);
    found = spaced ? operationAt(spaced[1] ?? '', spaced[2] ?? '') : operations.find((op) => op.operationId === operation);
  }
  if (!found) throw new Error(`No operation ${JSON.stringify(operation)} in the WaaS OpenAPI; use Flussi, NotificaEsiti, healthCheck or "GET /flussi".`);
  return found;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/requestBody/elenco_esiti/0/codice_esito` -> `body.elenco_esiti[0].codice_esito`. */
function fieldName(root: string, pointer: string): string {
  return pointer.split('/').filter(Boolean).map(unescapePointer).reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : `${name}.${segment}`), root);
}

/** Ajv errors as `field: what is wrong` lines. Values are never quoted: only names and allowed values. */
function explain(errors: readonly ErrorObject[] | null | undefined, root: (pointer: string) => string): string[] {
  return (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    const at = root(error.instancePath);
    switch (error.keyword) {
      case 'required':
        return `${at}.${String(params['missingProperty'])}: is required`;
      case 'additionalProperties':
        return `${at}.${String(params['additionalProperty'])}: is not allowed here (additionalProperties: false)`;
      case 'enum':
        return `${at}: must be one of ${(params['allowedValues'] as unknown[]).join(', ')}`;
      case 'format':
        return `${at}: must match format "${String(params['format'])}"`;
      case 'parse':
        return `${at}: is not valid JSON`;
      default:
        return `${at}: ${error.message ?? error.keyword}`;
    }
  });
}

/** Request errors are rooted at `query`, `path`, `header` or `requestBody` (shown as `body`). */
function requestField(pointer: string): string {
  const [, first = '', ...rest] = pointer.split('/');
  if (first === '') return 'request';
  return fieldName(first === 'requestBody' ? 'body' : first, rest.join('/'));
}

function queryOf(request: WaasRequest): Record<string, string | string[]> {
  const source = request.query ?? request.path.split('?')[1] ?? '';
  const params = typeof source === 'string' || source instanceof URLSearchParams ? new URLSearchParams(source) : undefined;
  if (!params) return source as Record<string, string | string[]>;
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const seen = out[name];
    out[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return out;
}

/**
 * Checks one request against the WaaS OpenAPI: that the method and path name an operation, the
 * query parameters (names, integer digits, ranges), the media type and the JSON body, and the PDND
 * bearer the operation declares. Never throws for a bad request: every problem is a line in `errors`.
 */
export function checkWaasRequest(request: WaasRequest): WaasRequestCheck {
  const method = request.method.toUpperCase();
  const operation = operationAt(method, request.path);
  if (!operation) {
    const relative = apiPath(request.path);
    const methods = operations.filter((op) => op.path === relative).map((op) => op.method.toUpperCase());
    return methods.length > 0
      ? { operationId: undefined, status: 405, unauthenticated: false, errors: [`${method} ${relative}: the document allows only ${methods.join(', ')} on this path`] }
      : { operationId: undefined, status: 404, unauthenticated: false, errors: [`${method} ${request.path.split('?')[0]}: no such operation; the document has ${operations.map((op) => `${op.method.toUpperCase()} ${WAAS_BASE_PATH}${op.path}`).join(', ')}`] };
  }
  const headers = lower(request.headers);
  const query = queryOf(request);
  const errors: string[] = [];

  // Ajv coerces query strings ("1e3", " 5" pass as integers); the spec's integers are written in digits.
  for (const parameter of (operation.parameters ?? []) as Array<{ name: string; in: string; schema?: { type?: string } }>) {
    const value = query[parameter.name];
    if (parameter.in !== 'query' || parameter.schema?.type !== 'integer' || typeof value !== 'string') continue;
    if (value !== '' && !/^-?\d+$/.test(value)) errors.push(`query.${parameter.name}: must be integer`);
  }

  const declared = Object.keys((operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content ?? {});
  const hasBody = request.body !== undefined && request.body !== '';
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared.length > 0 && hasBody && !declared.includes(mediaType)) {
    errors.push(`header.content-type: must be ${declared.join(' or ')}`);
  }

  // openapi-backend parses JSON bodies only when told by the media type; give it the parsed value.
  let body = request.body;
  let unparsable = false;
  if (typeof body === 'string' && body !== '') {
    try {
      body = JSON.parse(body);
    } catch {
      errors.push('body: is not valid JSON');
      unparsable = true;
      body = undefined;
    }
  } else if (body === '') {
    body = undefined;
  }
  // The media type was checked above; tell openapi-backend to look at the body whenever one is declared.
  const forBody: Record<string, string> = declared.length > 0 ? { 'content-type': 'application/json' } : {};
  const result = api.validateRequest(
    { method, path: `${WAAS_BASE_PATH}${operation.path}`, query, headers: { ...headers, ...forBody }, ...(body === undefined ? {} : { body }) },
    operation.operationId,
  );
  for (const line of explain(result.errors, requestField)) {
    if (line.startsWith('request.requestBody: is required')) {
      if (!unparsable) errors.push('body: is required (a JSON object)');
    }
    else if (!errors.includes(line)) errors.push(line);
  }

  const wantsBearer = (operation.security ?? []).some((requirement) => Object.keys(requirement).some((name) => {
    const scheme = (api.definition.components?.securitySchemes as Record<string, { type?: string; scheme?: string }> | undefined)?.[name];
    return scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer';
  }));
  const unauthenticated = wantsBearer && !hasBearer(request.headers);
  if (unauthenticated) errors.push('header.authorization: a PDND voucher is required (Authorization: Bearer <token>)');
  return { operationId: operation.operationId, unauthenticated, errors };
}

/**
 * The ways a request breaks the WaaS OpenAPI, one readable line each (`query.limit: must be <= 100`,
 * `body.elenco_esiti[0].codice_esito: must be one of OK, ...`); empty when it is on spec. Pass the
 * headers: an operation that declares the PDND scheme (GET /flussi) needs `Authorization: Bearer`.
 */
export function validateWaasRequest(request: WaasRequest): string[] {
  return checkWaasRequest(request).errors;
}

const responseAjv = api.validator.getAjv(ValidationContext.Response);
const responseValidators = new Map<string, ReturnType<typeof responseAjv.compile>>();

interface ResponseObject {
  content?: Record<string, { schema?: object }>;
}

/**
 * The ways a response breaks the WaaS OpenAPI for `operation`: the status must be declared (itself,
 * its `NXX` range or `default`), the media type among the declared ones (when `contentType` is given;
 * parameters such as charset are ignored), and the body must match that media type's schema; a
 * response declared without content (204) must have no body. Empty when the response is on spec.
 */
export function validateWaasResponse(operation: WaasOperationRef, status: number, body: unknown, contentType?: string): string[] {
  const op = resolve(operation);
  const responses = (op.responses ?? {}) as Record<string, ResponseObject>;
  const key = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
  if (key === undefined) {
    return [`status: ${status} is not declared for ${op.operationId} (declared: ${Object.keys(responses).join(', ')})`];
  }
  const content = responses[key]?.content;
  if (!content || Object.keys(content).length === 0) {
    return body === undefined || body === null || body === '' ? [] : [`body: response ${key} of ${op.operationId} has no content, but a body was given`];
  }
  const declared = Object.keys(content);
  const mediaType = contentType === undefined ? declared[0] ?? '' : contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const media = content[mediaType];
  if (!media) return [`header.content-type: must be ${declared.join(' or ')} for ${op.operationId} ${key}`];
  if (body === undefined) return [`body: is required (${mediaType})`];
  if (!media.schema) return [];
  const cacheKey = `${op.operationId} ${key} ${mediaType}`;
  let validate = responseValidators.get(cacheKey);
  if (!validate) {
    validate = responseAjv.compile(media.schema);
    responseValidators.set(cacheKey, validate);
  }
  validate(body);
  return explain(validate.errors, (pointer) => fieldName('body', pointer));
}
