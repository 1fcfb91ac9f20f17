// CSV side of the flow reader (PS flows only): header check, one row = one PrestazioniSociali, and
// the row rebuilt as the XML Beneficiario subtree it stands for, so CSV gets the very XSD check of XML.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { FlowFormatError } from './flow-types.ts';
import type { FlowEnvelope, PsFlowRecord } from './flow-types.ts';
import type { CapturedUnit } from './flow-xml.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const SPECIAL = /[&<>"\t\n\r]/;
const SPECIAL_ALL = /[&<>"\t\n\r]/g;

/** A value escaped for an XML attribute or text, with whitespace kept as character references. */
export function escapeXml(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (ch) => ESCAPES[ch] ?? ch) : value;
}

/** Anagrafica attributes, in XSD order. */
export const ANAGRAFICA_COLUMNS = ['Cognome', 'Nome', 'AnnoNascita', 'LuogoNascita', 'Genere', 'CodiceCittadinanza', 'CodiceSecondaCittadinanza'] as const;
/** Indirizzo attributes; in CSV, address N > 1 has columns CodiceRegioneN, CodiceComuneN, CodiceNazioneN. */
export const INDIRIZZO_ATTRIBUTES = ['CodiceRegione', 'CodiceComune', 'CodiceNazione'] as const;
/** The 24 PrestazioniSociali attributes in XSD order. */
export const PRESTAZIONE_ATTRIBUTES = [
  'TipoOperazione', 'PresenzaProvaMezzi', 'CaratterePrestazione', 'NumeroProtocolloDSU', 'AnnoProtocolloDSU', 'DataDSU', 'CodicePrestazione',
  'DenominazionePrestazione', 'ProtocolloDomanda', 'DataEvento', 'DataInizioPrestazione', 'DataFinePrestazione', 'DataErogazionePrestazione',
  'ImportoPrestazione', 'PeriodoErogazione', 'ImportoMensile', 'ImportoQuotaEnte', 'ImportoQuotaUtente', 'ImportoQuotaSSN', 'ImportoQuotaRichiesta',
  'ImportoSogliaISEE', 'OreServizioMensile', 'PresaCarico', 'AreaUtenza',
] as const;
/** The 10 SINAType attributes in XSD order. */
export const SINA_ATTRIBUTES = [
  'Mobilita', 'AttivitaVitaQuotidiana', 'DisturbiAreaCognitiva', 'DisturbiComportamentali', 'NecessitaCureSanitarie', 'AreaReddituale', 'AreaSupporto',
  'FonteDerivazioneValutazione', 'StrumentoValutazione', 'FonteDerivazioneInvalidita',
] as const;
/** SINA code lists; in CSV one column each, codes separated by `|`. */
export const SINA_LIST_COLUMNS = ['NecessitaInterventiSociali', 'InvaliditaCivile'] as const;
const MAX_INDIRIZZI = 5;

const indirizzoColumn = (attribute: string, n: number): string => (n === 1 ? attribute : `${attribute}${n}`);

/** Every column a PS CSV may have, in the canonical order (the order the generator writes). */
export const PS_CSV_COLUMNS: readonly string[] = [
  'CodiceFiscale',
  ...ANAGRAFICA_COLUMNS,
  ...[1, 2, 3, 4, 5].flatMap((n) => INDIRIZZO_ATTRIBUTES.map((a) => indirizzoColumn(a, n))),
  ...PRESTAZIONE_ATTRIBUTES,
  ...SINA_ATTRIBUTES,
  ...SINA_LIST_COLUMNS,
];

/** Columns for the attributes the XSD requires. */
const REQUIRED_COLUMNS = ['CodiceFiscale', 'Cognome', 'Nome', 'AnnoNascita', 'LuogoNascita', 'Genere', 'CodiceCittadinanza', 'CodiceNazione', 'PresenzaProvaMezzi', 'CodicePrestazione', 'DenominazionePrestazione', 'ProtocolloDomanda', 'PresaCarico'];
const KNOWN = new Set(PS_CSV_COLUMNS);
const clip = (name: string): string => (name.length > 40 ? `${name.slice(0, 40)}…` : name);

/** Column positions of a checked header (-1 = column absent). */
export interface CsvLayout {
  width: number;
  codiceFiscale: number;
  anagrafica: number[];
  indirizzi: number[][];
  prestazione: number[];
  sina: number[];
  sinaLists: number[];
  /** Columns that identify the beneficiary, to group consecutive rows of the same person. */
  beneficiary: number[];
}

/**
 * Checks a PS CSV header: every name an XSD attribute of the layout, none twice, the required ones
 * present (CodiceNazioneN too when any column of address N is). Throws CSV_HEADER naming the columns.
 */
