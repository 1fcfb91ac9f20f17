import type { HealthFacts } from './health.ts';

/**
 * Health facts of the benefits subgraph's demo persons (invented, `subgraphs/benefits/src/seed/demo.ts`),
 * chosen to agree with their benefits: integrated home care for ANNA ESPOSITO, a nursing-home stay
 * for GIUSEPPE ROMANO, school support under Law 104 for the minor LUCA RUSSO. Everyone else is generated.
 */
export const DEMO_HEALTH: Readonly<Record<string, HealthFacts>> = {
  RSSMRA80C15H501M: { invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [] },
  BNCGLI75S42F205Y: { invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [] },
  SPSNNA48E70F839Y: {
    invaliditaCivile: { percentuale: 80, indennitaAccompagnamento: false, dataRiconoscimento: '2021-06-14', dataRevisione: null },
    legge104: { gravita: false, dataRiconoscimento: '2021-06-14', dataRevisione: null },
    assistenzaDomiciliare: [
      { tipo: 'ADI_2', dataInizio: '2025-03-01', dataFine: null, accessi: 96 },
      { tipo: 'OCCASIONALE', dataInizio: '2023-10-02', dataFine: '2023-12-15', accessi: 5 },
    ],
    assistenzaResidenziale: [],
  },
  RSSLCU15P09F839V: {
    invaliditaCivile: null,
    legge104: { gravita: false, dataRiconoscimento: '2022-01-17', dataRevisione: '2027-01-17' },
    assistenzaDomiciliare: [],
    assistenzaResidenziale: [],
  },
  RMNGPP39A27L219I: {
    invaliditaCivile: { percentuale: 100, indennitaAccompagnamento: true, dataRiconoscimento: '2019-02-20', dataRevisione: null },
    legge104: { gravita: true, dataRiconoscimento: '2019-03-11', dataRevisione: null },
    assistenzaDomiciliare: [{ tipo: 'ADI_3', dataInizio: '2023-05-08', dataFine: '2024-12-20', accessi: 266 }],
    assistenzaResidenziale: [{ regime: 'RESIDENZIALE', tipoStruttura: 'RSA', dataAmmissione: '2025-01-01', dataDimissione: null }],
  },
  FRRLNE90L44L219T: { invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [] },
};
