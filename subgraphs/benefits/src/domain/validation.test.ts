import { describe, expect, it } from '@jest/globals';
import type { Violation } from '@siuss/errors/errors';
import type { BeneficiarioAttributes, EnteAttributes, IndirizzoAttributes, PrestazioneAttributes, PsRecord } from './record.ts';
import { RULES, WARNING_BY_DEFAULT, esitoFor, hasBlocking, validatePsRecord, type ValidationOptions } from './validation.ts';

const DEFAULTS: ValidationOptions = { strictRules: new Set() };
const STRICT_ALL: ValidationOptions = { strictRules: new Set(['ALL']) };

const BENEFICIARY_CF = 'RSSMRK66C14H501U';
const OPERATOR_CF = 'XXXXXX80P20B501B';

/** A valid periodic benefit: every test below changes one thing in it. */
function baseRecord(): PsRecord {
  return {
    ente: { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: OPERATOR_CF },
    beneficiario: {
      CodiceFiscale: BENEFICIARY_CF,
      anagrafica: { Cognome: 'ROSSI', Nome: 'MIRKO', AnnoNascita: '1966', LuogoNascita: 'H501', Genere: '1', CodiceCittadinanza: '380' },
      indirizzi: [{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }],
    },
    prestazione: {
      TipoOperazione: 'I',
      PresenzaProvaMezzi: '4',
      CaratterePrestazione: '1',
      CodicePrestazione: 'A1.16',
      DenominazionePrestazione: 'Contributi economici per servizio trasporto e mobilità',
      ProtocolloDomanda: 'PROT-1',
      DataInizioPrestazione: '2024-01-10',
      DataFinePrestazione: '2024-06-30',
      PeriodoErogazione: '6',
      ImportoMensile: '100.00',
      ImportoQuotaEnte: '60.00',
      ImportoQuotaUtente: '40.00',
      PresaCarico: '1',
      AreaUtenza: '2',
    },
  };
}

interface Patch {
  ente?: Partial<EnteAttributes>;
  CodiceFiscale?: string | undefined;
  anagrafica?: Partial<BeneficiarioAttributes['anagrafica']>;
  indirizzi?: IndirizzoAttributes[];
  prestazione?: Partial<PrestazioneAttributes>;
}

/** The base record with some attributes replaced; `undefined` removes one. */
function record(patch: Patch = {}): PsRecord {
  const base = baseRecord();
  return {
    ente: { ...base.ente, ...patch.ente },
    beneficiario: {
      CodiceFiscale: 'CodiceFiscale' in patch ? (patch.CodiceFiscale as string) : base.beneficiario.CodiceFiscale,
      anagrafica: { ...base.beneficiario.anagrafica, ...patch.anagrafica },
      indirizzi: patch.indirizzi ?? base.beneficiario.indirizzi,
    },
    prestazione: { ...base.prestazione, ...patch.prestazione },
  };
}

/** A valid one-off benefit (CaratterePrestazione 2). */
const ONE_OFF: Partial<PrestazioneAttributes> = {
  CaratterePrestazione: '2',
  DataInizioPrestazione: undefined,
  DataFinePrestazione: undefined,
  PeriodoErogazione: undefined,
  ImportoMensile: undefined,
  DataErogazionePrestazione: '2024-03-01',
  ImportoPrestazione: '250.00',
  ImportoQuotaEnte: '200.00',
  ImportoQuotaUtente: '50.00',
};

function validate(patch: Patch = {}, options: ValidationOptions = DEFAULTS): Violation[] {
  return validatePsRecord(record(patch), options);
}

const summary = (violations: readonly Violation[]): string[] => violations.map((v) => `${v.rule} ${v.field} ${v.severity}`);
const ofRule = (violations: readonly Violation[], rule: string): Violation[] => violations.filter((v) => v.rule === rule);
const long = (n: number): string => 'x'.repeat(n);
const P = (name: string): string => `PrestazioniSociali@${name}`;

