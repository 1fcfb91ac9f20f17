import { randomUUID } from 'node:crypto';
import { ref, type RequiredEntityData } from '@mikro-orm/core';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import { sqlOf } from '@siuss/db/sql';
import { isUuid } from '@siuss/xsd/lexical';
import { SinaAssessment } from '../entities/SinaAssessment.ts';
import { Submission } from '../entities/Submission.ts';
import { SINA_ATTRIBUTES } from './attributes.ts';
import type { SinaRecord } from './record.ts';
import { fingerprint, writeSinaBatch } from './sina-batch.ts';
import { validateSinaRecord } from './sina-validation.ts';
import { fingerprintOf, normaliseTaxCode } from './fingerprint.ts';
import { assertTaxCodes, newSubmission, warningsOrThrow, type WriteOptions } from './submissions.ts';

export interface SinaRecordResult {
  assessment: SinaAssessment;
  created: boolean;
  warnings: Violation[];
}

/** What identifies a stored SINA: the benefit it came with, checked against its ente and person. */
export interface SinaKey {
  benefitId: string;
  enteCode: string;
  taxCode: string;
}

/** The entity's columns from a valid record; coded attributes keep their XSD codes. */
function assessmentData(record: SinaRecord): Omit<RequiredEntityData<SinaAssessment>, 'id' | 'submission' | 'fingerprint' | 'warnings'> {
  const sina = record.sina as unknown as Record<string, string | undefined>;
  return {
    taxCode: normaliseTaxCode(record.beneficiario.CodiceFiscale),
    enteCode: record.ente.Codice,
    benefitId: record.link.benefitId.toLowerCase(),
    assessmentDate: record.link.assessmentDate,
    ...Object.fromEntries(SINA_ATTRIBUTES.map((spec) => [spec.field, sina[spec.xsd] ?? null])),
    civilInvalidity: record.sina.InvaliditaCivile ?? [],
    neededBenefitCodes: record.sina.NecessitaInterventiSociali ?? [],
  } as Omit<RequiredEntityData<SinaAssessment>, 'id' | 'submission' | 'fingerprint' | 'warnings'>;
}

function validateOrThrow(record: SinaRecord, options: WriteOptions): Violation[] {
  return warningsOrThrow(validateSinaRecord(record, options));
}

async function insert(em: EntityManager, record: SinaRecord, warnings: Violation[], options: WriteOptions, id = randomUUID()): Promise<SinaAssessment> {
  const submission = newSubmission(em, record.ente, options);
  const assessment = em.create(SinaAssessment, {
    id,
    ...assessmentData(record),
    submission,
    cancellation: null,
    correctedById: null,
    status: 'ACTIVE',
    fingerprint: fingerprint(record),
    warnings,
    createdAt: new Date(),
  });
  await em.flush();
  return assessment;
}

function activeFor(em: EntityManager, benefitId: string): Promise<SinaAssessment | null> {
  return em.findOne(SinaAssessment, { benefitId: benefitId.toLowerCase(), status: 'ACTIVE' });
}

function matches(assessment: SinaAssessment, key: SinaKey): boolean {
  return assessment.enteCode === key.enteCode && assessment.taxCode === normaliseTaxCode(key.taxCode);
}

/**
 * Records one SINA assessment. Blocking violations throw VALIDATION_FAILED and write nothing. The
 * same record sent again returns the stored one (`created: false`); a different SINA for the same
 * benefit is a CONFLICT that points to correctSinaAssessment. The benefit itself lives in another
 * subgraph's database and is not checked here: the flow pipeline links them when it records both.
 */
