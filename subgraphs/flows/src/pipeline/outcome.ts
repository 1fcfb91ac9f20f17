import type { Violation } from '@siuss/errors/errors';
import type { EsitoCode } from '../entities/FlowRecord.ts';

/** The outcome of one record, as stored in flows.flow_record and returned to the sender. */
export interface RecordOutcome {
  index: number;
  line: number | null;
  operation: 'I' | 'C';
  esito: EsitoCode;
  acquisitionId: string | null;
  sinaAssessmentId: string | null;
  description: string;
  violations: Violation[];
}

const MAX_LISTED = 5;

/** "Record 12 (line 40)": how descriptions name a record. Positions are 1-based for people. */
export function recordLabel(index: number, line: number | null): string {
  return `Record ${index + 1}${line ? ` (line ${line})` : ''}`;
}

/**
 * One-line description of a refused record naming the record, each field and rule (the first few),
 * so an operator can fix the file from the description alone.
 */
export function describeRefusal(index: number, line: number | null, violations: readonly Violation[]): string {
  const blocking = violations.filter((v) => v.severity === 'BLOCKING');
  const listed = blocking.slice(0, MAX_LISTED).map((v) => `${v.field}: ${v.message} (${v.rule})`);
  const more = blocking.length > MAX_LISTED ? `; and ${blocking.length - MAX_LISTED} more` : '';
  return `${recordLabel(index, line)} refused: ${listed.join('; ')}${more}`;
}

/** Description of an accepted record, mentioning warnings kept with it. */
export function describeAcceptance(index: number, line: number | null, what: string, warnings: readonly Violation[]): string {
  const warned = warnings.length > 0
    ? `; warnings: ${warnings.slice(0, MAX_LISTED).map((v) => `${v.field} (${v.rule})`).join(', ')}${warnings.length > MAX_LISTED ? ', ...' : ''}`
    : '';
  return `${recordLabel(index, line)} ${what}${warned}`;
}

/** Whole-flow failure codes that are the sender's to fix (RICHIESTA_INVALIDA); the others are ERRORE_GENERICO. */
const TRANSIENT_FAILURES = new Set(['INTERRUPTED', 'INTERNAL']);

/** The esito a whole-flow failure stands for. */
export function failureEsito(code: string): EsitoCode {
  return TRANSIENT_FAILURES.has(code) ? 'ERRORE_GENERICO' : 'RICHIESTA_INVALIDA';
}
