import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { validationFailed, type Violation } from '@siuss/errors/errors';
import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { Submission, type Channel } from '../entities/Submission.ts';
import type { EnteAttributes } from './record.ts';
import { esitoFor, hasBlocking, type ValidationOptions } from './validation.ts';
import { normaliseTaxCode } from './fingerprint.ts';

export interface WriteOptions extends ValidationOptions {
  channel: Channel;
  flowName?: string | null | undefined;
}

/** The submission row of one write. */
export function newSubmission(em: EntityManager, ente: EnteAttributes, options: Pick<WriteOptions, 'channel' | 'flowName'>): Submission {
  return em.create(Submission, {
    id: randomUUID(),
    channel: options.channel,
    flowName: options.flowName ?? null,
    enteCode: ente.Codice,
    enteName: ente.Denominazione ?? null,
    enteSeatCode: ente.Indirizzo.toUpperCase(),
    operatorTaxCode: normaliseTaxCode(ente.CFOperatore),
    receivedAt: new Date(),
  });
}

/** Throws VALIDATION_FAILED with the blocking violations, or returns the warnings to store. */
export function warningsOrThrow(violations: readonly Violation[]): Violation[] {
  if (hasBlocking(violations)) throw validationFailed(violations.filter((v) => v.severity === 'BLOCKING'), esitoFor(violations));
  return violations.filter((v) => v.severity === 'WARNING');
}

/** R10 on codici fiscali given outside a record (keys, closing operator); throws VALIDATION_FAILED. */
export function assertTaxCodes(entries: ReadonlyArray<readonly [field: string, value: string]>, extra: Violation[] = []): void {
  const violations = [...extra];
  for (const [field, value] of entries) {
    const check = validateCodiceFiscale(value);
    if (!check.valid) violations.push({ rule: 'R10', field, message: check.reason, severity: 'BLOCKING' });
  }
  if (violations.length > 0) throw validationFailed(violations);
}
