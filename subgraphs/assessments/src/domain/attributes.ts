import type { Violation } from '@siuss/errors/errors';
import { hasNonXmlChar, MONTH_YEAR, parseXsdInt, quoteIfSafe, xsdLength } from '@siuss/xsd/lexical';
import { SINA_CODE_LISTS, SINBA_CODE_LISTS, describeCodes, type CodeList } from './code-lists.ts';
import type { EnteAttributes, SinaAttributes, SinbaAttributes } from './record.ts';

export type Facet =
  | { kind: 'text'; min: number; max: number }
  | { kind: 'pattern'; pattern: RegExp }
  | { kind: 'enum'; list: CodeList }
  | { kind: 'monthYear' }
  | { kind: 'int'; min: number; max: number };

/** One XSD attribute: its facet, the GraphQL field standing for it, and what a good value looks like. */
export interface AttributeSpec<K extends string = string> {
  xsd: K;
  /** Name of the GraphQL input field and of the stored entity property. */
  field: string;
  required: boolean;
  facet: Facet;
  /** What a good value looks like, ending the message. */
  expected: string;
  /** Free text or a codice fiscale: never quoted in a message, whatever it holds. */
  personal?: boolean;
}

/** The outcome of one attribute's XSD check; rules only look at `valid` values. */
export interface Checked {
  state: 'absent' | 'invalid' | 'valid';
  value: string;
}

export const ABSENT: Checked = { state: 'absent', value: '' };

export const CF_PATTERN = /^(?:[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z][A-Za-z0-9]{3}[A-Za-z]|\d{11} {0,5})$/;
export const CF_EXPECTED = 'a codice fiscale: 16 characters such as RSSMRK66C14H501U, or 11 digits for a legal person';
const NATION: Facet = { kind: 'pattern', pattern: /^[0-9]{3}$/ };
const NATION_EXPECTED = 'an ISO 3166 numeric country code, 3 digits, e.g. 380';
const REGION: Facet = { kind: 'pattern', pattern: /^[0-9]{2}$/ };
const REGION_EXPECTED = 'a region code, 2 digits';
const MONTH_YEAR_EXPECTED = 'a month and year MM/YYYY, e.g. 03/2024 (DataMeseAnnoType)';

const coded = <K extends string>(xsd: K, field: string, required: boolean, list: CodeList): AttributeSpec<K> =>
  ({ xsd, field, required, facet: { kind: 'enum', list }, expected: describeCodes(list) });

/** Flusso/IdentificazioneFlusso/Ente; `field` names the GraphQL AssessmentEnteInput fields. */
export const ENTE_ATTRIBUTES: readonly AttributeSpec<keyof EnteAttributes>[] = [
  { xsd: 'Codice', field: 'code', required: true, facet: { kind: 'text', min: 1, max: 32 }, expected: 'the ente code, 1 to 32 characters' },
  { xsd: 'Denominazione', field: 'name', required: false, facet: { kind: 'text', min: 1, max: 100 }, expected: 'the ente name, 1 to 100 characters', personal: true },
  { xsd: 'Indirizzo', field: 'seatCode', required: true, facet: { kind: 'text', min: 4, max: 4 }, expected: 'the Belfiore code of the legal seat, exactly 4 characters, e.g. H501' },
  { xsd: 'CFOperatore', field: 'operatorTaxCode', required: true, facet: { kind: 'pattern', pattern: CF_PATTERN }, expected: CF_EXPECTED, personal: true },
];

const S = SINA_CODE_LISTS;
type SinaFlat = Exclude<keyof SinaAttributes, 'NecessitaInterventiSociali' | 'InvaliditaCivile'>;

/** The ten attributes of SINAType, in XSD order. */
export const SINA_ATTRIBUTES: readonly AttributeSpec<SinaFlat>[] = [
  coded('Mobilita', 'mobility', true, S.MobilitaType),
  coded('AttivitaVitaQuotidiana', 'dailyLiving', true, S.AttivitaVitaQuotidianaType),
  coded('DisturbiAreaCognitiva', 'cognitiveDisorders', false, S.DisturbiAreaCognitivaType),
  coded('DisturbiComportamentali', 'behaviouralDisorders', true, S.DisturbiComportamentaliType),
  coded('NecessitaCureSanitarie', 'healthCareNeed', false, S.NecessitaCureSanitarieType),
  coded('AreaReddituale', 'incomeArea', true, S.AreaRedditualeType),
  coded('AreaSupporto', 'supportArea', true, S.AreaSupportoType),
  coded('FonteDerivazioneValutazione', 'assessmentSource', true, S.FonteDerivazioneValutazioneType),
  coded('StrumentoValutazione', 'assessmentInstrument', true, S.StrumentoValutazioneType),
  coded('FonteDerivazioneInvalidita', 'invaliditySource', false, S.FonteDerivazioneInvaliditaType),
];

const B = SINBA_CODE_LISTS;
type SinbaFlat = Exclude<keyof SinbaAttributes, 'Prestazioni' | 'Famiglia'>;