describe('validatePsRecord: the base record', () => {
  it('has no violations, even with every rule strict', () => {
    expect(validate()).toEqual([]);
    expect(validate({}, STRICT_ALL)).toEqual([]);
  });

  it('accepts every optional attribute when well-formed', () => {
    const violations = validate({
      anagrafica: { CodiceSecondaCittadinanza: '276' },
      indirizzi: [
        { CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' },
        { CodiceNazione: '276' },
      ],
      prestazione: {
        PresenzaProvaMezzi: '1',
        NumeroProtocolloDSU: 'INPS-ISEE-2023-01480722D-00',
        AnnoProtocolloDSU: '2023',
        DataDSU: '2023-12-20',
        DataEvento: '2024-01-08',
        ImportoQuotaEnte: '50.00',
        ImportoQuotaUtente: '0.00',
        ImportoQuotaSSN: '50.00',
        ImportoQuotaRichiesta: '151.64',
        ImportoSogliaISEE: '17000.0',
        OreServizioMensile: '24.50',
      },
    }, STRICT_ALL);
    expect(violations).toEqual([]);
  });

  it('accepts one-off benefits', () => {
    expect(validate({ prestazione: ONE_OFF }, STRICT_ALL)).toEqual([]);
  });
});

describe('XSD facets', () => {
  const failing: Array<[string, Patch, string]> = [
    ['Ente Codice empty', { ente: { Codice: '' } }, 'Ente@Codice'],
    ['Ente Codice missing', { ente: { Codice: undefined } }, 'Ente@Codice'],
    ['Ente Codice of 33 characters', { ente: { Codice: long(33) } }, 'Ente@Codice'],
    ['Ente Denominazione empty', { ente: { Denominazione: '' } }, 'Ente@Denominazione'],
    ['Ente Denominazione of 101 characters', { ente: { Denominazione: long(101) } }, 'Ente@Denominazione'],
    ['Ente Indirizzo of 5 characters', { ente: { Indirizzo: 'H5011' } }, 'Ente@Indirizzo'],
    ['Ente Indirizzo of 3 characters', { ente: { Indirizzo: 'H50' } }, 'Ente@Indirizzo'],
    ['CFOperatore of 15 characters', { ente: { CFOperatore: 'XXXXXX80P20B501' } }, 'Ente@CFOperatore'],
    ['CFOperatore of 16 characters with a trailing space', { ente: { CFOperatore: `${OPERATOR_CF} ` } }, 'Ente@CFOperatore'],
    ['CFOperatore missing', { ente: { CFOperatore: undefined } }, 'Ente@CFOperatore'],
    ['CodiceFiscale missing', { CodiceFiscale: undefined }, 'Beneficiario@CodiceFiscale'],
    ['CodiceFiscale with a digit for a letter', { CodiceFiscale: 'RSSMR366C14H501U' }, 'Beneficiario@CodiceFiscale'],
    ['CodiceFiscale of 10 digits', { CodiceFiscale: '0111460100' }, 'Beneficiario@CodiceFiscale'],
    ['CodiceFiscale of 11 digits and 6 spaces', { CodiceFiscale: '01114601006      ' }, 'Beneficiario@CodiceFiscale'],
    ['Cognome empty', { anagrafica: { Cognome: '' } }, 'Anagrafica@Cognome'],
    ['Cognome of 37 characters', { anagrafica: { Cognome: long(37) } }, 'Anagrafica@Cognome'],
    ['Cognome with a control character', { anagrafica: { Cognome: 'ROS\u0001SI' } }, 'Anagrafica@Cognome'],
    ['Nome of 37 characters', { anagrafica: { Nome: long(37) } }, 'Anagrafica@Nome'],
    ['Nome missing', { anagrafica: { Nome: undefined } }, 'Anagrafica@Nome'],
    ['AnnoNascita of 2 digits', { anagrafica: { AnnoNascita: '66' } }, 'Anagrafica@AnnoNascita'],
    ['AnnoNascita with a letter', { anagrafica: { AnnoNascita: '19a6' } }, 'Anagrafica@AnnoNascita'],
    ['LuogoNascita of 5 characters', { anagrafica: { LuogoNascita: 'H5011' } }, 'Anagrafica@LuogoNascita'],
    ['Genere 3', { anagrafica: { Genere: '3' } }, 'Anagrafica@Genere'],
    ['Genere M', { anagrafica: { Genere: 'M' } }, 'Anagrafica@Genere'],
    ['CodiceCittadinanza of 2 digits', { anagrafica: { CodiceCittadinanza: '38' } }, 'Anagrafica@CodiceCittadinanza'],
    ['CodiceCittadinanza in letters', { anagrafica: { CodiceCittadinanza: 'ITA' } }, 'Anagrafica@CodiceCittadinanza'],
    ['CodiceSecondaCittadinanza of 4 digits', { anagrafica: { CodiceSecondaCittadinanza: '3800' } }, 'Anagrafica@CodiceSecondaCittadinanza'],
    ['CodiceRegione of 1 digit', { indirizzi: [{ CodiceRegione: '8', CodiceComune: '058091', CodiceNazione: '380' }] }, 'Indirizzo[1]@CodiceRegione'],
    ['CodiceComune without its leading zero', { indirizzi: [{ CodiceRegione: '12', CodiceComune: '58091', CodiceNazione: '380' }] }, 'Indirizzo[1]@CodiceComune'],
    ['CodiceNazione in letters, second address', { indirizzi: [{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }, { CodiceNazione: 'DE' }] }, 'Indirizzo[2]@CodiceNazione'],
    ['no Indirizzo', { indirizzi: [] }, 'Indirizzo'],
    ['6 Indirizzo', { indirizzi: Array.from({ length: 6 }, () => ({ CodiceNazione: '276' })) }, 'Indirizzo'],
    ['TipoOperazione X', { prestazione: { TipoOperazione: 'X' } }, P('TipoOperazione')],
    ['TipoOperazione lowercase', { prestazione: { TipoOperazione: 'i' } }, P('TipoOperazione')],
    ['PresenzaProvaMezzi 5', { prestazione: { PresenzaProvaMezzi: '5' } }, P('PresenzaProvaMezzi')],
    ['PresenzaProvaMezzi missing', { prestazione: { PresenzaProvaMezzi: undefined } }, P('PresenzaProvaMezzi')],
    ['CaratterePrestazione 3', { prestazione: { CaratterePrestazione: '3' } }, P('CaratterePrestazione')],
    ['NumeroProtocolloDSU of 31 characters', { prestazione: { NumeroProtocolloDSU: long(31), AnnoProtocolloDSU: '2023', DataDSU: '2023-12-20' } }, P('NumeroProtocolloDSU')],
    ['AnnoProtocolloDSU of 2 digits', { prestazione: { NumeroProtocolloDSU: 'INPS-ISEE-1', AnnoProtocolloDSU: '23', DataDSU: '2023-12-20' } }, P('AnnoProtocolloDSU')],
    ['DataDSU on 30 February', { prestazione: { NumeroProtocolloDSU: 'INPS-ISEE-1', AnnoProtocolloDSU: '2023', DataDSU: '2023-02-30' } }, P('DataDSU')],
    ['CodicePrestazione of 4 characters', { prestazione: { CodicePrestazione: 'A1.1' } }, P('CodicePrestazione')],
    ['CodicePrestazione of 11 characters', { prestazione: { CodicePrestazione: 'A1.16.01.01' } }, P('CodicePrestazione')],
    ['DenominazionePrestazione of 9 characters', { prestazione: { DenominazionePrestazione: 'Trasporto' } }, P('DenominazionePrestazione')],
    ['DenominazionePrestazione of 201 characters', { prestazione: { DenominazionePrestazione: long(201) } }, P('DenominazionePrestazione')],
    ['ProtocolloDomanda empty', { prestazione: { ProtocolloDomanda: '' } }, P('ProtocolloDomanda')],
    ['ProtocolloDomanda of 33 characters', { prestazione: { ProtocolloDomanda: long(33) } }, P('ProtocolloDomanda')],
    ['DataEvento with slashes', { prestazione: { DataEvento: '2024/01/08' } }, P('DataEvento')],
    ['DataInizioPrestazione on 29 February of a common year', { prestazione: { DataInizioPrestazione: '2023-02-29', DataFinePrestazione: '2023-06-30' } }, P('DataInizioPrestazione')],
    ['DataInizioPrestazione in month 13', { prestazione: { DataInizioPrestazione: '2024-13-01' } }, P('DataInizioPrestazione')],
    ['DataInizioPrestazione with a time zone', { prestazione: { DataInizioPrestazione: '2024-01-10Z' } }, P('DataInizioPrestazione')],
    ['DataInizioPrestazione with a time', { prestazione: { DataInizioPrestazione: '2024-01-10T00:00:00' } }, P('DataInizioPrestazione')],
    ['DataFinePrestazione on 31 April', { prestazione: { DataFinePrestazione: '2024-04-31' } }, P('DataFinePrestazione')],
    ['DataFinePrestazione empty', { prestazione: { DataFinePrestazione: '' } }, P('DataFinePrestazione')],
    ['DataErogazionePrestazione day first', { prestazione: { ...ONE_OFF, DataErogazionePrestazione: '01-03-2024' } }, P('DataErogazionePrestazione')],
    ['ImportoMensile with a decimal comma', { prestazione: { ImportoMensile: '100,00' } }, P('ImportoMensile')],
    ['ImportoMensile with an exponent', { prestazione: { ImportoMensile: '1e2' } }, P('ImportoMensile')],
    ['ImportoMensile with 3 decimals', { prestazione: { ImportoMensile: '100.001' } }, P('ImportoMensile')],
    ['ImportoMensile with 11 integer digits', { prestazione: { ImportoMensile: '10000000000' } }, P('ImportoMensile')],
    ['ImportoMensile in words', { prestazione: { ImportoMensile: 'cento' } }, P('ImportoMensile')],
    ['ImportoMensile with spaces', { prestazione: { ImportoMensile: ' 100.00' } }, P('ImportoMensile')],
    ['ImportoPrestazione with 3 decimals', { prestazione: { ...ONE_OFF, ImportoPrestazione: '250.005' } }, P('ImportoPrestazione')],
    ['PeriodoErogazione 0', { prestazione: { PeriodoErogazione: '0' } }, P('PeriodoErogazione')],
    ['PeriodoErogazione 13', { prestazione: { PeriodoErogazione: '13' } }, P('PeriodoErogazione')],
    ['PeriodoErogazione 6.5', { prestazione: { PeriodoErogazione: '6.5' } }, P('PeriodoErogazione')],
    ['ImportoQuotaEnte with 3 decimals', { prestazione: { ImportoQuotaEnte: '60.005' } }, P('ImportoQuotaEnte')],
    ['ImportoQuotaUtente empty', { prestazione: { ImportoQuotaUtente: '' } }, P('ImportoQuotaUtente')],
    ['ImportoQuotaSSN with a currency sign', { prestazione: { ImportoQuotaSSN: '€0' } }, P('ImportoQuotaSSN')],
    ['ImportoQuotaRichiesta with 3 decimals', { prestazione: { ImportoQuotaRichiesta: '1.234' } }, P('ImportoQuotaRichiesta')],
    ['ImportoSogliaISEE with a thousands separator', { prestazione: { ImportoSogliaISEE: '17.000,00' } }, P('ImportoSogliaISEE')],
    ['OreServizioMensile as HH,MM', { prestazione: { OreServizioMensile: '2,30' } }, P('OreServizioMensile')],
    ['OreServizioMensile with 3 decimals', { prestazione: { OreServizioMensile: '2.555' } }, P('OreServizioMensile')],
    ['PresaCarico 0', { prestazione: { PresaCarico: '0' } }, P('PresaCarico')],
    ['PresaCarico empty', { prestazione: { PresaCarico: '' } }, P('PresaCarico')],
    ['AreaUtenza 4', { prestazione: { AreaUtenza: '4' } }, P('AreaUtenza')],
    ['ImportoMensile as a number, not its lexical form', { prestazione: { ImportoMensile: 100 as unknown as string } }, P('ImportoMensile')],
  ];

  it.each(failing)('%s: one blocking XSD violation on the field', (_, patch, field) => {
    const violations = validate(patch);
    expect(summary(ofRule(violations, 'XSD'))).toEqual([`XSD ${field} BLOCKING`]);
  });

  it.each(failing)('%s: no conditional rule is evaluated on the broken value', (_, patch) => {
    expect(validate(patch).filter((v) => v.rule !== 'XSD' && v.severity === 'BLOCKING')).toEqual([]);
  });

  const passing: Array<[string, Patch]> = [
    ['a lowercase codice fiscale', { CodiceFiscale: BENEFICIARY_CF.toLowerCase() }],
    ['an omocode codice fiscale', { CodiceFiscale: 'RSSMRK66C14H50MM' }],
    ['an 11-digit operator code with trailing spaces', { ente: { CFOperatore: '01114601006     ' } }],
    ['a surname of 36 characters outside the BMP', { anagrafica: { Cognome: '𝒜'.repeat(36) } }],
    ['a surname with accents and apostrophe', { anagrafica: { Cognome: "D'ANNUNZIO-NICOLÒ" } }],
    ['no Denominazione', { ente: { Denominazione: undefined } }],
    ['an amount without decimals', { prestazione: { ImportoMensile: '100', ImportoQuotaEnte: '60', ImportoQuotaUtente: '40.' } }],
    ['amounts with trailing zeros and a sign', { prestazione: { ImportoMensile: '+100.000', ImportoQuotaEnte: '60.0', ImportoQuotaUtente: '40.00' } }],
    ['a fraction-only amount', { prestazione: { ImportoMensile: '.5', ImportoQuotaEnte: '.25', ImportoQuotaUtente: '0.25' } }],
    ['29 February of a leap year', { prestazione: { DataInizioPrestazione: '2024-02-29' } }],
    ['PeriodoErogazione with a sign and leading zero', { prestazione: { PeriodoErogazione: '+06' } }],
    ['PeriodoErogazione 12', { prestazione: { PeriodoErogazione: '12' } }],
    ['an empty NumeroProtocolloDSU and no other DSU data', { prestazione: { NumeroProtocolloDSU: '' } }],
    ['five addresses', { indirizzi: [{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }, ...Array.from({ length: 4 }, () => ({ CodiceNazione: '276' }))] }],
    ['OreServizioMensile as an integer', { prestazione: { OreServizioMensile: '2' } }],
    ['TipoOperazione C', { prestazione: { TipoOperazione: 'C' } }],
  ];

  it.each(passing)('accepts %s', (_, patch) => {
    expect(validate(patch, STRICT_ALL)).toEqual([]);
  });

  it('says what is wrong with a date and quotes it', () => {
    const [violation] = validate({ prestazione: { DataInizioPrestazione: '2023-02-30', DataFinePrestazione: '2023-06-30' } });
    expect(violation?.message).toMatch(/"2023-02-30".*day 30 does not exist/);
    expect(violation?.message).toMatch(/YYYY-MM-DD/);
  });

  it('says an amount has too many decimals', () => {
    const [violation] = validate({ prestazione: { ImportoMensile: '100.001' } });
    expect(violation?.message).toMatch(/"100.001" has more than 2 decimal places/);
  });
});

describe('conditional rules', () => {
  describe('R1: an Italian address needs region and Comune', () => {
    it('passes with both, and for a foreign address with neither', () => {
      expect(validate()).toEqual([]);
      expect(validate({ indirizzi: [{ CodiceNazione: '276' }] })).toEqual([]);
    });

    it('fails per missing attribute, with the index of the address', () => {
      const violations = validate({
        indirizzi: [
          { CodiceComune: '058091', CodiceNazione: '380' },
          { CodiceRegione: '12', CodiceNazione: '380' },
        ],
      });
      expect(summary(violations)).toEqual(['R1 Indirizzo[1]@CodiceRegione BLOCKING', 'R1 Indirizzo[2]@CodiceComune BLOCKING']);
    });

    it('leaves a malformed CodiceComune to the XSD check', () => {
      expect(summary(validate({ indirizzi: [{ CodiceRegione: '12', CodiceComune: '', CodiceNazione: '380' }] }))).toEqual(['XSD Indirizzo[1]@CodiceComune BLOCKING']);
    });
  });

  describe('R2: DSU data all or none', () => {
    it('passes with all three or none', () => {
      expect(validate({ prestazione: { NumeroProtocolloDSU: 'INPS-ISEE-2023-1', AnnoProtocolloDSU: '2023', DataDSU: '2023-12-20' } })).toEqual([]);
      expect(validate({ prestazione: { NumeroProtocolloDSU: '', AnnoProtocolloDSU: undefined, DataDSU: undefined } })).toEqual([]);
    });

    it('names each missing part', () => {
      expect(summary(validate({ prestazione: { NumeroProtocolloDSU: 'INPS-ISEE-2023-1' } }))).toEqual([
        `R2 ${P('AnnoProtocolloDSU')} BLOCKING`,
        `R2 ${P('DataDSU')} BLOCKING`,
      ]);
    });

    it('treats an empty NumeroProtocolloDSU as absent', () => {
      expect(summary(validate({ prestazione: { NumeroProtocolloDSU: '', AnnoProtocolloDSU: '2023', DataDSU: '2023-12-20' } }))).toEqual([`R2 ${P('NumeroProtocolloDSU')} BLOCKING`]);
    });

    it('counts a malformed part as given, reported by the XSD check only', () => {
      expect(summary(validate({ prestazione: { NumeroProtocolloDSU: 'INPS-ISEE-2023-1', AnnoProtocolloDSU: '2023', DataDSU: '20/12/2023' } }))).toEqual([`XSD ${P('DataDSU')} BLOCKING`]);
    });
  });

  describe('R3: a periodic benefit needs start date and monthly amount', () => {
    it('passes a periodic benefit with both', () => {
      expect(validate({ prestazione: { CaratterePrestazione: '1', DataInizioPrestazione: '2024-01-10', ImportoMensile: '100.00' } })).toEqual([]);
    });

    it('fails without DataInizioPrestazione', () => {
      expect(summary(validate({ prestazione: { DataInizioPrestazione: undefined } }))).toEqual([`R3 ${P('DataInizioPrestazione')} BLOCKING`]);
    });

    it('fails without ImportoMensile', () => {
      expect(summary(validate({ prestazione: { ImportoMensile: undefined, ImportoQuotaEnte: undefined, ImportoQuotaUtente: undefined } }))).toEqual([`R3 ${P('ImportoMensile')} BLOCKING`]);
    });

    it('does not apply to one-off benefits', () => {
      expect(ofRule(validate({ prestazione: ONE_OFF }), 'R3')).toEqual([]);
    });
  });

  describe('R4: a one-off benefit needs payment date and amount', () => {
    it('passes a one-off benefit with both', () => {
      expect(validate({ prestazione: ONE_OFF })).toEqual([]);
    });

    it('fails without DataErogazionePrestazione', () => {
      expect(summary(validate({ prestazione: { ...ONE_OFF, DataErogazionePrestazione: undefined } }))).toEqual([`R4 ${P('DataErogazionePrestazione')} BLOCKING`]);
    });

    it('fails without ImportoPrestazione', () => {
      expect(summary(validate({ prestazione: { ...ONE_OFF, ImportoPrestazione: undefined, ImportoQuotaEnte: undefined, ImportoQuotaUtente: undefined } }))).toEqual([`R4 ${P('ImportoPrestazione')} BLOCKING`]);
    });

    it('does not apply to periodic benefits', () => {
      expect(ofRule(validate(), 'R4')).toEqual([]);
    });
  });

  describe('R5: end date in the year of the start date (warning by default)', () => {
    const nextYear: Patch = { prestazione: { DataFinePrestazione: '2025-01-01' } };

    it('passes on 31 December of the same year', () => {
      expect(validate({ prestazione: { DataFinePrestazione: '2024-12-31' } })).toEqual([]);
    });

    it('warns when the end date is in another year, quoting both dates', () => {
      const violations = validate(nextYear);
      expect(summary(violations)).toEqual([`R5 ${P('DataFinePrestazione')} WARNING`]);
      expect(violations[0]?.message).toMatch(/2025-01-01.*2024-01-10/);
      expect(hasBlocking(violations)).toBe(false);
    });

    it('blocks when R5 is strict', () => {
      expect(summary(validate(nextYear, { strictRules: new Set(['R5']) }))).toEqual([`R5 ${P('DataFinePrestazione')} BLOCKING`]);
    });

    it('is not evaluated on a malformed end date', () => {
      expect(ofRule(validate({ prestazione: { DataFinePrestazione: '2025-02-30' } }), 'R5')).toEqual([]);
    });
  });

  describe('R6: amounts greater than 0, never negative', () => {
    it('passes with positive amounts', () => {
      expect(ofRule(validate({ prestazione: ONE_OFF }), 'R6')).toEqual([]);
      expect(ofRule(validate(), 'R6')).toEqual([]);
    });

    it.each([
      ['a zero monthly amount', { ImportoMensile: '0.00' }, 'ImportoMensile'],
      ['a negative monthly amount', { ImportoMensile: '-5.00' }, 'ImportoMensile'],
      ['a zero one-off amount', { ...ONE_OFF, ImportoPrestazione: '0' }, 'ImportoPrestazione'],
      ['a negative ente quota', { ImportoQuotaEnte: '-60.00' }, 'ImportoQuotaEnte'],
      ['a negative user quota', { ImportoQuotaUtente: '-0.01' }, 'ImportoQuotaUtente'],
      ['a negative SSN quota', { ImportoQuotaSSN: '-1' }, 'ImportoQuotaSSN'],
      ['a negative requested quota', { ImportoQuotaRichiesta: '-1.00' }, 'ImportoQuotaRichiesta'],
      ['a negative ISEE threshold', { ImportoSogliaISEE: '-17000' }, 'ImportoSogliaISEE'],
    ] as Array<[string, Partial<PrestazioneAttributes>, string]>)('blocks %s', (_, prestazione, name) => {
      expect(summary(ofRule(validate({ prestazione }), 'R6'))).toEqual([`R6 ${P(name)} BLOCKING`]);
    });

    it('accepts -0.00 as zero, not as a negative user quota', () => {
      expect(validate({ prestazione: { ImportoQuotaEnte: '100.00', ImportoQuotaUtente: '-0.00' } })).toEqual([]);
    });
  });

  describe('R6-quota: ente and SSN quotas greater than 0 (warning by default)', () => {
    it('accepts a zero user quota', () => {
      expect(validate({ prestazione: { ImportoQuotaEnte: '100.00', ImportoQuotaUtente: '0.00' } }, STRICT_ALL)).toEqual([]);
    });

    it('warns on a zero SSN quota', () => {
      expect(summary(validate({ prestazione: { ImportoQuotaSSN: '0.00' } }))).toEqual([`R6-quota ${P('ImportoQuotaSSN')} WARNING`]);
    });

    it('warns on a zero ente quota', () => {
      expect(summary(validate({ prestazione: { ImportoQuotaEnte: '0', ImportoQuotaUtente: '100' } }))).toEqual([`R6-quota ${P('ImportoQuotaEnte')} WARNING`]);
    });

    it('blocks when strict (the rule id is matched case-insensitively)', () => {
      expect(summary(validate({ prestazione: { ImportoQuotaSSN: '0.00' } }, { strictRules: new Set(['r6-quota']) }))).toEqual([`R6-quota ${P('ImportoQuotaSSN')} BLOCKING`]);
    });
  });

  describe('R7: quotas add up to the amount (warning by default)', () => {
    it('passes when the quotas add up, in any notation', () => {
      expect(validate({ prestazione: { ImportoMensile: '100', ImportoQuotaEnte: '59.9', ImportoQuotaUtente: '40.10' } })).toEqual([]);
    });

    it('passes with a single quota equal to the amount', () => {
      expect(validate({ prestazione: { ImportoQuotaEnte: '100.00', ImportoQuotaUtente: undefined } })).toEqual([]);
    });

    it('passes without any quota', () => {
      expect(validate({ prestazione: { ImportoQuotaEnte: undefined, ImportoQuotaUtente: undefined } })).toEqual([]);
    });

    it('warns on a periodic benefit one cent off, with the sum in the message', () => {
      const violations = validate({ prestazione: { ImportoQuotaEnte: '59.99' } });
      expect(summary(violations)).toEqual([`R7 ${P('ImportoMensile')} WARNING`]);
      expect(violations[0]?.message).toMatch(/99\.99.*100\.00/);
    });

    it('warns on a one-off benefit against ImportoPrestazione', () => {
      expect(summary(validate({ prestazione: { ...ONE_OFF, ImportoQuotaSSN: '10.00' } }))).toEqual([`R7 ${P('ImportoPrestazione')} WARNING`]);
    });

    it('blocks when strict', () => {
      expect(summary(validate({ prestazione: { ImportoQuotaEnte: '59.99' } }, { strictRules: new Set(['R7']) }))).toEqual([`R7 ${P('ImportoMensile')} BLOCKING`]);
    });

    it('is not evaluated when a quota or the amount is malformed', () => {
      expect(summary(validate({ prestazione: { ImportoQuotaEnte: '60,00' } }))).toEqual([`XSD ${P('ImportoQuotaEnte')} BLOCKING`]);
      expect(summary(validate({ prestazione: { ImportoMensile: '100.005' } }))).toEqual([`XSD ${P('ImportoMensile')} BLOCKING`]);
    });

    it('is not evaluated without CaratterePrestazione', () => {
      expect(ofRule(validate({ prestazione: { CaratterePrestazione: undefined, ImportoQuotaEnte: '1.00' } }), 'R7')).toEqual([]);
    });
  });

  describe('R8: taken in charge needs AreaUtenza', () => {
    it('fails without AreaUtenza', () => {
      expect(summary(validate({ prestazione: { AreaUtenza: undefined } }))).toEqual([`R8 ${P('AreaUtenza')} BLOCKING`]);
    });

    it('passes when not taken in charge', () => {
      expect(validate({ prestazione: { PresaCarico: '2', AreaUtenza: undefined } })).toEqual([]);
    });

    it('leaves an empty AreaUtenza to the XSD check', () => {
      expect(summary(validate({ prestazione: { AreaUtenza: '' } }))).toEqual([`XSD ${P('AreaUtenza')} BLOCKING`]);
    });
  });

  describe('R9: CaratterePrestazione is mandatory', () => {
    it('passes with CaratterePrestazione 1 (periodic) or 2 (one-off)', () => {
      expect(ofRule(validate({ prestazione: { CaratterePrestazione: '1' } }), 'R9')).toEqual([]);
      expect(ofRule(validate({ prestazione: ONE_OFF }), 'R9')).toEqual([]);
    });

    it('fails when missing, without guessing R3 or R4', () => {
      expect(summary(validate({ prestazione: { CaratterePrestazione: undefined } }))).toEqual([`R9 ${P('CaratterePrestazione')} BLOCKING`]);
    });

    it('leaves an empty value to the XSD check', () => {
      expect(summary(validate({ prestazione: { CaratterePrestazione: '' } }))).toEqual([`XSD ${P('CaratterePrestazione')} BLOCKING`]);
    });
  });

  describe('R10: real codici fiscali', () => {
    it('fails on a wrong check character, without quoting the code', () => {
      const violations = validate({ CodiceFiscale: 'BNCGLI75S42F205X' });
      expect(summary(violations)).toEqual(['R10 Beneficiario@CodiceFiscale BLOCKING']);
      expect(violations[0]?.message).toMatch(/check character/);
      expect(violations[0]?.message).not.toContain('BNCGLI');
    });

    it('fails on the operator too', () => {
      expect(summary(validate({ ente: { CFOperatore: 'XXXXXX80P20B501A' } }))).toEqual(['R10 Ente@CFOperatore BLOCKING']);
    });

    it('fails on an impossible day of birth', () => {
      expect(summary(validate({ CodiceFiscale: 'RSSMRK66C32H501U' }))).toEqual(['R10 Beneficiario@CodiceFiscale BLOCKING']);
    });

    it('fails on an 11-digit code with a wrong check digit', () => {
      expect(summary(validate({ ente: { CFOperatore: '01114601007' } }))).toEqual(['R10 Ente@CFOperatore BLOCKING']);
    });

    it('passes on omocode and legal-person codes', () => {
      expect(validate({ CodiceFiscale: 'RSSMRK66C14H50MM', ente: { CFOperatore: '01114601006' } })).toEqual([]);
    });

    it('is not reported when the XSD pattern already failed', () => {
      expect(summary(validate({ CodiceFiscale: 'RSSMRK66C14H501' }))).toEqual(['XSD Beneficiario@CodiceFiscale BLOCKING']);
    });
  });
});

describe('REF: reference data', () => {
  it('blocks an unknown benefit code', () => {
    const violations = validate({ prestazione: { CodicePrestazione: 'A9.99' } });
    expect(summary(violations)).toEqual([`REF ${P('CodicePrestazione')} BLOCKING`]);
    expect(violations[0]?.message).toMatch(/"A9\.99" is an unknown benefit code/);
  });

  it('blocks a code used outside its validity period, naming the period', () => {
    const violations = validate({ prestazione: { CodicePrestazione: 'A1.05.01' } });
    expect(summary(violations)).toEqual([`REF ${P('CodicePrestazione')} BLOCKING`]);
    expect(violations[0]?.message).toMatch(/2024-01-10.*from 2021-01-01 to 2022-12-31/);
  });

  it('accepts the code within its validity period', () => {
    expect(validate({ prestazione: { CodicePrestazione: 'A1.05.01', DataInizioPrestazione: '2022-02-01', DataFinePrestazione: '2022-12-31' } })).toEqual([]);
  });

  it('takes the payment date of a one-off benefit', () => {
    expect(summary(validate({ prestazione: { ...ONE_OFF, CodicePrestazione: 'A1.05.01' } }))).toEqual([`REF ${P('CodicePrestazione')} BLOCKING`]);
    expect(validate({ prestazione: { ...ONE_OFF, CodicePrestazione: 'A1.05.01', DataErogazionePrestazione: '2021-03-01' } })).toEqual([]);
  });

  it('falls back to DataEvento, and skips the date check without any date', () => {
    const noDates: Partial<PrestazioneAttributes> = { CodicePrestazione: 'A1.05.01', DataInizioPrestazione: undefined, DataFinePrestazione: undefined };
    expect(summary(validate({ prestazione: { ...noDates, DataEvento: '2023-05-01' } }))).toEqual([`R3 ${P('DataInizioPrestazione')} BLOCKING`, `REF ${P('CodicePrestazione')} BLOCKING`]);
    expect(summary(validate({ prestazione: { ...noDates, DataEvento: '2022-05-01' } }))).toEqual([`R3 ${P('DataInizioPrestazione')} BLOCKING`]);
    expect(summary(validate({ prestazione: noDates }))).toEqual([`R3 ${P('DataInizioPrestazione')} BLOCKING`]);
  });

  it('skips the date check when the benefit date is malformed', () => {
    expect(summary(validate({ prestazione: { CodicePrestazione: 'A1.05.01', DataInizioPrestazione: '2024-02-30', DataEvento: '2022-01-01' } }))).toEqual([`XSD ${P('DataInizioPrestazione')} BLOCKING`]);
  });

  it('matches benefit codes exactly, as INPS receives them', () => {
    expect(summary(validate({ prestazione: { CodicePrestazione: 'a1.16' } }))).toEqual([`REF ${P('CodicePrestazione')} BLOCKING`]);
  });

  it('blocks an unknown ISTAT code of a Comune, on the right address', () => {
    const violations = validate({ indirizzi: [{ CodiceNazione: '276' }, { CodiceRegione: '12', CodiceComune: '999999', CodiceNazione: '380' }] });
    expect(summary(violations)).toEqual(['REF Indirizzo[2]@CodiceComune BLOCKING']);
    expect(violations[0]?.message).toContain('999999');
  });

  it("blocks an unknown Belfiore code of the ente's seat, case-insensitively known ones pass", () => {
    expect(summary(validate({ ente: { Indirizzo: 'Z999' } }))).toEqual(['REF Ente@Indirizzo BLOCKING']);
    expect(validate({ ente: { Indirizzo: 'h501' } })).toEqual([]);
  });

  it('accepts a birth place that is a Comune or a foreign state', () => {
    expect(validate({ anagrafica: { LuogoNascita: 'A351' } })).toEqual([]);
    expect(validate({ anagrafica: { LuogoNascita: 'Z404' } })).toEqual([]);
  });

  it('only warns on an unknown birth place, even with every rule strict', () => {
    expect(summary(validate({ anagrafica: { LuogoNascita: 'X999' } }))).toEqual(['REF Anagrafica@LuogoNascita WARNING']);
    expect(summary(validate({ anagrafica: { LuogoNascita: 'X999' } }, STRICT_ALL))).toEqual(['REF Anagrafica@LuogoNascita WARNING']);
  });
});

describe('severity configuration', () => {
  const allThree: Patch = { prestazione: { DataFinePrestazione: '2025-01-31', ImportoQuotaSSN: '0.00', ImportoQuotaEnte: '50.00' } };

  it('makes R5, R6-quota and R7 warnings by default', () => {
    expect(WARNING_BY_DEFAULT).toEqual(['R5', 'R6-quota', 'R7']);
    const violations = validate(allThree);
    expect(summary(violations)).toEqual([
      `R5 ${P('DataFinePrestazione')} WARNING`,
      `R6-quota ${P('ImportoQuotaSSN')} WARNING`,
      `R7 ${P('ImportoMensile')} WARNING`,
    ]);
    expect(hasBlocking(violations)).toBe(false);
  });

  it('upgrades only the listed rules', () => {
    expect(summary(validate(allThree, { strictRules: new Set(['R7']) }))).toEqual([
      `R5 ${P('DataFinePrestazione')} WARNING`,
      `R6-quota ${P('ImportoQuotaSSN')} WARNING`,
      `R7 ${P('ImportoMensile')} BLOCKING`,
    ]);
  });

  it('upgrades all three with ALL', () => {
    expect(validate(allThree, STRICT_ALL).map((v) => v.severity)).toEqual(['BLOCKING', 'BLOCKING', 'BLOCKING']);
  });

  it('ignores strict ids of rules that already block', () => {
    expect(summary(validate({ prestazione: { AreaUtenza: undefined } }, { strictRules: new Set(['R8', 'NOPE']) }))).toEqual([`R8 ${P('AreaUtenza')} BLOCKING`]);
  });
});

describe('robustness', () => {
  const garbage: Array<[string, unknown]> = [
    ['an empty object', {}],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'RSSMRK66C14H501U'],
    ['an array', [1, 2, 3]],
    ['sections of the wrong type', { ente: 5, beneficiario: { anagrafica: null, indirizzi: 'Roma' }, prestazione: [] }],
    ['addresses that are not objects', { beneficiario: { indirizzi: [null, 7, 'x', []] } }],
    ['attributes of every type', {
      ente: { Codice: 1, Indirizzo: {}, CFOperatore: [], Denominazione: true },
      beneficiario: { CodiceFiscale: Symbol('cf'), anagrafica: { Cognome: 10n, Nome: () => 'x' }, indirizzi: [{ CodiceNazione: NaN }] },
      prestazione: { ImportoMensile: Infinity, CaratterePrestazione: 1, DataInizioPrestazione: new Date(), PresaCarico: null },
    }],
  ];

  it.each(garbage)('returns blocking violations for %s without throwing', (_, input) => {
    const violations = validatePsRecord(input as PsRecord, DEFAULTS);
    expect(violations.length).toBeGreaterThan(0);
    expect(hasBlocking(violations)).toBe(true);
    expect(esitoFor(violations)).toBe('RICHIESTA_INVALIDA');
    for (const v of violations) expect(Object.keys(RULES)).toContain(v.rule);
  });

  it('reports every missing required attribute of an empty record', () => {
    const fields = validatePsRecord({} as PsRecord, DEFAULTS).map((v) => `${v.rule} ${v.field}`);
    expect(fields).toEqual([
      'XSD Ente@Codice', 'XSD Ente@Indirizzo', 'XSD Ente@CFOperatore', 'XSD Beneficiario@CodiceFiscale',
      'XSD Anagrafica@Cognome', 'XSD Anagrafica@Nome', 'XSD Anagrafica@AnnoNascita', 'XSD Anagrafica@LuogoNascita',
      'XSD Anagrafica@Genere', 'XSD Anagrafica@CodiceCittadinanza', 'XSD Indirizzo',
      'XSD PrestazioniSociali@PresenzaProvaMezzi', 'XSD PrestazioniSociali@CodicePrestazione',
      'XSD PrestazioniSociali@DenominazionePrestazione', 'XSD PrestazioniSociali@ProtocolloDomanda',
      'XSD PrestazioniSociali@PresaCarico', 'R9 PrestazioniSociali@CaratterePrestazione',
    ]);
  });

  it('survives random strings in every attribute', () => {
    let seed = 20240110;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['', '0', '1', '2', '-', '.', '+', ' ', 'A', 'z', 'Z', '9', 'e', ',', '\u0000', '😀', '2024-', '02-30', '380', 'H501'];
    const noise = (): string => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const scramble = (object: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.keys(object).map((key) => [key, random() < 0.15 ? undefined : noise()]));
    const base = baseRecord();
    for (let i = 0; i < 500; i++) {
      const input = {
        ente: scramble({ ...base.ente }),
        beneficiario: {
          CodiceFiscale: noise(),
          anagrafica: scramble({ ...base.beneficiario.anagrafica, CodiceSecondaCittadinanza: '' }),
          indirizzi: Array.from({ length: Math.floor(random() * 7) }, () => scramble({ CodiceRegione: '', CodiceComune: '', CodiceNazione: '' })),
        },
        prestazione: scramble({ ...base.prestazione, NumeroProtocolloDSU: '', AnnoProtocolloDSU: '', DataDSU: '', DataEvento: '', DataErogazionePrestazione: '', ImportoPrestazione: '', ImportoQuotaSSN: '', ImportoQuotaRichiesta: '', ImportoSogliaISEE: '', OreServizioMensile: '' }),
      };
      expect(() => validatePsRecord(input as unknown as PsRecord, DEFAULTS)).not.toThrow();
    }
  });

  it('tolerates missing strict rules', () => {
    expect(validatePsRecord(record(), { strictRules: undefined } as unknown as ValidationOptions)).toEqual([]);
  });

  it('lists violations in a stable order: XSD in document order, then rules by id, then REF', () => {
    const patch: Patch = {
      CodiceFiscale: 'RSSMRK66C14H501X',
      ente: { Indirizzo: 'Z999' },
      anagrafica: { Genere: 'M' },
      indirizzi: [{ CodiceNazione: '380' }],
      prestazione: { CodicePrestazione: 'A9.99', DataFinePrestazione: '2025-01-01', AreaUtenza: undefined, OreServizioMensile: 'due' },
    };
    const first = summary(validate(patch));
    expect(first).toEqual([
      'XSD Anagrafica@Genere BLOCKING',
      `XSD ${P('OreServizioMensile')} BLOCKING`,
      'R1 Indirizzo[1]@CodiceRegione BLOCKING',
      'R1 Indirizzo[1]@CodiceComune BLOCKING',
      `R5 ${P('DataFinePrestazione')} WARNING`,
      `R8 ${P('AreaUtenza')} BLOCKING`,
      'R10 Beneficiario@CodiceFiscale BLOCKING',
      `REF ${P('CodicePrestazione')} BLOCKING`,
      'REF Ente@Indirizzo BLOCKING',
    ]);
    expect(summary(validate(patch))).toEqual(first);
  });

  it('never quotes a codice fiscale, a name or free text in a message', () => {
    const secrets = { cf: 'RSSMRK66C14H501X', operator: 'XXXXXX80P20B501A', surname: `VERYLONGSURNAME${long(30)}`, name: 'MIRKO\u0001', protocol: `PROTOCOLLO-MARIO-${long(20)}` };
    const violations = validate({
      CodiceFiscale: secrets.cf,
      ente: { CFOperatore: secrets.operator },
      anagrafica: { Cognome: secrets.surname, Nome: secrets.name },
      prestazione: { ProtocolloDomanda: secrets.protocol, ImportoMensile: 'MIRKO', DataInizioPrestazione: 'ROSSI' },
    });
    expect(violations.length).toBe(7);
    for (const v of violations) {
      for (const secret of [...Object.values(secrets), 'MIRKO', 'ROSSI']) expect(v.message).not.toContain(secret);
    }
  });
});

