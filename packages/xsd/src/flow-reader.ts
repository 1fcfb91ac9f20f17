// @siuss/xsd/flow-reader: INPS flow files (XML, or CSV for PS) streamed into batches of records,
// each record checked against the official XSD by libxml2. This module is the package entry point,
// so it also re-exports the types, the error class and the test-data generators it documents.
import { csvLayout, csvRows, CsvRowBuilder, envelopeXml as csvEnvelopeXml } from './flow-csv.ts';
import { decodeFlow } from './flow-text.ts';
import type { FlowChunk } from './flow-text.ts';
import { DEFAULT_LIMITS, FlowFormatError } from './flow-types.ts';
import type { FlowEnvelope, FlowFormat, FlowKind, FlowLimits, FlowRecord } from './flow-types.ts';
import { PLACEHOLDER_RECORD, SKIPPED, XmlFlowParser } from './flow-xml.ts';
import type { CapturedUnit, FlowWrapper } from './flow-xml.ts';
import { CASELLARIO_NS, RebuiltXmlError, validateDocument } from './flow-xsd.ts';

export { FlowFormatError } from './flow-types.ts';
export type { FlowEnvelope, FlowFormat, FlowFormatErrorCode, FlowKind, FlowLimits, FlowRecord, PsFlowRecord, SinbaFlowRecord, XsdProblem } from './flow-types.ts';
export type { FlowChunk } from './flow-text.ts';
export { PS_CSV_COLUMNS } from './flow-csv.ts';
export { generatePsFlowCsv, generatePsFlowXml, XSD_DEFECTS } from './flow-generator.ts';
export type { GeneratorOptions, XsdDefect } from './flow-generator.ts';

export interface FlowSourceOptions extends FlowLimits {
  format: FlowFormat;
  /** Expected kind; a flow of the other kind is WRONG_KIND. XML detects it (Beneficiario => PS, SINBA => SINBA); CSV is PS only. */
  kind?: FlowKind;
  /** The envelope of a CSV flow, which the file does not carry (required for CSV, ignored for XML). */
  csvEnvelope?: FlowEnvelope;
}

export interface ReadFlowOptions extends FlowSourceOptions {
  /** Records per batch, about (a Beneficiario is never split across batches); default 1000. */
  batchSize?: number;
  /** Records to leave out from the start (resume after a restart): they are parsed but neither rebuilt nor validated. */
  skip?: number;
}

/** What pass 1 learnt about a flow that can be read. */
export interface FlowScan {
  kind: FlowKind;
  envelope: FlowEnvelope;
  records: number;
}

const SLICE = 1 << 16;

function limitsOf(options: FlowLimits): Required<FlowLimits> {
  return { maxRecords: options.maxRecords ?? DEFAULT_LIMITS.maxRecords, maxRecordSize: options.maxRecordSize ?? DEFAULT_LIMITS.maxRecordSize };
}

/** XSD-checks the root and the envelope (with a placeholder record after it); BAD_ENVELOPE with the reasons when they fail. */
function checkEnvelope(kind: FlowKind, wrapper: FlowWrapper): void {
  let problems;
  try {
    problems = validateDocument(kind, `${wrapper.open}\n${wrapper.envelope}\n${PLACEHOLDER_RECORD[kind]}\n${wrapper.close}`, wrapper.namespaces);
  } catch (error) {
    if (error instanceof RebuiltXmlError) throw new FlowFormatError('NOT_WELL_FORMED', 'libxml2 finds the flow envelope not well-formed');
    throw error;
  }
  if (problems.length === 0) return;
  const details = [...new Set(problems.map((p) => p.problem.message))];
  throw new FlowFormatError('BAD_ENVELOPE', `The flow envelope (Flusso, IdentificazioneFlusso, Ente) is not valid against the ${kind} XSD: ${details.join('; ')}`, { details });
}

function csvWrapper(envelope: FlowEnvelope): FlowWrapper {
  return { open: `<Flusso xmlns="${CASELLARIO_NS}">`, close: '</Flusso>', envelope: csvEnvelopeXml(envelope), namespaces: {} };
}

