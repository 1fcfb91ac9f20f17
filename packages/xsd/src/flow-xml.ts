// Streaming XML side of the flow reader: saxes events -> structure checks, records, and the exact
// source text of every record element (sliced by position), which libxml2 then validates in batches.
import { SaxesParser } from 'saxes';
import type { SaxesAttributeNS, SaxesTagNS } from 'saxes';
import { FlowFormatError } from './flow-types.ts';
import type { FlowEnvelope, FlowKind, FlowRecord, PsFlowRecord, SinbaFlowRecord } from './flow-types.ts';
import { CASELLARIO_NS } from './flow-xsd.ts';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const MAX_DEPTH = 32;
const RECENT = 4096;

// Roles of the elements the reader looks into; the others are only in the XML libxml2 validates.
const OTHER = 0;
const ROOT = 1;
const ENVELOPE = 2;
const ENTE = 3;
const BENEFICIARIO = 4;
const ANAGRAFICA = 5;
const INDIRIZZO = 6;
const PRESTAZIONE = 7;
const SINA = 8;
const NECESSITA = 9;
const NECESSITA_CODE = 10;
const INVALIDITA = 11;
const INVALIDITA_CODE = 12;
const SINBA = 13;
const SINBA_PRESTAZIONI = 14;
const SINBA_PRESTAZIONI_CODE = 15;
const SINBA_FAMIGLIA = 16;
const SINBA_FAMIGLIA_CODE = 17;

/** Position of a child that belongs to a record left out by `skip`: problems there are dropped. */
export const SKIPPED = -2;

/** One Beneficiario or SINBA element: its records and its XML. */
export interface CapturedUnit {
  /** The element as XML: its source text (XML flows) or rebuilt from a CSV row. */
  xml: string;
  /** Per child element of the unit, in order: the position in `records` of its record, -1 when it concerns them all, or SKIPPED. */
  children: number[];
  records: FlowRecord[];
}

/** What wraps the units in a document for libxml2: the flow's own root start tag and end tag, the envelope. */
export interface FlowWrapper {
  open: string;
  close: string;
  envelope: string;
  /** Prefixes declared on the root, to evaluate libxml2's error paths. */
  namespaces: Record<string, string>;
}

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** Minimal valid record placed after the envelope when validating it alone (the XSD wants at least one). */
export const PLACEHOLDER_RECORD: Record<FlowKind, string> = {
  PS:
    `<Beneficiario xmlns="${CASELLARIO_NS}" CodiceFiscale="RSSMRA80C15H501M"><Anagrafica Cognome="X" Nome="X" AnnoNascita="1980" LuogoNascita="H501" Genere="1" CodiceCittadinanza="380"/>` +
    '<Indirizzo CodiceNazione="380"/><PrestazioniSociali PresenzaProvaMezzi="4" CodicePrestazione="A1.01" DenominazionePrestazione="placeholder" ProtocolloDomanda="1" PresaCarico="2"/></Beneficiario>',
  SINBA:
    `<SINBA xmlns="${CASELLARIO_NS}" IDBeneficiario="X" MinoreStranieroNoAcc="2" CondizioneMinore="1" LuogoVita="1" ScuolaFrequentata="1" CondizioneLavoro="1" Disabilita="2" ` +
    'DataPrimaSegnalazione="01/2020" FonteSegnalazione="1" ValutazioneMinore="1" ValutazioneFamigliaMinore="1" SegnalazioneAutoritaGiudiziaria="2" ProvvedimentoGiudiziario="2" ' +
    'FasciaEtaBeneficiario="1" AnnoNascita="2019" CodiceNazioneResidenza="380"><Prestazioni><CodicePrestazione>A1.01</CodicePrestazione></Prestazioni>' +
    '<Famiglia><ComposizioneFamiglia>1</ComposizioneFamiglia></Famiglia></SINBA>',
};