describe('official INPS examples', () => {
  /** openapi-schema-example_PS_PSA_SINA_1prestazione.xml, attribute by attribute. */
  const schemaExample: PsRecord = {
    ente: { Denominazione: 'Comune di Roma', Codice: 'H501', CFOperatore: 'XXXXXX80P20B501B', Indirizzo: 'H501' },
    beneficiario: {
      CodiceFiscale: 'RSSMRK66C14H501U',
      anagrafica: { AnnoNascita: '1966', Genere: '1', CodiceCittadinanza: '380', Nome: 'MIRKO', CodiceSecondaCittadinanza: '380', LuogoNascita: 'H501', Cognome: 'ROSSI' },
      indirizzi: [{ CodiceComune: '068001', CodiceNazione: '380', CodiceRegione: '01' }],
    },
    prestazione: {
      CaratterePrestazione: '1', AreaUtenza: '2', ImportoQuotaUtente: '0.0', ImportoQuotaRichiesta: '0.0', TipoOperazione: 'I',
      DataInizioPrestazione: '2015-08-13', CodicePrestazione: 'A2.16', DenominazionePrestazione: 'Interventi di supporto per reperimento alloggi',
      ProtocolloDomanda: 'Protocollo fittizio', DataEvento: '2016-10-13', ImportoMensile: '200.0', ImportoQuotaSSN: '0.0', PeriodoErogazione: '1',
      ImportoSogliaISEE: '0.0', PresaCarico: '1', DataFinePrestazione: '2016-08-13', ImportoQuotaEnte: '0.0', PresenzaProvaMezzi: '2', OreServizioMensile: '2',
    },
  };

  /** openapi-example-1_PS_PSA_SINA_3prestazioni.xml: its ente and beneficiary, and each of its three benefits. */
  const threeBenefits = (prestazione: PrestazioneAttributes): PsRecord => ({
    ente: { Denominazione: 'aaaaa', Codice: 'H501', CFOperatore: 'CCCDDD25A42H199X', Indirizzo: 'H501' },
    beneficiario: {
      CodiceFiscale: 'AAABBB39M66A351C',
      anagrafica: { AnnoNascita: '1939', Genere: '2', CodiceCittadinanza: '380', Nome: 'BBB', LuogoNascita: 'A351', Cognome: 'AAA' },
      indirizzi: [{ CodiceComune: '068001', CodiceNazione: '380', CodiceRegione: '01' }],
    },
    prestazione,
  });
  const firstBenefit: PrestazioneAttributes = {
    CaratterePrestazione: '1', AreaUtenza: '2', ImportoQuotaUtente: '21.71', ImportoQuotaRichiesta: '151.64', TipoOperazione: 'I',
    DataInizioPrestazione: '2020-10-14', CodicePrestazione: 'A1.16', DenominazionePrestazione: 'Contributi economici per servizio trasporto e mobilità',
    ProtocolloDomanda: '12356Mari', DataEvento: '2020-10-13', ImportoMensile: '101.23', ImportoQuotaSSN: '0.0', PeriodoErogazione: '1',
    ImportoSogliaISEE: '17000.0', PresaCarico: '1', DataFinePrestazione: '2020-11-13', ImportoQuotaEnte: '52.54', PresenzaProvaMezzi: '2', OreServizioMensile: '2.59',
  };
  const secondBenefit: PrestazioneAttributes = {
    ...firstBenefit,
    DataInizioPrestazione: '2020-11-14', CodicePrestazione: 'A2.16', DenominazionePrestazione: 'Interventi di supporto per reperimento alloggi',
    ImportoQuotaSSN: '26.98', DataFinePrestazione: '2020-12-13',
  };
  const thirdBenefit: PrestazioneAttributes = {
    CaratterePrestazione: '2', ImportoQuotaUtente: '155.56', ImportoQuotaRichiesta: '351.64', TipoOperazione: 'I', DataErogazionePrestazione: '2020-12-01',
    ImportoPrestazione: '1265.23', CodicePrestazione: 'A1.09', DenominazionePrestazione: 'Telesoccorso e teleassistenza', ProtocolloDomanda: 'test',
    DataEvento: '2020-10-13', ImportoQuotaSSN: '141.98', ImportoSogliaISEE: '34308.0', PresaCarico: '2', ImportoQuotaEnte: '967.69',
    PresenzaProvaMezzi: '2', OreServizioMensile: '2.59',
  };

  it('accepts the schema example, with warnings R5, R6-quota and R7 (INPS breaks its own rules)', () => {
    const violations = validatePsRecord(schemaExample, DEFAULTS);
    expect(hasBlocking(violations)).toBe(false);
    expect(summary(violations)).toEqual([
      `R5 ${P('DataFinePrestazione')} WARNING`,
      `R6-quota ${P('ImportoQuotaEnte')} WARNING`,
      `R6-quota ${P('ImportoQuotaSSN')} WARNING`,
      `R7 ${P('ImportoMensile')} WARNING`,
    ]);
  });

  it('refuses the schema example when every rule is strict', () => {
    expect(esitoFor(validatePsRecord(schemaExample, STRICT_ALL))).toBe('RICHIESTA_INVALIDA');
    expect(hasBlocking(validatePsRecord(schemaExample, STRICT_ALL))).toBe(true);
  });

  it('refuses the first benefit of the 3-benefit example: both codici fiscali fail their check character', () => {
    const violations = validatePsRecord(threeBenefits(firstBenefit), DEFAULTS);
    expect(summary(violations)).toEqual([
      `R6-quota ${P('ImportoQuotaSSN')} WARNING`,
      `R7 ${P('ImportoMensile')} WARNING`,
      'R10 Beneficiario@CodiceFiscale BLOCKING',
      'R10 Ente@CFOperatore BLOCKING',
    ]);
    // 52.54 + 21.71 + 0.0 = 74.25, not 101.23 (siuss-samples README).
    expect(violations[1]?.message).toMatch(/74\.25.*101\.23/);
    expect(esitoFor(violations)).toBe('RICHIESTA_INVALIDA');
  });

  it('finds the quotas of the second benefit add up (52.54 + 21.71 + 26.98 = 101.23)', () => {
    expect(summary(validatePsRecord(threeBenefits(secondBenefit), DEFAULTS))).toEqual(['R10 Beneficiario@CodiceFiscale BLOCKING', 'R10 Ente@CFOperatore BLOCKING']);
  });

  it('finds the quotas of the third, one-off benefit add up (967.69 + 155.56 + 141.98 = 1265.23)', () => {
    const violations = validatePsRecord(threeBenefits(thirdBenefit), STRICT_ALL);
    expect(ofRule(violations, 'R7')).toEqual([]);
    expect(summary(violations)).toEqual(['R10 Beneficiario@CodiceFiscale BLOCKING', 'R10 Ente@CFOperatore BLOCKING']);
  });
});

