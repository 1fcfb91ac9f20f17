// The code lists of SINAType (PS_PSA_SINA201812.xsd) and SINBA.xsd with their official labels
// (whitespace normalised). Each list is one GraphQL enum: the enum value names are the hub's, the
// internal values are the XSD codes, so resolvers and the database only ever see XSD codes.

/** One value of a code list: GraphQL enum value name, XSD code, official label. */
export interface CodeValue {
  name: string;
  code: string;
  label: string;
}

/** An XSD enumeration and the GraphQL enum that stands for it. */
export interface CodeList {
  graphqlEnum: string;
  xsdType: string;
  values: readonly CodeValue[];
  codes: readonly string[];
}

function codeList(graphqlEnum: string, xsdType: string, rows: ReadonlyArray<readonly [name: string, code: string, label: string]>): CodeList {
  const values = rows.map(([name, code, label]) => Object.freeze({ name, code, label }));
  return Object.freeze({ graphqlEnum, xsdType, values: Object.freeze(values), codes: Object.freeze(values.map((value) => value.code)) });
}

/** The 11 enumerations of PS_PSA_SINA201812.xsd used by SINAType, as GraphQL enums. */
export const SINA_CODE_LISTS = {
  MobilitaType: codeList('SinaMobility', 'MobilitaType', [
    ['MOVES_ALONE', '1', 'Si sposta da solo'],
    ['MOVES_WITH_HELP', '2', 'Si Sposta Assistito'],
    ['DOES_NOT_MOVE', '3', 'Non Si Sposta'],
  ]),
  AttivitaVitaQuotidianaType: codeList('SinaDailyLiving', 'AttivitaVitaQuotidianaType', [
    ['AUTONOMOUS', '1', 'Autonomo'],
    ['PARTIALLY_DEPENDENT', '2', 'Parzialmente dipendente'],
    ['TOTALLY_DEPENDENT', '3', 'Totalmente dipendente'],
  ]),
  DisturbiAreaCognitivaType: codeList('SinaCognitiveDisorders', 'DisturbiAreaCognitivaType', [
    ['MILD', '1', 'Lievi'],
    ['MODERATE', '2', 'Moderati'],
    ['SEVERE', '3', 'Gravi'],
  ]),
  DisturbiComportamentaliType: codeList('SinaBehaviouralDisorders', 'DisturbiComportamentaliType', [
    ['ABSENT', '1', 'Assenti'],
    ['PRESENT', '2', 'Presenti'],
  ]),
  NecessitaCureSanitarieType: codeList('SinaHealthCareNeed', 'NecessitaCureSanitarieType', [
    ['LOW', '1', 'Bassa'],
    ['MEDIUM', '2', 'Media'],
    ['HIGH', '3', 'Alta'],
  ]),
  AreaRedditualeType: codeList('SinaIncomeArea', 'AreaRedditualeType', [
    ['SELF_SUFFICIENT', '1', 'Autonomo e in equilibrio finanziario'],
    ['HELPED_BY_RELATIVES_OR_OTHERS', '2', 'Riceve aiuto da parenti e/o da altre persone'],
    ['IN_NEED_WITHOUT_HELP', '3', 'In condizione di bisogno economico e senza aiuti da parenti o altre persone'],
  ]),
  AreaSupportoType: codeList('SinaSupportArea', 'AreaSupportoType', [
    ['NETWORK_PRESENT', '1', 'Presenza della rete familiare o informale'],
    ['NETWORK_PARTIAL_OR_TEMPORARY', '2', 'Presenza parziale e/o temporanea della rete familiare o informale'],
    ['NETWORK_ABSENT', '3', 'Assenza della rete familiare o informale'],
  ]),
  FonteDerivazioneValutazioneType: codeList('SinaAssessmentSource', 'FonteDerivazioneValutazioneType', [
    ['UVM', '1', 'UVM'],
    ['SOCIAL_RECORD', '2', 'Cartella sociale'],
    ['OTHER_DOCUMENTATION', '3', 'Altra documentazione'],
    ['DIRECT_COLLECTION', '4', 'Raccolta diretta'],
  ]),
  StrumentoValutazioneType: codeList('SinaAssessmentInstrument', 'StrumentoValutazioneType', [
    ['SVAMA', '1', 'SVAMA'],
    ['AGED', '2', 'AGED'],
    ['RUG', '3', 'RUG'],
    ['SOSIA', '4', 'SOSIA'],
    ['SCHEMA_POLARE', '5', 'SCHEMA POLARE'],
    ['VALGRAF', '6', 'VALGRAF'],
    ['OTHER', '7', 'Altro Sistema Di Codifica'],
  ]),
  FonteDerivazioneInvaliditaType: codeList('SinaInvaliditySource', 'FonteDerivazioneInvaliditaType', [
    ['VERIFIED_CERTIFICATE', '1', 'Certificazione invalidita\' verificata on line o cartacea'],
    ['PERSONAL_DECLARATION', '2', 'Dichiarazione della persona'],
  ]),
  InvCivType: codeList('SinaCivilInvalidity', 'InvCivType', [
    ['PARTIAL_AT_LEAST_75', '1', 'Certificazione Invalidita\' Civile parziale non inferiore al 75%'],
    ['TOTAL_WITH_ATTENDANCE_ALLOWANCE', '2', 'Certificazione Invalidita\' Civile Totale (100%) Con Indennita\' di accompagnamento'],
    ['TOTAL_WITHOUT_ATTENDANCE_ALLOWANCE', '3', 'Certificazione Invalidita\' Civile totale (100%) senza indennita\' di accompagnamento'],
    ['NPI_CERTIFICATE', '4', 'Certificazione Npi'],
    ['L104_ART3_C1', '5', 'Certificazione L.104 (art.3, comma 1)'],
    ['L104_ART3_C3', '6', 'Certificazione L.104 (art.3, comma 3)'],
    ['L104_ART12', '7', 'Certificazione L.104 (art.12)'],
    ['L104_ART13', '8', 'Certificazione L.104 (art.13)'],
  ]),
} as const;