export interface XmlFlowOptions {
  kind?: FlowKind | undefined;
  /** Build records and keep the units' XML (pass 2); false only checks structure and counts (pass 1). */
  capture: boolean;
  /** Records (by index) not to build: a unit whose records are all skipped is dropped. */
  skip: number;
  maxRecords: number;
  maxRecordSize: number;
  /** Called once, when the envelope is complete and the kind known; throws BAD_ENVELOPE when it is invalid. */
  checkEnvelope: (kind: FlowKind, wrapper: FlowWrapper) => void;
}

/** Unprefixed attributes of a tag as a record (namespace declarations and prefixed attributes left out). */
function plainAttributes(tag: SaxesTagNS): Record<string, string> {
  const out: Record<string, string> = {};
  const all = tag.attributes as Record<string, SaxesAttributeNS>;
  for (const key in all) {
    const a = all[key] as SaxesAttributeNS;
    if (a.uri === '') out[a.local] = a.value;
  }
  return out;
}

/**
 * The saxes-driven state machine of one XML flow. Feed text with `write` (the caller never ends a
 * chunk with a CR, so saxes positions are plain offsets), take completed units with `takeUnits`,
 * finish with `end`. Whole-flow problems throw FlowFormatError. A DOCTYPE is refused as soon as it
 * is seen, and saxes knows no entities but the five predefined ones and character references, so
 * no entity expansion can ever happen.
 */
export class XmlFlowParser {
  kind: FlowKind | undefined;
  envelope: FlowEnvelope | undefined;
  wrapper: FlowWrapper | undefined;
  records = 0;

  private readonly parser: SaxesParser<{ xmlns: true; position: true }>;
  private readonly options: XmlFlowOptions;
  /** Roles of the open elements. */
  private readonly roles: number[] = [];
  private rootSeen = false;
  /** Something other than whitespace came before the root (or no root came). */
  private prologContent = false;
  private rootClosed = false;
  private rootName = 'Flusso';
  private rootOpen = '';
  private rootNamespaces: Record<string, string> = {};
  private envelopeSeen = false;
  private envelopeChecked = false;
  private envelopeXml = '';
  private envelopeAttributes: Record<string, string> = {};
  private enteAttributes: Record<string, string> | undefined;
  private chunk = '';
  private chunkStart = 0;
  /** The last RECENT characters (at least) before the current chunk, where a tag's '<' may be. */
  private recent = '';
  private recentStart = 0;
  private tagLine = 1;
  private tagStart = 0;
  /** Start offset of the open depth-1 or depth-2 element whose text is being kept, -1 when none. */
  private sliceStart = -1;
  private carry = '';
  private mark = 0;
  private text = '';
  private unit: CapturedUnit | undefined;
  private unitLine = 1;
  private unitRecordsSeen = 0;
  private beneficiaries = 0;
  private beneficiario: PsFlowRecord['beneficiario'] | undefined;
  private anagraficaSeen = false;
  private current: PsFlowRecord | undefined;
  private sinba: SinbaFlowRecord | undefined;
  private readonly completed: CapturedUnit[] = [];
  private completedRecords = 0;

