import type { IseeKind } from './attestations.ts';

/** A DSU the ISEE mock knows by name, for a demo person: the rest of the attestation is generated. */
export interface DsuFixture {
  protocol: string;
  /** The declarant, or the minor for a household whose declarant is a parent. */
  taxCode: string;
  presented: string;
  kind: IseeKind;
  householdSize: number;
}

/**
 * The DSU protocols of the benefits subgraph's demo data (`subgraphs/benefits/src/seed/demo.ts`,
 * invented persons), so `npm start` shows benefits whose DSU the registry knows, with the same
 * presentation date the ente sent, plus two that fit the demo persons' stories. Every other codice
 * fiscale and year gets generated attestations.
 */
export const DEMO_DSUS: readonly DsuFixture[] = [
  { protocol: 'INPS-ISEE-2025-01480722D-00', taxCode: 'RSSMRA80C15H501M', presented: '2025-01-20', kind: 'ORDINARIO', householdSize: 3 },
  { protocol: 'INPS-ISEE-2024-00938211A-00', taxCode: 'RSSMRA80C15H501M', presented: '2024-08-30', kind: 'ORDINARIO', householdSize: 3 },
  { protocol: 'INPS-ISEE-2024-04410093C-00', taxCode: 'BNCGLI75S42F205Y', presented: '2024-12-10', kind: 'ORDINARIO', householdSize: 3 },
  { protocol: 'INPS-ISEE-2025-05522107B-00', taxCode: 'BNCGLI75S42F205Y', presented: '2025-07-15', kind: 'MINORENNI', householdSize: 3 },
  { protocol: 'INPS-ISEE-2025-02219034K-00', taxCode: 'RSSLCU15P09F839V', presented: '2025-09-01', kind: 'MINORENNI', householdSize: 3 },
  { protocol: 'INPS-ISEE-2024-07730561E-00', taxCode: 'RMNGPP39A27L219I', presented: '2024-11-28', kind: 'SOCIO_SANITARIO_RESIDENZIALE', householdSize: 1 },
  { protocol: 'INPS-ISEE-2025-01177820F-00', taxCode: 'FRRLNE90L44L219T', presented: '2025-02-11', kind: 'ORDINARIO', householdSize: 3 },
  // Not on any demo benefit: ANNA ESPOSITO's attestation for her home care, and GIUSEPPE ROMANO's
  // 2025 one, which his Comune did not send (the benefit still carries the expired 2024 DSU).
  { protocol: 'INPS-ISEE-2025-03318842L-00', taxCode: 'SPSNNA48E70F839Y', presented: '2025-02-18', kind: 'SOCIO_SANITARIO', householdSize: 1 },
  { protocol: 'INPS-ISEE-2025-00412276M-00', taxCode: 'RMNGPP39A27L219I', presented: '2025-01-14', kind: 'SOCIO_SANITARIO_RESIDENZIALE', householdSize: 1 },
];
