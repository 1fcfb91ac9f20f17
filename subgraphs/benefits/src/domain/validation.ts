import type { Severity, Violation } from '@siuss/errors/errors';
import { comuneByBelfiore, comuneByIstat, isForeignStateCode } from '@siuss/reference/comuni';
import { benefitCodeOn, benefitCodeVersions, type BenefitCode } from '@siuss/reference/nomenclatore';
import { validateCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { formatCents, parseMoney } from '@siuss/scalars/money';
import { dateProblem, hasNonXmlChar, isXsdDecimal, parseXsdInt, quoteIfSafe, xsdLength } from '@siuss/xsd/lexical';
import type { BeneficiarioAttributes, EnteAttributes, IndirizzoAttributes, PrestazioneAttributes, PsRecord } from './record.ts';

/** Rule id -> one-line description, for documentation and error payloads. */
export const RULES: Record<string, string> = Object.freeze({
  XSD: 'Facets of PS_PSA_SINA201812.xsd: required attributes, lengths, patterns, enumerations, dates, decimals, 1..5 Indirizzo',
  R1: 'An Indirizzo with CodiceNazione 380 (Italy) needs CodiceRegione and CodiceComune',
  R2: 'NumeroProtocolloDSU, AnnoProtocolloDSU and DataDSU are given all together or not at all',
  R3: 'CaratterePrestazione 1 (periodic) needs DataInizioPrestazione and ImportoMensile',
  R4: 'CaratterePrestazione 2 (one-off) needs DataErogazionePrestazione and ImportoPrestazione',
  R5: 'DataFinePrestazione is in the same year as DataInizioPrestazione',
  R6: 'ImportoPrestazione and ImportoMensile are greater than 0, and no amount is negative',
  'R6-quota': 'ImportoQuotaEnte and ImportoQuotaSSN, when given, are greater than 0',
  R7: 'ImportoQuotaEnte + ImportoQuotaUtente + ImportoQuotaSSN equal ImportoMensile (periodic) or ImportoPrestazione (one-off), to the cent',
  R8: 'PresaCarico 1 (taken in charge) needs AreaUtenza',
  R9: 'CaratterePrestazione is mandatory, although the XSD makes it optional',
  R10: 'Beneficiario@CodiceFiscale and Ente@CFOperatore are real codici fiscali (check character, omocodia, legal-person check digit)',
  REF: 'Codes exist in the reference data: CodicePrestazione in the nomenclatore on the benefit date, Indirizzo@CodiceComune (ISTAT), Ente@Indirizzo and Anagrafica@LuogoNascita (Belfiore)',
});

/** Rules that INPS's own examples break, so they only warn unless configured as strict. */
export const WARNING_BY_DEFAULT: readonly string[] = ['R5', 'R6-quota', 'R7'];

export interface ValidationOptions {
  /** Rule ids upgraded from warning to blocking; `ALL` upgrades every rule of WARNING_BY_DEFAULT. */
  strictRules: ReadonlySet<string>;
}

type Facet =
  | { kind: 'text'; min: number; max: number }
  | { kind: 'pattern'; pattern: RegExp }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'date' }
  | { kind: 'money' }
  | { kind: 'decimal' }
  | { kind: 'int'; min: number; max: number };

interface AttributeSpec<Name extends string = string> {
  name: Name;
  required: boolean;
  facet: Facet;
  /** What a good value looks like, ending the message. */
  expected: string;
  /** Free text or a codice fiscale: never quoted in a message, whatever it holds. */
  personal?: boolean;
}

interface Checked {
  state: 'absent' | 'invalid' | 'valid';
  value: string;
  /** Integer cents of a valid money attribute. */
  cents?: bigint;
}

const ABSENT: Checked = { state: 'absent', value: '' };

const CF_PATTERN = /^(?:[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z][A-Za-z0-9]{3}[A-Za-z]|\d{11} {0,5})$/;
const CF_EXPECTED = 'a codice fiscale: 16 characters such as RSSMRK66C14H501U, or 11 digits for a legal person';
const YEAR: Facet = { kind: 'pattern', pattern: /^[0-9]{4}$/ };
const NATION: Facet = { kind: 'pattern', pattern: /^[0-9]{3}$/ };
const DATE: Facet = { kind: 'date' };
const MONEY: Facet = { kind: 'money' };
const DATE_EXPECTED = 'a calendar date YYYY-MM-DD';
const MONEY_EXPECTED = 'an amount in euro with at most 2 decimals, e.g. 101.23';

