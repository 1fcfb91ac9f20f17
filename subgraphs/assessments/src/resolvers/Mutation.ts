import type { Context } from '../context.ts';
import { toSinaRecord, toSinbaRecord, type SinaAssessmentInput, type SinbaCaseInput } from '../domain/input.ts';
import { cancelSinaAssessment, correctSinaAssessment, recordSinaAssessment, type SinaKey } from '../domain/sina-service.ts';
import { closeSinbaCase, correctSinbaCase, recordSinbaCase, type SinbaKey } from '../domain/sinba-service.ts';

const options = (settings: Context['settings'], flowName: string | null | undefined) =>
  ({ strictRules: settings.strictRules, channel: 'SINGLE_RECORD' as const, flowName });

export const Mutation = {
  recordSinaAssessment: (_: unknown, { input }: { input: SinaAssessmentInput }, { em, settings }: Context) =>
    recordSinaAssessment(em, toSinaRecord(input), options(settings, input.flowName)),

  cancelSinaAssessment: async (_: unknown, { input }: { input: { key: SinaKey; operatorTaxCode: string; flowName?: string | null } }, { em }: Context) =>
    ({ assessment: await cancelSinaAssessment(em, input.key, input.operatorTaxCode, { channel: 'SINGLE_RECORD', flowName: input.flowName }) }),

  correctSinaAssessment: (_: unknown, { input }: { input: { key: SinaKey; record: SinaAssessmentInput } }, { em, settings }: Context) =>
    correctSinaAssessment(em, input.key, toSinaRecord(input.record), options(settings, input.record.flowName)),

  recordSinbaCase: (_: unknown, { input }: { input: SinbaCaseInput }, { em, viewer, settings }: Context) =>
    recordSinbaCase(em, viewer, toSinbaRecord(input), options(settings, input.flowName)),

  correctSinbaCase: (_: unknown, { input }: { input: { key: SinbaKey; record: SinbaCaseInput } }, { em, viewer, settings }: Context) =>
    correctSinbaCase(em, viewer, input.key, toSinbaRecord(input.record), options(settings, input.record.flowName)),

  closeSinbaCase: (
    _: unknown,
    { input }: { input: { key: SinbaKey; closingReason: string; closingSituation: string; operatorTaxCode: string; flowName?: string | null } },
    { em, viewer, settings }: Context,
  ) => closeSinbaCase(em, viewer, input.key, input, options(settings, input.flowName)),
};
