import { describe, expect, it } from '@jest/globals';
import type { Violation } from '@siuss/errors/errors';
import type { SinbaAttributes, SinbaRecord } from './record.ts';
import { validateSinbaRecord } from './sinba-validation.ts';
import { esitoFor, hasBlocking } from './validation.ts';

const TODAY = '2025-06-30';

/** A valid record for 2024; tests change one thing at a time. */
function record(change: (s: SinbaAttributes, r: SinbaRecord) => void = () => undefined): SinbaRecord {
  const r: SinbaRecord = {
    ente: { Codice: 'H501', Denominazione: 'COMUNE DI ROMA', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' },
    period: { reportingYear: '2024' },
    sinba: {
      IDBeneficiario: 'H501123456', MinoreStranieroNoAcc: '2', CondizioneMinore: '1', LuogoVita: '1', ScuolaFrequentata: '5', CondizioneLavoro: '1',
      Disabilita: '2', DataPrimaSegnalazione: '09/2023', FonteSegnalazione: '13', ValutazioneMinore: '2', ValutazioneFamigliaMinore: '12',
      SegnalazioneAutoritaGiudiziaria: '2', ProvvedimentoGiudiziario: '2', FasciaEtaBeneficiario: '4', AnnoNascita: '2014',
      CodiceRegioneResidenza: '12', CodiceNazioneResidenza: '380', Prestazioni: ['A2.02'], Famiglia: ['1', '3'],
    },
  };
  change(r.sinba, r);
  return r;
}

const validate = (r: unknown, strict: string[] = []): Violation[] =>
  validateSinbaRecord(r as SinbaRecord, { strictRules: new Set(strict), today: TODAY });
const summary = (violations: Violation[]): string[] => violations.map((v) => `${v.rule} ${v.field} ${v.severity}`);
const rulesOf = (change: (s: SinbaAttributes, r: SinbaRecord) => void): string[] => summary(validate(record(change)));

describe('validateSinbaRecord', () => {
  it('accepts a complete record', () => {
    expect(validate(record())).toEqual([]);
  });

  it('accepts INPS\'s SINBA example with the two warnings it earns (no region, age band against birth year)', () => {
    // xml/openapi-example-2_SINBA.xml, sent in 2021 (flow H501.SINBA.20210520.00000004).
    const example: SinbaRecord = {
      ente: { Codice: 'H501', Denominazione: 'COMUNE DI ROMA', Indirizzo: 'H501', CFOperatore: 'GHBLDE25A42H199X' },
      period: { reportingYear: '2021' },
      sinba: {
        ValutazioneFamigliaMinore: '1', AnnoNascita: '2005', NumeroComponentiISEE: '9', CodiceNazioneResidenza: '380', InvCivCertificazioni: '1',
        ValutazioneMinore: '1', MinoreStranieroNoAcc: '1', LuogoVita: '1', ProvvedimentoGiudiziario: '1', DataProvvedimentoGiudiziario: '03/2012',
        AutoritaProvvedimento: '1', CondizioneLavoro: '1', CondizioneMinore: '1', Disabilita: '1', TipoDisabilita: '1', FonteSegnalazione: '1',
        DataPrimaSegnalazione: '01/2010', FasciaEtaBeneficiario: '2', SegnalazioneAutoritaGiudiziaria: '1', DataSegnalazione: '06/2016',
        FasciaISEEBeneficiario: '1', ScuolaFrequentata: '1', IDBeneficiario: 'PROVA BENEF', Prestazioni: ['A1.02', 'A2.06'], Famiglia: ['1', '2'],
      },
    };
    const violations = validate(example).filter((v) => v.rule !== 'R10');
    expect(summary(violations)).toEqual(['SINBA-R4 SINBA@CodiceRegioneResidenza WARNING', 'SINBA-R5 SINBA@FasciaEtaBeneficiario WARNING']);
    expect(violations[1]?.message).toBe('Age band 2 (3-6 anni) does not match the year of birth: during 2021 the minor is 15 or 16 years old; expected band 6 (15-18 anni).');
  });

  describe('XSD facets', () => {
    it('requires every required attribute', () => {
      const required = ['IDBeneficiario', 'MinoreStranieroNoAcc', 'CondizioneMinore', 'LuogoVita', 'ScuolaFrequentata', 'CondizioneLavoro', 'Disabilita',
        'DataPrimaSegnalazione', 'FonteSegnalazione', 'ValutazioneMinore', 'ValutazioneFamigliaMinore', 'SegnalazioneAutoritaGiudiziaria',
        'ProvvedimentoGiudiziario', 'FasciaEtaBeneficiario', 'AnnoNascita', 'CodiceNazioneResidenza'];
      const violations = validate(record((s) => { for (const name of required) delete (s as unknown as Record<string, unknown>)[name]; }));
      expect(violations.map((v) => v.field)).toEqual(required.map((name) => `SINBA@${name}`));
      expect(violations.every((v) => v.rule === 'XSD' && v.severity === 'BLOCKING')).toBe(true);
    });

    it('refuses codes outside each of the enumerations', () => {
      expect(rulesOf((s) => { s.LuogoVita = '9'; s.FonteSegnalazione = '15'; s.TitoloStudioMadre = '0'; s.FasciaISEEBeneficiario = '9'; })).toEqual([
        'XSD SINBA@LuogoVita BLOCKING', 'XSD SINBA@TitoloStudioMadre BLOCKING', 'XSD SINBA@FonteSegnalazione BLOCKING', 'XSD SINBA@FasciaISEEBeneficiario BLOCKING',
      ]);
    });

    it('needs month/year fields in MM/YYYY', () => {
      for (const bad of ['13/2020', '00/2020', '1/2020', '01/2100', '2020-01', '01/20']) {
        expect(rulesOf((s) => { s.DataPrimaSegnalazione = bad; })).toEqual(['XSD SINBA@DataPrimaSegnalazione BLOCKING']);
      }
      expect(rulesOf((s) => { s.SegnalazioneAutoritaGiudiziaria = '1'; s.DataSegnalazione = '12/1999'; })).toEqual([]);
      const message = validate(record((s) => { s.DataPrimaSegnalazione = '13/2020'; }))[0]?.message;
      expect(message).toBe('"13/2020" is not a month and year in the form MM/YYYY; expected a month and year MM/YYYY, e.g. 03/2024 (DataMeseAnnoType).');
    });

    it('checks lengths and patterns', () => {
      expect(rulesOf((s) => {
        s.IDBeneficiario = 'H501123456789012345678';
        s.AnnoNascita = '14';
        s.CodiceNazioneResidenza = '38';
        s.CodiceCittadinanzaMadre = 'ITA';
        s.CodiceRegioneResidenzaPadre = '123';
        s.NumeroComponentiISEE = '10';
      })).toEqual([
        'XSD SINBA@IDBeneficiario BLOCKING', 'XSD SINBA@CodiceCittadinanzaMadre BLOCKING', 'XSD SINBA@CodiceRegioneResidenzaPadre BLOCKING',
        'XSD SINBA@NumeroComponentiISEE BLOCKING', 'XSD SINBA@AnnoNascita BLOCKING', 'XSD SINBA@CodiceNazioneResidenza BLOCKING',
      ]);
    });

    it('needs at least one benefit code and one family member, each valid', () => {
      expect(rulesOf((s) => { s.Prestazioni = []; })).toEqual(['XSD SINBA/Prestazioni/CodicePrestazione BLOCKING']);
      expect(rulesOf((s) => { (s as unknown as Record<string, unknown>)['Prestazioni'] = undefined; })).toEqual(['XSD SINBA/Prestazioni/CodicePrestazione BLOCKING']);
      expect(rulesOf((s) => { s.Famiglia = []; })).toEqual(['XSD SINBA/Famiglia/ComposizioneFamiglia BLOCKING']);
      expect(rulesOf((s) => { s.Prestazioni = ['A2.02', 'A2']; s.Famiglia = ['1', '7']; })).toEqual([
        'XSD SINBA/Prestazioni/CodicePrestazione[2] BLOCKING', 'XSD SINBA/Famiglia/ComposizioneFamiglia[2] BLOCKING',
      ]);
      expect(rulesOf((s) => { s.Prestazioni = ['A2.02', 'A1.04', 'A3.02']; s.Famiglia = ['6']; })).toEqual([]);
    });
  });

  it('HUB: needs a reporting year from 2014 to the current one', () => {
    for (const year of ['2013', '2026', '24', '', 'abcd']) {
      expect(rulesOf((_, r) => { r.period.reportingYear = year; })).toEqual(['HUB reportingYear BLOCKING']);
    }
    expect(rulesOf((s, r) => { r.period.reportingYear = '2025'; s.FasciaEtaBeneficiario = '4'; })).toEqual([]);
  });

  describe('conditional rules', () => {
    it('SINBA-R1: a disability needs its type and certifications', () => {
      expect(rulesOf((s) => { s.Disabilita = '1'; })).toEqual(['SINBA-R1 SINBA@TipoDisabilita BLOCKING', 'SINBA-R1 SINBA@InvCivCertificazioni BLOCKING']);
      expect(rulesOf((s) => { s.Disabilita = '1'; s.TipoDisabilita = '4'; })).toEqual(['SINBA-R1 SINBA@InvCivCertificazioni BLOCKING']);
      expect(rulesOf((s) => { s.Disabilita = '1'; s.TipoDisabilita = '4'; s.InvCivCertificazioni = '5'; })).toEqual([]);
      expect(rulesOf((s) => { s.Disabilita = '2'; s.TipoDisabilita = undefined; })).toEqual([]);
    });

    it('SINBA-R2: a report to the judicial authority needs its date', () => {
      const violations = validate(record((s) => { s.SegnalazioneAutoritaGiudiziaria = '1'; }));
      expect(summary(violations)).toEqual(['SINBA-R2 SINBA@DataSegnalazione BLOCKING']);
      expect(violations[0]?.message).toBe('Missing DataSegnalazione; a report to the judicial authority (SegnalazioneAutoritaGiudiziaria 1) needs DataSegnalazione.');
      expect(rulesOf((s) => { s.SegnalazioneAutoritaGiudiziaria = '1'; s.DataSegnalazione = '10/2023'; })).toEqual([]);
      expect(rulesOf((s) => { s.SegnalazioneAutoritaGiudiziaria = '2'; })).toEqual([]);
    });

    it('SINBA-R3: a judicial measure needs its date', () => {
      expect(rulesOf((s) => { s.ProvvedimentoGiudiziario = '1'; })).toEqual(['SINBA-R3 SINBA@DataProvvedimentoGiudiziario BLOCKING']);
      expect(rulesOf((s) => { s.ProvvedimentoGiudiziario = '1'; s.DataProvvedimentoGiudiziario = '11/2023'; s.AutoritaProvvedimento = '2'; })).toEqual([]);
      // An invalid trigger is reported once, by the XSD, not again by the rule.
      expect(rulesOf((s) => { s.ProvvedimentoGiudiziario = '3'; })).toEqual(['XSD SINBA@ProvvedimentoGiudiziario BLOCKING']);
    });

    it('SINBA-R4: a residence in Italy needs the region (a warning by default)', () => {
      expect(rulesOf((s) => { s.CodiceRegioneResidenza = undefined; })).toEqual(['SINBA-R4 SINBA@CodiceRegioneResidenza WARNING']);
      expect(rulesOf((s) => { s.CodiceRegioneResidenza = undefined; s.CodiceNazioneResidenza = '504'; })).toEqual([]);
      expect(summary(validate(record((s) => { s.CodiceRegioneResidenza = undefined; }), ['SINBA-R4']))).toEqual(['SINBA-R4 SINBA@CodiceRegioneResidenza BLOCKING']);
    });

    it('SINBA-R5: the age band matches the birth year in the reporting year (a warning by default)', () => {
      // Born 2014: 9 or 10 during 2024, band 4 (9-12); band 3 (6-9) also fits a 9-year-old.
      expect(rulesOf((s) => { s.FasciaEtaBeneficiario = '3'; })).toEqual([]);
      expect(rulesOf((s) => { s.FasciaEtaBeneficiario = '5'; })).toEqual(['SINBA-R5 SINBA@FasciaEtaBeneficiario WARNING']);
      expect(rulesOf((s) => { s.AnnoNascita = '2024'; s.FasciaEtaBeneficiario = '1'; })).toEqual([]);
      const adult = validate(record((s) => { s.AnnoNascita = '2004'; s.FasciaEtaBeneficiario = '6'; }));
      expect(summary(adult)).toEqual(['SINBA-R5 SINBA@FasciaEtaBeneficiario WARNING']);
      expect(adult[0]?.message).toMatch(/19 or 20 years old; expected a minor/);
      expect(rulesOf((s) => { s.AnnoNascita = '2006'; s.FasciaEtaBeneficiario = '6'; })).toEqual([]);
      expect(summary(validate(record((s) => { s.FasciaEtaBeneficiario = '1'; }), ['ALL']))).toEqual(['SINBA-R5 SINBA@FasciaEtaBeneficiario BLOCKING']);
    });

    it('SINBA-R6: the birth year is not after the reporting year', () => {
      expect(rulesOf((s) => { s.AnnoNascita = '2025'; s.FasciaEtaBeneficiario = '1'; })).toEqual(['SINBA-R6 SINBA@AnnoNascita BLOCKING']);
    });

    it('SINBA-R7: no month/year after the reporting year (a warning by default)', () => {
      expect(rulesOf((s) => {
        s.DataPrimaSegnalazione = '01/2025';
        s.SegnalazioneAutoritaGiudiziaria = '1'; s.DataSegnalazione = '12/2024';
        s.ProvvedimentoGiudiziario = '1'; s.DataProvvedimentoGiudiziario = '02/2025';
      })).toEqual(['SINBA-R7 SINBA@DataPrimaSegnalazione WARNING', 'SINBA-R7 SINBA@DataProvvedimentoGiudiziario WARNING']);
    });

    it('SINBA-R8: a closing reason and a closing situation go together (a warning by default)', () => {
      expect(rulesOf((s) => { s.MotivazioneChiusuraCarico = '4'; })).toEqual(['SINBA-R8 SINBA@SituazioneChiusuraCarico WARNING']);
      expect(rulesOf((s) => { s.SituazioneChiusuraCarico = '1'; })).toEqual(['SINBA-R8 SINBA@MotivazioneChiusuraCarico WARNING']);
      expect(rulesOf((s) => { s.MotivazioneChiusuraCarico = '4'; s.SituazioneChiusuraCarico = '1'; })).toEqual([]);
    });

    it('SINBA-R9: the ISEE household has 1 to 9 members', () => {
      expect(rulesOf((s) => { s.NumeroComponentiISEE = '0'; })).toEqual(['SINBA-R9 SINBA@NumeroComponentiISEE BLOCKING']);
      expect(rulesOf((s) => { s.NumeroComponentiISEE = '-3'; })).toEqual(['SINBA-R9 SINBA@NumeroComponentiISEE BLOCKING']);
      expect(rulesOf((s) => { s.NumeroComponentiISEE = '1'; })).toEqual([]);
      expect(rulesOf((s) => { s.NumeroComponentiISEE = '9'; })).toEqual([]);
    });

    it('SINBA-PSEUDONYM: the pseudonym never contains a codice fiscale, and is never quoted', () => {
      for (const id of ['RSSMRA80C15H501M', 'H501RSSMRA80C15H501M', 'rssmra80c15h501m', 'X-RSSMRA80C15H5Q1X']) {
        const violations = validate(record((s) => { s.IDBeneficiario = id; }));
        expect(summary(violations)).toEqual(['SINBA-PSEUDONYM SINBA@IDBeneficiario BLOCKING']);
        expect(JSON.stringify(violations)).not.toContain(id);
      }
      for (const id of ['H501123456', 'PROVA BENEF', 'CASE-2024-00017', 'ABCDEF']) expect(rulesOf((s) => { s.IDBeneficiario = id; })).toEqual([]);
    });
  });

  describe('R10 and REF', () => {
    it('needs a real operator codice fiscale and a Comune as seat', () => {
      expect(rulesOf((_, r) => { r.ente.CFOperatore = 'CCCDDD25A42H199X'; r.ente.Indirizzo = 'Q999'; })).toEqual(['R10 Ente@CFOperatore BLOCKING', 'REF Ente@Indirizzo BLOCKING']);
    });

    it('needs benefit codes of the nomenclatore valid during the reporting year', () => {
      const violations = validate(record((s) => { s.Prestazioni = ['A7.77', 'A1.05.01']; }));
      expect(summary(violations)).toEqual(['REF SINBA/Prestazioni/CodicePrestazione[1] BLOCKING', 'REF SINBA/Prestazioni/CodicePrestazione[2] BLOCKING']);
      expect(esitoFor(violations)).toBe('DATI_NON_TROVATI');
      expect(rulesOf((s, r) => { r.period.reportingYear = '2022'; s.FasciaEtaBeneficiario = '3'; s.DataPrimaSegnalazione = '09/2021'; s.Prestazioni = ['A1.05.01']; })).toEqual([]);
    });
  });

  it('never throws on garbage, and reports it', () => {
    for (const garbage of [null, undefined, 7, 'x', [], { ente: 1, period: [], sinba: { Prestazioni: 'A1.01', Famiglia: [null, 3] } }]) {
      expect(hasBlocking(validate(garbage))).toBe(true);
    }
  });
});
