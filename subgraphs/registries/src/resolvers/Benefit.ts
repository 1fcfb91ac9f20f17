import type { Context } from '../context.ts';
import { checkBenefitIsee, hasLookupableDsu, type BenefitIseeData } from '../domain/isee-check.ts';

/** The benefit as the gateway sends it: its key plus the `@requires` fields of the field asked for. */
type BenefitRef = Pick<BenefitIseeData, 'id'> & Partial<BenefitIseeData>;

function attestationOf(benefit: BenefitRef, { loaders }: Context) {
  if (!benefit.dsu || !benefit.person || !hasLookupableDsu({ dsu: benefit.dsu })) return Promise.resolve(null);
  return loaders.iseeByProtocol.load({ protocol: benefit.dsu.number, taxCode: benefit.person.taxCode });
}

export const Benefit = {
  __resolveReference: (benefit: BenefitRef): BenefitRef => benefit,
  isee: (benefit: BenefitRef, _args: unknown, context: Context) => attestationOf(benefit, context),
  iseeCheck: async (benefit: BenefitRef, _args: unknown, context: Context) => {
    const data = benefit as BenefitIseeData;
    const attestation = data.meansTest === 'ISEE' ? await attestationOf(benefit, context) : null;
    return checkBenefitIsee(data, attestation);
  },
};
