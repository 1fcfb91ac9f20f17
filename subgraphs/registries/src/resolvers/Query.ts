import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Context } from '../context.ts';
import { checkBenefitIsee, hasLookupableDsu } from '../domain/isee-check.ts';

export const Query = {
  iseeIssues: async (_: unknown, args: { enteCode: string; from?: string | null; to?: string | null }, context: Context) => {
    if (args.from && args.to && args.from > args.to) {
      throw domainError(ErrorCode.BAD_USER_INPUT, 'from must not be after to.', { argumentName: 'from' });
    }
    const benefits = await context.benefits.iseeTestedBenefits(args.enteCode, { from: args.from ?? null, to: args.to ?? null }, context.viewer);
    const checked = await Promise.all(benefits.map(async (benefit) => {
      context.audit.read(benefit.person.taxCode, 'Query.iseeIssues');
      const attestation = hasLookupableDsu(benefit)
        ? await context.loaders.iseeByProtocol.load({ protocol: benefit.dsu!.number, taxCode: benefit.person.taxCode })
        : null;
      return { benefit, check: checkBenefitIsee(benefit, attestation) };
    }));
    return checked.flatMap(({ benefit, check }) => check.problems.map(({ problem, detail }) => ({ benefit: { id: benefit.id }, problem, detail })));
  },
};