const ENTE: readonly AttributeSpec<keyof EnteAttributes>[] = [
  { name: 'Codice', required: true, facet: { kind: 'text', min: 1, max: 32 }, expected: 'the ente code, 1 to 32 characters' },
  { name: 'Denominazione', required: false, facet: { kind: 'text', min: 1, max: 100 }, expected: 'the ente name, 1 to 100 characters', personal: true },
  { name: 'Indirizzo', required: true, facet: { kind: 'text', min: 4, max: 4 }, expected: 'the Belfiore code of the legal seat, exactly 4 characters, e.g. H501' },
  { name: 'CFOperatore', required: true, facet: { kind: 'pattern', pattern: CF_PATTERN }, expected: CF_EXPECTED, personal: true },
];

const BENEFICIARIO: readonly AttributeSpec<'CodiceFiscale'>[] = [
  { name: 'CodiceFiscale', required: true, facet: { kind: 'pattern', pattern: CF_PATTERN }, expected: CF_EXPECTED, personal: true },
];

const ANAGRAFICA: readonly AttributeSpec<keyof BeneficiarioAttributes['anagrafica']>[] = [
  { name: 'Cognome', required: true, facet: { kind: 'text', min: 1, max: 36 }, expected: 'the surname, 1 to 36 characters', personal: true },
  { name: 'Nome', required: true, facet: { kind: 'text', min: 1, max: 36 }, expected: 'the given name, 1 to 36 characters', personal: true },
  { name: 'AnnoNascita', required: true, facet: YEAR, expected: 'the year of birth, 4 digits' },
  { name: 'LuogoNascita', required: true, facet: { kind: 'text', min: 4, max: 4 }, expected: 'the Belfiore code of the place of birth, exactly 4 characters, e.g. H501 or Z404' },
  { name: 'Genere', required: true, facet: { kind: 'enum', values: ['1', '2'] }, expected: '1 (male) or 2 (female)' },
  { name: 'CodiceCittadinanza', required: true, facet: NATION, expected: 'an ISO 3166 numeric country code, 3 digits, e.g. 380' },
  { name: 'CodiceSecondaCittadinanza', required: false, facet: NATION, expected: 'an ISO 3166 numeric country code, 3 digits, e.g. 380' },
];

const INDIRIZZO: readonly AttributeSpec<keyof IndirizzoAttributes>[] = [
  { name: 'CodiceRegione', required: false, facet: { kind: 'pattern', pattern: /^[0-9]{2}$/ }, expected: 'a region code, 2 digits' },
  { name: 'CodiceComune', required: false, facet: { kind: 'pattern', pattern: /^[0-9]{6}$/ }, expected: 'the ISTAT code of the Comune, 6 digits, e.g. 058091' },
  { name: 'CodiceNazione', required: true, facet: NATION, expected: 'an ISO 3166 numeric country code, 3 digits (380 for Italy)' },
];

