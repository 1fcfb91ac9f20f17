/**
 * One PS/PSA benefit record as the INPS XSD PS_PSA_SINA201812 describes it: the sending ente, the
 * beneficiary and one PrestazioniSociali. Keys are the XSD attribute names and every value is the
 * attribute's lexical form (a string), so a record parsed from an XML or CSV flow and one built from
 * a GraphQL mutation go through exactly the same validation.
 */
export interface PsRecord {
  ente: EnteAttributes;
  beneficiario: BeneficiarioAttributes;
  prestazione: PrestazioneAttributes;
}

/** Flusso/IdentificazioneFlusso/Ente */
export interface EnteAttributes {
  Codice: string;
  Denominazione?: string | undefined;
  /** Belfiore code of the ente's legal seat. */
  Indirizzo: string;
  CFOperatore: string;
}

/** Flusso/Beneficiario with its Anagrafica and Indirizzo (1..5) children. */
export interface BeneficiarioAttributes {
  CodiceFiscale: string;
  anagrafica: {
    Cognome: string;
    Nome: string;
    AnnoNascita: string;
    LuogoNascita: string;
    Genere: string;
    CodiceCittadinanza: string;
    CodiceSecondaCittadinanza?: string | undefined;
  };
  indirizzi: IndirizzoAttributes[];
}

export interface IndirizzoAttributes {
  CodiceRegione?: string | undefined;
  CodiceComune?: string | undefined;
  CodiceNazione: string;
}

/** Flusso/Beneficiario/PrestazioniSociali, the 24 attributes in XSD order (SINA is handled by the assessments subgraph). */
export interface PrestazioneAttributes {
  TipoOperazione?: string | undefined;
  PresenzaProvaMezzi: string;
  CaratterePrestazione?: string | undefined;
  NumeroProtocolloDSU?: string | undefined;
  AnnoProtocolloDSU?: string | undefined;
  DataDSU?: string | undefined;
  CodicePrestazione: string;
  DenominazionePrestazione: string;
  ProtocolloDomanda: string;
  DataEvento?: string | undefined;
  DataInizioPrestazione?: string | undefined;
  DataFinePrestazione?: string | undefined;
  DataErogazionePrestazione?: string | undefined;
  ImportoPrestazione?: string | undefined;
  PeriodoErogazione?: string | undefined;
  ImportoMensile?: string | undefined;
  ImportoQuotaEnte?: string | undefined;
  ImportoQuotaUtente?: string | undefined;
  ImportoQuotaSSN?: string | undefined;
  ImportoQuotaRichiesta?: string | undefined;
  ImportoSogliaISEE?: string | undefined;
  OreServizioMensile?: string | undefined;
  PresaCarico: string;
  AreaUtenza?: string | undefined;
}
