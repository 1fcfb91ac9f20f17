import { randomUUID } from 'node:crypto';
import type { Sql } from '@siuss/db/sql';
import type { Violation } from '@siuss/errors/errors';
import { writePsBatch, type PsBatchItem } from '@siuss/subgraph-benefits/batch';
import type { PsRecord } from '@siuss/subgraph-benefits/record';
import { esitoFor, hasBlocking, validatePsRecord } from '@siuss/subgraph-benefits/validation';
import { writeSinaBatch, type SinaBatchItem } from '@siuss/subgraph-assessments/sina-batch';
import type { SinaAttributes, SinaRecord } from '@siuss/subgraph-assessments/record';
import { validateSinaRecord } from '@siuss/subgraph-assessments/sina-validation';
import type { FlowEnvelope, PsFlowRecord } from '@siuss/xsd/flow-reader';
import { describeAcceptance, describeRefusal, recordLabel, type RecordOutcome } from './outcome.ts';

export interface BatchContext {
  strictRules: ReadonlySet<string>;
  channel: 'FILE_UPLOAD' | 'WAAS';
  flowName: string | null;
}

interface Prepared {
  source: PsFlowRecord;
  item: PsBatchItem;
  sina: SinaRecord | null;
  warnings: Violation[];
}

function toPsRecord(envelope: FlowEnvelope, record: PsFlowRecord): PsRecord {
  return {
    ente: { ...envelope.ente },
    beneficiario: {
      CodiceFiscale: record.beneficiario.CodiceFiscale,
      anagrafica: record.beneficiario.anagrafica as unknown as PsRecord['beneficiario']['anagrafica'],
      indirizzi: record.beneficiario.indirizzi as unknown as PsRecord['beneficiario']['indirizzi'],
    },
    prestazione: record.prestazione as unknown as PsRecord['prestazione'],
  };
}

function toSinaRecord(ps: PsRecord, record: PsFlowRecord, benefitId: string): SinaRecord | null {
  if (!record.sina) return null;
  const p = ps.prestazione;
  const assessmentDate = (p.CaratterePrestazione === '2' ? p.DataErogazionePrestazione : p.DataInizioPrestazione) ?? p.DataErogazionePrestazione ?? p.DataInizioPrestazione ?? '';
  const sina: Record<string, unknown> = { ...record.sina.attributes };
  if (record.sina.NecessitaInterventiSociali) sina['NecessitaInterventiSociali'] = record.sina.NecessitaInterventiSociali;
  if (record.sina.InvaliditaCivile) sina['InvaliditaCivile'] = record.sina.InvaliditaCivile;
  return { ente: ps.ente, beneficiario: { CodiceFiscale: ps.beneficiario.CodiceFiscale }, link: { benefitId, assessmentDate }, sina: sina as unknown as SinaAttributes };
}

/** The SINA validator also checks the ente and the person, which the PS rules already reported. */
const sinaOnly = (violations: Violation[]): Violation[] =>
  violations.filter((v) => !v.field.startsWith('Ente@') && !v.field.startsWith('Beneficiario@'));

/** A batch validated and not yet written: the outcomes of its refused records, its accepted ones ready to store. */
export interface PreparedPsBatch {
  records: readonly PsFlowRecord[];
  /** One slot per record; the refused ones are filled. */
  refused: readonly (RecordOutcome | undefined)[];
  accepted: ReadonlyArray<Prepared & { position: number }>;
}

/** Records validated between two turns of the event loop, so the replies of the batch being written meanwhile are not held up. */
const VALIDATION_SLICE = 100;

/**
 * Validates one batch of PS records of a flow, without the database: XSD problems found by the
 * reader refuse a record (RICHIESTA_INVALIDA); then the PS rules R1-R10, the SINA rules and the
 * reference checks, as for a single record. Yields to the event loop every 100 records, so a
 * batch can be validated while the previous one is being written.
 */
