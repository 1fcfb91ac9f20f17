import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@siuss/logging/logger';
import { auditEntry, personSubject, type AuditEntry } from './entry.ts';

/** A logger at debug level whose lines are kept in `lines`, to check that no personal data is logged. */
export function capturingLogger(name = 'audit-test'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ name, level: 'debug', destination }), lines };
}

/** A read of `taxCode` by an ente operator, with a purpose; tests change what they need. */
export function sampleEntry(taxCode: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ...auditEntry({
      actor: { authenticated: true, operatorTaxCode: 'XXXXXX80P20B501B', enteCode: 'H501', roles: ['ENTE_OPERATOR'], purpose: 'presa in carico' },
      subgraph: 'benefits',
      operationType: 'query',
      operationName: 'Position',
      requestId: 'req-1',
      action: 'READ',
      subject: personSubject(taxCode),
      fields: ['Person.surname', 'Person.taxCode'],
    }),
    ...overrides,
  };
}
