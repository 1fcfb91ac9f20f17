import type { Context } from '../context.ts';
import { assertEnteWriter } from '../domain/access.ts';
import { cancelBenefit, correctBenefit, recordBenefit, type BenefitKey } from '../domain/benefit-service.ts';
import { toPsRecord, type BenefitRecordInput } from '../domain/input.ts';

export const Mutation = {
  recordBenefit: (_: unknown, { input }: { input: BenefitRecordInput }, { em, settings, viewer }: Context) => {
    assertEnteWriter(viewer, input.ente.code, 'Recording a benefit');
    return recordBenefit(em, toPsRecord(input), { strictRules: settings.strictRules, channel: 'SINGLE_RECORD', flowName: input.flowName });
  },

  cancelBenefit: async (
    _: unknown,
    { input }: { input: { key: BenefitKey; operatorTaxCode: string; flowName?: string | null } },
    { em, viewer }: Context,
  ) => {
    assertEnteWriter(viewer, input.key.enteCode, 'Cancelling a benefit');
    return { benefit: await cancelBenefit(em, input.key, input.operatorTaxCode, { channel: 'SINGLE_RECORD', flowName: input.flowName }) };
  },

  correctBenefit: (_: unknown, { input }: { input: { key: BenefitKey; record: BenefitRecordInput } }, { em, settings, viewer }: Context) => {
    assertEnteWriter(viewer, input.key.enteCode, 'Correcting a benefit');
    assertEnteWriter(viewer, input.record.ente.code, 'Correcting a benefit');
    return correctBenefit(em, input.key, toPsRecord(input.record), { strictRules: settings.strictRules, channel: 'SINGLE_RECORD', flowName: input.record.flowName });
  },
};
