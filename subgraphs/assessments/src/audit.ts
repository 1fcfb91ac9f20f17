import { personSubject, sinbaCaseSubject } from '@siuss/audit/entry';
import type { AuditRules } from '@siuss/audit/plugin';
import type { Context } from './context.ts';

type Sina = { taxCode: string };
type Sinba = { enteCode: string; beneficiaryCode: string };
type SinbaInput = { ente: { code: string }; beneficiaryCode: string };
type Input<T> = { args: { input: T } };

/**
 * What the assessments subgraph audits: every field of a SINA assessment and of a Person (its
 * `sinaAssessments`) under the person's codice fiscale, every field of a SINBA case under its
 * pseudonym (ente and IDBeneficiario: no codice fiscale is ever recorded for a minor), the case
 * asked for by `sinbaCase`, and the subject of each mutation.
 */
export const assessmentsAudit: AuditRules<Context> = {
  types: {
    Person: (person: Sina) => personSubject(person.taxCode),
    SinaAssessment: (assessment: Sina) => personSubject(assessment.taxCode),
    SinbaCase: (sinbaCase: Sinba) => sinbaCaseSubject(sinbaCase.enteCode, sinbaCase.beneficiaryCode),
  },
  fields: {
    'Query.sinbaCase': ({ args }) => sinbaCaseSubject(args.enteCode, args.beneficiaryCode),
    'Mutation.recordSinaAssessment': ({ args }: Input<Sina>) => personSubject(args.input.taxCode),
    'Mutation.cancelSinaAssessment': ({ args }: Input<{ key: Sina }>) => personSubject(args.input.key.taxCode),
    'Mutation.correctSinaAssessment': ({ args }: Input<{ key: Sina; record: Sina }>) =>
      [personSubject(args.input.key.taxCode), personSubject(args.input.record.taxCode)],
    'Mutation.recordSinbaCase': ({ args }: Input<SinbaInput>) => sinbaCaseSubject(args.input.ente.code, args.input.beneficiaryCode),
    'Mutation.correctSinbaCase': ({ args }: Input<{ key: Sinba; record: SinbaInput }>) =>
      [sinbaCaseSubject(args.input.key.enteCode, args.input.key.beneficiaryCode), sinbaCaseSubject(args.input.record.ente.code, args.input.record.beneficiaryCode)],
    'Mutation.closeSinbaCase': ({ args }: Input<{ key: Sinba }>) => sinbaCaseSubject(args.input.key.enteCode, args.input.key.beneficiaryCode),
  },
};