/** The 33 enumerations of SINBA.xsd, as GraphQL enums. */
export const SINBA_CODE_LISTS = {
  ComposizioneFamigliaType: codeList('SinbaFamilyMember', 'ComposizioneFamigliaType', [
    ['MOTHER', '1', 'Madre'],
    ['FATHER', '2', 'Padre'],
    ['SIBLINGS', '3', 'Fratelli/Sorelle'],
    ['GRANDPARENT', '4', 'Nonno/a'],
    ['PARENT_PARTNER', '5', 'Compagno/a della madre o del padre'],
    ['OTHER_COHABITANTS', '6', 'Altri conviventi'],
  ]),
  MinoreStranieroNoAccType: codeList('SinbaUnaccompaniedForeignMinor', 'MinoreStranieroNoAccType', [
    ['YES', '1', 'SI'],
    ['NO', '2', 'NO'],
  ]),
  CondizioneMinoreType: codeList('SinbaOrphanhood', 'CondizioneMinoreType', [
    ['NOT_ORPHAN', '1', 'Non orfano'],
    ['ORPHAN_OF_BOTH', '2', 'Orfano di entrambi'],
    ['ORPHAN_OF_FATHER', '3', 'Orfano di padre'],
    ['ORPHAN_OF_MOTHER', '4', 'Orfano di madre'],
    ['PARENTS_UNKNOWN', '5', 'Genitori ignoti'],
  ]),
  LuogoVitaType: codeList('SinbaLivingPlace', 'LuogoVitaType', [
    ['OWN_FAMILY', '1', 'nella sua famiglia'],
    ['WITH_RELATIVES', '2', 'presso parenti'],
    ['FOSTER_FAMILY', '3', 'in famiglia affidataria'],
    ['SOCIAL_RESIDENTIAL_FACILITY', '4', 'in struttura residenziale sociale'],
    ['HEALTH_RESIDENTIAL_FACILITY', '5', 'in struttura residenziale sanitaria'],
    ['JUVENILE_PRISON', '6', 'in istituto penale minorile'],
    ['WITH_FRIENDS', '7', 'con amici e conoscenti'],
    ['HOMELESS', '8', 'senza dimora'],
  ]),
  ScuolaFrequentataType: codeList('SinbaSchool', 'ScuolaFrequentataType', [
    ['NONE', '1', 'nessuna scuola'],
    ['FACILITY', '2', 'struttura'],
    ['NURSERY', '3', 'asilo nido'],
    ['PRESCHOOL', '4', 'scuola dell\'infanzia'],
    ['PRIMARY', '5', 'scuola primaria'],
    ['LOWER_SECONDARY', '6', 'scuola secondaria I grado'],
    ['UPPER_SECONDARY', '7', 'scuola secondaria II grado'],
    ['VOCATIONAL_TRAINING', '8', 'corso formazione professionale'],
  ]),
  CondizioneLavoroType: codeList('SinbaWorkCondition', 'CondizioneLavoroType', [
    ['INACTIVE', '1', 'inattivo (non in età da lavoro, non ha e non cerca lavoro)'],
    ['EMPLOYED', '2', 'occupato'],
    ['UNEMPLOYED', '3', 'disoccupato alla ricerca di nuova occupazione'],
    ['FIRST_JOB_SEEKER', '4', 'in cerca di prima occupazione'],
  ]),
  DisabilitaType: codeList('SinbaDisability', 'DisabilitaType', [
    ['YES', '1', 'SI'],
    ['NO', '2', 'NO'],
  ]),
  TipoDisabilitaType: codeList('SinbaDisabilityType', 'TipoDisabilitaType', [
    ['PHYSICAL', '1', 'Fisica'],
    ['PSYCHIC', '2', 'Psichica'],
    ['SENSORY', '3', 'Sensoriale'],
    ['MULTIPLE', '4', 'Plurima'],
  ]),
  InvCivCertificazioniType: codeList('SinbaDisabilityCertification', 'InvCivCertificazioniType', [
    ['PARTIAL_AT_LEAST_75', '1', 'certificazione invalidità civile parziale non inferiore al 75%'],
    ['TOTAL_WITH_ATTENDANCE_ALLOWANCE', '2', 'certificazione invalidità civile totale (100%) con indennità di accompagnamento'],
    ['TOTAL_WITHOUT_ATTENDANCE_ALLOWANCE', '3', 'certificazione invalidità civile totale (100%) senza indennità di accompagnamento'],
    ['NPI', '4', 'certificazione NPI'],
    ['L104', '5', 'certificazione l.104'],
  ]),
  TitoloStudioType: codeList('SinbaEducation', 'TitoloStudioType', [
    ['NONE', '1', 'nessun titolo'],
    ['PRIMARY_SCHOOL', '2', 'licenza elementare'],
    ['LOWER_SECONDARY', '3', 'licenza media'],
    ['VOCATIONAL_QUALIFICATION', '4', 'qualifica professionale'],
    ['UPPER_SECONDARY', '5', 'diploma scuola superiore'],
    ['DEGREE', '6', 'laurea o diploma di laurea'],
  ]),
  OccupazioneType: codeList('SinbaOccupation', 'OccupazioneType', [
    ['EMPLOYED', '1', 'occupato'],
    ['UNEMPLOYED', '2', 'disoccupato alla ricerca di nuova occupazione'],
    ['FIRST_JOB_SEEKER', '3', 'in cerca di prima occupazione'],
    ['HOMEMAKER', '4', 'casalinga/o'],
    ['STUDENT', '5', 'studente'],
    ['RETIRED', '6', 'ritirato/a dal lavoro'],
    ['UNABLE_TO_WORK', '7', 'inabile al lavoro'],
    ['OTHER', '8', 'in altra condizione'],
  ]),
  FonteSegnalazioneType: codeList('SinbaReferralSource', 'FonteSegnalazioneType', [
    ['JUVENILE_JUSTICE_SOCIAL_SERVICE', '1', 'servizio sociale minori della giustizia minorile'],
    ['OTHER_SOCIAL_SERVICE', '2', 'altro servizio sociale (consultori, centri famiglia, di altro ambito/distretto, ..)'],
    ['HEALTH_SERVICES', '3', 'servizi sanitari/medico di base/pediatra'],
    ['THIRD_SECTOR', '4', 'privato sociale/volontariato'],
    ['POLICE', '5', 'forze dell\'ordine'],
    ['BENEFICIARY', '6', 'beneficiario stesso'],
    ['FOSTER_PARENTS_OR_GUARDIAN', '7', 'genitori affidatari/tutore'],
    ['COHABITING_FAMILY', '8', 'genitori/fratelli/altri familiari conviventi'],
    ['NON_COHABITING_RELATIVES', '9', 'parenti non conviventi'],
    ['ORDINARY_COURT', '10', 'tribunale ordinario'],
    ['JUVENILE_JUDICIAL_AUTHORITY', '11', 'autorità giudiziarie minorili'],
    ['PRIVATE_PROFESSIONAL', '12', 'professionista privato'],
    ['SCHOOL', '13', 'scuola'],
    ['NEIGHBOURS_OR_ACQUAINTANCES', '14', 'vicinato o conoscenti'],
  ]),
  ValutazioneMinoreType: codeList('SinbaMinorAssessment', 'ValutazioneMinoreType', [
    ['NO_SPECIFIC_PROBLEM', '1', 'nessuna specifica problematica'],
    ['RELATIONAL_BEHAVIOURAL_PROBLEMS', '2', 'problemi relazionali e comportamentali'],
    ['ADDICTIONS', '3', 'dipendenze'],
    ['PRESUMED_ABANDONMENT', '4', 'presunto stato di abbandono'],
    ['HEALTH_PROBLEMS', '5', 'problemi sanitari'],
    ['SEXUAL_VIOLENCE_OR_EXPLOITATION', '6', 'violenza sessuale subita, prostituzione, tratta, pedopornografia'],
    ['OTHER_VIOLENCE_OR_ABUSE', '7', 'altre forme di violenza e maltrattamento subite'],
    ['SERIOUS_DEVIANCE', '8', 'comportamenti di grave devianza'],
    ['AUTONOMY_OR_DISABILITY_PROBLEMS', '9', 'problemi di autonomia, disabilità'],
    ['CRIMINAL_PROCEEDINGS', '10', 'coinvolto in procedure penali'],
    ['PREGNANT_OR_MINOR_MOTHER', '11', 'gestante/madre minorenne'],
    ['UNACCOMPANIED_FOREIGN_MINOR', '12', 'minore straniero non accompagnato'],
    ['SCHOOL_DROPOUT', '13', 'abbandono scolastico'],
  ]),
  ValutazioneFamigliaMinoreType: codeList('SinbaFamilyAssessment', 'ValutazioneFamigliaMinoreType', [
    ['NO_SPECIFIC_PROBLEM', '1', 'nessuna specifica'],
    ['PARENTAL_FRAGILITY', '2', 'problematica fragilità/inadeguatezza genitoriale, problematiche socio-educative e relazionali'],
    ['ADDICTION', '3', 'dipendenza'],
    ['PSYCHIATRIC_PROBLEMS', '4', 'problematiche psichiatriche'],
    ['OTHER_HEALTH_PROBLEMS', '5', 'altre problematiche sanitarie'],
    ['SEVERE_FAMILY_CONFLICT', '6', 'grave conflittualità familiare'],
    ['MALTREATING_FAMILY', '7', 'famiglia maltrattante'],
    ['ABUSING_FAMILY', '8', 'famiglia abusante'],
    ['JUDICIAL_PROBLEMS', '9', 'problemi giudiziari'],
    ['FAILED_PRE_ADOPTIVE_FOSTERING', '10', 'fallimento affido preadottivo nel I anno'],
    ['HEALTH_OBLIGATIONS_UNMET', '11', 'inadempienza obblighi sanitari'],
    ['ECONOMIC_HARDSHIP', '12', 'difficoltà economiche'],
    ['HOUSING_HARDSHIP', '13', 'difficoltà abitative'],
  ]),
  SegnalazioneAutoritaGiudiziariaType: codeList('SinbaJudicialReport', 'SegnalazioneAutoritaGiudiziariaType', [
    ['YES', '1', 'SI'],
    ['NO', '2', 'NO'],
  ]),
  ProvvedimentoGiudiziarioType: codeList('SinbaJudicialMeasure', 'ProvvedimentoGiudiziarioType', [
    ['YES', '1', 'SI'],
    ['NO', '2', 'NO'],
  ]),
  AutoritaProvvedimentoType: codeList('SinbaMeasureAuthority', 'AutoritaProvvedimentoType', [
    ['GUARDIANSHIP_JUDGE', '1', 'Giudice tutelare'],
    ['JUVENILE_COURT', '2', 'Tribunale per i minori'],
    ['JUVENILE_PROSECUTOR', '3', 'Procura per i minori'],
    ['ORDINARY_COURT', '4', 'Tribunale ordinario'],
  ]),
  PotestaTutelaType: codeList('SinbaParentalAuthority', 'PotestaTutelaType', [
    ['SUSPENSION', '1', 'sospensione potestà genitoriale'],
    ['FORFEITURE', '2', 'decadenza potestà genitoriale'],
    ['PRESCRIPTIONS_TO_PARENTS', '3', 'prescrizioni ai genitori'],
    ['GUARDIANSHIP_TO_RELATIVES_OR_OTHERS', '4', 'tutela a parenti o altri soggetti'],
    ['CURATORSHIP', '5', 'curatela'],
  ]),
  TipoProvvedimentoGiudiziarioType: codeList('SinbaMeasureType', 'TipoProvvedimentoGiudiziarioType', [
    ['ADOPTABILITY', '1', 'adottabilità'],
    ['NATIONAL_ADOPTION', '2', 'adozione nazionale'],
    ['INTERNATIONAL_ADOPTION', '3', 'adozione internazionale'],
    ['FAMILY_FOSTERING', '4', 'affidamento familiare'],
    ['ENTRUSTED_TO_SOCIAL_SERVICE', '5', 'affido al servizio sociale'],
    ['ENTRUSTED_TO_ONE_PARENT', '6', 'affidamento a uno dei genitori in caso di separazione'],
    ['SUPERVISION', '7', 'vigilanza'],
    ['EMERGENCY_REMOVAL', '8', 'post-adozione "allontanamento del minore in via d\'emergenza (art.403 c.c.)'],
  ]),
  FormaInterventoAffidoType: codeList('SinbaFosterForm', 'FormaInterventoAffidoType', [
    ['CONSENSUAL', '1', 'Consensuale'],
    ['JUDICIAL', '2', 'Giudiziario'],
  ]),
  TipoInterventoAffidoType: codeList('SinbaFosterType', 'TipoInterventoAffidoType', [
    ['WITHIN_FAMILY', '1', 'Intrafamiliare'],
    ['OUTSIDE_FAMILY', '2', 'Eterofamiliare'],
  ]),
  DurataAffidoType: codeList('SinbaFosterDuration', 'DurataAffidoType', [
    ['FULL_TIME', '1', 'Tempo pieno'],
    ['PART_TIME', '2', 'Tempo parziale'],
  ]),
  CarattereAffidoType: codeList('SinbaFosterNature', 'CarattereAffidoType', [
    ['RESIDENTIAL', '1', 'Residenziale'],
    ['DAYTIME', '2', 'Diurno'],
  ]),
  EsitoAffidoType: codeList('SinbaFosterOutcome', 'EsitoAffidoType', [
    ['RETURNED_TO_FAMILY', '1', 'rientrato nella famiglia di origine'],
    ['ANOTHER_FAMILY', '2', 'affidata ad altro nucleo familiare'],
    ['ADOPTED', '3', 'adottato'],
    ['SOCIO_EDUCATIONAL_FACILITY', '4', 'inserito in struttura socio-educativa'],
    ['HEALTH_FACILITY', '5', 'inserito in struttura sanitaria'],
    ['INDEPENDENT_LIVING', '6', 'vita in autonomia'],
    ['REPATRIATED', '7', 'rimpatriato'],
    ['UNKNOWN_DESTINATION', '8', 'destinazione ignota'],
    ['OTHER', '9', 'altro'],
  ]),
  CarattereInserimentoResidenzialeType: codeList('SinbaPlacementNature', 'CarattereInserimentoResidenzialeType', [
    ['FAMILY_HOUSING', '1', 'familiare-prevalente accoglienza abitativa'],
    ['FAMILY_PROTECTIVE', '2', 'familiare-prevalente funzione tutelare'],
    ['FAMILY_SOCIO_EDUCATIONAL', '3', 'familiare-funzione socio-educativa'],
    ['COMMUNITY_EMERGENCY', '4', 'comunitario-accoglienza di emergenza'],
    ['COMMUNITY_HOUSING', '5', 'comunitario-prevalente accoglienza abitativa'],
    ['COMMUNITY_PROTECTIVE', '6', 'comunitario-prevalente funzione tutelare'],
    ['COMMUNITY_SOCIO_EDUCATIONAL', '7', 'comunitario-funzione socio-educativa'],
    ['COMMUNITY_EDUCATIONAL_PSYCHOLOGICAL', '8', 'comunitario-funzione educativa-psicologica'],
    ['COMMUNITY_LOW_HEALTH_INTEGRATION', '9', 'comunitario-funzione integrazione socio-sanitaria bassa'],
    ['COMMUNITY_MEDIUM_HIGH_HEALTH_INTEGRATION', '10', 'comunitario-funzione integrazione socio-sanitaria medio-alta'],
  ]),
  FormaInserimentoResidenzialeType: codeList('SinbaPlacementForm', 'FormaInserimentoResidenzialeType', [
    ['CONSENSUAL', '1', 'Consensuale'],
    ['JUDICIAL', '2', 'Giudiziario'],
  ]),
  TipoInserimentoResidenzialeType: codeList('SinbaPlacementType', 'TipoInserimentoResidenzialeType', [
    ['WITH_PARENT', '1', 'Con genitore'],
    ['WITHOUT_PARENT', '2', 'Senza genitore'],
  ]),
  EsitoInserimentoStrutturaType: codeList('SinbaPlacementOutcome', 'EsitoInserimentoStrutturaType', [
    ['RETURNED_TO_FAMILY', '1', 'rientrato nella famiglia di origine'],
    ['FOSTER_FAMILY', '2', 'in famiglia affidataria o affidatario'],
    ['ADOPTED', '3', 'adottato'],
    ['OTHER_SOCIO_EDUCATIONAL_FACILITY', '4', 'inserito in altra struttura socio-educativa'],
    ['HEALTH_FACILITY', '5', 'inserito in struttura sanitaria'],
    ['MADE_INDEPENDENT', '6', 'reso autonomo'],
    ['REPATRIATED', '7', 'rimpatriato'],
    ['UNKNOWN_DESTINATION', '8', 'destinazione ignota'],
    ['OTHER', '9', 'altro'],
  ]),
  MotivazioneChiusuraCaricoType: codeList('SinbaClosingReason', 'MotivazioneChiusuraCaricoType', [
    ['TRANSFER_SAME_REGION', '1', 'passaggio a servizio territoriale altro ambito/distretto della stessa regione'],
    ['TRANSFER_OTHER_REGION', '2', 'passaggio a servizio territoriale altro ambito/distretto di altra regione'],
    ['CAME_OF_AGE', '3', 'raggiunta età maggiorenne'],
    ['NEED_RESOLVED', '4', 'conclusione degli interventi e della presa in carico per risoluzione dello stato di bisogno'],
    ['LEFT_ON_REQUEST', '5', 'uscita richiesta dal minore utente o dalla famiglia'],
    ['REPATRIATION', '6', 'rimpatrio'],
    ['UNTRACEABLE', '7', 'irreperibilità'],
    ['DEATH', '8', 'decesso'],
    ['OTHER', '9', 'altro'],
  ]),
  SituazioneChiusuraCaricoType: codeList('SinbaClosingSituation', 'SituazioneChiusuraCaricoType', [
    ['FAMILY_OF_ORIGIN', '1', 'Nella famiglia di origine'],
    ['INDEPENDENT_LIVING', '2', 'vita in autonomia (in appartamento anche con altri non familiari o parenti)'],
    ['STAYS_WITH_FOSTER_FAMILY', '3', 'rimane nella famiglia affidataria anche se maggiorenne'],
    ['STAYS_IN_RESIDENTIAL_FACILITY', '4', 'rimane nella struttura residenziale socio-assistenziale anche se maggiorenne'],
    ['HEALTH_RESIDENTIAL_FACILITY', '5', 'collocato in struttura residenziale sanitaria'],
    ['ADOPTED', '6', 'adottato in una nuova famiglia'],
    ['PRISON', '7', 'in istituto penale'],
    ['UNKNOWN_DESTINATION', '8', 'destinazione ignota'],
  ]),
  CollaborazioniInterventiType: codeList('SinbaCollaboration', 'CollaborazioniInterventiType', [
    ['SERT', '1', 'SERT'],
    ['NPI', '2', 'NPI'],
    ['PSYCHOLOGY', '3', 'psicologia'],
    ['CLINIC_DSM', '4', 'clinica/dsm'],
    ['OTHER_SOCIAL_SERVICES', '5', 'altri servizi sociali (consultorio, centri famiglia, adulti, di altro abito/distretto)'],
    ['USSM', '6', 'ussm ministero giustizia'],
    ['SCHOOL', '7', 'scuola'],
    ['THIRD_SECTOR', '8', 'servizi privato sociale associazionismo, volontariato'],
    ['OTHER', '9', 'altro'],
  ]),
  FasciaEtaBeneficiarioType: codeList('SinbaAgeBand', 'FasciaEtaBeneficiarioType', [
    ['AGE_0_3', '1', '0-3 anni'],
    ['AGE_3_6', '2', '3-6 anni'],
    ['AGE_6_9', '3', '6-9 anni'],
    ['AGE_9_12', '4', '9-12 anni'],
    ['AGE_12_15', '5', '12-15 anni'],
    ['AGE_15_18', '6', '15-18 anni'],
  ]),
  FasciaISEEBeneficiarioType: codeList('SinbaIseeBand', 'FasciaISEEBeneficiarioType', [
    ['ZERO', '1', 'Valore ISEE=0'],
    ['UP_TO_3000', '2', 'Tra 0.01 a 3000 Euro'],
    ['UP_TO_6000', '3', 'Tra 3000.01 e 6000'],
    ['UP_TO_9000', '4', 'Tra 6000.01 e 9000'],
    ['UP_TO_12000', '5', 'Tra 9000.01 e 12000'],
    ['UP_TO_15000', '6', 'Tra 12000.01 e 15000'],
    ['UP_TO_20000', '7', 'Tra 15000.01 e 20000'],
    ['OVER_20000', '8', 'Oltre i 20000 euro'],
  ]),
} as const;

/** Every code list of this subgraph, SINA first. */
export const ALL_CODE_LISTS: readonly CodeList[] = [...Object.values(SINA_CODE_LISTS), ...Object.values(SINBA_CODE_LISTS)];

/**
 * The enum part of the resolver map: for each GraphQL enum, value name -> XSD code. With it, enum
 * arguments reach resolvers as XSD codes and stored XSD codes serialise as enum names.
 */
export function enumResolvers(): Record<string, Record<string, string>> {
  return Object.fromEntries(ALL_CODE_LISTS.map((list) => [list.graphqlEnum, Object.fromEntries(list.values.map((value) => [value.name, value.code]))]));
}

/** "1 (Si sposta da solo), 2 (...)" for short lists, "a code from 1 to 14 of FonteSegnalazioneType" for long ones. */
export function describeCodes(list: CodeList): string {
  if (list.values.length <= 4) return list.values.map((value) => `${value.code} (${value.label})`).join(', ');
  return `a code from ${list.codes[0]} to ${list.codes.at(-1)} of ${list.xsdType}`;
}
