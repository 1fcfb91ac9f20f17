// Types and the whole-flow error of @siuss/xsd/flow-reader (re-exported there; kept apart so the
// XSD, CSV and text modules can throw FlowFormatError without importing the reader).

/** PS = PS_PSA_SINA201812.xsd (Beneficiario records), SINBA = SINBA.xsd. */
export type FlowKind = 'PS' | 'SINBA';
export type FlowFormat = 'XML' | 'CSV';

/** Flusso/IdentificazioneFlusso: the flow name and the sending ente, as in the XSD. */
export interface FlowEnvelope {
  name: string;
  ente: { Codice: string; Denominazione?: string; Indirizzo: string; CFOperatore: string };
}

/**
 * A problem found by the XSD (or by the CSV layout) for one record. `field` is `Element@Attribute`
 * (`PrestazioniSociali@ImportoMensile`, `Indirizzo[2]@CodiceComune` as the benefits subgraph names
 * addresses), an element path (`Beneficiario/Indirizzo`, `InvaliditaCivile/InvCiv`), or `row` for a
 * CSV row whose field count is wrong. Messages never quote a value: values are personal data.
 */
export interface XsdProblem {
  rule: 'XSD';
  field: string;
  message: string;
  severity: 'BLOCKING';
}

/** One PrestazioniSociali of a PS flow with its beneficiary (shared by the records of one Beneficiario). */
export interface PsFlowRecord {
  kind: 'PS';
  /** 0-based over all records of the flow in document order (a Beneficiario without PrestazioniSociali counts as one record). */
  index: number;
  /** 0-based over the Beneficiario elements (CSV: over runs of consecutive rows with the same beneficiary columns). */
  beneficiaryIndex: number;
  /** Line of the PrestazioniSociali start tag (XML) or of the row (CSV, header = line 1). */
  line: number;
  beneficiario: { CodiceFiscale: string; anagrafica: Record<string, string>; indirizzi: Record<string, string>[] };
  /** The PrestazioniSociali attributes, names as in the XSD; `{}` for a Beneficiario that has none. */
  prestazione: Record<string, string>;
  sina?: { attributes: Record<string, string>; NecessitaInterventiSociali?: string[]; InvaliditaCivile?: string[] };
  /** Empty when the record is XSD-valid. */
  problems: XsdProblem[];
}

/** One SINBA element of a SINBA flow. */
export interface SinbaFlowRecord {
  kind: 'SINBA';
  index: number;
  line: number;
  attributes: Record<string, string>;
  /** Prestazioni/CodicePrestazione texts. */
  Prestazioni: string[];
  /** Famiglia/ComposizioneFamiglia texts. */
  Famiglia: string[];
  problems: XsdProblem[];
}

export type FlowRecord = PsFlowRecord | SinbaFlowRecord;

export type FlowFormatErrorCode =
  | 'EMPTY'
  | 'NOT_WELL_FORMED'
  | 'TRUNCATED'
  | 'DOCTYPE_FORBIDDEN'
  | 'BAD_ENCODING'
  | 'UNSUPPORTED_ENCODING'
  | 'WRONG_NAMESPACE'
  | 'WRONG_ROOT'
  | 'WRONG_KIND'
  | 'BAD_ENVELOPE'
  | 'BAD_STRUCTURE'
  | 'NO_RECORDS'
  | 'CSV_HEADER'
  | 'TOO_LARGE';

/**
 * Whole-flow failure: nothing in the flow can be trusted, so no record is reported on its own
 * (INPS esito RICHIESTA_INVALIDA for the flow). `line` is the source line when one is known;
 * `details` lists the reasons (the envelope's XSD problems, the offending CSV columns). Messages
 * never quote values from the flow.
 */
export class FlowFormatError extends Error {
  readonly code: FlowFormatErrorCode;
  readonly line: number | undefined;
  readonly details: readonly string[];

  constructor(code: FlowFormatErrorCode, message: string, options: { line?: number | undefined; details?: readonly string[] } = {}) {
    super(options.line === undefined ? message : `${message} (line ${options.line})`);
    this.name = 'FlowFormatError';
    this.code = code;
    this.line = options.line;
    this.details = options.details ?? [];
  }
}

/** Limits that keep memory bounded whatever the input. */
export interface FlowLimits {
  /** Most records a flow may hold (default 1,000,000); more is TOO_LARGE. */
  maxRecords?: number;
  /** Most characters one Beneficiario/SINBA element (or one CSV row, or any token) may take (default 4 MiB). */
  maxRecordSize?: number;
}

export const DEFAULT_LIMITS: Required<FlowLimits> = { maxRecords: 1_000_000, maxRecordSize: 4 * 1024 * 1024 };
