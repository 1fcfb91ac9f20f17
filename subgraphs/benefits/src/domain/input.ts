import { SEX, MEANS_TEST, NATURE, USER_AREA, codeFor } from './codes.ts';
import type { PsRecord } from './record.ts';

type Maybe<T> = T | null | undefined;

export interface EnteInput { code: string; name?: Maybe<string>; seatCode: string; operatorTaxCode: string }
export interface ResidenceInput { nationCode: string; regionCode?: Maybe<string>; comuneCode?: Maybe<string> }
export interface BeneficiaryInput {
  taxCode: string; surname: string; name: string; birthYear: number; birthPlaceCode: string;
  sex: keyof typeof SEX; citizenship: string; secondCitizenship?: Maybe<string>; residences: ResidenceInput[];
}
export interface BenefitInput {
  meansTest: keyof typeof MEANS_TEST; nature?: Maybe<keyof typeof NATURE>;
  dsu?: Maybe<{ number?: Maybe<string>; year?: Maybe<number>; date?: Maybe<string> }>;
  code: string; description: string; applicationProtocol: string;
  eventDate?: Maybe<string>; startDate?: Maybe<string>; endDate?: Maybe<string>; paymentDate?: Maybe<string>;
  amount?: Maybe<string>; months?: Maybe<number>; monthlyAmount?: Maybe<string>;
  enteQuota?: Maybe<string>; userQuota?: Maybe<string>; ssnQuota?: Maybe<string>;
  requestedQuota?: Maybe<string>; iseeThreshold?: Maybe<string>; monthlyServiceHours?: Maybe<string>;
  takenInCharge: boolean; userArea?: Maybe<keyof typeof USER_AREA>;
}
export interface BenefitRecordInput { ente: EnteInput; beneficiary: BeneficiaryInput; benefit: BenefitInput; flowName?: Maybe<string> }

const text = (value: Maybe<string | number>): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/**
 * Maps the GraphQL record input onto the XSD-shaped record, so mutations and flows share one
 * validator. Values keep their lexical form; nothing is checked here.
 */
export function toPsRecord(input: BenefitRecordInput): PsRecord {
  const { ente, beneficiary, benefit } = input;
  return {
    ente: { Codice: ente.code, Denominazione: text(ente.name), Indirizzo: ente.seatCode, CFOperatore: ente.operatorTaxCode },
    beneficiario: {
      CodiceFiscale: beneficiary.taxCode,
      anagrafica: {
        Cognome: beneficiary.surname,
        Nome: beneficiary.name,
        AnnoNascita: String(beneficiary.birthYear),
        LuogoNascita: beneficiary.birthPlaceCode,
        Genere: SEX[beneficiary.sex],
        CodiceCittadinanza: beneficiary.citizenship,
        CodiceSecondaCittadinanza: text(beneficiary.secondCitizenship),
      },
      indirizzi: beneficiary.residences.map((residence) => ({
        CodiceRegione: text(residence.regionCode),
        CodiceComune: text(residence.comuneCode),
        CodiceNazione: residence.nationCode,
      })),
    },
    prestazione: {
      TipoOperazione: 'I',
      PresenzaProvaMezzi: MEANS_TEST[benefit.meansTest],
      CaratterePrestazione: codeFor(NATURE, benefit.nature),
      NumeroProtocolloDSU: text(benefit.dsu?.number),
      AnnoProtocolloDSU: text(benefit.dsu?.year),
      DataDSU: text(benefit.dsu?.date),
      CodicePrestazione: benefit.code,
      DenominazionePrestazione: benefit.description,
      ProtocolloDomanda: benefit.applicationProtocol,
      DataEvento: text(benefit.eventDate),
      DataInizioPrestazione: text(benefit.startDate),
      DataFinePrestazione: text(benefit.endDate),
      DataErogazionePrestazione: text(benefit.paymentDate),
      ImportoPrestazione: text(benefit.amount),
      PeriodoErogazione: text(benefit.months),
      ImportoMensile: text(benefit.monthlyAmount),
      ImportoQuotaEnte: text(benefit.enteQuota),
      ImportoQuotaUtente: text(benefit.userQuota),
      ImportoQuotaSSN: text(benefit.ssnQuota),
      ImportoQuotaRichiesta: text(benefit.requestedQuota),
      ImportoSogliaISEE: text(benefit.iseeThreshold),
      OreServizioMensile: text(benefit.monthlyServiceHours),
      PresaCarico: benefit.takenInCharge ? '1' : '2',
      AreaUtenza: codeFor(USER_AREA, benefit.userArea),
    },
  };
}