/** The 47 attributes of SinbaType, in XSD order. */
export const SINBA_ATTRIBUTES: readonly AttributeSpec<SinbaFlat>[] = [
  { xsd: 'IDBeneficiario', field: 'beneficiaryCode', required: true, facet: { kind: 'text', min: 1, max: 20 }, expected: "the ente's pseudonymous code of the minor, 1 to 20 characters (e.g. the Belfiore code and the case number)", personal: true },
  coded('MinoreStranieroNoAcc', 'unaccompaniedForeignMinor', true, B.MinoreStranieroNoAccType),
  coded('CondizioneMinore', 'orphanhood', true, B.CondizioneMinoreType),
  coded('LuogoVita', 'livingPlace', true, B.LuogoVitaType),
  coded('ScuolaFrequentata', 'school', true, B.ScuolaFrequentataType),
  coded('CondizioneLavoro', 'workCondition', true, B.CondizioneLavoroType),
  coded('Disabilita', 'disability', true, B.DisabilitaType),
  coded('TipoDisabilita', 'disabilityType', false, B.TipoDisabilitaType),
  coded('InvCivCertificazioni', 'disabilityCertification', false, B.InvCivCertificazioniType),
  { xsd: 'CodiceCittadinanzaPadre', field: 'fatherCitizenship', required: false, facet: NATION, expected: NATION_EXPECTED },
  { xsd: 'CodiceCittadinanzaMadre', field: 'motherCitizenship', required: false, facet: NATION, expected: NATION_EXPECTED },
  { xsd: 'CodiceRegioneResidenzaPadre', field: 'fatherRegionCode', required: false, facet: REGION, expected: REGION_EXPECTED },
  { xsd: 'CodiceRegioneResidenzaMadre', field: 'motherRegionCode', required: false, facet: REGION, expected: REGION_EXPECTED },
  coded('TitoloStudioPadre', 'fatherEducation', false, B.TitoloStudioType),
  coded('TitoloStudioMadre', 'motherEducation', false, B.TitoloStudioType),
  coded('OccupazionePadre', 'fatherOccupation', false, B.OccupazioneType),
  coded('OccupazioneMadre', 'motherOccupation', false, B.OccupazioneType),
  { xsd: 'DataPrimaSegnalazione', field: 'firstReferralMonth', required: true, facet: { kind: 'monthYear' }, expected: MONTH_YEAR_EXPECTED },
  coded('FonteSegnalazione', 'referralSource', true, B.FonteSegnalazioneType),
  coded('ValutazioneMinore', 'minorAssessment', true, B.ValutazioneMinoreType),
  coded('ValutazioneFamigliaMinore', 'familyAssessment', true, B.ValutazioneFamigliaMinoreType),
  coded('SegnalazioneAutoritaGiudiziaria', 'judicialAuthorityNotified', true, B.SegnalazioneAutoritaGiudiziariaType),
  { xsd: 'DataSegnalazione', field: 'judicialReportMonth', required: false, facet: { kind: 'monthYear' }, expected: MONTH_YEAR_EXPECTED },
  coded('ProvvedimentoGiudiziario', 'judicialMeasure', true, B.ProvvedimentoGiudiziarioType),
  { xsd: 'DataProvvedimentoGiudiziario', field: 'judicialMeasureMonth', required: false, facet: { kind: 'monthYear' }, expected: MONTH_YEAR_EXPECTED },
  coded('AutoritaProvvedimento', 'measureAuthority', false, B.AutoritaProvvedimentoType),
  coded('PotestaTutela', 'parentalAuthority', false, B.PotestaTutelaType),
  coded('TipoProvvedimentoGiudiziario', 'measureType', false, B.TipoProvvedimentoGiudiziarioType),
  coded('FormaInterventoAffido', 'fosterForm', false, B.FormaInterventoAffidoType),
  coded('TipoInterventoAffido', 'fosterType', false, B.TipoInterventoAffidoType),
  coded('DurataAffido', 'fosterDuration', false, B.DurataAffidoType),
  coded('CarattereAffido', 'fosterNature', false, B.CarattereAffidoType),
  coded('EsitoAffido', 'fosterOutcome', false, B.EsitoAffidoType),
  coded('CarattereInserimentoResidenziale', 'placementNature', false, B.CarattereInserimentoResidenzialeType),
  coded('FormaInserimentoResidenziale', 'placementForm', false, B.FormaInserimentoResidenzialeType),
  coded('TipoInserimentoResidenziale', 'placementType', false, B.TipoInserimentoResidenzialeType),
  coded('EsitoInserimentoStruttura', 'placementOutcome', false, B.EsitoInserimentoStrutturaType),
  coded('MotivazioneChiusuraCarico', 'closingReason', false, B.MotivazioneChiusuraCaricoType),
  coded('SituazioneChiusuraCarico', 'closingSituation', false, B.SituazioneChiusuraCaricoType),
  coded('CollaborazioniInterventi', 'collaboration', false, B.CollaborazioniInterventiType),
  { xsd: 'NumeroComponentiISEE', field: 'iseeHouseholdSize', required: false, facet: { kind: 'int', min: -2147483648, max: 9 }, expected: 'the number of members of the ISEE household, at most 9' },
  coded('FasciaEtaBeneficiario', 'ageBand', true, B.FasciaEtaBeneficiarioType),
  coded('FasciaISEEBeneficiario', 'iseeBand', false, B.FasciaISEEBeneficiarioType),
  { xsd: 'AnnoNascita', field: 'birthYear', required: true, facet: { kind: 'pattern', pattern: /^[0-9]{4}$/ }, expected: 'the year of birth, 4 digits' },
  { xsd: 'CodiceRegioneResidenza', field: 'residenceRegionCode', required: false, facet: REGION, expected: REGION_EXPECTED },
  { xsd: 'CodiceNazioneResidenza', field: 'residenceNationCode', required: true, facet: NATION, expected: NATION_EXPECTED },
];