export function csvLayout(header: readonly string[]): CsvLayout {
  const names = header.map((h) => h.trim());
  const position = new Map<string, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  names.forEach((name, i) => {
    if (!KNOWN.has(name)) unknown.push(name === '' ? '(empty name)' : clip(name));
    else if (position.has(name)) duplicate.push(name);
    else position.set(name, i);
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !position.has(name));
  for (let n = 2; n <= MAX_INDIRIZZI; n++) {
    const nation = indirizzoColumn('CodiceNazione', n);
    if (!position.has(nation) && INDIRIZZO_ATTRIBUTES.some((a) => position.has(indirizzoColumn(a, n)))) missing.push(nation);
  }
  const details = [
    ...(unknown.length > 0 ? [`unknown columns: ${unknown.join(', ')}`] : []),
    ...(duplicate.length > 0 ? [`duplicate columns: ${[...new Set(duplicate)].join(', ')}`] : []),
    ...(missing.length > 0 ? [`missing required columns: ${missing.join(', ')}`] : []),
  ];
  if (details.length > 0) throw new FlowFormatError('CSV_HEADER', `The CSV header is not the PS layout (${details.join('; ')})`, { line: 1, details });
  const at = (name: string): number => position.get(name) ?? -1;
  const anagrafica = ANAGRAFICA_COLUMNS.map(at);
  const indirizzi = [1, 2, 3, 4, 5].map((n) => INDIRIZZO_ATTRIBUTES.map((a) => at(indirizzoColumn(a, n))));
  return {
    width: names.length,
    codiceFiscale: at('CodiceFiscale'),
    anagrafica,
    indirizzi,
    prestazione: PRESTAZIONE_ATTRIBUTES.map(at),
    sina: SINA_ATTRIBUTES.map(at),
    sinaLists: SINA_LIST_COLUMNS.map(at),
    beneficiary: [at('CodiceFiscale'), ...anagrafica, ...indirizzi.flat()].filter((i) => i >= 0),
  };
}

/** Attributes from the given columns of a row; empty cells are absent attributes. */
function pick(row: readonly string[], columns: readonly number[], names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i] ?? -1];
    if (value !== undefined && value !== '') out[names[i] as string] = value;
  }
  return out;
}

function attributesXml(attributes: Record<string, string>): string {
  let s = '';
  for (const name in attributes) s += ` ${name}="${escapeXml(attributes[name] as string)}"`;
  return s;
}

/** Builds PS records, and their XML, from CSV rows; consecutive rows of one beneficiary share it. */
export class CsvRowBuilder {
  private readonly layout: CsvLayout;
  private previousKey: string | undefined;
  private beneficiario: PsFlowRecord['beneficiario'] | undefined;
  private beneficiaries = 0;

  constructor(layout: CsvLayout) {
    this.layout = layout;
  }

  /** A row left out (`skip`): only the grouping into beneficiaries moves on. */
  skipRow(row: readonly string[]): void {
    const key = this.layout.beneficiary.map((i) => row[i] ?? '').join('\u0000');
    if (key !== this.previousKey) {
      this.previousKey = key;
      this.beneficiaries += 1;
      this.beneficiario = undefined;
    }
  }

