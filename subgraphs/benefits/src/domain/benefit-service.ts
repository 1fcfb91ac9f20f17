import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { Beneficiary } from '../entities/Beneficiary.ts';
import { Benefit } from '../entities/Benefit.ts';
import { Submission, type Channel } from '../entities/Submission.ts';
import { sqlOf } from '@siuss/db/sql';
import { writePsBatch } from './batch.ts';
import { normaliseTaxCode } from './columns.ts';
import type { PsRecord } from './record.ts';
import { esitoFor, hasBlocking, validatePsRecord } from './validation.ts';

export interface WriteOptions {
  strictRules: ReadonlySet<string>;
  channel: Channel;
  flowName?: string | null | undefined;
}

export interface RecordResult {
  benefit: Benefit;
  created: boolean;
  warnings: Violation[];
}

/** What identifies a stored benefit for TipoOperazione C: ente, beneficiary, code, protocol, start or payment date. */
export interface BenefitKey {
  enteCode: string;
  taxCode: string;
  code: string;
  applicationProtocol: string;
  startDate?: string | null | undefined;
  paymentDate?: string | null | undefined;
}

function validateOrThrow(record: PsRecord, options: WriteOptions): Violation[] {
  const violations = validatePsRecord(record, { strictRules: options.strictRules });
  if (hasBlocking(violations)) {
    throw validationFailed(violations.filter((v) => v.severity === 'BLOCKING'), esitoFor(violations));
  }
  return violations;
}

async function findActive(em: EntityManager, key: BenefitKey, beneficiary: Beneficiary | null): Promise<Benefit | null> {
  const keyDate = key.startDate ?? key.paymentDate;
  if (!beneficiary || !keyDate) return null;
  return em.findOne(Benefit, {
    enteCode: key.enteCode,
    beneficiary,
    code: key.code,
    applicationProtocol: key.applicationProtocol,
    keyDate,
    status: 'ACTIVE',
  });
}

/** The TipoOperazione C matching key of a record. */
export function keyOf(record: PsRecord): BenefitKey {
  const p = record.prestazione;
  return {
    enteCode: record.ente.Codice,
    taxCode: record.beneficiario.CodiceFiscale,
    code: p.CodicePrestazione,
    applicationProtocol: p.ProtocolloDomanda,
    startDate: p.CaratterePrestazione === '1' ? p.DataInizioPrestazione : undefined,
    paymentDate: p.CaratterePrestazione === '2' ? p.DataErogazionePrestazione : undefined,
  };
}

/** A unique-index violation, from the ORM or from a raw statement of the batch writer. */
const isUniqueViolation = (error: unknown): boolean =>
  error instanceof UniqueConstraintViolationException || (error as { code?: string } | null)?.code === '23505';

/**
 * Records one benefit ("invio puntuale") through the same writer as the flows, so a record sent
 * alone and one sent in a file of a million are validated, matched and stored alike. Blocking
 * violations throw VALIDATION_FAILED and write nothing. The same record sent again returns the
 * stored one (`created: false`); a different record under the same key is a CONFLICT that points
 * to correctBenefit. Beneficiary, submission and benefit are written in one transaction.
 */
