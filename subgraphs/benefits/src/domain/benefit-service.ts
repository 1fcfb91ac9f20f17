import { createHash, randomUUID } from 'node:crypto';
import { ref } from '@mikro-orm/core';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { formatCents, parseMoney } from '@siuss/scalars/money';
import { Beneficiary } from '../entities/Beneficiary.ts';
import { Benefit } from '../entities/Benefit.ts';
import { Submission, type Channel } from '../entities/Submission.ts';
import type { PsRecord, PrestazioneAttributes } from './record.ts';
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

const money = (value: string | undefined): string | null => (value === undefined ? null : formatCents(parseMoney(value)));
/** A codice fiscale as stored: trimmed and uppercase. */
export const normaliseTaxCode = (value: string): string => value.trim().toUpperCase();

/** Attributes that make two records "the same benefit"; the operator and flow do not. */
export function fingerprint(record: PsRecord): string {
  const { TipoOperazione: _ignored, ...attributes } = record.prestazione;
  const canonical = Object.keys(attributes).sort().map((key) => {
    const value = attributes[key as keyof typeof attributes];
    const normalised = value !== undefined && key.startsWith('Importo') ? money(value) : value;
    return [key, normalised ?? null];
  });
  return createHash('sha256')
    .update(JSON.stringify([record.ente.Codice, normaliseTaxCode(record.beneficiario.CodiceFiscale), canonical]))
    .digest('hex');
}

/** The stored columns of a valid PrestazioniSociali, amounts normalised to cents. */
export function benefitData(p: PrestazioneAttributes) {
  const periodic = p.CaratterePrestazione === '1';
  const keyDate = (periodic ? p.DataInizioPrestazione : p.DataErogazionePrestazione) as string;
  return {
    meansTest: p.PresenzaProvaMezzi,
    nature: p.CaratterePrestazione as string,
    dsuNumber: p.NumeroProtocolloDSU || null,
    dsuYear: p.AnnoProtocolloDSU ? Number(p.AnnoProtocolloDSU) : null,
    dsuDate: p.DataDSU ?? null,
    code: p.CodicePrestazione,
    description: p.DenominazionePrestazione,
    applicationProtocol: p.ProtocolloDomanda,
    eventDate: p.DataEvento ?? null,
    startDate: p.DataInizioPrestazione ?? null,
    endDate: p.DataFinePrestazione ?? null,
    paymentDate: p.DataErogazionePrestazione ?? null,
    amount: money(p.ImportoPrestazione),
    months: p.PeriodoErogazione ? Number(p.PeriodoErogazione) : null,
    monthlyAmount: money(p.ImportoMensile),
    enteQuota: money(p.ImportoQuotaEnte),
    userQuota: money(p.ImportoQuotaUtente),
    ssnQuota: money(p.ImportoQuotaSSN),
    requestedQuota: money(p.ImportoQuotaRichiesta),
    iseeThreshold: money(p.ImportoSogliaISEE),
    monthlyServiceHours: money(p.OreServizioMensile),
    takenInCharge: p.PresaCarico === '1',
    userArea: p.AreaUtenza ?? null,
    keyDate,
    periodEnd: periodic ? (p.DataFinePrestazione ?? null) : keyDate,
  };
}

function validateOrThrow(record: PsRecord, options: WriteOptions): Violation[] {
  const violations = validatePsRecord(record, { strictRules: options.strictRules });
  if (hasBlocking(violations)) {
    throw validationFailed(violations.filter((v) => v.severity === 'BLOCKING'), esitoFor(violations));
  }
  return violations;
}

async function upsertBeneficiary(em: EntityManager, record: PsRecord): Promise<Beneficiary> {
  const { CodiceFiscale, anagrafica, indirizzi } = record.beneficiario;
  return em.upsert(
    Beneficiary,
    {
      id: randomUUID(),
      taxCode: normaliseTaxCode(CodiceFiscale),
      surname: anagrafica.Cognome,
      name: anagrafica.Nome,
      birthYear: Number(anagrafica.AnnoNascita),
      birthPlaceCode: anagrafica.LuogoNascita.toUpperCase(),
      sex: anagrafica.Genere,
      citizenship: anagrafica.CodiceCittadinanza,
      secondCitizenship: anagrafica.CodiceSecondaCittadinanza ?? null,
      residences: indirizzi.map((i) => ({ nationCode: i.CodiceNazione, regionCode: i.CodiceRegione ?? null, comuneCode: i.CodiceComune ?? null })),
      updatedAt: new Date(),
    },
    { onConflictFields: ['taxCode'], onConflictExcludeFields: ['id'] },
  );
}

