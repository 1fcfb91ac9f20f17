import { describe, expect, it } from '@jest/globals';
import { benefitData, fingerprint } from './columns.ts';
import type { PrestazioneAttributes, PsRecord } from './record.ts';

const ENTE: PsRecord['ente'] = { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' };
const PERSON: PsRecord['beneficiario'] = {
  CodiceFiscale: 'RSSMRK66C14H501U',
  anagrafica: { Cognome: 'ROSSI', Nome: 'MIRKO', AnnoNascita: '1966', LuogoNascita: 'H501', Genere: '1', CodiceCittadinanza: '380' },
  indirizzi: [{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }],
};
const PERIODIC: PrestazioneAttributes = {
  TipoOperazione: 'I', PresenzaProvaMezzi: '4', CaratterePrestazione: '1', CodicePrestazione: 'A1.16',
  DenominazionePrestazione: 'Contributi economici per servizio trasporto e mobilità', ProtocolloDomanda: 'PROT-1',
  DataInizioPrestazione: '2024-01-10', DataFinePrestazione: '2024-06-30', PeriodoErogazione: '6',
  ImportoMensile: '100.00', ImportoQuotaEnte: '60.00', ImportoQuotaUtente: '40.00', PresaCarico: '1', AreaUtenza: '2',
};
/** A one-off benefit as a flow carries it: only the attributes that are given. */
const ONE_OFF: PrestazioneAttributes = {
  PresenzaProvaMezzi: '1', CaratterePrestazione: '2', NumeroProtocolloDSU: 'INPS-ISEE-2024-00000001A-00', AnnoProtocolloDSU: '2024',
  DataDSU: '2024-01-15', CodicePrestazione: 'A1.04', DenominazionePrestazione: 'Contributi economici a integrazione del reddito Familiare',
  ProtocolloDomanda: 'PG/2024/0000042', DataEvento: '2024-03-01', DataErogazionePrestazione: '2024-03-01', ImportoPrestazione: '250.5',
  ImportoQuotaEnte: '200.50', ImportoQuotaUtente: '50', ImportoSogliaISEE: '9000.00', PresaCarico: '2',
};
/** The same benefit as a GraphQL mutation builds it: every attribute present, the absent ones undefined. */
const ONE_OFF_FROM_GRAPHQL: PrestazioneAttributes = {
  TipoOperazione: undefined, PresenzaProvaMezzi: '1', CaratterePrestazione: '2', NumeroProtocolloDSU: 'INPS-ISEE-2024-00000001A-00',
  AnnoProtocolloDSU: '2024', DataDSU: '2024-01-15', CodicePrestazione: 'A1.04', DenominazionePrestazione: 'Contributi economici a integrazione del reddito Familiare',
  ProtocolloDomanda: 'PG/2024/0000042', DataEvento: '2024-03-01', DataInizioPrestazione: undefined, DataFinePrestazione: undefined,
  DataErogazionePrestazione: '2024-03-01', ImportoPrestazione: '250.5', PeriodoErogazione: undefined, ImportoMensile: undefined,
  ImportoQuotaEnte: '200.50', ImportoQuotaUtente: '50', ImportoQuotaSSN: undefined, ImportoQuotaRichiesta: undefined,
  ImportoSogliaISEE: '9000.00', OreServizioMensile: undefined, PresaCarico: '2', AreaUtenza: undefined,
};
/** Every amount, in odd spellings, a legal-person code with the trailing spaces the XSD allows, non-ASCII text. */
const EVERY_AMOUNT: PsRecord = {
  ente: { Codice: 'ENTE-😀-01', Indirizzo: 'F205', CFOperatore: '01114601006  ' },
  beneficiario: { ...PERSON, CodiceFiscale: '01114601006  ' },
  prestazione: {
    TipoOperazione: 'I', PresenzaProvaMezzi: '2', CaratterePrestazione: '1', NumeroProtocolloDSU: '', CodicePrestazione: 'A2.07',
    DenominazionePrestazione: 'Assistenza domiciliare "socio-assistenziale" – àèìòù 😀', ProtocolloDomanda: 'P\\1', DataEvento: '2024-02-29',
    DataInizioPrestazione: '2024-02-29', DataFinePrestazione: '2024-12-31', PeriodoErogazione: '10', ImportoMensile: '9999999999.99',
    ImportoQuotaEnte: '0000000001.10', ImportoQuotaUtente: '9999999998.890', ImportoQuotaSSN: '-0.00', ImportoQuotaRichiesta: '.5',
    ImportoSogliaISEE: '0', OreServizioMensile: '24.5', PresaCarico: '1', AreaUtenza: '3',
  },
};

describe('fingerprint', () => {
  // Stored rows carry these values and a re-submission is compared with them: they must never change.
  it('keeps the values of the rows already stored', () => {
    expect(fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: PERIODIC })).toBe('1d74da0a4e4ff433fbbe5c84b726de08fdfa87a3e05276f6ec67e42cbc12c857');
    expect(fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: ONE_OFF })).toBe('21c92baccb2f5433bca9f8de9fca28b59672d18159dca3b8ab34040169bfa912');
    expect(fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: ONE_OFF_FROM_GRAPHQL })).toBe('c79aca4b7d50867004582ca0dba8e0d92ea23ab14fd569cfcc2bcac2f254919f');
    expect(fingerprint(EVERY_AMOUNT)).toBe('652a7b028257e72ef88dcdd1ca3c147a594f9b9a8e69c5efa71f1c0381d43251');
  });

  it('ignores the operator, the ente name, TipoOperazione, attribute order, amount spelling and tax code case', () => {
    const reordered = Object.fromEntries(Object.entries({ ...PERIODIC, TipoOperazione: 'C', ImportoMensile: '100', ImportoQuotaEnte: '+60', ImportoQuotaUtente: '040.0' }).reverse());
    const record: PsRecord = {
      ente: { ...ENTE, Denominazione: 'Roma Capitale', CFOperatore: '01114601006' },
      beneficiario: { ...PERSON, CodiceFiscale: ' rssmrk66c14h501u ' },
      prestazione: reordered as unknown as PrestazioneAttributes,
    };
    expect(fingerprint(record)).toBe('1d74da0a4e4ff433fbbe5c84b726de08fdfa87a3e05276f6ec67e42cbc12c857');
  });

  it('changes with the ente, the beneficiary or any attribute of the benefit', () => {
    const base = fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: PERIODIC });
    expect(fingerprint({ ente: { ...ENTE, Codice: 'F205' }, beneficiario: PERSON, prestazione: PERIODIC })).not.toBe(base);
    expect(fingerprint({ ente: ENTE, beneficiario: { ...PERSON, CodiceFiscale: 'XXXXXX80P20B501B' }, prestazione: PERIODIC })).not.toBe(base);
    expect(fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: { ...PERIODIC, ImportoQuotaEnte: '60.01' } })).not.toBe(base);
    expect(fingerprint({ ente: ENTE, beneficiario: PERSON, prestazione: { ...PERIODIC, AreaUtenza: '3' } })).not.toBe(base);
  });
});

