import type { Context } from '../context.ts';
import type { SinaStatus } from '../entities/SinaAssessment.ts';

export const Person = {
  __resolveReference: ({ taxCode }: { taxCode: string }) => ({ taxCode }),
  sinaAssessments: ({ taxCode }: { taxCode: string }, { status }: { status?: SinaStatus[] | null }, { loaders }: Context) =>
    loaders.sinaByPerson.load({ taxCode, statuses: status?.length ? status : ['ACTIVE'] }),
};