const PRESTAZIONE: readonly AttributeSpec<keyof PrestazioneAttributes>[] = [
  { name: 'TipoOperazione', required: false, facet: { kind: 'enum', values: ['I', 'C'] }, expected: 'I (insert) or C (cancel)' },
  { name: 'PresenzaProvaMezzi', required: true, facet: { kind: 'enum', values: ['1', '2', '3', '4'] }, expected: '1 (ISEE), 2 (other means test), 3 (exempted from ISEE) or 4 (no means test)' },
  { name: 'CaratterePrestazione', required: false, facet: { kind: 'enum', values: ['1', '2'] }, expected: '1 (periodic) or 2 (one-off)' },
  { name: 'NumeroProtocolloDSU', required: false, facet: { kind: 'text', min: 0, max: 30 }, expected: 'the DSU protocol, up to 30 characters, e.g. INPS-ISEE-2015-01480722D-00', personal: true },
  { name: 'AnnoProtocolloDSU', required: false, facet: YEAR, expected: 'the DSU protocol year, 4 digits' },
  { name: 'DataDSU', required: false, facet: DATE, expected: DATE_EXPECTED },
  { name: 'CodicePrestazione', required: true, facet: { kind: 'text', min: 5, max: 10 }, expected: 'a nomenclatore code of 5 to 10 characters, e.g. A1.16' },
  { name: 'DenominazionePrestazione', required: true, facet: { kind: 'text', min: 10, max: 200 }, expected: 'the benefit name, 10 to 200 characters', personal: true },
  { name: 'ProtocolloDomanda', required: true, facet: { kind: 'text', min: 1, max: 32 }, expected: "the ente's protocol of the application, 1 to 32 characters", personal: true },
  { name: 'DataEvento', required: false, facet: DATE, expected: DATE_EXPECTED },
  { name: 'DataInizioPrestazione', required: false, facet: DATE, expected: DATE_EXPECTED },
  { name: 'DataFinePrestazione', required: false, facet: DATE, expected: DATE_EXPECTED },
  { name: 'DataErogazionePrestazione', required: false, facet: DATE, expected: DATE_EXPECTED },
  { name: 'ImportoPrestazione', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'PeriodoErogazione', required: false, facet: { kind: 'int', min: 1, max: 12 }, expected: 'a number of months from 1 to 12' },
  { name: 'ImportoMensile', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'ImportoQuotaEnte', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'ImportoQuotaUtente', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'ImportoQuotaSSN', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'ImportoQuotaRichiesta', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'ImportoSogliaISEE', required: false, facet: MONEY, expected: MONEY_EXPECTED },
  { name: 'OreServizioMensile', required: false, facet: { kind: 'decimal' }, expected: 'monthly hours as a decimal with at most 2 decimals, e.g. 24.50' },
  { name: 'PresaCarico', required: true, facet: { kind: 'enum', values: ['1', '2'] }, expected: '1 (taken in charge) or 2 (not taken in charge)' },
  { name: 'AreaUtenza', required: false, facet: { kind: 'enum', values: ['1', '2', '3'] }, expected: '1 (family and minors), 2 (disability and dependency) or 3 (poverty and social exclusion)' },
];

const MAX_INDIRIZZI = 5;

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Integer cents of a valid xs:decimal, or what is wrong with it (a phrase for the message). */
function decimalCents(value: string): bigint | string {
  if (!isXsdDecimal(value)) return "is not a decimal number (digits with an optional '.' fraction; no comma, exponent or spaces)";
  try {
    return parseMoney(value);
  } catch {
    const fraction = (value.split('.')[1] ?? '').replace(/0+$/, '');
    return fraction.length > 2 ? 'has more than 2 decimal places' : 'has more than 10 digits before the decimal point';
  }
}

/** What is wrong with a non-empty string under a facet other than money/decimal, or undefined. */
function facetProblem(value: string, facet: Exclude<Facet, { kind: 'money' | 'decimal' }>): string | undefined {
  switch (facet.kind) {
    case 'text': {
      if (hasNonXmlChar(value)) return 'contains a character that XML cannot carry (e.g. a control character)';
      const length = xsdLength(value);
      return length < facet.min || length > facet.max ? `has ${length} characters` : undefined;
    }
    case 'pattern':
      return facet.pattern.test(value) ? undefined : 'does not match the XSD pattern';
    case 'enum':
      return facet.values.includes(value) ? undefined : 'is not an allowed code';
    case 'date': {
      const problem = dateProblem(value);
      return problem === undefined ? undefined : `is not a valid date (${problem})`;
    }
    case 'int': {
      const n = parseXsdInt(value);
      if (n === undefined) return 'is not a whole number';
      return n < facet.min || n > facet.max ? 'is out of range' : undefined;
    }
  }
}

/** Pushes the XSD violation of an attribute; the field name is only built here, for a failing attribute. */
function rejectAttribute(prefix: string, spec: AttributeSpec, raw: unknown, message: string, out: Violation[]): Checked {
  out.push({ rule: 'XSD', field: `${prefix}@${spec.name}`, message, severity: 'BLOCKING' });
  return { state: 'invalid', value: typeof raw === 'string' ? raw : '' };
}

/** Checks one attribute of the element `prefix` against its XSD facet, pushing an XSD violation when it fails. */
function checkAttribute(prefix: string, raw: unknown, spec: AttributeSpec, out: Violation[]): Checked {
  if (raw === undefined || raw === null) {
    if (spec.required) rejectAttribute(prefix, spec, raw, `Required attribute is missing; expected ${spec.expected}.`, out);
    return ABSENT;
  }
  if (typeof raw !== 'string') return rejectAttribute(prefix, spec, raw, `Expected a string in XML lexical form, got a ${typeof raw}; expected ${spec.expected}.`, out);
  if (raw === '') {
    if (spec.facet.kind === 'text' && spec.facet.min === 0) return { state: 'valid', value: raw };
    const message = spec.required ? `Required attribute is empty; expected ${spec.expected}.` : `Empty value; omit the attribute or give ${spec.expected}.`;
    return rejectAttribute(prefix, spec, raw, message, out);
  }
  const facet = spec.facet;
  // A valid decimal yields its cents, for the rules on amounts.
  const result = facet.kind === 'money' || facet.kind === 'decimal' ? decimalCents(raw) : facetProblem(raw, facet);
  if (typeof result === 'string') {
    const subject = (spec.personal ? undefined : quoteIfSafe(raw)) ?? 'The value';
    return rejectAttribute(prefix, spec, raw, `${subject} ${result}; expected ${spec.expected}.`, out);
  }
  return result === undefined ? { state: 'valid', value: raw } : { state: 'valid', value: raw, cents: result };
}

