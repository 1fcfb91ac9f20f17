import type { Violation } from '@siuss/errors/errors';
import { benefitCodeVersions } from '@siuss/reference/nomenclatore';
import { quoteIfSafe } from '@siuss/xsd/lexical';
import { BENEFIT_CODE_ITEM, SINBA_ATTRIBUTES, asObject, checkAttribute, checkList, type AttributeSpec, type Checked } from './attributes.ts';
import { SINBA_CODE_LISTS, describeCodes } from './code-lists.ts';
import type { SinbaRecord } from './record.ts';
import { ViolationList, checkEnte, checkEnteRules, today, type ValidationOptions } from './validation.ts';

/** The first year the hub accepts as a SINBA reporting year (the Casellario dell'assistenza, DM 206/2014). */
export const FIRST_REPORTING_YEAR = 2014;

const FAMILY_ITEM: AttributeSpec = {
  xsd: 'ComposizioneFamiglia', field: 'familyComposition', required: true, facet: { kind: 'enum', list: SINBA_CODE_LISTS.ComposizioneFamigliaType },
  expected: `a code from 1 to 6 of ComposizioneFamigliaType (1 Madre, 2 Padre, 3 Fratelli/Sorelle, 4 Nonno/a, 5 Compagno/a della madre o del padre, 6 Altri conviventi)`,
};
const BENEFITS = 'SINBA/Prestazioni/CodicePrestazione';
const FAMILY = 'SINBA/Famiglia/ComposizioneFamiglia';
const YEAR = /^[0-9]{4}$/;
/** A personal codice fiscale anywhere in a string (omocodia letters included), e.g. a Belfiore code + a CF. */
const EMBEDDED_TAX_CODE = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/;
const AGE_BANDS = SINBA_CODE_LISTS.FasciaEtaBeneficiarioType;

/** The age band (1..6, three years each) of an age, or undefined from 18 on. */
function bandOf(age: number): number | undefined {
  return age >= 0 && age < 18 ? Math.floor(age / 3) + 1 : undefined;
}

function bandLabel(code: string): string {
  return `${code} (${AGE_BANDS.values.find((value) => value.code === code)?.label ?? '?'})`;
}

/**
 * Validates one SINBA record: XSD facets of the Ente and SinbaType (lists of at least one benefit
 * code and one family member included); the reporting year (HUB); R10 on the operator; the SINBA
 * rules SINBA-R1..R9 and SINBA-PSEUDONYM; and reference data (REF: benefit codes in the nomenclatore
 * during the reporting year, the ente's seat). R4, R5, R7 and R8 only warn unless made strict:
 * INPS's own SINBA example omits the region and has an age band that does not fit its birth year.
 * Never throws; messages never quote the pseudonym.
 */
