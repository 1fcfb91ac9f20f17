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
