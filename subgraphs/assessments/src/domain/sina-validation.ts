import type { Violation } from '@siuss/errors/errors';
import { benefitCodeOn, benefitCodeVersions } from '@siuss/reference/nomenclatore';
import { dateProblem, isUuid, quoteIfSafe } from '@siuss/xsd/lexical';
import { BENEFIT_CODE_ITEM, CF_EXPECTED, CF_PATTERN, SINA_ATTRIBUTES, asObject, checkAttribute, checkList, duplicates, type AttributeSpec, type Checked } from './attributes.ts';
import { SINA_CODE_LISTS, describeCodes } from './code-lists.ts';
import type { SinaRecord } from './record.ts';
import { ViolationList, checkEnte, checkEnteRules, checkTaxCode, today, type ValidationOptions } from './validation.ts';

const TAX_CODE: AttributeSpec = { xsd: 'CodiceFiscale', field: 'taxCode', required: true, facet: { kind: 'pattern', pattern: CF_PATTERN }, expected: CF_EXPECTED, personal: true };
const INV_CIV_ITEM: AttributeSpec = { xsd: 'InvCiv', field: 'civilInvalidity', required: true, facet: { kind: 'enum', list: SINA_CODE_LISTS.InvCivType }, expected: describeCodes(SINA_CODE_LISTS.InvCivType) };
const NEEDS = 'SINA/NecessitaInterventiSociali/CodicePrestazione';
const INV_CIV = 'SINA/InvaliditaCivile/InvCiv';

/** Civil-invalidity degrees and L.104 art.3 gravities: one of each at most (SINA-2). */
const EXCLUSIVE_GROUPS: ReadonlyArray<{ codes: readonly string[]; what: string }> = [
  { codes: ['1', '2', '3'], what: 'degree of civil invalidity (1 partial, 2 total with attendance allowance, 3 total without)' },
  { codes: ['5', '6'], what: 'gravity under L.104 art.3 (5 comma 1, 6 comma 3 "grave")' },
];

function describePeriods(code: string): string {
  return benefitCodeVersions(code)
    .map((v) => (v.validFrom ? `from ${v.validFrom}` : 'since always') + (v.validTo ? ` to ${v.validTo}` : ' onwards'))
    .join(', ');
}

/**
 * Validates one SINA assessment: XSD facets of the Ente, the beneficiary's codice fiscale and
 * SINAType; the hub link (HUB); R10 on the codici fiscali; the SINA rules (SINA-1..3, warnings by
 * default); and reference data (REF: needed benefit codes in the nomenclatore on the assessment
 * date, the ente's seat). Returns every violation, XSD first in document order, so the same record
 * always yields the same list. Never throws, whatever the input; messages never quote a codice
 * fiscale or free text.
 */
export function validateSinaRecord(record: SinaRecord, options: ValidationOptions): Violation[] {
  const list = new ViolationList(options);
  const root = asObject(record);
  const valid = (c: Checked): boolean => c.state === 'valid';

  // XSD, in document order: Ente, Beneficiario@CodiceFiscale, SINA attributes, then its lists.
  checkEnte(list, root['ente']);
  list.set('Beneficiario@CodiceFiscale', checkAttribute('Beneficiario@CodiceFiscale', asObject(root['beneficiario'])['CodiceFiscale'], TAX_CODE, list.out));
  const sina = asObject(root['sina']);
  for (const spec of SINA_ATTRIBUTES) {
    const field = `SINA@${spec.xsd}`;
    list.set(field, checkAttribute(field, sina[spec.xsd], spec, list.out));
  }
  const needs = checkList(NEEDS, sina['NecessitaInterventiSociali'], BENEFIT_CODE_ITEM, false, list.out);
  const invCiv = checkList(INV_CIV, sina['InvaliditaCivile'], INV_CIV_ITEM, false, list.out);

  // HUB: the link to the benefit and the date, which the XSD does not carry.
  const link = asObject(root['link']);
  const benefitId = link['benefitId'];
  if (typeof benefitId !== 'string' || !isUuid(benefitId)) {
    list.add('HUB', 'benefitId', 'Missing or malformed benefitId; expected the hub id (uuid) of the benefit this assessment came with, as returned by recordBenefit.');
  }
  const rawDate = link['assessmentDate'];
  const now = options?.today ?? today();
  let assessmentDate: string | undefined;
  if (typeof rawDate !== 'string' || rawDate === '') {
    list.add('HUB', 'assessmentDate', 'Missing assessmentDate; expected the date the assessment was made, YYYY-MM-DD.');
  } else if (dateProblem(rawDate) !== undefined) {
    list.add('HUB', 'assessmentDate', `The assessment date is not valid (${dateProblem(rawDate)}); expected YYYY-MM-DD.`);
  } else if (rawDate > now) {
    list.add('HUB', 'assessmentDate', `The assessment date ${rawDate} is in the future; expected the date the assessment was made, at the latest ${now}.`);
  } else {
    assessmentDate = rawDate;
  }

  // R10: the codici fiscali are real.
  checkTaxCode(list, 'Beneficiario@CodiceFiscale');
  checkEnteRules(list);

  // SINA-1: the invalidity classes and their source go together.
  const source = list.get('SINA@FonteDerivazioneInvalidita');
  const validClasses = invCiv.filter(valid);
  if (validClasses.length > 0 && source.state === 'absent') {
    list.add('SINA-1', 'SINA@FonteDerivazioneInvalidita', `Missing FonteDerivazioneInvalidita; civil-invalidity classes are given, so say where they come from: ${describeCodes(SINA_CODE_LISTS.FonteDerivazioneInvaliditaType)}.`);
  }
  if (valid(source) && (sina['InvaliditaCivile'] === undefined || sina['InvaliditaCivile'] === null)) {
    list.add('SINA-1', 'SINA/InvaliditaCivile', 'FonteDerivazioneInvalidita is given but no InvaliditaCivile class is; give the civil-invalidity classes (InvCiv) or omit the source.');
  }

  // SINA-2: one degree of invalidity and one L.104 art.3 gravity at most.
  const classes = new Set(validClasses.map((c) => c.value));
  for (const group of EXCLUSIVE_GROUPS) {
    const given = group.codes.filter((code) => classes.has(code));
    if (given.length > 1) {
      list.add('SINA-2', INV_CIV, `InvCiv ${given.join(' and ')} exclude each other: a person has one ${group.what}; keep the one certified.`);
    }
  }

  // SINA-3: no repeated codes.
  for (const [path, items] of [[NEEDS, needs], [INV_CIV, invCiv]] as const) {
    for (const dup of duplicates(items)) {
      list.add('SINA-3', `${path}[${dup.index}]`, `${quoteIfSafe(dup.value) ?? 'The code'} is listed more than once; list each code once.`);
    }
  }

  // REF: the needed benefits are nomenclatore codes valid when the assessment was made.
  needs.forEach((item, i) => {
    if (!valid(item)) return;
    const field = `${NEEDS}[${i + 1}]`;
    const shown = quoteIfSafe(item.value) ?? 'The code';
    if (benefitCodeVersions(item.value).length === 0) {
      list.add('REF', field, `${shown} is an unknown benefit code: it is not in the nomenclatore; expected a code such as A2.07.`);
    } else if (assessmentDate !== undefined && benefitCodeOn(item.value, assessmentDate) === undefined) {
      list.add('REF', field, `${shown} is not valid on ${assessmentDate} (assessmentDate); it is valid ${describePeriods(item.value)}.`);
    }
  });

  return list.out;
}
