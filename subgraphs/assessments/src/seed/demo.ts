import type { EntityManager } from '@mikro-orm/postgresql';
import { trustedViewer } from '@siuss/service/viewer';
import type { EnteAttributes, SinaAttributes, SinaRecord, SinbaAttributes, SinbaRecord } from '../domain/record.ts';
import { recordSinaAssessment } from '../domain/sina-service.ts';
import { recordSinbaCase } from '../domain/sinba-service.ts';
import { SinaAssessment } from '../entities/SinaAssessment.ts';
import { SinbaCase } from '../entities/SinbaCase.ts';

// Demo data for `npm start`: SINA assessments of the benefits subgraph's demo persons (invented
// people, see subgraphs/benefits/src/seed/demo.ts) and a few SINBA cases known by pseudonyms only.

const ENTI: Record<string, EnteAttributes> = {
  H501: { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'NRIFNC77T10H501N' },
  F839: { Codice: 'F839', Denominazione: 'Comune di Napoli', Indirizzo: 'F839', CFOperatore: 'BNCPLA82D14F839T' },
  L219: { Codice: 'L219', Denominazione: 'Comune di Torino', Indirizzo: 'L219', CFOperatore: 'GLLSRA85M52L219Q' },
};

/** A demo SINA and the demo benefit it belongs to, by the benefit's natural key. */
export interface DemoSina {
  ente: keyof typeof ENTI & string;
  taxCode: string;
  benefit: { code: string; protocol: string };
  assessmentDate: string;
  sina: SinaAttributes;
}

/** Demo SINA assessments: ESPOSITO ANNA (two), ROMANO GIUSEPPE, ROSSI MARIO. */
export const DEMO_SINA: readonly DemoSina[] = [
  {
    ente: 'F839', taxCode: 'SPSNNA41A69F839C', benefit: { code: 'A2.08', protocol: 'NA-25-0091' }, assessmentDate: '2025-02-10',
    sina: {
      Mobilita: '2', AttivitaVitaQuotidiana: '3', DisturbiAreaCognitiva: '2', DisturbiComportamentali: '1', NecessitaCureSanitarie: '3',
      AreaReddituale: '2', AreaSupporto: '2', FonteDerivazioneValutazione: '1', StrumentoValutazione: '1', FonteDerivazioneInvalidita: '1',
      InvaliditaCivile: ['2', '6'], NecessitaInterventiSociali: ['A2.08', 'A1.10'],
    },
  },
  {
    ente: 'F839', taxCode: 'SPSNNA41A69F839C', benefit: { code: 'A1.10', protocol: 'NA-25-0142' }, assessmentDate: '2025-04-22',
    sina: {
      Mobilita: '2', AttivitaVitaQuotidiana: '3', DisturbiAreaCognitiva: '2', DisturbiComportamentali: '1', NecessitaCureSanitarie: '3',
      AreaReddituale: '2', AreaSupporto: '3', FonteDerivazioneValutazione: '1', StrumentoValutazione: '1', FonteDerivazioneInvalidita: '1',
      InvaliditaCivile: ['2', '6'], NecessitaInterventiSociali: ['A1.10'],
    },
  },
  {
    ente: 'L219', taxCode: 'RMNGPP41R19L219M', benefit: { code: 'A1.14', protocol: 'TO/2025/7781' }, assessmentDate: '2024-12-05',
    sina: {
      Mobilita: '3', AttivitaVitaQuotidiana: '3', DisturbiAreaCognitiva: '3', DisturbiComportamentali: '2', NecessitaCureSanitarie: '3',
      AreaReddituale: '2', AreaSupporto: '3', FonteDerivazioneValutazione: '1', StrumentoValutazione: '3', FonteDerivazioneInvalidita: '1',
      InvaliditaCivile: ['2', '6'], NecessitaInterventiSociali: ['A1.14', 'A3.02'],
    },
  },
  {
    ente: 'H501', taxCode: 'RSSMRA80C15H501M', benefit: { code: 'A2.07', protocol: 'RM-2025-00977' }, assessmentDate: '2025-03-18',
    sina: {
      Mobilita: '1', AttivitaVitaQuotidiana: '2', DisturbiComportamentali: '1', AreaReddituale: '2', AreaSupporto: '2',
      FonteDerivazioneValutazione: '2', StrumentoValutazione: '5', NecessitaInterventiSociali: ['A2.07'],
    },
  },
];