function csvEnvelopeOf(options: FlowSourceOptions): FlowEnvelope {
  if (options.kind === 'SINBA') throw new TypeError('CSV flows are PS flows only; SINBA comes as XML');
  if (options.csvEnvelope === undefined) throw new TypeError('csvEnvelope is required for a CSV flow: the file carries no IdentificazioneFlusso');
  checkEnvelope('PS', csvWrapper(options.csvEnvelope));
  return options.csvEnvelope;
}

/**
 * Decoded text of the source in slices small enough to check the size limits between them. No slice
 * ends with a CR or half a surrogate pair, so saxes never carries a character over and its
 * positions are offsets into the slices as given.
 */
async function* slices(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, format: FlowFormat): AsyncGenerator<string> {
  let held = '';
  for await (const decoded of decodeFlow(source, format)) {
    const text = held === '' ? decoded : held + decoded;
    let end = text.length;
    const last = text.charCodeAt(end - 1);
    if (last === 13 || (last >= 0xd800 && last <= 0xdbff)) end -= 1;
    held = text.slice(end);
    let i = 0;
    while (i < end) {
      let to = Math.min(i + SLICE, end);
      const c = text.charCodeAt(to - 1);
      if (to < end && (c === 13 || (c >= 0xd800 && c <= 0xdbff))) to -= 1;
      yield i === 0 && to === text.length ? text : text.slice(i, to);
      i = to;
    }
  }
  if (held !== '') yield held;
}

/**
 * Pass 1 ("validating"): reads the whole stream once, cheaply (no record objects, no XSD beyond the
 * envelope) and checks what would make the whole flow unusable: encoding, well-formedness, no
 * DOCTYPE, root Flusso in the INPS namespace, an XSD-valid envelope, one record kind, size limits,
 * the CSV header. Returns the kind, the envelope and the number of records that pass 2 will yield.
 * Throws FlowFormatError, which the caller turns into the esito RICHIESTA_INVALIDA of the flow.
 */
export async function scanFlow(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, options: FlowSourceOptions): Promise<FlowScan> {
  const limits = limitsOf(options);
  if (options.format === 'CSV') {
    const envelope = csvEnvelopeOf(options);
    let records = -1;
    for await (const { row, line } of csvRows(slices(source, 'CSV'), limits.maxRecordSize)) {
      if (records === -1) {
        csvLayout(row);
        records = 0;
      } else if (++records > limits.maxRecords) throw new FlowFormatError('TOO_LARGE', `The flow holds more than ${limits.maxRecords} records`, { line });
    }
    return { kind: 'PS', envelope, records: checkCsvCount(records) };
  }
  const parser = new XmlFlowParser({ kind: options.kind, capture: false, skip: 0, ...limits, checkEnvelope });
  for await (const text of slices(source, 'XML')) parser.write(text);
  parser.end();
  if (parser.kind === undefined || parser.envelope === undefined) throw new FlowFormatError('NO_RECORDS', 'The flow holds no record');
  return { kind: parser.kind, envelope: parser.envelope, records: parser.records };
}

function checkCsvCount(records: number): number {
  if (records === -1) throw new FlowFormatError('EMPTY', 'The CSV file is empty');
  if (records === 0) throw new FlowFormatError('NO_RECORDS', 'The CSV file has a header but no rows', { line: 2 });
  return records;
}

const newlines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
};

/**
 * XSD-validates a batch of units as one document (the flow's root, the envelope, the units) and
 * attaches each problem to the records it concerns: a problem inside a PrestazioniSociali (or a
 * SINBA) to that record, one on the Beneficiario, its Anagrafica or an Indirizzo to every record of
 * the Beneficiario. The unit of a problem is found by its line, the record by its position in the unit.
 */