export function validateSinbaRecord(record: SinbaRecord, options: ValidationOptions): Violation[] {
  const list = new ViolationList(options);
  const root = asObject(record);
  const valid = (c: Checked): boolean => c.state === 'valid';
  const field = (name: string): string => `SINBA@${name}`;
  const get = (name: string): Checked => list.get(field(name));

  // XSD, in document order: Ente, Prestazioni, Famiglia, then the attributes.
  checkEnte(list, root['ente']);
  const sinba = asObject(root['sinba']);
  const benefits = checkList(BENEFITS, sinba['Prestazioni'], BENEFIT_CODE_ITEM, true, list.out);
  checkList(FAMILY, sinba['Famiglia'], FAMILY_ITEM, true, list.out);
  for (const spec of SINBA_ATTRIBUTES) list.set(field(spec.xsd), checkAttribute(field(spec.xsd), sinba[spec.xsd], spec, list.out));

  // HUB: the reporting year, which SINBA.xsd does not carry.
  const rawYear = asObject(root['period'])['reportingYear'];
  const currentYear = Number((options?.today ?? today()).slice(0, 4));
  let year: number | undefined;
  if (typeof rawYear !== 'string' || !YEAR.test(rawYear) || Number(rawYear) < FIRST_REPORTING_YEAR || Number(rawYear) > currentYear) {
    list.add('HUB', 'reportingYear', `Missing or out-of-range reportingYear; expected the year the case snapshot refers to, from ${FIRST_REPORTING_YEAR} to ${currentYear}.`);
  } else {
    year = Number(rawYear);
  }

  checkEnteRules(list);

  // SINBA-PSEUDONYM: the pseudonym must not carry a codice fiscale.
  const pseudonym = get('IDBeneficiario');
  if (valid(pseudonym) && EMBEDDED_TAX_CODE.test(pseudonym.value.toUpperCase())) {
    list.add('SINBA-PSEUDONYM', field('IDBeneficiario'), "IDBeneficiario contains a codice fiscale; SINBA is pseudonymous by law: build the code from the ente's own case number (e.g. Belfiore code + case number), never from the minor's codice fiscale or name.");
  }

  // R1..R3: what a "yes" needs.
  const needs = (rule: string, trigger: string, label: string, names: readonly string[]): void => {
    const value = get(trigger);
    if (!valid(value) || value.value !== '1') return;
    for (const name of names) {
      if (get(name).state === 'absent') add(rule, name, `Missing ${name}; ${label} (${trigger} 1) needs ${names.join(' and ')}.`);
    }
  };
  const add = (rule: string, name: string, message: string): void => list.add(rule, name.includes('/') ? name : field(name), message);
  needs('SINBA-R1', 'Disabilita', 'a minor with a disability', ['TipoDisabilita', 'InvCivCertificazioni']);
  needs('SINBA-R2', 'SegnalazioneAutoritaGiudiziaria', 'a report to the judicial authority', ['DataSegnalazione']);
  needs('SINBA-R3', 'ProvvedimentoGiudiziario', 'a judicial measure', ['DataProvvedimentoGiudiziario']);

  // R4: an Italian residence needs the region.
  const nation = get('CodiceNazioneResidenza');
  if (valid(nation) && nation.value === '380' && get('CodiceRegioneResidenza').state === 'absent') {
    add('SINBA-R4', 'CodiceRegioneResidenza', 'Missing CodiceRegioneResidenza; a minor resident in Italy (CodiceNazioneResidenza 380) needs the region code (2 digits).');
  }

  // R6 and R5: the birth year against the reporting year, then the age band.
  const birth = get('AnnoNascita');
  const band = get('FasciaEtaBeneficiario');
  if (year !== undefined && valid(birth)) {
    const born = Number(birth.value);
    if (born > year) {
      add('SINBA-R6', 'AnnoNascita', `The year of birth is after the reporting year ${year}; check AnnoNascita and reportingYear.`);
    } else if (valid(band)) {
      const youngest = year - born - 1;
      const oldest = year - born;
      const code = Number(band.value);
      const [low, high] = [3 * (code - 1), 3 * code];
      if (Math.max(Math.max(youngest, 0), low) > Math.min(oldest, high)) {
        const expected = bandOf(oldest);
        const ages = youngest < 0 ? `${oldest}` : `${youngest} or ${oldest}`;
        add('SINBA-R5', 'FasciaEtaBeneficiario', `Age band ${bandLabel(band.value)} does not match the year of birth: during ${year} the minor is ${ages} years old; expected ${expected === undefined ? 'a minor (SINBA covers children and adolescents up to 18)' : `band ${bandLabel(String(expected))}`}.`);
      }
    }
  }

  // R7: no month/year after the reporting year.
  if (year !== undefined) {
    for (const name of ['DataPrimaSegnalazione', 'DataSegnalazione', 'DataProvvedimentoGiudiziario']) {
      const value = get(name);
      if (valid(value) && Number(value.value.slice(3)) > year) {
        add('SINBA-R7', name, `${name} ${value.value} is after the reporting year ${year}; a case snapshot cannot hold later events.`);
      }
    }
  }

  // R8: closing reason and situation go together.
  const reason = get('MotivazioneChiusuraCarico');
  const situation = get('SituazioneChiusuraCarico');
  if (reason.state !== 'absent' && situation.state === 'absent') {
    add('SINBA-R8', 'SituazioneChiusuraCarico', `Missing SituazioneChiusuraCarico; a closed case (MotivazioneChiusuraCarico given) needs the minor's situation at closing: ${describeCodes(SINBA_CODE_LISTS.SituazioneChiusuraCaricoType)}.`);
  }
  if (situation.state !== 'absent' && reason.state === 'absent') {
    add('SINBA-R8', 'MotivazioneChiusuraCarico', `Missing MotivazioneChiusuraCarico; a closed case (SituazioneChiusuraCarico given) needs the reason for closing: ${describeCodes(SINBA_CODE_LISTS.MotivazioneChiusuraCaricoType)}.`);
  }

  // R9: the ISEE household has 1 to 9 members.
  const household = get('NumeroComponentiISEE');
  if (valid(household) && Number(household.value) < 1) {
    add('SINBA-R9', 'NumeroComponentiISEE', `${quoteIfSafe(household.value) ?? 'The value'} is not a number of household members; expected 1 to 9.`);
  }

  // REF: benefit codes of the nomenclatore, valid at some point of the reporting year.
  benefits.forEach((item, i) => {
    if (!valid(item)) return;
    const path = `${BENEFITS}[${i + 1}]`;
    const shown = quoteIfSafe(item.value) ?? 'The code';
    const versions = benefitCodeVersions(item.value);
    if (versions.length === 0) {
      list.add('REF', path, `${shown} is an unknown benefit code: it is not in the nomenclatore; expected a code such as A2.02.`);
    } else if (year !== undefined && !versions.some((v) => (v.validFrom ?? '0000') <= `${year}-12-31` && (v.validTo ?? '9999') >= `${year}-01-01`)) {
      list.add('REF', path, `${shown} is not valid in ${year}, the reporting year.`);
    }
  });

  return list.out;
}