export async function recordSinaAssessment(em: EntityManager, record: SinaRecord, options: WriteOptions): Promise<SinaRecordResult> {
  const warnings = validateOrThrow(record, options);
  const attempt = () =>
    em.transactional(async (tx) => {
      const [outcome] = await writeSinaBatch(sqlOf(tx), [{ operation: 'STORE', record, warnings }], { channel: options.channel, flowName: options.flowName ?? null });
      if (outcome?.status === 'CONFLICT') {
        const existing = await tx.findOneOrFail(SinaAssessment, outcome.assessmentId);
        throw domainError(
          ErrorCode.CONFLICT,
          `Benefit ${record.link.benefitId} already has a different SINA assessment${existing.enteCode === record.ente.Codice ? '' : ` from ente ${existing.enteCode}`}. Use correctSinaAssessment to replace it, or cancelSinaAssessment first.`,
          { sinaAssessmentId: existing.id },
        );
      }
      if (!outcome || !('assessmentId' in outcome)) throw new Error('storing a SINA assessment gave no assessment');
      const assessment = await tx.findOneOrFail(SinaAssessment, outcome.assessmentId);
      return outcome.status === 'CREATED' ? { assessment, created: true, warnings } : { assessment, created: false, warnings: assessment.warnings };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two identical submissions raced: the loser finds the winner's record on a second look.
    if (error instanceof UniqueConstraintViolationException || (error as { code?: string } | null)?.code === '23505') return attempt();
    throw error;
  }
}

function assertKey(key: SinaKey, operatorTaxCode: string): void {
  const extra: Violation[] = isUuid(key.benefitId) ? [] : [{ rule: 'KEY', field: 'benefitId', message: 'benefitId is not a hub id (uuid); give the id of the benefit the assessment came with.', severity: 'BLOCKING' }];
  assertTaxCodes([['Beneficiario@CodiceFiscale', key.taxCode], ['Ente@CFOperatore', operatorTaxCode]], extra);
}

const describeKey = (key: SinaKey): string => `benefit ${key.benefitId} of ente ${key.enteCode}`;

/**
 * Cancels the active SINA of a benefit (as TipoOperazione C does for the benefit it belongs to).
 * It stays, with status CANCELLED and the cancelling submission. NOT_FOUND (DATI_NON_TROVATI) when
 * no active SINA matches the benefit, ente and person.
 */
export async function cancelSinaAssessment(em: EntityManager, key: SinaKey, operatorTaxCode: string, options: Pick<WriteOptions, 'channel' | 'flowName'>): Promise<SinaAssessment> {
  assertKey(key, operatorTaxCode);
  return em.transactional(async (tx) => {
    const existing = await activeFor(tx, key.benefitId);
    if (!existing || !matches(existing, key)) throw notFound(`No active SINA assessment matches ${describeKey(key)} for this person; nothing was cancelled.`);
    const original = await tx.findOneOrFail(Submission, existing.submission.id);
    existing.status = 'CANCELLED';
    const ente = { Codice: key.enteCode, Denominazione: original.enteName ?? undefined, Indirizzo: original.enteSeatCode, CFOperatore: operatorTaxCode };
    existing.cancellation = ref(newSubmission(tx, ente, options));
    await tx.flush();
    return existing;
  });
}

/**
 * Replaces the active SINA matching `key` with `record` in one transaction: the old one becomes
 * SUPERSEDED and points to the new one. The record may move to another benefit (the benefits
 * subgraph gives a corrected benefit a new id); the ente cannot change.
 */
export async function correctSinaAssessment(em: EntityManager, key: SinaKey, record: SinaRecord, options: WriteOptions): Promise<{ previous: SinaAssessment; assessment: SinaAssessment; warnings: Violation[] }> {
  assertKey(key, record.ente.CFOperatore);
  if (record.ente.Codice !== key.enteCode) {
    throw validationFailed([{ rule: 'KEY', field: 'Ente@Codice', message: `A correction must come from the ente of the assessment it replaces (${key.enteCode}).`, severity: 'BLOCKING' }]);
  }
  const warnings = validateOrThrow(record, options);
  return em.transactional(async (tx) => {
    const previous = await activeFor(tx, key.benefitId);
    if (!previous || !matches(previous, key)) throw notFound(`No active SINA assessment matches ${describeKey(key)} for this person; nothing was corrected.`);
    const id = randomUUID();
    previous.status = 'SUPERSEDED';
    previous.correctedById = id;
    await tx.flush();
    const clash = await activeFor(tx, record.link.benefitId);
    if (clash) {
      throw domainError(ErrorCode.CONFLICT, `Benefit ${record.link.benefitId} already has an active SINA assessment; cancel that one first.`, { sinaAssessmentId: clash.id });
    }
    const assessment = await insert(tx, record, warnings, options, id);
    previous.cancellation = assessment.submission;
    await tx.flush();
    return { previous, assessment, warnings };
  });
}