  /** One row as a unit: the record, and the Beneficiario element it stands for (no XML for a row of the wrong width). */
  unit(row: readonly string[], index: number, line: number): CapturedUnit {
    const l = this.layout;
    const key = l.beneficiary.map((i) => row[i] ?? '').join('\u0000');
    if (key !== this.previousKey || this.beneficiario === undefined) {
      if (key !== this.previousKey) this.beneficiaries += 1;
      this.previousKey = key;
      const indirizzi: Record<string, string>[] = [];
      l.indirizzi.forEach((columns, n) => {
        const attributes = pick(row, columns, INDIRIZZO_ATTRIBUTES);
        if (n === 0 || Object.keys(attributes).length > 0) indirizzi.push(attributes);
      });
      this.beneficiario = { CodiceFiscale: row[l.codiceFiscale] ?? '', anagrafica: pick(row, l.anagrafica, ANAGRAFICA_COLUMNS), indirizzi };
    }
    const beneficiario = this.beneficiario;
    const record: PsFlowRecord = { kind: 'PS', index, beneficiaryIndex: this.beneficiaries - 1, line, beneficiario, prestazione: pick(row, l.prestazione, PRESTAZIONE_ATTRIBUTES), problems: [] };
    const sinaAttributes = pick(row, l.sina, SINA_ATTRIBUTES);
    const [necessita, invalidita] = l.sinaLists.map((i) => row[i] ?? '');
    if (Object.keys(sinaAttributes).length > 0 || necessita || invalidita) {
      record.sina = { attributes: sinaAttributes };
      if (necessita) record.sina.NecessitaInterventiSociali = necessita.split('|');
      if (invalidita) record.sina.InvaliditaCivile = invalidita.split('|');
    }
    if (row.length !== l.width) {
      record.problems.push({ rule: 'XSD', field: 'row', message: `The row has ${row.length} fields but the header has ${l.width}; the columns cannot be trusted, so the row was not checked further`, severity: 'BLOCKING' });
      return { xml: '', children: [], records: [record] };
    }
    const cf = row[l.codiceFiscale] ?? '';
    let xml = `${cf === '' ? '<Beneficiario>' : `<Beneficiario CodiceFiscale="${escapeXml(cf)}">`}<Anagrafica${attributesXml(beneficiario.anagrafica)}/>`;
    const children = [-1];
    for (const indirizzo of beneficiario.indirizzi) {
      xml += `<Indirizzo${attributesXml(indirizzo)}/>`;
      children.push(-1);
    }
    children.push(0);
    let ps = `<PrestazioniSociali${attributesXml(record.prestazione)}`;
    if (record.sina === undefined) ps += '/>';
    else {
      ps += `><SINA${attributesXml(record.sina.attributes)}>`;
      const codes = record.sina.NecessitaInterventiSociali;
      if (codes !== undefined) ps += `<NecessitaInterventiSociali>${codes.map((c) => `<CodicePrestazione>${escapeXml(c)}</CodicePrestazione>`).join('')}</NecessitaInterventiSociali>`;
      const inv = record.sina.InvaliditaCivile;
      if (inv !== undefined) ps += `<InvaliditaCivile>${inv.map((c) => `<InvCiv>${escapeXml(c)}</InvCiv>`).join('')}</InvaliditaCivile>`;
      ps += '</SINA></PrestazioniSociali>';
    }
    return { xml: `${xml}${ps}</Beneficiario>`, children, records: [record] };
  }
}

/** The envelope of a CSV flow (it is not in the file) rebuilt as IdentificazioneFlusso for the XSD. */
export function envelopeXml(envelope: FlowEnvelope): string {
  const e = envelope.ente;
  const ente: Record<string, string> = { Codice: e.Codice, ...(e.Denominazione === undefined ? {} : { Denominazione: e.Denominazione }), Indirizzo: e.Indirizzo, CFOperatore: e.CFOperatore };
  return `<IdentificazioneFlusso Nome="${escapeXml(envelope.name)}"><Ente${attributesXml(ente)}/></IdentificazioneFlusso>`;
}

/** First line of the text, to detect the delimiter, and the full text stream back. */
async function peekHeader(text: AsyncIterator<string>): Promise<{ head: string; rest: AsyncIterator<string> }> {
  let head = '';
  for (;;) {
    const next = await text.next();
    if (next.done === true) break;
    head += next.value;
    if (head.includes('\n') || head.length > 65536) break;
  }
  return { head, rest: text };
}

async function* prepend(head: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (head !== '') yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote is followed by something other than the delimiter or the end of the row',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote is followed by something other than the delimiter or the end of the row',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
};

/**
 * Rows of a CSV text stream (`;` or `,` as the header uses), with their line numbers; the first item
 * is the header. Malformed CSV (an unclosed quote...) throws NOT_WELL_FORMED with the line.
 */
export async function* csvRows(text: AsyncIterable<string>, maxRecordSize: number): AsyncGenerator<{ row: string[]; line: number }> {
  const { head, rest } = await peekHeader(text[Symbol.asyncIterator]());
  if (head.trim() === '') throw new FlowFormatError('EMPTY', 'The CSV file is empty');
  const firstLine = head.split('\n').find((line) => line.trim() !== '') ?? '';
  const semicolons = firstLine.split(';').length;
  const commas = firstLine.split(',').length;
  const delimiter = semicolons >= commas ? ';' : ',';
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, info: true, max_record_size: maxRecordSize });
  const input = Readable.from(prepend(head, rest), { objectMode: false });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { row: item.record, line: item.info.lines };
  } catch (error) {
    if (error instanceof FlowFormatError) throw error;
    const code = (error as { code?: string }).code ?? '';
    const lines = (error as { lines?: number }).lines;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new FlowFormatError('TOO_LARGE', `A CSV row is larger than ${maxRecordSize} characters`, { line: lines });
    throw new FlowFormatError('NOT_WELL_FORMED', `The CSV is malformed: ${CSV_ERRORS[code] ?? 'it cannot be parsed'}`, { line: lines });
  } finally {
    input.destroy();
  }
}