const sinba = (attributes: Partial<SinbaAttributes> & Pick<SinbaAttributes, 'IDBeneficiario' | 'AnnoNascita' | 'FasciaEtaBeneficiario' | 'Prestazioni' | 'Famiglia'>): SinbaAttributes => ({
  MinoreStranieroNoAcc: '2', CondizioneMinore: '1', LuogoVita: '1', ScuolaFrequentata: '6', CondizioneLavoro: '1', Disabilita: '2',
  DataPrimaSegnalazione: '09/2023', FonteSegnalazione: '13', ValutazioneMinore: '1', ValutazioneFamigliaMinore: '1',
  SegnalazioneAutoritaGiudiziaria: '2', ProvvedimentoGiudiziario: '2', CodiceNazioneResidenza: '380', ...attributes,
});

/** Demo SINBA cases of 2025, by pseudonym (Belfiore code + the ente's case number). */
export const DEMO_SINBA: readonly SinbaRecord[] = [
  {
    ente: ENTI['H501'] as EnteAttributes, period: { reportingYear: '2025' },
    sinba: sinba({
      IDBeneficiario: 'H501000412', AnnoNascita: '2012', FasciaEtaBeneficiario: '5', ValutazioneMinore: '13', ValutazioneFamigliaMinore: '12',
      CodiceRegioneResidenza: '12', NumeroComponentiISEE: '4', FasciaISEEBeneficiario: '3', CollaborazioniInterventi: '7',
      Prestazioni: ['A2.02', 'A1.04'], Famiglia: ['1', '3'],
    }),
  },
  {
    ente: ENTI['H501'] as EnteAttributes, period: { reportingYear: '2025' },
    sinba: sinba({
      IDBeneficiario: 'H501000977', AnnoNascita: '2016', FasciaEtaBeneficiario: '3', LuogoVita: '3', ScuolaFrequentata: '5',
      Disabilita: '1', TipoDisabilita: '2', InvCivCertificazioni: '4', DataPrimaSegnalazione: '02/2022', FonteSegnalazione: '11',
      ValutazioneMinore: '4', ValutazioneFamigliaMinore: '2', SegnalazioneAutoritaGiudiziaria: '1', DataSegnalazione: '03/2022',
      ProvvedimentoGiudiziario: '1', DataProvvedimentoGiudiziario: '06/2022', AutoritaProvvedimento: '2', TipoProvvedimentoGiudiziario: '4',
      FormaInterventoAffido: '2', TipoInterventoAffido: '2', DurataAffido: '1', CarattereAffido: '1', CollaborazioniInterventi: '2',
      CodiceRegioneResidenza: '12', Prestazioni: ['A2.02'], Famiglia: ['6'],
    }),
  },
  {
    ente: ENTI['F839'] as EnteAttributes, period: { reportingYear: '2025' },
    sinba: sinba({
      IDBeneficiario: 'F839002201', AnnoNascita: '2008', FasciaEtaBeneficiario: '6', MinoreStranieroNoAcc: '1', LuogoVita: '4',
      ScuolaFrequentata: '8', DataPrimaSegnalazione: '05/2021', FonteSegnalazione: '5', ValutazioneMinore: '12',
      SegnalazioneAutoritaGiudiziaria: '1', DataSegnalazione: '05/2021', ProvvedimentoGiudiziario: '1', DataProvvedimentoGiudiziario: '07/2021',
      AutoritaProvvedimento: '2', TipoProvvedimentoGiudiziario: '5', CarattereInserimentoResidenziale: '7', FormaInserimentoResidenziale: '2',
      TipoInserimentoResidenziale: '2', EsitoInserimentoStruttura: '6', MotivazioneChiusuraCarico: '4', SituazioneChiusuraCarico: '2',
      CollaborazioniInterventi: '5', CodiceCittadinanzaPadre: '504', CodiceCittadinanzaMadre: '504', CodiceRegioneResidenza: '15',
      Prestazioni: ['A3.02'], Famiglia: ['6'],
    }),
  },
];