/** SINBA attributes stored as integers (the rest are stored as their XSD lexical form). */
export const SINBA_INT_ATTRIBUTES: ReadonlySet<string> = new Set(['AnnoNascita', 'NumeroComponentiISEE']);

/** The value as a plain object, or an empty one: validators walk untrusted input without throwing. */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** What is wrong with a non-empty string under its facet, or undefined. */
function facetProblem(value: string, facet: Facet): string | undefined {
  switch (facet.kind) {
    case 'text': {
      if (hasNonXmlChar(value)) return 'contains a character that XML cannot carry (e.g. a control character)';
      const length = xsdLength(value);
      return length < facet.min || length > facet.max ? `has ${length} characters` : undefined;
    }
    case 'pattern':
      return facet.pattern.test(value) ? undefined : 'does not match the XSD pattern';
    case 'enum':
      return facet.list.codes.includes(value) ? undefined : `is not a code of ${facet.list.xsdType}`;
    case 'monthYear':
      return MONTH_YEAR.test(value) ? undefined : 'is not a month and year in the form MM/YYYY';
    case 'int': {
      const n = parseXsdInt(value);
      if (n === undefined) return 'is not a whole number';
      return n < facet.min || n > facet.max ? 'is out of range' : undefined;
    }
  }
}

/** Checks one attribute against its XSD facet, pushing an XSD violation on `out` when it fails. */
export function checkAttribute(field: string, raw: unknown, spec: AttributeSpec, out: Violation[]): Checked {
  const fail = (message: string): Checked => {
    out.push({ rule: 'XSD', field, message, severity: 'BLOCKING' });
    return { state: 'invalid', value: typeof raw === 'string' ? raw : '' };
  };
  if (raw === undefined || raw === null) {
    if (spec.required) fail(`Required attribute is missing; expected ${spec.expected}.`);
    return ABSENT;
  }
  if (typeof raw !== 'string') return fail(`Expected a string in XML lexical form, got a ${typeof raw}; expected ${spec.expected}.`);
  if (raw === '') return fail(spec.required ? `Required attribute is empty; expected ${spec.expected}.` : `Empty value; omit the attribute or give ${spec.expected}.`);
  const problem = facetProblem(raw, spec.facet);
  if (problem !== undefined) {
    const subject = (spec.personal ? undefined : quoteIfSafe(raw)) ?? 'The value';
    return fail(`${subject} ${problem}; expected ${spec.expected}.`);
  }
  return { state: 'valid', value: raw };
}

/**
 * Checks a repeated element (`Parent/Child`, 1..n when present) item by item. `undefined` or `null`
 * means the parent element is absent, which only `required` lists refuse; an empty list is never
 * valid XML for a 1..n element. Returns the checked items.
 */
export function checkList(path: string, raw: unknown, item: AttributeSpec, required: boolean, out: Violation[]): Checked[] {
  if (raw === undefined || raw === null) {
    if (required) out.push({ rule: 'XSD', field: path, message: `Missing ${path}; at least one is required: ${item.expected}.`, severity: 'BLOCKING' });
    return [];
  }
  if (!Array.isArray(raw)) {
    out.push({ rule: 'XSD', field: path, message: `Expected a list; ${item.expected}.`, severity: 'BLOCKING' });
    return [];
  }
  if (raw.length === 0) {
    out.push({ rule: 'XSD', field: path, message: `The list is empty; ${required ? 'at least one is required' : 'omit the element or give at least one'}: ${item.expected}.`, severity: 'BLOCKING' });
    return [];
  }
  return raw.map((value, i) => checkAttribute(`${path}[${i + 1}]`, value, item, out));
}

/** A benefit code item: `CodicePrestazione` of 5 to 10 characters. */
export const BENEFIT_CODE_ITEM: AttributeSpec = {
  xsd: 'CodicePrestazione', field: 'code', required: true, facet: { kind: 'text', min: 5, max: 10 }, expected: 'a nomenclatore code of 5 to 10 characters, e.g. A2.07',
};

/** Two occurrences of the same code in a list, reported by 1-based position. */
export function duplicates(items: readonly Checked[]): Array<{ index: number; value: string }> {
  const seen = new Set<string>();
  const out: Array<{ index: number; value: string }> = [];
  items.forEach((item, i) => {
    if (item.state !== 'valid') return;
    if (seen.has(item.value)) out.push({ index: i + 1, value: item.value });
    seen.add(item.value);
  });
  return out;
}
