import { randomUUID } from 'node:crypto';
import type { RequiredEntityData } from '@mikro-orm/core';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';
import { assertSinbaAccess } from '../access.ts';
import { SinbaCase } from '../entities/SinbaCase.ts';
import { Submission } from '../entities/Submission.ts';
import { SINBA_ATTRIBUTES, SINBA_INT_ATTRIBUTES } from './attributes.ts';
import type { EnteAttributes, SinbaAttributes, SinbaRecord } from './record.ts';
import { validateSinbaRecord } from './sinba-validation.ts';
import { fingerprintOf } from './fingerprint.ts';
import { assertTaxCodes, newSubmission, warningsOrThrow, type WriteOptions } from './submissions.ts';

/** What identifies a SINBA case: the ente, its pseudonym of the minor, the reporting year. */
export interface SinbaKey {
  enteCode: string;
  beneficiaryCode: string;
  reportingYear: number;
}

export interface SinbaClosing {
  /** MotivazioneChiusuraCarico code. */
  closingReason: string;
  /** SituazioneChiusuraCarico code. */
  closingSituation: string;
  operatorTaxCode: string;
}

type CaseData = Omit<RequiredEntityData<SinbaCase>, 'id' | 'submission' | 'fingerprint' | 'warnings'>;

const intForm = (value: string | undefined): string | undefined => (value === undefined ? undefined : String(Number(value)));

/** The attributes with integers in canonical form, so `+07` and `7` are the same record. */
function canonicalAttributes(sinba: SinbaAttributes): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...sinba };
  for (const name of SINBA_INT_ATTRIBUTES) attributes[name] = intForm(attributes[name] as string | undefined);
  return attributes;
}

/** Attributes that make two records "the same case version"; the operator and flow do not. */
function fingerprint(record: SinbaRecord): string {
  return fingerprintOf([record.ente.Codice, Number(record.period.reportingYear), canonicalAttributes(record.sinba)]);
}

function caseData(record: SinbaRecord): CaseData {
  const sinba = record.sinba as unknown as Record<string, string | undefined>;
  const data: Record<string, unknown> = { enteCode: record.ente.Codice, reportingYear: Number(record.period.reportingYear) };
  for (const spec of SINBA_ATTRIBUTES) {
    const value = sinba[spec.xsd];
    data[spec.field] = value === undefined ? null : SINBA_INT_ATTRIBUTES.has(spec.xsd) ? Number(value) : value;
  }
  data['benefitCodes'] = [...record.sinba.Prestazioni];
  data['familyComposition'] = [...record.sinba.Famiglia];
  return data as CaseData;
}

/** The XSD-shaped record of a stored case version, sent by `ente`: the inverse of what recording stores. */
export function recordOfCase(stored: SinbaCase, ente: EnteAttributes): SinbaRecord {
  const source = stored as unknown as Record<string, unknown>;
  const sinba: Record<string, unknown> = {};
  for (const spec of SINBA_ATTRIBUTES) {
    const value = source[spec.field];
    sinba[spec.xsd] = value === null || value === undefined ? undefined : String(value);
  }
  sinba['Prestazioni'] = [...stored.benefitCodes];
  sinba['Famiglia'] = [...stored.familyComposition];
  return { ente, period: { reportingYear: String(stored.reportingYear) }, sinba: sinba as unknown as SinbaAttributes };
}

async function insert(em: EntityManager, record: SinbaRecord, warnings: Violation[], options: WriteOptions, id = randomUUID()): Promise<SinbaCase> {
  const submission = newSubmission(em, record.ente, options);
  const stored = em.create(SinbaCase, {
    id,
    ...caseData(record),
    recordStatus: 'ACTIVE',
    submission,
    correctedById: null,
    fingerprint: fingerprint(record),
    warnings,
    createdAt: new Date(),
  });
  await em.flush();
  return stored;
}

function activeCase(em: EntityManager, key: SinbaKey): Promise<SinbaCase | null> {
  return em.findOne(SinbaCase, { enteCode: key.enteCode, beneficiaryCode: key.beneficiaryCode, reportingYear: key.reportingYear, recordStatus: 'ACTIVE' });
}

function keyOf(record: SinbaRecord): SinbaKey {
  return { enteCode: record.ente.Codice, beneficiaryCode: record.sinba.IDBeneficiario, reportingYear: Number(record.period.reportingYear) };
}

const describeKey = (key: SinbaKey): string => `ente ${key.enteCode}, reporting year ${key.reportingYear}`;

/**
 * Replaces `previous` by a new version built from `record`, in the caller's transaction: the old
 * version becomes SUPERSEDED and points to the new one. CONFLICT when the new key is another
 * active case's.
 */