/** The attributes of one element as checked, by attribute name. */
type CheckedElement<Name extends string> = Record<Name, Checked>;

/** Checks the attributes of the element `prefix` (e.g. `Indirizzo[2]`) in XSD order, pushing XSD violations. */
function checkElement<Name extends string>(prefix: string, source: unknown, specs: readonly AttributeSpec<Name>[], out: Violation[]): CheckedElement<Name> {
  const attributes = asObject(source);
  const checked = {} as CheckedElement<Name>;
  for (const spec of specs) checked[spec.name] = checkAttribute(prefix, attributes[spec.name], spec, out);
  return checked;
}

type PrestazioneName = keyof PrestazioneAttributes;
const DSU: readonly PrestazioneName[] = ['NumeroProtocolloDSU', 'AnnoProtocolloDSU', 'DataDSU'];
const QUOTAS: readonly PrestazioneName[] = ['ImportoQuotaEnte', 'ImportoQuotaUtente', 'ImportoQuotaSSN'];
/** The dates a benefit code is checked on, the first one given wins. */
const BENEFIT_DATES: readonly PrestazioneName[] = ['DataInizioPrestazione', 'DataErogazionePrestazione', 'DataEvento'];

const indirizzoPrefix = (i: number): string => `Indirizzo[${i + 1}]`;

function describePeriods(versions: readonly BenefitCode[]): string {
  return versions
    .map((v) => (v.validFrom ? `from ${v.validFrom}` : 'since always') + (v.validTo ? ` to ${v.validTo}` : ' onwards'))
    .join(', ');
}

function severityFor(rule: string, strict: ReadonlySet<string>): Severity {
  if (!WARNING_BY_DEFAULT.includes(rule)) return 'BLOCKING';
  return strict.has('ALL') || strict.has(rule.toUpperCase()) ? 'BLOCKING' : 'WARNING';
}

/**
 * Validates one PS/PSA benefit record: the XSD facets of every attribute, the conditional rules
 * R1-R10 and the reference data (REF). Returns every violation found, XSD ones first in document
 * order, then rules by id, then REF, so the same record always yields the same list. Never
 * throws, whatever the input: a flow with garbage must produce violations, not a crash. A rule is
 * not evaluated on a value that already failed its XSD facet, so each problem is reported once.
 * Messages never quote a codice fiscale, a name or other free text (personal data ends up in logs).
 */