describe('hasBlocking and esitoFor', () => {
  const v = (rule: string, severity: Violation['severity']): Violation => ({ rule, field: 'X@Y', message: 'm', severity });

  it('hasBlocking is true only with a blocking violation', () => {
    expect(hasBlocking([])).toBe(false);
    expect(hasBlocking([v('R7', 'WARNING'), v('REF', 'WARNING')])).toBe(false);
    expect(hasBlocking([v('R7', 'WARNING'), v('R8', 'BLOCKING')])).toBe(true);
  });

  it.each([
    ['only blocking REF', 'DATI_NON_TROVATI', [v('REF', 'BLOCKING')]],
    ['blocking REF with warnings of other rules', 'DATI_NON_TROVATI', [v('R7', 'WARNING'), v('REF', 'BLOCKING'), v('R5', 'WARNING')]],
    ['blocking REF and a blocking XSD', 'RICHIESTA_INVALIDA', [v('XSD', 'BLOCKING'), v('REF', 'BLOCKING')]],
    ['a blocking rule and a REF warning', 'RICHIESTA_INVALIDA', [v('R8', 'BLOCKING'), v('REF', 'WARNING')]],
    ['a strict R7', 'RICHIESTA_INVALIDA', [v('R7', 'BLOCKING')]],
    ['nothing blocking (not meant to be asked)', 'RICHIESTA_INVALIDA', [v('REF', 'WARNING')]],
  ] as Array<[string, string, Violation[]]>)('%s -> %s', (_, esito, violations) => {
    expect(esitoFor(violations)).toBe(esito);
  });

  it('maps a record with an unknown code and Comune to DATI_NON_TROVATI', () => {
    const violations = validate({ prestazione: { CodicePrestazione: 'A9.99' }, indirizzi: [{ CodiceRegione: '12', CodiceComune: '999999', CodiceNazione: '380' }] });
    expect(summary(violations)).toEqual([`REF ${P('CodicePrestazione')} BLOCKING`, 'REF Indirizzo[1]@CodiceComune BLOCKING']);
    expect(esitoFor(violations)).toBe('DATI_NON_TROVATI');
  });
});

describe('RULES', () => {
  it('describes every rule id, including the default warnings', () => {
    expect(Object.keys(RULES).sort()).toEqual(['R1', 'R10', 'R2', 'R3', 'R4', 'R5', 'R6', 'R6-quota', 'R7', 'R8', 'R9', 'REF', 'XSD']);
    for (const rule of WARNING_BY_DEFAULT) expect(RULES[rule]).toEqual(expect.any(String));
  });
});
