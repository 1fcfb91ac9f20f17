import type { EntityManager } from '@mikro-orm/postgresql';
import { composeCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { recordBenefit } from '../domain/benefit-service.ts';
import type { PrestazioneAttributes, PsRecord } from '../domain/record.ts';
import { Benefit } from '../entities/Benefit.ts';

// Demo data for `npm start`: invented persons (any likeness is chance) with codici fiscali that are
// well-formed and carry a correct check character, reported by four real Comuni.
//
// The mock ISEE and NSIS registries (mocks/) generate every person's data from the codice fiscale
// and store nothing, so the demo persons were chosen (by birth date) for what the generators give
// them: ANNA ESPOSITO has total civil invalidity and integrated home care, GIUSEPPE ROMANO a
// nursing-home stay, LUCA RUSSO Law 104 status. The DSU protocols and dates below are the ones the
// ISEE generator produces for each person; `demo-dsus.json` lists them with the benefit date and
// whether the attestation covers it, and the tests of both packages check it (demo.test.ts against
// these records, mocks/src/isee/isee.test.ts against the generator).

interface DemoPerson {
  surname: string;
  name: string;
  sex: 'M' | 'F';
  born: string;
  birthPlace: string;
  /** ISTAT code of the residence's Comune and its ISTAT region code (the XSD's region coding is unconfirmed). */
  residence: [comune: string, region: string];
  ente: keyof typeof ENTI;
  benefits: Array<Partial<PrestazioneAttributes> & Pick<PrestazioneAttributes, 'CodicePrestazione' | 'DenominazionePrestazione'>>;
}

const ENTI = {
  H501: { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: '' },
  F205: { Codice: 'F205', Denominazione: 'Comune di Milano', Indirizzo: 'F205', CFOperatore: '' },
  F839: { Codice: 'F839', Denominazione: 'Comune di Napoli', Indirizzo: 'F839', CFOperatore: '' },
  L219: { Codice: 'L219', Denominazione: 'Comune di Torino', Indirizzo: 'L219', CFOperatore: '' },
} as const;

const OPERATOR = { surname: 'VERDI', name: 'LAURA', sex: 'F', born: '1979-06-21', birthPlace: 'H501' } as const;

const periodic = (start: string, end: string | undefined, monthly: string, quotas?: [string, string, string]): Partial<PrestazioneAttributes> => ({
  CaratterePrestazione: '1',
  DataInizioPrestazione: start,
  DataFinePrestazione: end,
  ImportoMensile: monthly,
  ...(quotas ? { ImportoQuotaEnte: quotas[0], ImportoQuotaUtente: quotas[1], ImportoQuotaSSN: quotas[2] } : {}),
});
const oneOff = (paid: string, amount: string): Partial<PrestazioneAttributes> => ({
  CaratterePrestazione: '2',
  DataErogazionePrestazione: paid,
  ImportoPrestazione: amount,
});
const isee = (number: string, date: string): Partial<PrestazioneAttributes> => ({
  PresenzaProvaMezzi: '1',
  NumeroProtocolloDSU: number,
  AnnoProtocolloDSU: date.slice(0, 4),
  DataDSU: date,
});

/** The person the README shows: MARIO ROSSI, RSSMRA80C15H501M. */
export const DEMO_TAX_CODE = 'RSSMRA80C15H501M';

const PEOPLE: DemoPerson[] = [
  {
    surname: 'ROSSI', name: 'MARIO', sex: 'M', born: '1980-03-15', birthPlace: 'H501', residence: ['058091', '12'], ente: 'H501',
    benefits: [
      { CodicePrestazione: 'A1.04', DenominazionePrestazione: 'Contributo economico a integrazione del reddito familiare', ProtocolloDomanda: 'RM-2025-00412', ...isee('INPS-ISEE-2025-24936789O-00', '2025-04-18'), ...periodic('2025-02-01', '2025-12-31', '250.00'), PeriodoErogazione: '11', PresaCarico: '1', AreaUtenza: '3' },
      { CodicePrestazione: 'A2.07', DenominazionePrestazione: 'Assistenza domiciliare socio-assistenziale', ProtocolloDomanda: 'RM-2025-00977', ...periodic('2025-04-01', '2025-09-30', '420.00', ['380.00', '40.00', '0.00']), PeriodoErogazione: '6', OreServizioMensile: '24.50', PresaCarico: '1', AreaUtenza: '2', PresenzaProvaMezzi: '3' },
      { CodicePrestazione: 'A1.06', DenominazionePrestazione: 'Buoni spesa per generi alimentari', ProtocolloDomanda: 'RM-2025-01530', ...oneOff('2025-06-12', '150.00'), PresaCarico: '2' },
      { CodicePrestazione: 'A1.09', DenominazionePrestazione: 'Contributo per i servizi scolastici', ProtocolloDomanda: 'RM-2024-08801', ...oneOff('2024-09-16', '320.50'), PresaCarico: '2', PresenzaProvaMezzi: '1', ...isee('INPS-ISEE-2024-91740509N-00', '2024-01-11') },
    ],
  },
  {
    surname: 'BIANCHI', name: 'GIULIA', sex: 'F', born: '1975-11-02', birthPlace: 'F205', residence: ['015146', '03'], ente: 'F205',
    benefits: [
      { CodicePrestazione: 'A1.05', DenominazionePrestazione: 'Contributo economico per alloggio', ProtocolloDomanda: 'MI-2025-3301', ...periodic('2025-01-01', '2025-12-31', '300.00'), PeriodoErogazione: '12', PresaCarico: '1', AreaUtenza: '1', ...isee('INPS-ISEE-2024-07343193J-00', '2024-03-31') },
      { CodicePrestazione: 'A3.03', DenominazionePrestazione: 'Retta asilo nido comunale', ProtocolloDomanda: 'MI-2025-3320', ...periodic('2025-09-01', '2025-12-31', '480.00', ['330.00', '150.00', '0.00']), PeriodoErogazione: '4', PresaCarico: '2', PresenzaProvaMezzi: '1', ...isee('INPS-ISEE-2025-98594827U-00', '2025-02-23') },
    ],
  },
  {
    surname: 'ESPOSITO', name: 'ANNA', sex: 'F', born: '1941-01-29', birthPlace: 'F839', residence: ['063049', '15'], ente: 'F839',
    benefits: [
      { CodicePrestazione: 'A2.08', DenominazionePrestazione: 'Assistenza domiciliare integrata con servizi sanitari', ProtocolloDomanda: 'NA-25-0091', ...periodic('2025-03-01', '2025-12-31', '610.00', ['250.00', '0.00', '360.00']), PeriodoErogazione: '10', OreServizioMensile: '30.00', PresaCarico: '1', AreaUtenza: '2' },
      { CodicePrestazione: 'A1.10', DenominazionePrestazione: 'Contributo per prestazioni sociali a rilevanza sanitaria', ProtocolloDomanda: 'NA-25-0142', ...oneOff('2025-05-05', '800.00'), PresaCarico: '1', AreaUtenza: '2', ...isee('INPS-ISEE-2025-91538417F-00', '2025-01-13') },
      { CodicePrestazione: 'A1.16', DenominazionePrestazione: 'Contributo economico per servizio trasporto e mobilità', ProtocolloDomanda: 'NA-24-1188', ...periodic('2024-01-01', '2024-12-31', '90.00'), PeriodoErogazione: '12', PresaCarico: '1', AreaUtenza: '2' },
    ],
  },
  {
    surname: 'RUSSO', name: 'LUCA', sex: 'M', born: '2015-01-11', birthPlace: 'F839', residence: ['063049', '15'], ente: 'F839',
    benefits: [
      { CodicePrestazione: 'A2.11', DenominazionePrestazione: 'Sostegno socio-educativo scolastico', ProtocolloDomanda: 'NA-25-0530', ...periodic('2025-09-15', '2025-12-20', '350.00'), PeriodoErogazione: '4', PresaCarico: '1', AreaUtenza: '1' },
      { CodicePrestazione: 'A2.12', DenominazionePrestazione: 'Mensa scolastica agevolata', ProtocolloDomanda: 'NA-25-0531', ...periodic('2025-10-01', '2025-12-31', '60.00', ['45.00', '15.00', '0.00']), PeriodoErogazione: '3', PresaCarico: '2', ...isee('INPS-ISEE-2025-81260112V-00', '2025-02-17') },
    ],
  },
  {
    surname: 'ROMANO', name: 'GIUSEPPE', sex: 'M', born: '1941-10-19', birthPlace: 'L219', residence: ['001272', '01'], ente: 'L219',
    benefits: [
      { CodicePrestazione: 'A1.14', DenominazionePrestazione: 'Integrazione retta per servizi residenziali', ProtocolloDomanda: 'TO/2025/7781', ...periodic('2025-01-01', '2025-12-31', '1250.00', ['900.00', '350.00', '0.00']), PeriodoErogazione: '12', PresaCarico: '1', AreaUtenza: '2', ...isee('INPS-ISEE-2024-16239258P-00', '2024-09-17') },
      { CodicePrestazione: 'A1.16', DenominazionePrestazione: 'Contributo economico per servizio trasporto e mobilità', ProtocolloDomanda: 'TO/2025/7790', ...oneOff('2025-02-14', '210.00'), PresaCarico: '1', AreaUtenza: '2' },
    ],
  },
  {
    surname: 'FERRARI', name: 'ELENA', sex: 'F', born: '1990-07-04', birthPlace: 'L219', residence: ['001272', '01'], ente: 'L219',
    benefits: [
      { CodicePrestazione: 'A1.02', DenominazionePrestazione: 'Assegno di maternità erogato dal Comune', ProtocolloDomanda: 'TO/2025/1203', ...oneOff('2025-04-30', '1789.85'), PresaCarico: '2', ...isee('INPS-ISEE-2025-92463580F-00', '2025-01-27') },
    ],
  },
];

/** A demo person's codice fiscale (well-formed, correct check character). */
export const demoTaxCode = composeCodiceFiscale;

/** The demo records, built fresh each call. */
export function demoRecords(): PsRecord[] {
  const operator = demoTaxCode(OPERATOR);
  return PEOPLE.flatMap((person) =>
    person.benefits.map((benefit, index) => ({
      ente: { ...ENTI[person.ente], CFOperatore: operator },
      beneficiario: {
        CodiceFiscale: demoTaxCode(person),
        anagrafica: {
          Cognome: person.surname,
          Nome: person.name,
          AnnoNascita: person.born.slice(0, 4),
          LuogoNascita: person.birthPlace,
          Genere: person.sex === 'M' ? '1' : '2',
          CodiceCittadinanza: '380',
        },
        indirizzi: [{ CodiceComune: person.residence[0], CodiceRegione: person.residence[1], CodiceNazione: '380' }],
      },
      prestazione: {
        TipoOperazione: 'I',
        PresenzaProvaMezzi: '4',
        ProtocolloDomanda: `${person.ente}-${index}`,
        PresaCarico: '2',
        ...benefit,
      },
    })),
  );
}

/**
 * Loads the demo records through the normal validation and write path, only when the subgraph has
 * no benefit yet (so a second `npm start` keeps what is there). Returns how many were recorded.
 */
export async function seedDemoData(em: EntityManager): Promise<number> {
  if ((await em.fork().count(Benefit, {})) > 0) return 0;
  let count = 0;
  for (const record of demoRecords()) {
    const { created } = await recordBenefit(em.fork(), record, { strictRules: new Set(), channel: 'SINGLE_RECORD', flowName: 'DEMO' });
    if (created) count += 1;
  }
  return count;
}