function validateUnits(kind: FlowKind, wrapper: FlowWrapper, units: readonly CapturedUnit[]): void {
  const xmls: string[] = [];
  for (const unit of units) if (unit.xml !== '') xmls.push(unit.xml);
  if (xmls.length === 0) return;
  const head = `${wrapper.open}\n${wrapper.envelope}\n`;
  let located;
  let starts: { line: number; unit: CapturedUnit }[] | undefined;
  const unitAt = (line: number): CapturedUnit | undefined => {
    if (starts === undefined) {
      starts = [];
      let next = newlines(head) + 1;
      for (const unit of units) {
        if (unit.xml === '') continue;
        starts.push({ line: next, unit });
        next += newlines(unit.xml) + 1;
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || line < (starts[0]?.line ?? 0)) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid]?.line ?? 0) <= line) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo]?.unit;
  };
  try {
    located = validateDocument(kind, `${head}${xmls.join('\n')}\n${wrapper.close}`, wrapper.namespaces);
  } catch (error) {
    if (!(error instanceof RebuiltXmlError)) throw error;
    const record = unitAt(error.line ?? 0)?.records[0];
    throw new FlowFormatError('NOT_WELL_FORMED', 'libxml2 finds a record not well-formed', { line: record?.line });
  }
  for (const { line, child, problem } of located) {
    const unit = unitAt(line);
    if (unit === undefined) throw new Error(`internal error: an XSD problem on line ${line} of a batch document belongs to no record`);
    const owner = child === undefined ? -1 : (unit.children[child] ?? -1);
    if (owner === SKIPPED) continue;
    const targets = owner < 0 ? unit.records : [unit.records[owner]];
    for (const record of targets) {
      if (record !== undefined && !record.problems.some((p) => p.field === problem.field && p.message === problem.message)) record.problems.push(problem);
    }
  }
}

function emit(units: readonly CapturedUnit[]): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (const unit of units) for (const record of unit.records) out.push(record);
  return out;
}

/**
 * Pass 2: yields batches of about `batchSize` records in document order, each parsed and checked
 * against the official XSD (`problems` empty when valid). Memory is bounded by one input chunk plus
 * one batch, whatever the file size. The first `skip` records are not yielded and cost only the
 * parsing. Whole-flow problems (those scanFlow finds) make the iteration throw FlowFormatError,
 * possibly after some batches: run scanFlow first to know before storing anything.
 */
export async function* readFlow(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, options: ReadFlowOptions): AsyncGenerator<FlowRecord[], void, undefined> {
  const limits = limitsOf(options);
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const skip = Math.max(0, options.skip ?? 0);
  if (options.format === 'CSV') {
    yield* readCsv(source, csvEnvelopeOf(options), limits, batchSize, skip);
    return;
  }
  const parser = new XmlFlowParser({ kind: options.kind, capture: true, skip, ...limits, checkEnvelope });
  const take = (): FlowRecord[] | undefined => {
    const units = parser.takeUnits(batchSize);
    if (units.length === 0 || parser.kind === undefined || parser.wrapper === undefined) return undefined;
    validateUnits(parser.kind, parser.wrapper, units);
    return emit(units);
  };
  for await (const text of slices(source, 'XML')) {
    parser.write(text);
    while (parser.readyRecords >= batchSize) {
      const batch = take();
      if (batch !== undefined && batch.length > 0) yield batch;
    }
  }
  parser.end();
  while (parser.readyRecords > 0) {
    const batch = take();
    if (batch !== undefined && batch.length > 0) yield batch;
  }
}

async function* readCsv(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, envelope: FlowEnvelope, limits: Required<FlowLimits>, batchSize: number, skip: number): AsyncGenerator<FlowRecord[]> {
  const wrapper = csvWrapper(envelope);
  let builder: CsvRowBuilder | undefined;
  let units: CapturedUnit[] = [];
  let index = 0;
  for await (const { row, line } of csvRows(slices(source, 'CSV'), limits.maxRecordSize)) {
    if (builder === undefined) {
      builder = new CsvRowBuilder(csvLayout(row));
      continue;
    }
    if (index >= limits.maxRecords) throw new FlowFormatError('TOO_LARGE', `The flow holds more than ${limits.maxRecords} records`, { line });
    if (index < skip) {
      builder.skipRow(row);
      index += 1;
      continue;
    }
    units.push(builder.unit(row, index++, line));
    if (units.length >= batchSize) {
      validateUnits('PS', wrapper, units);
      yield emit(units);
      units = [];
    }
  }
  checkCsvCount(builder === undefined ? -1 : index);
  if (units.length > 0) {
    validateUnits('PS', wrapper, units);
    yield emit(units);
  }
}
