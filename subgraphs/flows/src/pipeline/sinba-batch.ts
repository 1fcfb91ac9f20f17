import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { Violation } from '@siuss/errors/errors';
import { trustedViewer } from '@siuss/service/viewer';
import type { SinbaAttributes, SinbaRecord } from '@siuss/subgraph-assessments/record';
import { recordSinbaCase } from '@siuss/subgraph-assessments/sinba-service';
import type { FlowEnvelope, SinbaFlowRecord } from '@siuss/xsd/flow-reader';
import { describeAcceptance, describeRefusal, recordLabel, type RecordOutcome } from './outcome.ts';
import type { BatchContext } from './ps-batch.ts';

/**
 * The reporting year of a SINBA flow, which SINBA.xsd does not carry: the year in the flow name
 * (`EEEE.SINBA.AAAAMMGG.NNN`), else the year the flow was received.
 */
export function reportingYearOf(flowName: string | null, receivedAt: Date): string {
  const match = /\.(?:SINBA|PS)\.(\d{4})\d{4}\./.exec(flowName ?? '');
  return match?.[1] ?? String(receivedAt.getUTCFullYear());
}

/**
 * Validates and stores the SINBA records of a batch through the assessments subgraph's own service
 * (one transaction per record, acting for the flow's ente: SINBA cases belong to the ente that sent
 * them). A record stored again after a restart is recognised (same fingerprint) and keeps its id.
 */
export async function processSinbaBatch(orm: MikroORM, envelope: FlowEnvelope, records: readonly SinbaFlowRecord[], context: BatchContext & { reportingYear: string }): Promise<RecordOutcome[]> {
  const viewer = trustedViewer({ enteCode: envelope.ente.Codice, operatorTaxCode: envelope.ente.CFOperatore });
  const outcomes: RecordOutcome[] = [];
  for (const source of records) {
    const base = { index: source.index, line: source.line, operation: 'I' as const, sinaAssessmentId: null };
    if (source.problems.length > 0) {
      const violations = source.problems as Violation[];
      outcomes.push({ ...base, esito: 'RICHIESTA_INVALIDA', acquisitionId: null, description: describeRefusal(source.index, source.line, violations), violations });
      continue;
    }
    const record: SinbaRecord = {
      ente: { ...envelope.ente },
      period: { reportingYear: context.reportingYear },
      sinba: { ...source.attributes, Prestazioni: source.Prestazioni, Famiglia: source.Famiglia } as unknown as SinbaAttributes,
    };
    try {
      const result = await recordSinbaCase(orm.em.fork(), viewer, record, { strictRules: context.strictRules, channel: context.channel, flowName: context.flowName });
      const what = result.created ? 'acquired' : 'already acquired: the same record was sent before';
      outcomes.push({ ...base, esito: 'OK', acquisitionId: result.sinbaCase.id, description: describeAcceptance(source.index, source.line, what, result.warnings), violations: result.warnings });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const extensions = error.extensions as { code?: string; esito?: string; violations?: Violation[] };
      const violations = extensions.violations ?? [{ rule: 'KEY', field: 'SINBA@IDBeneficiario', message: error.message, severity: 'BLOCKING' as const }];
      const esito = extensions.esito === 'RICHIESTA_INVALIDA' ? 'RICHIESTA_INVALIDA' : 'DATI_NON_TROVATI';
      const description = extensions.violations ? describeRefusal(source.index, source.line, violations) : `${recordLabel(source.index, source.line)} refused: ${error.message}`;
      outcomes.push({ ...base, esito, acquisitionId: null, description, violations });
    }
  }
  return outcomes;
}