export function validatePsRecord(record: PsRecord, options: ValidationOptions): Violation[] {
  const strict = new Set<string>();
  try {
    for (const rule of options?.strictRules ?? []) strict.add(String(rule).toUpperCase());
  } catch {
    // A non-iterable option is a programming error; validate with the defaults rather than crash.
  }

  const out: Violation[] = [];
  const add = (rule: string, field: string, message: string, severity: Severity = severityFor(rule, strict)): void => {
    out.push({ rule, field, message, severity });
  };

  // XSD, in document order.
  const root = asObject(record);
  const beneficiario = asObject(root['beneficiario']);
  const ente = checkElement('Ente', root['ente'], ENTE, out);
  const person = checkElement('Beneficiario', beneficiario, BENEFICIARIO, out);
  const anagrafica = checkElement('Anagrafica', beneficiario['anagrafica'], ANAGRAFICA, out);
  const rawIndirizzi = beneficiario['indirizzi'];
  const indirizzi: readonly unknown[] = Array.isArray(rawIndirizzi) ? rawIndirizzi : [];
  if (indirizzi.length < 1 || indirizzi.length > MAX_INDIRIZZI) {
    add('XSD', 'Indirizzo', `Got ${indirizzi.length} Indirizzo elements; expected 1 to ${MAX_INDIRIZZI} addresses of the beneficiary.`, 'BLOCKING');
  }
  const addresses = indirizzi.map((indirizzo, i) => checkElement(indirizzoPrefix(i), indirizzo, INDIRIZZO, out));
  const p = checkElement('PrestazioniSociali', root['prestazione'], PRESTAZIONE, out);

  const pField = (name: string): string => `PrestazioniSociali@${name}`;
  const valid = (c: Checked): boolean => c.state === 'valid';
  const carattere = p.CaratterePrestazione;
  const periodic = valid(carattere) && carattere.value === '1';
  const oneOff = valid(carattere) && carattere.value === '2';

  // R1: an Italian address needs region and Comune.
  addresses.forEach((address, i) => {
    const nazione = address.CodiceNazione;
    if (!valid(nazione) || nazione.value !== '380') return;
    for (const name of ['CodiceRegione', 'CodiceComune'] as const) {
      if (address[name].state === 'absent') {
        add('R1', `${indirizzoPrefix(i)}@${name}`, `Missing ${name}; an address in Italy (CodiceNazione 380) needs both CodiceRegione (2 digits) and CodiceComune (6-digit ISTAT code).`);
      }
    }
  });

  // R2: the DSU triple, all or none; an empty protocol number counts as absent.
  const dsuGiven = DSU.filter((name) => p[name].state === 'invalid' || (p[name].state === 'valid' && p[name].value !== ''));
  if (dsuGiven.length > 0 && dsuGiven.length < DSU.length) {
    for (const name of DSU.filter((n) => !dsuGiven.includes(n))) {
      add('R2', pField(name), `Missing ${name}; the DSU protocol number, year and date go together, and ${dsuGiven.join(' and ')} ${dsuGiven.length === 1 ? 'is' : 'are'} given.`);
    }
  }

  // R3 / R4: what each kind of benefit needs.
  const requireFor = (rule: string, kind: string, names: readonly PrestazioneName[]): void => {
    for (const name of names) {
      if (p[name].state === 'absent') add(rule, pField(name), `Missing ${name}; a ${kind} benefit needs ${names.join(' and ')}.`);
    }
  };
  if (periodic) requireFor('R3', 'periodic (CaratterePrestazione 1)', ['DataInizioPrestazione', 'ImportoMensile']);
  if (oneOff) requireFor('R4', 'one-off (CaratterePrestazione 2)', ['DataErogazionePrestazione', 'ImportoPrestazione']);

  // R5: start and end in the same year.
  const inizio = p.DataInizioPrestazione;
  const fine = p.DataFinePrestazione;
  if (valid(inizio) && valid(fine) && inizio.value.slice(0, 4) !== fine.value.slice(0, 4)) {
    add('R5', pField('DataFinePrestazione'), `End date ${fine.value} is not in the year of the start date ${inizio.value}; expected an end date in ${inizio.value.slice(0, 4)} (same-year rule).`);
  }

  // R6 / R6-quota: signs of the amounts.
  const amount = (name: PrestazioneName): bigint | undefined => (valid(p[name]) ? p[name].cents : undefined);
  for (const name of ['ImportoPrestazione', 'ImportoMensile'] as const) {
    const cents = amount(name);
    if (cents !== undefined && cents <= 0n) add('R6', pField(name), `Amount ${p[name].value} must be greater than 0.`);
  }
  for (const name of ['ImportoQuotaEnte', 'ImportoQuotaUtente', 'ImportoQuotaSSN', 'ImportoQuotaRichiesta', 'ImportoSogliaISEE'] as const) {
    const cents = amount(name);
    if (cents !== undefined && cents < 0n) add('R6', pField(name), `Amount ${p[name].value} is negative; expected 0 or more.`);
  }
  for (const name of ['ImportoQuotaEnte', 'ImportoQuotaSSN'] as const) {
    if (amount(name) === 0n) add('R6-quota', pField(name), `${name} is ${p[name].value}; when given it must be greater than 0 (omit it when there is no such quota).`);
  }

  // R7: the quotas add up to the amount, exactly in cents.
  const totalName = periodic ? 'ImportoMensile' : oneOff ? 'ImportoPrestazione' : undefined;
  const total = totalName === undefined ? undefined : amount(totalName);
  const quotasGiven = QUOTAS.filter((name) => p[name].state !== 'absent');
  if (totalName !== undefined && total !== undefined && quotasGiven.length > 0 && quotasGiven.every((name) => valid(p[name]))) {
    const sum = quotasGiven.reduce((acc, name) => acc + (amount(name) ?? 0n), 0n);
    if (sum !== total) {
      const parts = QUOTAS.map((name) => `${name.replace('ImportoQuota', '')} ${valid(p[name]) ? p[name].value : '0'}`).join(' + ');
      add('R7', pField(totalName), `The quotas add up to ${formatCents(sum)} (${parts}) but ${totalName} is ${p[totalName].value}; they must be equal to the cent.`);
    }
  }

  // R8: taken in charge needs the user area.
  const presaCarico = p.PresaCarico;
  if (valid(presaCarico) && presaCarico.value === '1' && p.AreaUtenza.state === 'absent') {
    add('R8', pField('AreaUtenza'), 'Missing AreaUtenza; a beneficiary taken in charge (PresaCarico 1) needs AreaUtenza 1, 2 or 3.');
  }

  // R9: the nature of the benefit is mandatory.
  if (carattere.state === 'absent') {
    add('R9', pField('CaratterePrestazione'), 'Missing CaratterePrestazione; it is mandatory: 1 (periodic) or 2 (one-off).');
  }

  // R10: codici fiscali that passed the XSD pattern must also be real.
  for (const [field, cf] of [['Beneficiario@CodiceFiscale', person.CodiceFiscale], ['Ente@CFOperatore', ente.CFOperatore]] as const) {
    if (!valid(cf)) continue;
    const result = validateCodiceFiscale(cf.value);
    if (!result.valid) add('R10', field, result.reason);
  }

  // REF: reference data.
  const code = p.CodicePrestazione;
  if (valid(code)) {
    const versions = benefitCodeVersions(code.value);
    const shown = (): string => quoteIfSafe(code.value) ?? 'The code';
    if (versions.length === 0) {
      add('REF', pField('CodicePrestazione'), `${shown()} is an unknown benefit code: it is not in the nomenclatore; expected a code such as A1.16.`);
    } else {
      const dateName = BENEFIT_DATES.find((name) => p[name].state !== 'absent');
      const date = dateName === undefined ? undefined : p[dateName];
      if (dateName !== undefined && date !== undefined && valid(date) && benefitCodeOn(code.value, date.value) === undefined) {
        add('REF', pField('CodicePrestazione'), `${shown()} is not valid on ${date.value} (${dateName}); it is valid ${describePeriods(versions)}.`);
      }
    }
  }
  addresses.forEach((address, i) => {
    const comune = address.CodiceComune;
    if (valid(comune) && comuneByIstat(comune.value) === undefined) {
      add('REF', `${indirizzoPrefix(i)}@CodiceComune`, `${JSON.stringify(comune.value)} is not the ISTAT code of an Italian Comune; expected a 6-digit code such as 058091 (Roma).`);
    }
  });
  const seat = ente.Indirizzo;
  if (valid(seat) && comuneByBelfiore(seat.value) === undefined) {
    add('REF', 'Ente@Indirizzo', `${quoteIfSafe(seat.value) ?? 'The value'} is not the Belfiore code of an Italian Comune; expected the code of the legal seat, e.g. H501 (Roma).`);
  }
  const birthPlace = anagrafica.LuogoNascita;
  if (valid(birthPlace) && comuneByBelfiore(birthPlace.value) === undefined && !isForeignStateCode(birthPlace.value)) {
    // Only current Comuni are listed: people born in a Comune merged since then would be refused.
    add('REF', 'Anagrafica@LuogoNascita', `${quoteIfSafe(birthPlace.value) ?? 'The value'} is neither the Belfiore code of a current Comune nor a foreign-state code Z###; check it (a Comune merged since the birth is not in the list).`, 'WARNING');
  }

  return out;
}

/** True when any violation blocks the record; warnings are stored with it instead. */
export function hasBlocking(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'BLOCKING');
}

/**
 * The INPS esito for a refused record: DATI_NON_TROVATI when only reference data is wrong (the
 * structure is fine but a code is not found), RICHIESTA_INVALIDA as soon as any other rule blocks.
 * Meant for lists where `hasBlocking` is true; without any blocking violation it answers
 * RICHIESTA_INVALIDA, since there is no "OK" to return here.
 */
export function esitoFor(violations: readonly Violation[]): 'RICHIESTA_INVALIDA' | 'DATI_NON_TROVATI' {
  const blocking = violations.filter((v) => v.severity === 'BLOCKING');
  return blocking.length > 0 && blocking.every((v) => v.rule === 'REF') ? 'DATI_NON_TROVATI' : 'RICHIESTA_INVALIDA';
}
