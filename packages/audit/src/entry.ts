import { createHash } from 'node:crypto';

export type AuditAction = 'READ' | 'WRITE';

/** What an entry is about: a person (codice fiscale), a SINBA case (the ente's IDBeneficiario pseudonym) or a flow. */
export interface AuditSubject {
  kind: 'PERSON' | 'SINBA_CASE' | 'FLOW';
  id: string;
}

/**
 * One audited operation on one subject, as a subgraph records it: who (operator, roles, ente),
 * why (the stated purpose), what (the subject and the fields, as `Type.field` coordinates), when,
 * through which operation, and the error code when it failed. `subject` is null for a write that
 * concerns no person (a SIOSS declaration, a WaaS registration).
 */
export interface AuditEntry {
  at: Date;
  /** Correlates the entries one request left (the `x-request-id` header, else a random id). */
  requestId: string;
  subgraph: string;
  operationName: string | null;
  /** `query`, `mutation`, or how a write arrived outside GraphQL (`upload`, `waas`). */
  operationType: string;
  action: AuditAction;
  operatorTaxCode: string | null;
  operatorRoles: readonly string[];
  enteCode: string | null;
  purpose: string | null;
  subject: AuditSubject | null;
  fields: readonly string[];
  /** The `extensions.code` of the error when a noted field failed (e.g. FORBIDDEN); null when it succeeded. */
  errorCode: string | null;
}

/** An entry as stored: its position in the chain, the previous entry's hash and its own. */
export interface StoredAuditEntry extends AuditEntry {
  id: number;
  prevHash: string;
  hash: string;
}

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

// NUL and lone UTF-16 surrogates: PostgreSQL text cannot hold the first, and UTF-8 cannot encode the second.
const UNSTORABLE = /[\0\uD800-\uDFFF]/;

/**
 * The string as PostgreSQL will store it: NUL and lone surrogates become U+FFFD (paired surrogates
 * stay). Done before hashing, so the hash covers exactly what is stored, and so that one odd
 * header cannot make a whole batch fail to insert, again and again.
 */
const storable = (value: string): string => (UNSTORABLE.test(value) ? value.toWellFormed().replaceAll('\0', '\uFFFD') : value);

const cap = (value: string | null | undefined, length: number): string | null =>
  value === null || value === undefined ? null : storable(value.slice(0, length));

/** A person subject; the codice fiscale upper-cased and trimmed, as the hub stores it. */
export function personSubject(taxCode: string): AuditSubject {
  return { kind: 'PERSON', id: taxCode.trim().toUpperCase().slice(0, 32) };
}

/** A SINBA case by its pseudonym: the ente and the IDBeneficiario it built. Never a codice fiscale. */
export function sinbaCaseSubject(enteCode: string, beneficiaryCode: string): AuditSubject {
  return { kind: 'SINBA_CASE', id: `${enteCode.trim().toUpperCase()}/${beneficiaryCode.trim()}`.slice(0, 64) };
}

/** A flow by its hub id: one entry per flow, its per-record detail is in the flow's outcomes. */
export function flowSubject(flowId: string): AuditSubject {
  return { kind: 'FLOW', id: flowId.slice(0, 64) };
}

/** Who acted, as much of the request viewer as the log keeps (a `Viewer` of @siuss/service fits). */
export interface AuditActor {
  authenticated: boolean;
  operatorTaxCode: string | null;
  enteCode: string | null;
  roles: readonly string[];
  purpose: string | null;
}

/**
 * An entry from the viewer and what was done. Values coming from the request (purpose, operation
 * name, request id) are capped in length here, and every string is made storable (NUL and lone
 * surrogates replaced by U+FFFD), before hashing, so the hash covers what is stored; fields are
 * de-duplicated and sorted. Cheap on purpose: it runs on the request path, once per subject.
 */
export function auditEntry(input: {
  actor: AuditActor;
  subgraph: string;
  operationType: string;
  operationName?: string | null;
  requestId: string;
  action: AuditAction;
  subject: AuditSubject | null;
  fields: Iterable<string>;
  errorCode?: string | null;
  at?: Date;
}): AuditEntry {
  const { actor } = input;
  return {
    at: input.at ?? new Date(),
    requestId: cap(input.requestId, 100) as string,
    subgraph: storable(input.subgraph),
    operationName: cap(input.operationName, 200),
    operationType: storable(input.operationType),
    action: input.action,
    operatorTaxCode: actor.authenticated ? cap(actor.operatorTaxCode, 32) : null,
    operatorRoles: actor.authenticated ? actor.roles.map(storable) : [],
    enteCode: actor.authenticated ? cap(actor.enteCode, 32) : null,
    purpose: cap(actor.purpose, 500),
    subject: input.subject && UNSTORABLE.test(input.subject.id) ? { kind: input.subject.kind, id: storable(input.subject.id) } : input.subject,
    fields: [...new Set(input.fields)].map(storable).sort(),
    errorCode: input.errorCode === undefined || input.errorCode === null ? null : storable(input.errorCode),
  };
}

/**
 * The canonical form an entry's hash covers: every stored column but the hash itself, in a fixed
 * order, as JSON (strings, numbers, arrays of strings and nulls only, so the serialisation is
 * unambiguous), prefixed with the format version.
 */
export function canonicalForm(entry: AuditEntry, id: number, prevHash: string): string {
  return JSON.stringify([
    'siuss-audit/1',
    id,
    entry.at.toISOString(),
    entry.requestId,
    entry.subgraph,
    entry.operationName,
    entry.operationType,
    entry.action,
    entry.operatorTaxCode,
    entry.operatorRoles,
    entry.enteCode,
    entry.purpose,
    entry.subject?.kind ?? null,
    entry.subject?.id ?? null,
    entry.fields,
    entry.errorCode,
    prevHash,
  ]);
}

/** sha256 (hex) of the canonical form of entry `id` chained to `prevHash`. */
export function entryHash(entry: AuditEntry, id: number, prevHash: string): string {
  return createHash('sha256').update(canonicalForm(entry, id, prevHash)).digest('hex');
}

/** A stored row (snake_case columns, as `select * from audit.entry` returns it) as an entry. */
export function fromRow(row: Record<string, unknown>): StoredAuditEntry {
  const kind = row['subject_kind'] as AuditSubject['kind'] | null;
  return {
    id: Number(row['id']),
    at: row['at'] instanceof Date ? row['at'] : new Date(String(row['at'])),
    requestId: row['request_id'] as string,
    subgraph: row['subgraph'] as string,
    operationName: (row['operation_name'] as string | null) ?? null,
    operationType: row['operation_type'] as string,
    action: row['action'] as AuditAction,
    operatorTaxCode: (row['operator_tax_code'] as string | null) ?? null,
    operatorRoles: (row['operator_roles'] as string[] | null) ?? [],
    enteCode: (row['ente_code'] as string | null) ?? null,
    purpose: (row['purpose'] as string | null) ?? null,
    subject: kind ? { kind, id: row['subject_id'] as string } : null,
    fields: (row['fields'] as string[] | null) ?? [],
    errorCode: (row['error_code'] as string | null) ?? null,
    prevHash: row['prev_hash'] as string,
    hash: row['hash'] as string,
  };
}
