import { comuneByIstat } from '@siuss/reference/comuni';

export const Comune = {
  // A copy: the reference objects are frozen and the subgraph library tags entities with __typename.
  __resolveReference: ({ istatCode }: { istatCode: string }) => {
    const comune = comuneByIstat(istatCode);
    return comune ? { ...comune } : null;
  },
};
