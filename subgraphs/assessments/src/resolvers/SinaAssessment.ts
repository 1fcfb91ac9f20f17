import { comuneByBelfiore } from '@siuss/reference/comuni';
import type { Context } from '../context.ts';
import type { SinaAssessment as SinaAssessmentEntity } from '../entities/SinaAssessment.ts';

export const SinaAssessment = {
  person: (assessment: SinaAssessmentEntity) => ({ taxCode: assessment.taxCode }),
  benefit: (assessment: SinaAssessmentEntity) => ({ id: assessment.benefitId }),
  ente: async (assessment: SinaAssessmentEntity, _: unknown, { loaders }: Context) => {
    const submission = await loaders.submissionById.load(assessment.submission.id);
    const seatCode = submission?.enteSeatCode ?? '';
    const seat = comuneByBelfiore(seatCode);
    return { code: assessment.enteCode, name: submission?.enteName ?? null, seatCode, seat: seat ? { istatCode: seat.istatCode } : null };
  },
  submission: (assessment: SinaAssessmentEntity, _: unknown, { loaders }: Context) => loaders.submissionById.load(assessment.submission.id),
  cancellation: (assessment: SinaAssessmentEntity, _: unknown, { loaders }: Context) =>
    assessment.cancellation ? loaders.submissionById.load(assessment.cancellation.id) : null,
  correctedBy: (assessment: SinaAssessmentEntity, _: unknown, { loaders }: Context) =>
    assessment.correctedById ? loaders.sinaById.load(assessment.correctedById) : null,
};