export async function recordBenefit(em: EntityManager, record: PsRecord, options: WriteOptions): Promise<RecordResult> {
  const violations = validateOrThrow(record, options);
  const warnings = violations.filter((v) => v.severity === 'WARNING');
  const insertion: PsRecord = { ...record, prestazione: { ...record.prestazione, TipoOperazione: 'I' } };
  const attempt = () =>
    em.transactional(async (tx) => {
      const [outcome] = await writePsBatch(sqlOf(tx), [{ record: insertion, warnings, id: randomUUID() }], { channel: options.channel, flowName: options.flowName ?? null });
      if (!outcome || outcome.status === 'NOT_FOUND') throw new Error('an insertion cannot find nothing to cancel');
      if (outcome.status === 'CONFLICT') {
        throw domainError(
          ErrorCode.CONFLICT,
          `A different benefit ${record.prestazione.CodicePrestazione} with protocol ${record.prestazione.ProtocolloDomanda} is already recorded for this beneficiary by ente ${record.ente.Codice} on that date. Use correctBenefit to replace it, or cancelBenefit first.`,
          { benefitId: outcome.benefitId },
        );
      }
      const benefit = await tx.findOneOrFail(Benefit, outcome.benefitId);
      return outcome.status === 'CREATED' ? { benefit, created: true, warnings } : { benefit, created: false, warnings: benefit.warnings };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two identical submissions raced: the loser finds the winner's record on a second look.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

function assertKey(key: BenefitKey, operatorTaxCode: string): void {
  const violations: Violation[] = [];
  if (!key.startDate && !key.paymentDate) {
    violations.push({ rule: 'KEY', field: 'PrestazioniSociali@DataInizioPrestazione', message: 'Give the start date (periodic benefit) or the payment date (one-off benefit) of the record to cancel.', severity: 'BLOCKING' });
  }
  for (const [field, value] of [['Beneficiario@CodiceFiscale', key.taxCode], ['Ente@CFOperatore', operatorTaxCode]] as const) {
    const check = validateCodiceFiscale(value);
    if (!check.valid) violations.push({ rule: 'R10', field, message: check.reason, severity: 'BLOCKING' });
  }
  if (violations.length > 0) throw validationFailed(violations);
}

function describeKey(key: BenefitKey): string {
  return `ente ${key.enteCode}, code ${key.code}, protocol ${key.applicationProtocol}, date ${key.startDate ?? key.paymentDate}`;
}

/** The TipoOperazione C record of a key: what the batch writer matches a cancellation on. */
function cancellationOf(key: BenefitKey, ente: PsRecord['ente']): PsRecord {
  return {
    ente,
    beneficiario: { CodiceFiscale: key.taxCode, anagrafica: {} as PsRecord['beneficiario']['anagrafica'], indirizzi: [] },
    prestazione: {
      TipoOperazione: 'C',
      PresenzaProvaMezzi: '',
      CaratterePrestazione: key.startDate ? '1' : '2',
      CodicePrestazione: key.code,
      DenominazionePrestazione: '',
      ProtocolloDomanda: key.applicationProtocol,
      DataInizioPrestazione: key.startDate ?? undefined,
      DataErogazionePrestazione: key.startDate ? undefined : (key.paymentDate ?? undefined),
      PresaCarico: '',
    },
  };
}

/**
 * Cancels the active benefit matching `key` (TipoOperazione C), through the flows' batch writer.
 * The record stays, with status CANCELLED and the cancelling submission (the ente's name and seat
 * as first sent). NOT_FOUND (DATI_NON_TROVATI) when nothing active matches.
 */
export async function cancelBenefit(em: EntityManager, key: BenefitKey, operatorTaxCode: string, options: Omit<WriteOptions, 'strictRules'>): Promise<Benefit> {
  assertKey(key, operatorTaxCode);
  return em.transactional(async (tx) => {
    const beneficiary = await tx.findOne(Beneficiary, { taxCode: normaliseTaxCode(key.taxCode) });
    const existing = await findActive(tx, key, beneficiary);
    if (!existing) throw notFound(`No active benefit matches ${describeKey(key)} for this beneficiary; nothing was cancelled.`);
    const original = await tx.findOneOrFail(Submission, existing.submission.id);
    const ente = { Codice: key.enteCode, Denominazione: original.enteName ?? undefined, Indirizzo: original.enteSeatCode, CFOperatore: operatorTaxCode };
    const [outcome] = await writePsBatch(sqlOf(tx), [{ record: cancellationOf(key, ente), warnings: [], id: randomUUID() }], { channel: options.channel, flowName: options.flowName ?? null });
    if (outcome?.status !== 'CANCELLED') throw notFound(`No active benefit matches ${describeKey(key)} for this beneficiary; nothing was cancelled.`);
    return tx.refreshOrFail(existing);
  });
}

/**
 * Replaces the active benefit matching `key` with `record` in one transaction: the old one becomes
 * SUPERSEDED and points to the new one. The record is validated first; the ente cannot change.
 */
export async function correctBenefit(em: EntityManager, key: BenefitKey, record: PsRecord, options: WriteOptions): Promise<{ previous: Benefit; benefit: Benefit; warnings: Violation[] }> {
  assertKey(key, record.ente.CFOperatore);
  if (record.ente.Codice !== key.enteCode) {
    throw validationFailed([{ rule: 'KEY', field: 'Ente@Codice', message: `A correction must come from the ente of the record it replaces (${key.enteCode}).`, severity: 'BLOCKING' }]);
  }
  const violations = validateOrThrow(record, options);
  const warnings = violations.filter((v) => v.severity === 'WARNING');
  return em.transactional(async (tx) => {
    const beneficiary = await tx.findOne(Beneficiary, { taxCode: normaliseTaxCode(key.taxCode) });
    const previous = await findActive(tx, key, beneficiary);
    if (!previous) throw notFound(`No active benefit matches ${describeKey(key)} for this beneficiary; nothing was corrected.`);
    const id = randomUUID();
    previous.status = 'SUPERSEDED';
    previous.correctedById = id;
    await tx.flush();
    const insertion: PsRecord = { ...record, prestazione: { ...record.prestazione, TipoOperazione: 'I' } };
    const [outcome] = await writePsBatch(sqlOf(tx), [{ record: insertion, warnings, id }], { channel: options.channel, flowName: options.flowName ?? null });
    if (outcome?.status !== 'CREATED') {
      throw domainError(ErrorCode.CONFLICT, `The corrected record's key (${describeKey(keyOf(record))}) belongs to another active benefit; cancel that one first.`, outcome && 'benefitId' in outcome ? { benefitId: outcome.benefitId } : {});
    }
    const benefit = await tx.findOneOrFail(Benefit, id);
    previous.cancellation = benefit.submission;
    await tx.flush();
    return { previous, benefit, warnings };
  });
}
