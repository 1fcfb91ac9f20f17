import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@siuss/logging/logger';
import { auditEntry, personSubject, type AuditEntry, type StoredAuditEntry } from './entry.ts';

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

/** What a test reads the audit log through: entries after an id, flushed first (a harness's `auditEntries`). */
export type EntryReader = (afterId: number) => Promise<StoredAuditEntry[]>;

/**
 * A cursor on the audit log for a test file: `next()` returns the entries written since its
 * previous call, so each test checks exactly what its own operations recorded; `lastId` is the
 * last entry seen (the chain length, for verifyAuditChain). `read` is called lazily, so the
 * harness it uses may be started after the cursor is made.
 */
export function entryCursor(read: EntryReader): { next(): Promise<StoredAuditEntry[]>; readonly lastId: number } {
  let lastId = 0;
  return {
    async next() {
      const entries = await read(lastId);
      lastId = entries.at(-1)?.id ?? lastId;
      return entries;
    },
    get lastId() {
      return lastId;
    },
  };
}
