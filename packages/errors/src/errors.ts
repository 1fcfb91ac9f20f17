import { GraphQLError } from 'graphql';
import { ErrorCode, Esito } from './codes.ts';

export type Severity = 'BLOCKING' | 'WARNING';

/** One broken rule: which rule, on which field (XSD attribute path), and what to do about it. */
export interface Violation {
  /** Rule id: `XSD`, `R1`..`R10`, `REF` (reference data), or a subgraph-specific id. */
  rule: string;
  /** The field as named in the INPS XSD, e.g. `PrestazioniSociali@ImportoMensile`. */
  field: string;
  message: string;
  severity: Severity;
}

/** A typed error with one of the shared codes; `extensions` adds detail for the client. */
export function domainError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * A record failed blocking validation rules. Nothing was written. `extensions.violations` lists
 * every blocking rule (not only the first), `extensions.esito` the matching INPS outcome.
 */
export function validationFailed(violations: readonly Violation[], esito: Esito = Esito.RICHIESTA_INVALIDA): GraphQLError {
  const first = violations[0];
  const summary = violations.length === 1 && first
    ? `${first.field}: ${first.message} (${first.rule})`
    : `${violations.length} validation rules failed: ${violations.map((v) => `${v.field} (${v.rule})`).join(', ')}`;
  return domainError(ErrorCode.VALIDATION_FAILED, summary, { esito, violations });
}

/** The record to read, cancel or correct does not exist; maps to the INPS esito DATI_NON_TROVATI. */
export function notFound(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return domainError(ErrorCode.NOT_FOUND, message, { esito: Esito.DATI_NON_TROVATI, ...extensions });
}
