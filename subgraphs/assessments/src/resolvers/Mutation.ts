import { assertSinaWriter, assertSinbaAccess } from '../access.ts';
import type { Context } from '../context.ts';
import { toSinaRecord, toSinbaRecord, type SinaAssessmentInput, type SinbaCaseInput } from '../domain/input.ts';
import { cancelSinaAssessment, correctSinaAssessment, recordSinaAssessment, type SinaKey } from '../domain/sina-service.ts';
import { closeSinbaCase, correctSinbaCase, recordSinbaCase, type SinbaKey } from '../domain/sinba-service.ts';

const options = (settings: Context['settings'], flowName: string | null | undefined) =>
  ({ strictRules: settings.strictRules, channel: 'SINGLE_RECORD' as const, flowName });

export const Mutation = {
  recordSinaAssessment: (_: unknown, { input }: { input: SinaAssessmentInput }, { em, settings, viewer }: Context) => {
    assertSinaWriter(viewer, input.ente.code, 'Recording a SINA assessment');
    return recordSinaAssessment(em, toSinaRecord(input), options(settings, input.flowName));
  },

  cancelSinaAssessment: async (_: unknown, { input }: { input: { key: SinaKey; operatorTaxCode: string; flowName?: string | null } }, { em, viewer }: Context) => {
    assertSinaWriter(viewer, input.key.enteCode, 'Cancelling a SINA assessment');
    return { assessment: await cancelSinaAssessment(em, input.key, input.operatorTaxCode, { channel: 'SINGLE_RECORD', flowName: input.flowName }) };
  },

  correctSinaAssessment: (_: unknown, { input }: { input: { key: SinaKey; record: SinaAssessmentInput } }, { em, settings, viewer }: Context) => {
    assertSinaWriter(viewer, input.key.enteCode, 'Correcting a SINA assessment');
    assertSinaWriter(viewer, input.record.ente.code, 'Correcting a SINA assessment');
    return correctSinaAssessment(em, input.key, toSinaRecord(input.record), options(settings, input.record.flowName));
  },

  recordSinbaCase: (_: unknown, { input }: { input: SinbaCaseInput }, { em, viewer, settings }: Context) => {
    assertSinbaAccess(viewer, input.ente.code, 'Recording a SINBA case', 'sinba:write');
    return recordSinbaCase(em, viewer, toSinbaRecord(input), options(settings, input.flowName));
  },

  correctSinbaCase: (_: unknown, { input }: { input: { key: SinbaKey; record: SinbaCaseInput } }, { em, viewer, settings }: Context) => {
    assertSinbaAccess(viewer, input.key.enteCode, 'Correcting a SINBA case', 'sinba:write');
    return correctSinbaCase(em, viewer, input.key, toSinbaRecord(input.record), options(settings, input.record.flowName));
  },

  closeSinbaCase: (
    _: unknown,
    { input }: { input: { key: SinbaKey; closingReason: string; closingSituation: string; operatorTaxCode: string; flowName?: string | null } },
    { em, viewer, settings }: Context,
  ) => {
    assertSinbaAccess(viewer, input.key.enteCode, 'Closing a SINBA case', 'sinba:write');
    return closeSinbaCase(em, viewer, input.key, input, options(settings, input.flowName));
  },
};
