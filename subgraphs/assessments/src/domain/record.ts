/**
 * The records this subgraph validates and stores, shaped like the INPS XSDs: keys are the XSD
 * attribute names and every value is the attribute's lexical form (a string), so a record parsed
 * from an XML or CSV flow and one built from a GraphQL mutation go through the same validator.
 * What the XSDs do not carry but the hub needs (the benefit a SINA belongs to, the assessment date,
 * the SINBA reporting year) sits apart, under `link` and `period`, with GraphQL-style names.
 */

/** Flusso/IdentificazioneFlusso/Ente, as in both XSDs. */
export interface EnteAttributes {
  Codice: string;
  Denominazione?: string | undefined;
  /** Belfiore code of the ente's legal seat. */
  Indirizzo: string;
  CFOperatore: string;
}

/** SINAType of PS_PSA_SINA201812.xsd: ten attributes and two optional lists. */
export interface SinaAttributes {
  Mobilita: string;
  AttivitaVitaQuotidiana: string;
  DisturbiAreaCognitiva?: string | undefined;
  DisturbiComportamentali: string;
  NecessitaCureSanitarie?: string | undefined;
  AreaReddituale: string;
  AreaSupporto: string;
  FonteDerivazioneValutazione: string;
  StrumentoValutazione: string;
  FonteDerivazioneInvalidita?: string | undefined;
  /** NecessitaInterventiSociali/CodicePrestazione (1..n when the element is present). */
  NecessitaInterventiSociali?: string[] | undefined;
  /** InvaliditaCivile/InvCiv (1..n when the element is present). */
  InvaliditaCivile?: string[] | undefined;
}

/**
 * One SINA assessment: in a flow it is the SINA child of a PrestazioniSociali, under a Beneficiario,
 * sent by an Ente. The hub links it to the benefit by the benefit's hub id; the assessments subgraph
 * cannot see the benefits database, so the flow pipeline records the benefit first and the SINA
 * with its id.
 */
export interface SinaRecord {
  ente: EnteAttributes;
  /** The parent Beneficiario: only its codice fiscale matters here. */
  beneficiario: { CodiceFiscale: string };
  link: {
    /** Hub id of the parent PrestazioniSociali (`Benefit.id` of the benefits subgraph). */
    benefitId: string;
    /** When the assessment was made, YYYY-MM-DD (SINAType has no date; flows take the benefit's). */
    assessmentDate: string;
  };
  sina: SinaAttributes;
}

/** SinbaType of SINBA.xsd: 47 attributes and the Prestazioni and Famiglia lists. */
export interface SinbaAttributes {
  IDBeneficiario: string;
  MinoreStranieroNoAcc: string;
  CondizioneMinore: string;
  LuogoVita: string;
  ScuolaFrequentata: string;
  CondizioneLavoro: string;
  Disabilita: string;
  TipoDisabilita?: string | undefined;
  InvCivCertificazioni?: string | undefined;
  CodiceCittadinanzaPadre?: string | undefined;
  CodiceCittadinanzaMadre?: string | undefined;
  CodiceRegioneResidenzaPadre?: string | undefined;
  CodiceRegioneResidenzaMadre?: string | undefined;
  TitoloStudioPadre?: string | undefined;
  TitoloStudioMadre?: string | undefined;
  OccupazionePadre?: string | undefined;
  OccupazioneMadre?: string | undefined;
  DataPrimaSegnalazione: string;
  FonteSegnalazione: string;
  ValutazioneMinore: string;
  ValutazioneFamigliaMinore: string;
  SegnalazioneAutoritaGiudiziaria: string;
  DataSegnalazione?: string | undefined;
  ProvvedimentoGiudiziario: string;
  DataProvvedimentoGiudiziario?: string | undefined;
  AutoritaProvvedimento?: string | undefined;
  PotestaTutela?: string | undefined;
  TipoProvvedimentoGiudiziario?: string | undefined;
  FormaInterventoAffido?: string | undefined;
  TipoInterventoAffido?: string | undefined;
  DurataAffido?: string | undefined;
  CarattereAffido?: string | undefined;
  EsitoAffido?: string | undefined;
  CarattereInserimentoResidenziale?: string | undefined;
  FormaInserimentoResidenziale?: string | undefined;
  TipoInserimentoResidenziale?: string | undefined;
  EsitoInserimentoStruttura?: string | undefined;
  MotivazioneChiusuraCarico?: string | undefined;
  SituazioneChiusuraCarico?: string | undefined;
  CollaborazioniInterventi?: string | undefined;
  NumeroComponentiISEE?: string | undefined;
  FasciaEtaBeneficiario: string;
  FasciaISEEBeneficiario?: string | undefined;
  AnnoNascita: string;
  CodiceRegioneResidenza?: string | undefined;
  CodiceNazioneResidenza: string;
  /** Prestazioni/CodicePrestazione (1..n). */
  Prestazioni: string[];
  /** Famiglia/ComposizioneFamiglia (1..n). */
  Famiglia: string[];
}

/**
 * One SINBA record: the yearly snapshot of one minor's case at one ente. The minor appears only
 * through IDBeneficiario, the pseudonym the ente built; there is no codice fiscale and no name, by
 * law. SINBA.xsd has no period, so the hub adds the reporting year: (ente, IDBeneficiario, year)
 * identifies a case.
 */
export interface SinbaRecord {
  ente: EnteAttributes;
  period: { reportingYear: string };
  sinba: SinbaAttributes;
}