  constructor(options: XmlFlowOptions) {
    this.options = options;
    this.kind = options.kind;
    this.parser = new SaxesParser({ xmlns: true, position: true, forceXMLVersion: true, defaultXMLVersion: '1.0' });
    this.parser.on('doctype', () => {
      throw new FlowFormatError('DOCTYPE_FORBIDDEN', 'The flow has a DOCTYPE declaration; DTDs and entity declarations are refused (they allow entity-expansion attacks)', { line: this.parser.line });
    });
    this.parser.on('opentagstart', (tag) => {
      this.tagLine = this.parser.line;
      if (this.roles.length <= 1) {
        // The '<' of a root or top-level element: before the name and the one delimiter just read (two for CR LF).
        const p = this.parser.position;
        const i = p - 1 - this.chunkStart;
        const delimiter = this.chunk.charCodeAt(i) === 10 && this.chunk.charCodeAt(i - 1) === 13 ? 2 : 1;
        this.tagStart = p - delimiter - tag.name.length - 1;
        // Keep the text from the '<' on (part of it may be in earlier chunks).
        if (this.tagStart < this.recentStart) throw new FlowFormatError('TOO_LARGE', `An element name is longer than ${RECENT} characters`, { line: this.tagLine });
        this.sliceStart = this.tagStart;
        this.carry = this.tagStart < this.chunkStart ? this.recent.slice(this.tagStart - this.recentStart) : '';
      }
    });
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.onText(text));
    this.parser.on('cdata', (text) => this.onText(text));
    // Six handlers and no more: saxes stores each as a new property, and a seventh turns the parser
    // into a dictionary-mode object that parses 4 times slower.
  }

  /** Feeds decoded text; throws FlowFormatError on the first whole-flow problem. */
  write(chunk: string): void {
    this.chunk = chunk;
    if (!this.rootSeen && !this.prologContent) this.prologContent = /[^ \t\r\n]/.test(chunk);
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw this.asFlowError(error);
    }
    if (this.sliceStart >= 0) this.carry += this.sliceStart > this.chunkStart ? chunk.slice(this.sliceStart - this.chunkStart) : chunk;
    this.chunkStart += chunk.length;
    this.recent = chunk.length >= RECENT ? chunk : (this.recent + chunk).slice(-RECENT);
    this.recentStart = this.chunkStart - this.recent.length;
    if (this.chunkStart - this.mark > this.options.maxRecordSize) {
      const inRecord = this.roles.length >= 2 && this.roles[1] !== ENVELOPE;
      throw new FlowFormatError(
        'TOO_LARGE',
        inRecord ? `A record element is larger than ${this.options.maxRecordSize} characters` : `A piece of the flow outside the records is larger than ${this.options.maxRecordSize} characters`,
        { line: this.parser.line },
      );
    }
  }

  /** The source ended: EMPTY, TRUNCATED, the last well-formedness checks. */
  end(): void {
    if (!this.rootSeen) {
      // Only declarations, comments and PIs, or an unfinished one (saxes then reports an unexpected end).
      const problems: string[] = [];
      if (this.prologContent) {
        this.parser.on('error', (error) => problems.push(error.message));
        this.parser.close();
      }
      if (problems.some((message) => message.endsWith('unexpected end.'))) {
        throw new FlowFormatError('TRUNCATED', 'The flow ends inside its first tag: the file is truncated', { line: this.parser.line });
      }
      throw new FlowFormatError('EMPTY', 'The flow is empty: there is no XML element in it');
    }
    if (!this.rootClosed) throw new FlowFormatError('TRUNCATED', 'The flow ends before the Flusso element is closed: the file is truncated', { line: this.parser.line });
    try {
      this.parser.close();
    } catch (error) {
      throw this.asFlowError(error);
    }
  }

  /** Records in the units completed and not taken yet. */
  get readyRecords(): number {
    return this.completedRecords;
  }

  /** Takes completed units until at least `records` records (all of them when fewer are ready). */
  takeUnits(records: number): CapturedUnit[] {
    let n = 0;
    let count = 0;
    while (n < this.completed.length && count < records) count += this.completed[n++]?.records.length ?? 0;
    this.completedRecords -= count;
    return this.completed.splice(0, n);
  }

  private asFlowError(error: unknown): FlowFormatError {
    if (error instanceof FlowFormatError) return error;
    const raw = error instanceof Error ? error.message : String(error);
    const message = raw.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    const text = message === 'undefined entity.'
      ? 'undefined entity reference: without a DTD only &amp; &lt; &gt; &quot; &apos; and character references are allowed'
      : message.replace(/\.$/, '');
    return new FlowFormatError('NOT_WELL_FORMED', `The flow is not well-formed XML: ${text}`, { line: this.parser.line });
  }

  /** Source text from `sliceStart` to the current position (just after a `>`), then stops keeping text. */
  private takeSlice(): string {
    const end = this.parser.position - this.chunkStart;
    const from = this.sliceStart - this.chunkStart;
    const xml = this.carry + this.chunk.slice(from > 0 ? from : 0, end);
    this.carry = '';
    this.sliceStart = -1;
    return xml;
  }

  private open(tag: SaxesTagNS): void {
    const depth = this.roles.length + 1;
    if (depth === 1) return this.openRoot(tag);
    if (depth > MAX_DEPTH) throw new FlowFormatError('TOO_LARGE', `Elements are nested more than ${MAX_DEPTH} levels deep`, { line: this.tagLine });
    if (depth === 2) return this.openTopLevel(tag);
    const parentRole = this.roles[depth - 2] ?? OTHER;
    const role = tag.uri === CASELLARIO_NS ? this.roleOf(parentRole, tag.local) : OTHER;
    this.roles.push(role);
    this.text = '';
    let skipped = false;
    if (parentRole === BENEFICIARIO) {
      if (role === PRESTAZIONE) skipped = this.countRecord() < this.options.skip;
      if (this.unit !== undefined) this.unit.children.push(role !== PRESTAZIONE ? -1 : skipped ? SKIPPED : this.unit.records.length);
    }
    if (this.unit === undefined) {
      if (role === ENTE) this.enteAttributes = plainAttributes(tag);
      return;
    }
    switch (role) {
      case ANAGRAFICA:
        this.anagraficaSeen = true;
        if (this.beneficiario !== undefined) this.beneficiario.anagrafica = plainAttributes(tag);
        return;
      case INDIRIZZO:
        this.beneficiario?.indirizzi.push(plainAttributes(tag));
        return;
      case PRESTAZIONE:
        if (this.beneficiario === undefined) return;
        if (skipped) {
          this.current = undefined;
          return;
        }
        this.current = { kind: 'PS', index: this.records - 1, beneficiaryIndex: this.beneficiaries - 1, line: this.tagLine, beneficiario: this.beneficiario, prestazione: plainAttributes(tag), problems: [] };
        this.unit.records.push(this.current);
        return;
      case SINA:
        if (this.current !== undefined) this.current.sina = { attributes: plainAttributes(tag) };
        return;
      case NECESSITA:
        if (this.current?.sina !== undefined) this.current.sina.NecessitaInterventiSociali = [];
        return;
      case INVALIDITA:
        if (this.current?.sina !== undefined) this.current.sina.InvaliditaCivile = [];
        return;
      default:
        return;
    }
  }

  /** The role of a Casellario element under a parent of the given role; only first occurrences count. */
  private roleOf(parentRole: number, local: string): number {
    switch (parentRole) {
      case ENVELOPE:
        return local === 'Ente' && this.enteAttributes === undefined ? ENTE : OTHER;
      case BENEFICIARIO:
        if (local === 'PrestazioniSociali') return PRESTAZIONE;
        if (local === 'Indirizzo') return INDIRIZZO;
        return local === 'Anagrafica' && !this.anagraficaSeen ? ANAGRAFICA : OTHER;
      case PRESTAZIONE:
        return local === 'SINA' && this.current !== undefined && this.current.sina === undefined ? SINA : OTHER;
      case SINA:
        if (local === 'NecessitaInterventiSociali' && this.current?.sina?.NecessitaInterventiSociali === undefined) return NECESSITA;
        return local === 'InvaliditaCivile' && this.current?.sina?.InvaliditaCivile === undefined ? INVALIDITA : OTHER;
      case NECESSITA:
        return local === 'CodicePrestazione' ? NECESSITA_CODE : OTHER;
      case INVALIDITA:
        return local === 'InvCiv' ? INVALIDITA_CODE : OTHER;
      case SINBA:
        if (local === 'Prestazioni' && this.sinba !== undefined && this.sinba.Prestazioni.length === 0) return SINBA_PRESTAZIONI;
        return local === 'Famiglia' && this.sinba !== undefined && this.sinba.Famiglia.length === 0 ? SINBA_FAMIGLIA : OTHER;
      case SINBA_PRESTAZIONI:
        return local === 'CodicePrestazione' ? SINBA_PRESTAZIONI_CODE : OTHER;
      case SINBA_FAMIGLIA:
        return local === 'ComposizioneFamiglia' ? SINBA_FAMIGLIA_CODE : OTHER;
      default:
        return OTHER;
    }
  }

  private countRecord(): number {
    const index = this.records++;
    if (this.records > this.options.maxRecords) {
      throw new FlowFormatError('TOO_LARGE', `The flow holds more than ${this.options.maxRecords} records`, { line: this.tagLine });
    }
    this.unitRecordsSeen += 1;
    return index;
  }

  private openRoot(tag: SaxesTagNS): void {
    this.rootSeen = true;
    if (tag.local !== 'Flusso') {
      throw new FlowFormatError('WRONG_ROOT', `The root element is ${tag.local.slice(0, 50)}; an INPS flow starts with Flusso`, { line: this.tagLine });
    }
    if (tag.uri !== CASELLARIO_NS) {
      throw new FlowFormatError('WRONG_NAMESPACE', `Flusso is ${tag.uri === '' ? 'in no namespace' : 'in another namespace'}; it must be in ${CASELLARIO_NS}`, { line: this.tagLine });
    }
    this.roles.push(ROOT);
    this.rootName = tag.name;
    this.rootOpen = this.takeSlice();
    for (const a of Object.values(tag.attributes as Record<string, SaxesAttributeNS>)) {
      if (a.uri === XMLNS_NS && a.prefix === 'xmlns') this.rootNamespaces[a.local] = a.value;
    }
    this.mark = this.parser.position;
  }

  private openTopLevel(tag: SaxesTagNS): void {
    const local = tag.local;
    const inNs = tag.uri === CASELLARIO_NS;
    this.text = '';
    if (inNs && local === 'IdentificazioneFlusso') {
      if (this.envelopeSeen) throw new FlowFormatError('BAD_ENVELOPE', 'The flow has more than one IdentificazioneFlusso', { line: this.tagLine });
      this.envelopeSeen = true;
      this.envelopeAttributes = plainAttributes(tag);
      this.roles.push(ENVELOPE);
      return;
    }
    const kind: FlowKind | undefined = local === 'Beneficiario' ? 'PS' : local === 'SINBA' ? 'SINBA' : undefined;
    if (kind === undefined || !inNs) {
      if (kind !== undefined) throw new FlowFormatError('WRONG_NAMESPACE', `${local} is not in the namespace ${CASELLARIO_NS}`, { line: this.tagLine });
      throw new FlowFormatError('BAD_STRUCTURE', `Flusso contains an element ${local.slice(0, 50)}, which is neither IdentificazioneFlusso nor a record`, { line: this.tagLine });
    }
    this.startUnit(kind, tag);
  }

  private startUnit(kind: FlowKind, tag: SaxesTagNS): void {
    if (!this.envelopeSeen) throw new FlowFormatError('BAD_ENVELOPE', 'The flow does not start with IdentificazioneFlusso', { line: this.tagLine });
    if (this.kind === undefined) this.kind = kind;
    else if (this.kind !== kind) {
      throw this.envelopeChecked
        ? new FlowFormatError('BAD_STRUCTURE', `A ${this.kind} flow cannot also hold ${tag.local} elements`, { line: this.tagLine })
        : new FlowFormatError('WRONG_KIND', `The flow holds ${tag.local} records, not ${this.kind} ones`, { line: this.tagLine });
    }
    if (!this.envelopeChecked) this.acceptEnvelope(kind);
    this.mark = this.tagStart;
    this.unitRecordsSeen = 0;
    this.unitLine = this.tagLine;
    this.roles.push(kind === 'PS' ? BENEFICIARIO : SINBA);
    if (kind === 'PS') this.beneficiaries += 1;
    if (!this.options.capture || (kind === 'SINBA' && this.records < this.options.skip)) {
      this.sliceStart = -1;
      this.carry = '';
      if (kind === 'SINBA') this.countRecord();
      return;
    }
    this.unit = { xml: '', children: [], records: [] };
    if (kind === 'PS') {
      const attributes = plainAttributes(tag);
      this.beneficiario = { CodiceFiscale: attributes['CodiceFiscale'] ?? '', anagrafica: {}, indirizzi: [] };
      this.anagraficaSeen = false;
      this.current = undefined;
    } else {
      const index = this.countRecord();
      this.sinba = { kind: 'SINBA', index, line: this.tagLine, attributes: plainAttributes(tag), Prestazioni: [], Famiglia: [], problems: [] };
      this.unit.records.push(this.sinba);
    }
  }

  private acceptEnvelope(kind: FlowKind): void {
    const wrapper: FlowWrapper = { open: this.rootOpen, close: `</${this.rootName}>`, envelope: this.envelopeXml, namespaces: this.rootNamespaces };
    this.options.checkEnvelope(kind, wrapper);
    this.envelopeChecked = true;
    this.wrapper = wrapper;
    const a = this.envelopeAttributes;
    const e = this.enteAttributes ?? {};
    this.envelope = {
      name: a['Nome'] ?? '',
      ente: { Codice: e['Codice'] ?? '', ...(e['Denominazione'] === undefined ? {} : { Denominazione: e['Denominazione'] }), Indirizzo: e['Indirizzo'] ?? '', CFOperatore: e['CFOperatore'] ?? '' },
    };
  }

  private onText(text: string): void {
    if (this.roles.length === 1 && !WHITESPACE_ONLY.test(text)) {
      throw new FlowFormatError('BAD_STRUCTURE', 'Flusso contains text between its elements', { line: this.parser.line });
    }
    this.text += text;
  }

  private close(): void {
    const role = this.roles.pop();
    const depth = this.roles.length + 1;
    if (depth === 1) {
      this.rootClosed = true;
      if (!this.envelopeSeen) throw new FlowFormatError('BAD_ENVELOPE', 'The flow has no IdentificazioneFlusso', { line: this.parser.line });
      if (this.records === 0) throw new FlowFormatError('NO_RECORDS', 'The flow holds no record (Beneficiario or SINBA)', { line: this.parser.line });
      return;
    }
    if (depth === 2) {
      if (role === ENVELOPE) this.envelopeXml = this.takeSlice();
      else this.endUnit(role ?? OTHER);
      this.mark = this.parser.position;
      return;
    }
    if (this.unit === undefined) return;
    switch (role) {
      case NECESSITA_CODE:
        this.current?.sina?.NecessitaInterventiSociali?.push(this.text);
        break;
      case INVALIDITA_CODE:
        this.current?.sina?.InvaliditaCivile?.push(this.text);
        break;
      case SINBA_PRESTAZIONI_CODE:
        this.sinba?.Prestazioni.push(this.text);
        break;
      case SINBA_FAMIGLIA_CODE:
        this.sinba?.Famiglia.push(this.text);
        break;
      default:
        break;
    }
    this.text = '';
  }

  private endUnit(role: number): void {
    const unit = this.unit;
    if (unit === undefined) {
      // Pass 1: a Beneficiario without PrestazioniSociali still counts as one record.
      if (role === BENEFICIARIO && this.unitRecordsSeen === 0) this.countRecord();
      return;
    }
    unit.xml = this.takeSlice();
    if (role === BENEFICIARIO && this.unitRecordsSeen === 0 && this.beneficiario !== undefined) {
      // A Beneficiario without PrestazioniSociali still gets a record, so its XSD problems are reported.
      const index = this.countRecord();
      if (index >= this.options.skip) unit.records.push({ kind: 'PS', index, beneficiaryIndex: this.beneficiaries - 1, line: this.unitLine, beneficiario: this.beneficiario, prestazione: {}, problems: [] });
    }
    if (unit.records.length > 0) {
      this.completed.push(unit);
      this.completedRecords += unit.records.length;
    }
    this.unit = undefined;
    this.beneficiario = undefined;
    this.current = undefined;
    this.sinba = undefined;
  }
}
