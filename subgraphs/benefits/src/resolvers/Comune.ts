import { comuneByIstat } from '@siuss/reference/comuni';

export const Comune = {
  __resolveReference: ({ istatCode }: { istatCode: string }) => comuneByIstat(istatCode) ?? null,
};