describe('benefitData', () => {
  it('normalises amounts to two decimals and maps the attributes to columns', () => {
    expect(benefitData(ONE_OFF)).toEqual({
      meansTest: '1', nature: '2', dsuNumber: 'INPS-ISEE-2024-00000001A-00', dsuYear: 2024, dsuDate: '2024-01-15', code: 'A1.04',
      description: 'Contributi economici a integrazione del reddito Familiare', applicationProtocol: 'PG/2024/0000042', eventDate: '2024-03-01',
      startDate: null, endDate: null, paymentDate: '2024-03-01', amount: '250.50', months: null, monthlyAmount: null, enteQuota: '200.50',
      userQuota: '50.00', ssnQuota: null, requestedQuota: null, iseeThreshold: '9000.00', monthlyServiceHours: null, takenInCharge: false,
      userArea: null, keyDate: '2024-03-01', periodEnd: '2024-03-01',
    });
    expect(benefitData(ONE_OFF_FROM_GRAPHQL)).toEqual(benefitData(ONE_OFF));
    expect(benefitData(EVERY_AMOUNT.prestazione)).toMatchObject({
      dsuNumber: null, monthlyAmount: '9999999999.99', enteQuota: '1.10', userQuota: '9999999998.89', ssnQuota: '0.00',
      requestedQuota: '0.50', iseeThreshold: '0.00', monthlyServiceHours: '24.50', months: 10, keyDate: '2024-02-29', periodEnd: '2024-12-31',
    });
  });
});
