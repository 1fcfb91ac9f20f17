/**
 * The closed set of `extensions.code` values the hub returns. Clients switch on these, so a new
 * failure mode gets a code here rather than a free-form string somewhere else.
 */
export const ErrorCode = {
  /** The request is malformed (wrong argument shape, unparsable value). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A record broke one or more validation rules; `extensions.violations` lists them. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** The thing to read, cancel or correct does not exist (INPS esito DATI_NON_TROVATI). */
  NOT_FOUND: 'NOT_FOUND',
  /** The write clashes with what is stored (e.g. same benefit key, different content). */
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** An external registry (ISEE, NSIS) did not answer. */
  REGISTRY_UNAVAILABLE: 'REGISTRY_UNAVAILABLE',
  REGISTRY_TIMEOUT: 'REGISTRY_TIMEOUT',
  /** The hub's own database or a dependency is down; retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // The gateway's query protection (gateway/src/protection.ts): the gateway
  // answers these itself; the message names the limit and its value, `extensions.limit` carries it.
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** HTTP 413: the body is over SIUSS_GATEWAY_MAX_BODY_BYTES. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** HTTP 429 with Retry-After: the operator spent its operations of the minute. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** HTTP 403: neither `content-type: application/json` nor the `x-graphql-csrf` header. */
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** Trusted documents only: the request sent query text, or no document id. */
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  /** Trusted documents only: the id is not in the list. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Outcome codes of the INPS WaaS API (api-comuni v2.0.1, `codice_esito`). */
export const Esito = {
  OK: 'OK',
  /** Structure not compliant (XSD facets, missing mandatory data). */
  RICHIESTA_INVALIDA: 'RICHIESTA_INVALIDA',
  /** Data inconsistency, e.g. cancelling a record that does not exist. */
  DATI_NON_TROVATI: 'DATI_NON_TROVATI',
  ERRORE_GENERICO: 'ERRORE_GENERICO',
} as const;
export type Esito = (typeof Esito)[keyof typeof Esito];

/** GraphQL codes produced by the server library itself that are safe to pass through unchanged. */
export const PASS_THROUGH_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);
