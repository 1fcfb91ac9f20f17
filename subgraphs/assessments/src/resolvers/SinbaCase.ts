import type { Context } from '../context.ts';
import type { SinbaCase as SinbaCaseEntity } from '../entities/SinbaCase.ts';

export const SinbaCase = {
  status: (sinbaCase: SinbaCaseEntity) => (sinbaCase.closingReason !== null ? 'CLOSED' : 'OPEN'),
  submission: async (sinbaCase: SinbaCaseEntity, _: unknown, { loaders }: Context) => {
    const submission = await loaders.submissionById.load(sinbaCase.submission.id);
    // Only what SinbaSubmission shows: the operator's codice fiscale never travels with SINBA data.
    return submission ? { id: submission.id, channel: submission.channel, flowName: submission.flowName, receivedAt: submission.receivedAt } : null;
  },
  correctedBy: (sinbaCase: SinbaCaseEntity, _: unknown, { loaders }: Context) =>
    sinbaCase.correctedById ? loaders.sinbaCaseById.load(sinbaCase.correctedById) : null,
};
