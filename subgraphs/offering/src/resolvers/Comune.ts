import type { Context } from '../context.ts';

export const Comune = {
  __resolveReference: ({ istatCode }: { istatCode: string }) => ({ istatCode }),
  siossAmbito: async ({ istatCode }: { istatCode: string }, _: unknown, { loaders }: Context) => {
    const code = await loaders.ambitoCodeByComune.load(istatCode);
    return code ? loaders.ambitoByCode.load(code) : null;
  },
};
