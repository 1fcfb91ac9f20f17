import type { Severity, Violation } from '@siuss/errors/errors';
import { comuneByBelfiore } from '@siuss/reference/comuni';
import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { quoteIfSafe } from '@siuss/xsd/lexical';
import { ENTE_ATTRIBUTES, asObject, checkAttribute, type Checked } from './attributes.ts';

/** Rule id -> one-line description, for documentation and error payloads. */
export const RULES: Readonly<Record<string, string>> = Object.freeze({
  XSD: 'Facets of SINAType (PS_PSA_SINA201812.xsd), SINBA.xsd and their Ente: required attributes, lengths, patterns, enumerations, MM/YYYY, repeated elements with at least one item',
  HUB: 'Hub attributes the XSDs do not carry: benefitId is a hub id (uuid), assessmentDate a date not in the future, reportingYear a year from 2014 to the current one',
  R10: 'Ente@CFOperatore and Beneficiario@CodiceFiscale are real codici fiscali (check character, omocodia, legal-person check digit)',
  KEY: 'A cancellation or correction names the stored record it acts on: a benefit id (uuid), the ente of the record it replaces',
  REF: 'Codes exist in the reference data: benefit codes in the nomenclatore (on the assessment date, or during the reporting year), Ente@Indirizzo as a Belfiore code',
  'SINA-1': 'InvaliditaCivile and FonteDerivazioneInvalidita are given together (warning: the official example sends the source without classes)',
  'SINA-2': 'At most one degree of civil invalidity (InvCiv 1, 2 or 3) and one gravity of L.104 art.3 (InvCiv 5 or 6) (warning: the official example sends 1 and 3)',
  'SINA-3': 'No code is listed twice in NecessitaInterventiSociali or InvaliditaCivile (warning)',
  'SINBA-R1': 'Disabilita 1 (SI) needs TipoDisabilita and InvCivCertificazioni',
  'SINBA-R2': 'SegnalazioneAutoritaGiudiziaria 1 (SI) needs DataSegnalazione',
  'SINBA-R3': 'ProvvedimentoGiudiziario 1 (SI) needs DataProvvedimentoGiudiziario',
  'SINBA-R4': 'CodiceNazioneResidenza 380 (Italy) needs CodiceRegioneResidenza (warning: the official example omits it)',
  'SINBA-R5': 'FasciaEtaBeneficiario matches AnnoNascita in the reporting year (warning: the official example breaks it)',
  'SINBA-R6': 'AnnoNascita is not after the reporting year',
  'SINBA-R7': 'DataPrimaSegnalazione, DataSegnalazione and DataProvvedimentoGiudiziario are not after the reporting year (warning)',
  'SINBA-R8': 'MotivazioneChiusuraCarico and SituazioneChiusuraCarico are given together: a case is closed with a reason and a situation (warning)',
  'SINBA-R9': 'NumeroComponentiISEE is from 1 to 9 (the XSD only caps it at 9; the specification says 1 to 9)',
  'SINBA-PSEUDONYM': 'IDBeneficiario is a pseudonym and never contains a codice fiscale: SINBA data must not be linkable to a person',
});

/** Rules that only warn unless made strict (SIUSS_STRICT_RULES): INPS's own examples break some of them. */
export const WARNING_BY_DEFAULT: readonly string[] = ['SINA-1', 'SINA-2', 'SINA-3', 'SINBA-R4', 'SINBA-R5', 'SINBA-R7', 'SINBA-R8'];

export interface ValidationOptions {
  /** Rule ids upgraded from warning to blocking; `ALL` upgrades every rule of WARNING_BY_DEFAULT. */
  strictRules: ReadonlySet<string>;
  /** Today, YYYY-MM-DD; injectable so tests do not depend on the clock. */
  today?: string;
}

/** Today as `YYYY-MM-DD` (UTC), the bound for dates that cannot be in the future. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Collects violations while a validator walks a record: XSD results per field, then rules. */
export class ViolationList {
  readonly out: Violation[] = [];
  private readonly checked = new Map<string, Checked>();
  private readonly strict = new Set<string>();

  constructor(options: ValidationOptions | undefined) {
    try {
      for (const rule of options?.strictRules ?? []) this.strict.add(String(rule).toUpperCase());
    } catch {
      // A non-iterable option is a programming error; validate with the defaults rather than crash.
    }
  }

  /** The severity of `rule` under the strict settings. */
  severityFor(rule: string): Severity {
    if (!WARNING_BY_DEFAULT.includes(rule)) return 'BLOCKING';
    return this.strict.has('ALL') || this.strict.has(rule.toUpperCase()) ? 'BLOCKING' : 'WARNING';
  }

  add(rule: string, field: string, message: string, severity: Severity = this.severityFor(rule)): void {
    this.out.push({ rule, field, message, severity });
  }

  set(field: string, checked: Checked): Checked {
    this.checked.set(field, checked);
    return checked;
  }

  get(field: string): Checked {
    return this.checked.get(field) ?? { state: 'absent', value: '' };
  }
}

/** XSD facets of the Ente, R10 on its operator and REF on its seat. */
export function checkEnte(list: ViolationList, source: unknown): void {
  const attributes = asObject(source);
  for (const spec of ENTE_ATTRIBUTES) {
    const field = `Ente@${spec.xsd}`;
    list.set(field, checkAttribute(field, attributes[spec.xsd], spec, list.out));
  }
}

/** The rules on the Ente, run after every XSD check so XSD violations come first. */
export function checkEnteRules(list: ViolationList): void {
  checkTaxCode(list, 'Ente@CFOperatore');
  const seat = list.get('Ente@Indirizzo');
  if (seat.state === 'valid' && comuneByBelfiore(seat.value) === undefined) {
    list.add('REF', 'Ente@Indirizzo', `${quoteIfSafe(seat.value) ?? 'The value'} is not the Belfiore code of an Italian Comune; expected the code of the legal seat, e.g. H501 (Roma).`);
  }
}

/** R10: a codice fiscale that passed its XSD pattern must also be real. */
export function checkTaxCode(list: ViolationList, field: string): void {
  const cf = list.get(field);
  if (cf.state !== 'valid') return;
  const result = validateCodiceFiscale(cf.value);
  if (!result.valid) list.add('R10', field, result.reason);
}

/** True when any violation blocks the record; warnings are stored with it instead. */
export function hasBlocking(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'BLOCKING');
}

/**
 * The INPS esito for a refused record: DATI_NON_TROVATI when only reference data is wrong,
 * RICHIESTA_INVALIDA as soon as any other rule blocks.
 */
export function esitoFor(violations: readonly Violation[]): 'RICHIESTA_INVALIDA' | 'DATI_NON_TROVATI' {
  const blocking = violations.filter((v) => v.severity === 'BLOCKING');
  return blocking.length > 0 && blocking.every((v) => v.rule === 'REF') ? 'DATI_NON_TROVATI' : 'RICHIESTA_INVALIDA';
}
