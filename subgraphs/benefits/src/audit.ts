import { personSubject } from '@siuss/audit/entry';
import type { AuditRules } from '@siuss/audit/plugin';
import type { Context } from './context.ts';
import type { BenefitRecordInput } from './domain/input.ts';
import type { Beneficiary } from './entities/Beneficiary.ts';
import type { Benefit } from './entities/Benefit.ts';

type Args<T> = { args: { input: T } };
type Key = { key: { taxCode: string } };

/**
 * What the benefits subgraph audits: every field of a Person and of a Benefit (the benefit's
 * person: from the identity map when the person was loaded, else one batched lookup), the person
 * asked for by `person(taxCode:)` and `accessLog(taxCode:)`, and the person each mutation writes.
 */
export const benefitsAudit: AuditRules<Context> = {
  types: {
    Person: (person: Beneficiary) => personSubject(person.taxCode),
    Benefit: (benefit: Benefit, { loaders }: Context) => {
      const beneficiary = benefit.beneficiary.isInitialized() ? benefit.beneficiary.unwrap() : undefined;
      if (beneficiary?.taxCode) return personSubject(beneficiary.taxCode);
      return loaders.beneficiaryById.load(benefit.beneficiary.id).then((loaded) => (loaded ? personSubject(loaded.taxCode) : null));
    },
  },
  fields: {
    'Query.person': ({ args }) => personSubject(args.taxCode),
    'Query.accessLog': ({ args }) => personSubject(args.taxCode),
    'Mutation.recordBenefit': ({ args }: Args<BenefitRecordInput>) => personSubject(args.input.beneficiary.taxCode),
    'Mutation.cancelBenefit': ({ args }: Args<Key>) => personSubject(args.input.key.taxCode),
    'Mutation.correctBenefit': ({ args }: Args<Key & { record: BenefitRecordInput }>) =>
      [personSubject(args.input.key.taxCode), personSubject(args.input.record.beneficiary.taxCode)],
  },
  // The data subject reading who read their data states no purpose; the read is still recorded.
  purposeExempt: ['Query.accessLog'],
};