export interface DemoBenefit {
  id: string;
  enteCode: string;
  taxCode: string;
  code: string;
  protocol: string;
}

/**
 * DEMO ONLY. The ids of the benefits subgraph's demo benefits, read from its `benefits` schema in
 * the same database. No other code of this subgraph reads another subgraph's tables: real SINA
 * records get their benefit id from the caller (the flow pipeline records the benefit first). The
 * demo cannot, because the two subgraphs seed in parallel at `npm start`; an empty list when the
 * benefits tables are missing or not seeded yet.
 */
export async function lookUpDemoBenefits(em: EntityManager, taxCodes: readonly string[]): Promise<DemoBenefit[]> {
  try {
    return await em.getConnection().execute<DemoBenefit[]>(
      `select b.id, b.ente_code as "enteCode", p.tax_code as "taxCode", b.code, b.application_protocol as protocol
       from benefits.benefit b join benefits.beneficiary p on p.id = b.beneficiary_id
       where b.status = 'ACTIVE' and p.tax_code = any(?::text[])`,
      [`{${taxCodes.join(',')}}`],
      'all',
    );
  } catch (error) {
    if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') return [];
    throw error;
  }
}

export interface SeedOptions {
  /** How long to wait for the benefits subgraph's demo benefits before giving up on demo SINA. */
  waitForBenefitsMs?: number;
}

export interface SeedResult {
  sina: number;
  sinba: number;
  /** Demo SINA not loaded because their benefits were not found in time. */
  sinaSkipped: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads the demo data through the normal validation and write path, each kind only when its table
 * is empty (so a second `npm start` keeps what is there). SINA rows wait for the demo benefits they
 * belong to; when those do not appear in time they are skipped, and the next start tries again.
 */
export async function seedDemoData(em: EntityManager, options: SeedOptions = {}): Promise<SeedResult> {
  const result: SeedResult = { sina: 0, sinba: 0, sinaSkipped: 0 };
  const write = { strictRules: new Set<string>(), channel: 'SINGLE_RECORD' as const, flowName: 'DEMO' };
  if ((await em.fork().count(SinbaCase, {})) === 0) {
    for (const record of DEMO_SINBA) {
      const { created } = await recordSinbaCase(em.fork(), trustedViewer({ enteCode: record.ente.Codice }), record, write);
      if (created) result.sinba += 1;
    }
  }
  if ((await em.fork().count(SinaAssessment, {})) === 0) {
    const taxCodes = [...new Set(DEMO_SINA.map((demo) => demo.taxCode))];
    const deadline = Date.now() + (options.waitForBenefitsMs ?? 30_000);
    const find = (benefits: DemoBenefit[], demo: DemoSina) =>
      benefits.find((b) => b.enteCode === demo.ente && b.taxCode === demo.taxCode && b.code === demo.benefit.code && b.protocol === demo.benefit.protocol);
    let benefits = await lookUpDemoBenefits(em.fork(), taxCodes);
    while (DEMO_SINA.some((demo) => !find(benefits, demo)) && Date.now() < deadline) {
      await sleep(500);
      benefits = await lookUpDemoBenefits(em.fork(), taxCodes);
    }
    for (const demo of DEMO_SINA) {
      const benefit = find(benefits, demo);
      if (!benefit) {
        result.sinaSkipped += 1;
        continue;
      }
      const record: SinaRecord = {
        ente: ENTI[demo.ente] as EnteAttributes,
        beneficiario: { CodiceFiscale: demo.taxCode },
        link: { benefitId: benefit.id, assessmentDate: demo.assessmentDate },
        sina: demo.sina,
      };
      const { created } = await recordSinaAssessment(em.fork(), record, write);
      if (created) result.sina += 1;
    }
  }
  return result;
}
