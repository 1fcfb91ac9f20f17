import { hash } from 'node:crypto';
import { canonicalMoney } from '@siuss/scalars/money';
import type { PsRecord, PrestazioneAttributes } from './record.ts';

// How a PS record becomes stored columns: shared by the single-record service and the batch writer.

const money = (value: string | undefined): string | null => (value === undefined ? null : canonicalMoney(value));
/** A codice fiscale as stored: trimmed and uppercase. */
export const normaliseTaxCode = (value: string): string => value.trim().toUpperCase();

/**
 * Attributes that make two records "the same benefit"; the operator and flow do not. The SHA-256
 * of a JSON array [ente code, tax code, [[attribute, value], ...]] with the attributes of the
 * PrestazioniSociali but TipoOperazione, sorted by name, amounts in canonical form. Stored rows
 * carry it and a re-submission is compared with it, so its value must never change.
 */
export function fingerprint(record: PsRecord): string {
  const attributes = record.prestazione;
  const canonical = Object.keys(attributes)
    .filter((key) => key !== 'TipoOperazione')
    .sort()
    .map((key) => {
      const value = attributes[key as keyof typeof attributes];
      const normalised = value !== undefined && key.startsWith('Importo') ? money(value) : value;
      return [key, normalised ?? null];
    });
  return hash('sha256', JSON.stringify([record.ente.Codice, normaliseTaxCode(record.beneficiario.CodiceFiscale), canonical]), 'hex');
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
