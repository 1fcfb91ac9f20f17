import type { Context } from '../context.ts';

export const Benefit = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  sinaAssessment: ({ id }: { id: string }, _: unknown, { loaders }: Context) => loaders.activeSinaByBenefitId.load(id),
};
