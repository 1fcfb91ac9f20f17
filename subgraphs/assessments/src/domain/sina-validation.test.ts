import { describe, expect, it } from '@jest/globals';
import type { Violation } from '@siuss/errors/errors';
import type { SinaRecord } from './record.ts';
import { validateSinaRecord } from './sina-validation.ts';
import { esitoFor, hasBlocking } from './validation.ts';

const TODAY = '2025-06-30';
const TAX_CODE = 'RSSMRK66C14H501U';

/** A valid record; tests change one thing at a time. */
function record(change: (r: SinaRecord) => void = () => undefined): SinaRecord {
  const r: SinaRecord = {
    ente: { Codice: 'H501', Denominazione: 'COMUNE DI ROMA', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' },
    beneficiario: { CodiceFiscale: TAX_CODE },
    link: { benefitId: '3f1c2a9e-8d4b-4c6f-9a21-5b7e0d1c2f34', assessmentDate: '2025-03-01' },
    sina: {
      Mobilita: '2', AttivitaVitaQuotidiana: '3', DisturbiAreaCognitiva: '1', DisturbiComportamentali: '1', NecessitaCureSanitarie: '2',
      AreaReddituale: '2', AreaSupporto: '1', FonteDerivazioneValutazione: '1', StrumentoValutazione: '1', FonteDerivazioneInvalidita: '1',
      NecessitaInterventiSociali: ['A2.07'], InvaliditaCivile: ['2', '6'],
    },
  };
  change(r);
  return r;
}

const validate = (r: unknown, strict: string[] = []): Violation[] =>
  validateSinaRecord(r as SinaRecord, { strictRules: new Set(strict), today: TODAY });
const summary = (violations: Violation[]): string[] => violations.map((v) => `${v.rule} ${v.field} ${v.severity}`);

describe('validateSinaRecord', () => {
  it('accepts a complete record', () => {
    expect(validate(record())).toEqual([]);
  });

  it('accepts the SINA attributes of INPS\'s example flow, with the warnings the example earns', () => {
    // openapi-example-1: first PrestazioniSociali (its beneficiary CF fails the check character, so a valid one stands in).
    const first = record((r) => {
      r.link.assessmentDate = '2020-10-13';
      r.sina = {
        NecessitaCureSanitarie: '1', FonteDerivazioneInvalidita: '1', AreaReddituale: '1', DisturbiAreaCognitiva: '1', StrumentoValutazione: '1',
        FonteDerivazioneValutazione: '1', AreaSupporto: '1', Mobilita: '1', DisturbiComportamentali: '1', AttivitaVitaQuotidiana: '1',
        NecessitaInterventiSociali: ['A2.17', 'A2.18'], InvaliditaCivile: ['1', '3'],
      };
    });
    expect(summary(validate(first))).toEqual(['SINA-2 SINA/InvaliditaCivile/InvCiv WARNING']);
    // Second PrestazioniSociali: a source of invalidity without any class.
    const second = record((r) => {
      r.link.assessmentDate = '2020-10-13';
      r.sina = { ...first.sina, NecessitaInterventiSociali: ['A2.17'], InvaliditaCivile: undefined };
    });
    expect(summary(validate(second))).toEqual(['SINA-1 SINA/InvaliditaCivile WARNING']);
  });

  describe('XSD facets', () => {
    it('requires the required attributes and names each', () => {
      const violations = validate(record((r) => {
        const sina = r.sina as unknown as Record<string, unknown>;
        for (const name of ['Mobilita', 'AttivitaVitaQuotidiana', 'DisturbiComportamentali', 'AreaReddituale', 'AreaSupporto', 'FonteDerivazioneValutazione', 'StrumentoValutazione']) delete sina[name];
      }));
      expect(summary(violations)).toEqual([
        'XSD SINA@Mobilita BLOCKING', 'XSD SINA@AttivitaVitaQuotidiana BLOCKING', 'XSD SINA@DisturbiComportamentali BLOCKING',
        'XSD SINA@AreaReddituale BLOCKING', 'XSD SINA@AreaSupporto BLOCKING', 'XSD SINA@FonteDerivazioneValutazione BLOCKING', 'XSD SINA@StrumentoValutazione BLOCKING',
      ]);
      expect(violations[0]?.message).toMatch(/1 \(Si sposta da solo\), 2 \(Si Sposta Assistito\), 3 \(Non Si Sposta\)/);
    });

    it('accepts a record without the optional attributes and lists', () => {
      expect(validate(record((r) => {
        r.sina = { ...r.sina, DisturbiAreaCognitiva: undefined, NecessitaCureSanitarie: undefined, FonteDerivazioneInvalidita: undefined, NecessitaInterventiSociali: undefined, InvaliditaCivile: undefined };
      }))).toEqual([]);
    });

    it('refuses codes outside the enumerations, empty values and non-strings', () => {
      const violations = validate(record((r) => {
        r.sina.Mobilita = '4';
        r.sina.StrumentoValutazione = '8';
        r.sina.DisturbiAreaCognitiva = '';
        (r.sina as unknown as Record<string, unknown>)['AreaSupporto'] = 1;
      }));
      expect(summary(violations)).toEqual([
        'XSD SINA@Mobilita BLOCKING', 'XSD SINA@DisturbiAreaCognitiva BLOCKING', 'XSD SINA@AreaSupporto BLOCKING', 'XSD SINA@StrumentoValutazione BLOCKING',
      ]);
      expect(violations[0]?.message).toBe('"4" is not a code of MobilitaType; expected 1 (Si sposta da solo), 2 (Si Sposta Assistito), 3 (Non Si Sposta).');
      expect(violations[3]?.message).toMatch(/a code from 1 to 7 of StrumentoValutazioneType/);
    });

    it('checks every item of the repeated elements, and refuses a present but empty list', () => {
      expect(summary(validate(record((r) => {
        r.sina.NecessitaInterventiSociali = ['A2.07', 'A2', 'A2.07.01.999'];
        r.sina.InvaliditaCivile = ['2', '9'];
      })))).toEqual([
        'XSD SINA/NecessitaInterventiSociali/CodicePrestazione[2] BLOCKING',
        'XSD SINA/NecessitaInterventiSociali/CodicePrestazione[3] BLOCKING',
        'XSD SINA/InvaliditaCivile/InvCiv[2] BLOCKING',
      ]);
      expect(summary(validate(record((r) => { r.sina.InvaliditaCivile = []; })))).toEqual(['XSD SINA/InvaliditaCivile/InvCiv BLOCKING']);
    });

    it('checks the ente and the codici fiscali', () => {
      const violations = validate(record((r) => {
        r.ente.Codice = '';
        r.ente.Indirizzo = 'H5011';
        r.ente.CFOperatore = 'not a cf';
        r.beneficiario.CodiceFiscale = 'BNCGLI75S42F205';
      }));
      expect(summary(violations)).toEqual(['XSD Ente@Codice BLOCKING', 'XSD Ente@Indirizzo BLOCKING', 'XSD Ente@CFOperatore BLOCKING', 'XSD Beneficiario@CodiceFiscale BLOCKING']);
      expect(JSON.stringify(violations)).not.toContain('BNCGLI75S42F205');
    });
  });

  describe('HUB: the link to the benefit', () => {
    it('needs a benefit id', () => {
      expect(summary(validate(record((r) => { r.link.benefitId = 'B-1'; })))).toEqual(['HUB benefitId BLOCKING']);
      expect(summary(validate(record((r) => { (r.link as Record<string, unknown>)['benefitId'] = undefined; })))).toEqual(['HUB benefitId BLOCKING']);
    });

    it('needs a real assessment date, not in the future', () => {
      expect(summary(validate(record((r) => { r.link.assessmentDate = '2025-02-30'; })))).toEqual(['HUB assessmentDate BLOCKING']);
      expect(summary(validate(record((r) => { r.link.assessmentDate = ''; })))).toEqual(['HUB assessmentDate BLOCKING']);
      const future = validate(record((r) => { r.link.assessmentDate = '2025-07-01'; }));
      expect(summary(future)).toEqual(['HUB assessmentDate BLOCKING']);
      expect(future[0]?.message).toMatch(/in the future/);
      expect(validate(record((r) => { r.link.assessmentDate = TODAY; }))).toEqual([]);
    });
  });

  describe('R10 and REF', () => {
    it('refuses codici fiscali with a wrong check character, without quoting them', () => {
      const violations = validate(record((r) => {
        r.beneficiario.CodiceFiscale = 'AAABBB39M66A351C';
        r.ente.CFOperatore = 'CCCDDD25A42H199X';
      }));
      expect(summary(violations)).toEqual(['R10 Beneficiario@CodiceFiscale BLOCKING', 'R10 Ente@CFOperatore BLOCKING']);
      expect(JSON.stringify(violations)).not.toMatch(/AAABBB|CCCDDD/);
    });

    it('refuses needed benefit codes unknown to the nomenclatore, or not valid on the assessment date', () => {
      const violations = validate(record((r) => { r.sina.NecessitaInterventiSociali = ['A7.77', 'A1.05.01', 'A1.16']; }));
      expect(summary(violations)).toEqual([
        'REF SINA/NecessitaInterventiSociali/CodicePrestazione[1] BLOCKING',
        'REF SINA/NecessitaInterventiSociali/CodicePrestazione[2] BLOCKING',
      ]);
      expect(violations[1]?.message).toMatch(/not valid on 2025-03-01 .*from 2021-01-01 to 2022-12-31/);
      expect(esitoFor(violations)).toBe('DATI_NON_TROVATI');
      expect(validate(record((r) => { r.link.assessmentDate = '2022-05-01'; r.sina.NecessitaInterventiSociali = ['A1.05.01']; }))).toEqual([]);
    });

    it('refuses an ente seat that is not a Comune', () => {
      expect(summary(validate(record((r) => { r.ente.Indirizzo = 'Q999'; })))).toEqual(['REF Ente@Indirizzo BLOCKING']);
    });
  });

  describe('SINA rules', () => {
    it('SINA-1: civil-invalidity classes and their source go together', () => {
      expect(summary(validate(record((r) => { r.sina.FonteDerivazioneInvalidita = undefined; })))).toEqual(['SINA-1 SINA@FonteDerivazioneInvalidita WARNING']);
      expect(summary(validate(record((r) => { r.sina.InvaliditaCivile = undefined; })))).toEqual(['SINA-1 SINA/InvaliditaCivile WARNING']);
      expect(validate(record((r) => { r.sina.InvaliditaCivile = undefined; r.sina.FonteDerivazioneInvalidita = undefined; }))).toEqual([]);
    });

    it('SINA-2: one degree of civil invalidity and one L.104 art.3 gravity at most', () => {
      const violations = validate(record((r) => { r.sina.InvaliditaCivile = ['1', '2', '5', '6', '7']; }));
      expect(summary(violations)).toEqual(['SINA-2 SINA/InvaliditaCivile/InvCiv WARNING', 'SINA-2 SINA/InvaliditaCivile/InvCiv WARNING']);
      expect(violations[0]?.message).toMatch(/InvCiv 1 and 2 exclude each other/);
      expect(violations[1]?.message).toMatch(/InvCiv 5 and 6 exclude each other/);
      expect(validate(record((r) => { r.sina.InvaliditaCivile = ['3', '5', '4', '7', '8']; }))).toEqual([]);
    });

    it('SINA-3: no code listed twice', () => {
      expect(summary(validate(record((r) => { r.sina.NecessitaInterventiSociali = ['A2.07', 'A1.16', 'A2.07']; r.sina.InvaliditaCivile = ['2', '2']; })))).toEqual([
        'SINA-3 SINA/NecessitaInterventiSociali/CodicePrestazione[3] WARNING',
        'SINA-3 SINA/InvaliditaCivile/InvCiv[2] WARNING',
      ]);
    });

    it('makes the warnings blocking when configured strict, one by one or ALL', () => {
      const broken = record((r) => { r.sina.FonteDerivazioneInvalidita = undefined; r.sina.InvaliditaCivile = ['1', '2']; });
      expect(hasBlocking(validate(broken))).toBe(false);
      expect(summary(validate(broken, ['sina-2']))).toEqual(['SINA-1 SINA@FonteDerivazioneInvalidita WARNING', 'SINA-2 SINA/InvaliditaCivile/InvCiv BLOCKING']);
      expect(validate(broken, ['ALL']).every((v) => v.severity === 'BLOCKING')).toBe(true);
    });
  });

  it('never throws on garbage, and reports it', () => {
    for (const garbage of [null, undefined, 42, 'x', [], { ente: [], beneficiario: 'x', link: null, sina: { InvaliditaCivile: 'x', NecessitaInterventiSociali: {} } }]) {
      const violations = validate(garbage);
      expect(hasBlocking(violations)).toBe(true);
    }
    expect(hasBlocking(validateSinaRecord(record(), { strictRules: 5 as never }))).toBe(false);
  });
});
