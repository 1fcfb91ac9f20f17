import { ENTE_ATTRIBUTES, SINA_ATTRIBUTES, SINBA_ATTRIBUTES } from './attributes.ts';
import type { EnteAttributes, SinaAttributes, SinaRecord, SinbaAttributes, SinbaRecord } from './record.ts';

type Maybe<T> = T | null | undefined;

/** AssessmentEnteInput. */
export interface EnteInput { code: string; name?: Maybe<string>; seatCode: string; operatorTaxCode: string }

/**
 * SinaAssessmentInput. Enum fields arrive as XSD codes already (the enums' internal values are the
 * codes), so every field maps onto its XSD attribute as is.
 */
export interface SinaAssessmentInput {
  ente: EnteInput;
  taxCode: string;
  benefitId: string;
  assessmentDate: string;
  civilInvalidity?: Maybe<string[]>;
  neededBenefitCodes?: Maybe<string[]>;
  flowName?: Maybe<string>;
  [field: string]: unknown;
}

/** SinbaCaseInput: the 47 attributes by their GraphQL names, the two lists, the ente and the year. */
export interface SinbaCaseInput {
  ente: EnteInput;
  reportingYear: number;
  benefitCodes: string[];
  familyComposition: string[];
  flowName?: Maybe<string>;
  [field: string]: unknown;
}

const text = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

/** An optional repeated element: an empty GraphQL list means the element is absent. */
const optionalList = (values: Maybe<string[]>): string[] | undefined => (values && values.length > 0 ? [...values] : undefined);

/** Maps AssessmentEnteInput onto Flusso/IdentificazioneFlusso/Ente. */
export function toEnteAttributes(input: EnteInput): EnteAttributes {
  const source = input as unknown as Record<string, unknown>;
  return Object.fromEntries(ENTE_ATTRIBUTES.map((spec) => [spec.xsd, text(source[spec.field])])) as unknown as EnteAttributes;
}

/** Maps the GraphQL SINA input onto the XSD-shaped record; nothing is checked here. */
export function toSinaRecord(input: SinaAssessmentInput): SinaRecord {
  const sina = Object.fromEntries(SINA_ATTRIBUTES.map((spec) => [spec.xsd, text(input[spec.field])])) as unknown as SinaAttributes;
  sina.NecessitaInterventiSociali = optionalList(input.neededBenefitCodes);
  sina.InvaliditaCivile = optionalList(input.civilInvalidity);
  return {
    ente: toEnteAttributes(input.ente),
    beneficiario: { CodiceFiscale: input.taxCode },
    link: { benefitId: input.benefitId, assessmentDate: input.assessmentDate },
    sina,
  };
}

/** Maps the GraphQL SINBA input onto the XSD-shaped record; nothing is checked here. */
export function toSinbaRecord(input: SinbaCaseInput): SinbaRecord {
  const sinba = Object.fromEntries(SINBA_ATTRIBUTES.map((spec) => [spec.xsd, text(input[spec.field])])) as unknown as SinbaAttributes;
  sinba.Prestazioni = [...(input.benefitCodes ?? [])];
  sinba.Famiglia = [...(input.familyComposition ?? [])];
  return { ente: toEnteAttributes(input.ente), period: { reportingYear: String(input.reportingYear) }, sinba };
}
