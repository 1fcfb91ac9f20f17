import type { Context } from '../context.ts';
import { cancelBenefit, correctBenefit, recordBenefit, type BenefitKey } from '../domain/benefit-service.ts';
import { toPsRecord, type BenefitRecordInput } from '../domain/input.ts';

export const Mutation = {
  recordBenefit: (_: unknown, { input }: { input: BenefitRecordInput }, { em, settings }: Context) =>
    recordBenefit(em, toPsRecord(input), { strictRules: settings.strictRules, channel: 'SINGLE_RECORD', flowName: input.flowName }),

  cancelBenefit: async (
    _: unknown,
    { input }: { input: { key: BenefitKey; operatorTaxCode: string; flowName?: string | null } },
    { em }: Context,
  ) => ({ benefit: await cancelBenefit(em, input.key, input.operatorTaxCode, { channel: 'SINGLE_RECORD', flowName: input.flowName }) }),

  correctBenefit: (_: unknown, { input }: { input: { key: BenefitKey; record: BenefitRecordInput } }, { em, settings }: Context) =>
    correctBenefit(em, input.key, toPsRecord(input.record), { strictRules: settings.strictRules, channel: 'SINGLE_RECORD', flowName: input.record.flowName }),
};
