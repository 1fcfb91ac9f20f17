import { comuneByBelfiore } from '@siuss/reference/comuni';
import { benefitCodeOn } from '@siuss/reference/nomenclatore';
import type { Context } from '../context.ts';
import { MEANS_TEST, NATURE, USER_AREA, enumFor } from '../domain/codes.ts';
import type { Benefit as BenefitEntity } from '../entities/Benefit.ts';
import { visibleBenefit } from './access.ts';

export const Benefit = {
  __resolveReference: async ({ id }: { id: string }, context: Context) => visibleBenefit(context, await context.loaders.benefitById.load(id)),
  person: (benefit: BenefitEntity, _: unknown, { loaders }: Context) => loaders.beneficiaryById.load(benefit.beneficiary.id),
  ente: async (benefit: BenefitEntity, _: unknown, { loaders }: Context) => {
    const submission = await loaders.submissionById.load(benefit.submission.id);
    const seatCode = submission?.enteSeatCode ?? '';
    return { code: benefit.enteCode, name: submission?.enteName ?? null, seatCode, seat: comuneByBelfiore(seatCode) ?? null };
  },
  codeInfo: (benefit: BenefitEntity) => benefitCodeOn(benefit.code, benefit.keyDate) ?? null,
  meansTest: (benefit: BenefitEntity) => enumFor(MEANS_TEST, benefit.meansTest),
  nature: (benefit: BenefitEntity) => enumFor(NATURE, benefit.nature),
  userArea: (benefit: BenefitEntity) => (benefit.userArea ? enumFor(USER_AREA, benefit.userArea) : null),
  dsu: (benefit: BenefitEntity) =>
    benefit.dsuNumber && benefit.dsuYear !== null && benefit.dsuDate ? { number: benefit.dsuNumber, year: benefit.dsuYear, date: benefit.dsuDate } : null,
  submission: (benefit: BenefitEntity, _: unknown, { loaders }: Context) => loaders.submissionById.load(benefit.submission.id),
  cancellation: (benefit: BenefitEntity, _: unknown, { loaders }: Context) =>
    benefit.cancellation ? loaders.submissionById.load(benefit.cancellation.id) : null,
  correctedBy: (benefit: BenefitEntity, _: unknown, { loaders }: Context) =>
    benefit.correctedById ? loaders.benefitById.load(benefit.correctedById) : null,
};