function newSubmission(em: EntityManager, ente: PsRecord['ente'], options: WriteOptions): Submission {
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

async function insert(em: EntityManager, record: PsRecord, violations: Violation[], options: WriteOptions, id = randomUUID()): Promise<Benefit> {
  const beneficiary = await upsertBeneficiary(em, record);
  const submission = newSubmission(em, record.ente, options);
  const benefit = em.create(Benefit, {
    id,
    beneficiary,
    submission,
    cancellation: null,
    correctedById: null,
    status: 'ACTIVE',
    enteCode: record.ente.Codice,
    ...benefitData(record.prestazione),
    fingerprint: fingerprint(record),
    warnings: violations,
    createdAt: new Date(),
  });
  await em.flush();
  return benefit;
}

/**
 * Records one benefit. Blocking violations throw VALIDATION_FAILED and write nothing. The same
 * record sent again returns the stored one (`created: false`); a different record under the same
 * key is a CONFLICT that points to correctBenefit. Beneficiary, submission and benefit are written
 * in one transaction.
 */
export async function recordBenefit(em: EntityManager, record: PsRecord, options: WriteOptions): Promise<RecordResult> {
  const violations = validateOrThrow(record, options);
  const warnings = violations.filter((v) => v.severity === 'WARNING');
  const attempt = () =>
    em.transactional(async (tx) => {
      const beneficiary = await tx.findOne(Beneficiary, { taxCode: normaliseTaxCode(record.beneficiario.CodiceFiscale) });
      const existing = await findActive(tx, keyOf(record), beneficiary);
      if (existing) {
        if (existing.fingerprint === fingerprint(record)) return { benefit: existing, created: false, warnings: existing.warnings };
        throw domainError(
          ErrorCode.CONFLICT,
          `A different benefit ${record.prestazione.CodicePrestazione} with protocol ${record.prestazione.ProtocolloDomanda} and date ${existing.keyDate} is already recorded for this beneficiary by ente ${record.ente.Codice}. Use correctBenefit to replace it, or cancelBenefit first.`,
          { benefitId: existing.id },
        );
      }
      return { benefit: await insert(tx, record, warnings, options), created: true, warnings };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two identical submissions raced: the loser finds the winner's record on a second look.
    if (error instanceof UniqueConstraintViolationException) return attempt();
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

/**
 * Cancels the active benefit matching `key` (TipoOperazione C). The record stays, with status
 * CANCELLED and the cancelling submission. NOT_FOUND (DATI_NON_TROVATI) when nothing active matches.
 */
export async function cancelBenefit(em: EntityManager, key: BenefitKey, operatorTaxCode: string, options: Omit<WriteOptions, 'strictRules'>): Promise<Benefit> {
  assertKey(key, operatorTaxCode);
  return em.transactional(async (tx) => {
    const beneficiary = await tx.findOne(Beneficiary, { taxCode: normaliseTaxCode(key.taxCode) });
    const existing = await findActive(tx, key, beneficiary);
    if (!existing) throw notFound(`No active benefit matches ${describeKey(key)} for this beneficiary; nothing was cancelled.`);
    const original = await tx.findOneOrFail(Submission, existing.submission.id);
    existing.status = 'CANCELLED';
    const ente = { Codice: key.enteCode, Denominazione: original.enteName ?? undefined, Indirizzo: original.enteSeatCode, CFOperatore: operatorTaxCode };
    existing.cancellation = ref(newSubmission(tx, ente, { ...options, strictRules: new Set() }));
    await tx.flush();
    return existing;
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
    const clash = await findActive(tx, keyOf(record), await tx.findOne(Beneficiary, { taxCode: normaliseTaxCode(record.beneficiario.CodiceFiscale) }));
    if (clash) {
      throw domainError(ErrorCode.CONFLICT, `The corrected record's key (${describeKey(keyOf(record))}) belongs to another active benefit; cancel that one first.`, { benefitId: clash.id });
    }
    const benefit = await insert(tx, record, warnings, options, id);
    previous.cancellation = benefit.submission;
    await tx.flush();
    return { previous, benefit, warnings };
  });
}