async function supersede(tx: EntityManager, previous: SinbaCase, record: SinbaRecord, warnings: Violation[], options: WriteOptions): Promise<SinbaCase> {
  const id = randomUUID();
  previous.recordStatus = 'SUPERSEDED';
  previous.correctedById = id;
  await tx.flush();
  if (await activeCase(tx, keyOf(record))) {
    throw domainError(ErrorCode.CONFLICT, `The corrected record's pseudonym and year (${describeKey(keyOf(record))}) belong to another case of this ente; correct that one instead.`);
  }
  return insert(tx, record, warnings, options, id);
}

/**
 * Records one SINBA case version for the viewer's ente. FORBIDDEN unless the viewer acts for the
 * record's ente; VALIDATION_FAILED (nothing written) on blocking rules. The same record sent again
 * returns the stored case (`created: false`); a different record under the same ente, pseudonym
 * and year is a CONFLICT pointing to correctSinbaCase.
 */
export async function recordSinbaCase(em: EntityManager, viewer: Viewer, record: SinbaRecord, options: WriteOptions): Promise<{ sinbaCase: SinbaCase; created: boolean; warnings: Violation[] }> {
  assertSinbaAccess(viewer, record.ente.Codice, 'Recording a SINBA case');
  const warnings = warningsOrThrow(validateSinbaRecord(record, options));
  const attempt = () =>
    em.transactional(async (tx) => {
      const existing = await activeCase(tx, keyOf(record));
      if (existing) {
        if (existing.fingerprint === fingerprint(record)) return { sinbaCase: existing, created: false, warnings: existing.warnings };
        throw domainError(
          ErrorCode.CONFLICT,
          `A different SINBA record with this pseudonym is already stored for ${describeKey(keyOf(record))}. Use correctSinbaCase to replace it, or closeSinbaCase to close it.`,
          { sinbaCaseId: existing.id },
        );
      }
      return { sinbaCase: await insert(tx, record, warnings, options), created: true, warnings };
    });
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return attempt();
    throw error;
  }
}

/**
 * Replaces the current version of a case with a corrected record in one transaction. The ente
 * cannot change; the pseudonym or the year may (a typo), unless the new key is another case's.
 */
export async function correctSinbaCase(em: EntityManager, viewer: Viewer, key: SinbaKey, record: SinbaRecord, options: WriteOptions): Promise<{ previous: SinbaCase; sinbaCase: SinbaCase; warnings: Violation[] }> {
  assertSinbaAccess(viewer, key.enteCode, 'Correcting a SINBA case');
  if (record.ente.Codice !== key.enteCode) {
    throw validationFailed([{ rule: 'KEY', field: 'Ente@Codice', message: `A correction must come from the ente of the case it replaces (${key.enteCode}).`, severity: 'BLOCKING' }]);
  }
  const warnings = warningsOrThrow(validateSinbaRecord(record, options));
  return em.transactional(async (tx) => {
    const previous = await activeCase(tx, key);
    if (!previous) throw notFound(`No SINBA case with this pseudonym for ${describeKey(key)}; nothing was corrected.`);
    const sinbaCase = await supersede(tx, previous, record, warnings, options);
    return { previous, sinbaCase, warnings };
  });
}

/**
 * Closes a case: a new version with MotivazioneChiusuraCarico and SituazioneChiusuraCarico set,
 * validated like any record. Closing again with the same reason and situation changes nothing
 * (`previous` is null); a closed case with another reason or situation is a CONFLICT: change the
 * closure with correctSinbaCase.
 */
export async function closeSinbaCase(em: EntityManager, viewer: Viewer, key: SinbaKey, closing: SinbaClosing, options: WriteOptions): Promise<{ previous: SinbaCase | null; sinbaCase: SinbaCase; warnings: Violation[] }> {
  assertSinbaAccess(viewer, key.enteCode, 'Closing a SINBA case');
  assertTaxCodes([['Ente@CFOperatore', closing.operatorTaxCode]]);
  return em.transactional(async (tx) => {
    const previous = await activeCase(tx, key);
    if (!previous) throw notFound(`No SINBA case with this pseudonym for ${describeKey(key)}; nothing was closed.`);
    if (previous.closingReason !== null || previous.closingSituation !== null) {
      if (previous.closingReason === closing.closingReason && previous.closingSituation === closing.closingSituation) {
        return { previous: null, sinbaCase: previous, warnings: previous.warnings };
      }
      throw domainError(ErrorCode.CONFLICT, `The case is already closed with another reason or situation; use correctSinbaCase to change its closure.`, { sinbaCaseId: previous.id });
    }
    const original = await tx.findOneOrFail(Submission, previous.submission.id);
    const ente: EnteAttributes = { Codice: key.enteCode, Denominazione: original.enteName ?? undefined, Indirizzo: original.enteSeatCode, CFOperatore: closing.operatorTaxCode };
    const record = recordOfCase(previous, ente);
    record.sinba.MotivazioneChiusuraCarico = closing.closingReason;
    record.sinba.SituazioneChiusuraCarico = closing.closingSituation;
    const warnings = warningsOrThrow(validateSinbaRecord(record, options));
    const sinbaCase = await supersede(tx, previous, record, warnings, options);
    return { previous, sinbaCase, warnings };
  });
}