export async function preparePsBatch(envelope: FlowEnvelope, records: readonly PsFlowRecord[], context: BatchContext): Promise<PreparedPsBatch> {
  const outcomes: Array<RecordOutcome | undefined> = new Array(records.length);
  const prepared: Array<Prepared & { position: number }> = [];
  for (let position = 0; position < records.length; position++) {
    if (position > 0 && position % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    prepareRecord(envelope, records[position] as PsFlowRecord, position, context, outcomes, prepared);
  }
  return { records, refused: outcomes, accepted: prepared };
}

/** Validates one record: fills its outcome when it is refused, else adds it to `prepared`. */
function prepareRecord(envelope: FlowEnvelope, source: PsFlowRecord, position: number, context: BatchContext, outcomes: Array<RecordOutcome | undefined>, prepared: Array<Prepared & { position: number }>): void {
  const operation = source.prestazione['TipoOperazione'] === 'C' ? 'C' : 'I';
  const refuse = (violations: Violation[]): void => {
    outcomes[position] = {
      index: source.index, line: source.line, operation, esito: esitoFor(violations), acquisitionId: null, sinaAssessmentId: null,
      description: describeRefusal(source.index, source.line, violations), violations: violations.filter((v) => v.severity === 'BLOCKING'),
    };
  };
  if (source.problems.length > 0) return refuse(source.problems as Violation[]);
  const ps = toPsRecord(envelope, source);
  const id = randomUUID();
  const sina = toSinaRecord(ps, source, id);
  const violations = [...validatePsRecord(ps, { strictRules: context.strictRules }), ...(sina ? sinaOnly(validateSinaRecord(sina, { strictRules: context.strictRules })) : [])];
  if (hasBlocking(violations)) return refuse(violations);
  const warnings = violations.filter((v) => v.severity === 'WARNING');
  prepared.push({ source, item: { record: ps, warnings: warnings.filter((v) => !v.field.startsWith('SINA')), id }, sina, warnings, position });
}

/**
 * Validates and stores one batch of PS records of a flow inside the caller's transaction, and
 * returns one outcome per record in order (preparePsBatch, then writePreparedPsBatch).
 */
export async function processPsBatch(sql: Sql, envelope: FlowEnvelope, records: readonly PsFlowRecord[], context: BatchContext): Promise<RecordOutcome[]> {
  return writePreparedPsBatch(sql, await preparePsBatch(envelope, records, context), context);
}

/**
 * Stores the accepted records of a prepared batch inside the caller's transaction and returns one
 * outcome per record in order: the writers of the benefits and assessments subgraphs store the
 * records and their SINA together, with a constant number of statements per batch.
 */
export async function writePreparedPsBatch(sql: Sql, batch: PreparedPsBatch, context: BatchContext): Promise<RecordOutcome[]> {
  const outcomes = [...batch.refused] as RecordOutcome[];
  const prepared = batch.accepted;
  if (prepared.length === 0) return outcomes;

  const written = await writePsBatch(sql, prepared.map((p) => p.item), { channel: context.channel, flowName: context.flowName });
  const sinaItems: Array<{ at: number; item: SinaBatchItem }> = [];
  prepared.forEach((p, i) => {
    const result = written[i];
    if (!result || result.status === 'CONFLICT' || result.status === 'NOT_FOUND') return;
    // A cancelled benefit takes its SINA with it, whether or not the cancelling record repeats it.
    if (result.status === 'CANCELLED') {
      const record = p.sina ?? toSinaRecord(p.item.record, { ...p.source, sina: { attributes: {} } }, result.benefitId) as SinaRecord;
      sinaItems.push({ at: i, item: { operation: 'CANCEL', record: { ...record, link: { ...record.link, benefitId: result.benefitId } }, warnings: [] } });
    } else if (p.sina) {
      const record = { ...p.sina, link: { ...p.sina.link, benefitId: result.benefitId } };
      sinaItems.push({ at: i, item: { operation: 'STORE', record, warnings: p.warnings.filter((v) => v.field.startsWith('SINA')) } });
    }
  });
  const sinaWritten = await writeSinaBatch(sql, sinaItems.map((s) => s.item), { channel: context.channel, flowName: context.flowName });
  const sinaOf = new Map(sinaItems.map((s, i) => [s.at, sinaWritten[i]]));

  prepared.forEach((p, i) => {
    const result = written[i];
    const sinaResult = sinaOf.get(i);
    const base = { index: p.source.index, line: p.source.line, operation: p.item.record.prestazione.TipoOperazione === 'C' ? 'C' as const : 'I' as const };
    const label = recordLabel(p.source.index, p.source.line);
    if (!result || result.status === 'NOT_FOUND' || result.status === 'CONFLICT') {
      const message = result && 'message' in result ? result.message : 'The record could not be stored.';
      const violation: Violation = { rule: 'KEY', field: 'PrestazioniSociali@ProtocolloDomanda', message, severity: 'BLOCKING' };
      outcomes[p.position] = { ...base, esito: 'DATI_NON_TROVATI', acquisitionId: null, sinaAssessmentId: null, description: `${label} refused: ${message}`, violations: [violation] };
      return;
    }
    if (sinaResult?.status === 'CONFLICT') {
      const violation: Violation = { rule: 'KEY', field: 'SINA', message: sinaResult.message, severity: 'BLOCKING' };
      outcomes[p.position] = { ...base, esito: 'DATI_NON_TROVATI', acquisitionId: null, sinaAssessmentId: null, description: `${label} refused: ${sinaResult.message}`, violations: [violation] };
      return;
    }
    const what = result.status === 'CREATED' ? 'acquired' : result.status === 'CANCELLED' ? 'cancelled the stored benefit' : 'already acquired: the same record was sent before';
    outcomes[p.position] = {
      ...base,
      esito: 'OK',
      acquisitionId: result.benefitId,
      sinaAssessmentId: sinaResult && 'assessmentId' in sinaResult ? sinaResult.assessmentId : null,
      description: describeAcceptance(p.source.index, p.source.line, what, p.warnings),
      violations: p.warnings,
    };
  });
  return outcomes;
}
