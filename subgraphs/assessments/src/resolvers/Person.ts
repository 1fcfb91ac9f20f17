import { assertFullPosition } from '@siuss/service/person-access';
import type { Context } from '../context.ts';
import type { SinaStatus } from '../entities/SinaAssessment.ts';

/** A person as the gateway sends it: the key, and `access` as the benefits subgraph decided it (`@requires`). */
interface PersonRef {
  taxCode: string;
  access?: unknown;
}

export const Person = {
  __resolveReference: ({ taxCode, access }: PersonRef): PersonRef => ({ taxCode, access }),
  sinaAssessments: ({ taxCode, access }: PersonRef, { status }: { status?: SinaStatus[] | null }, { loaders, viewer }: Context) => {
    assertFullPosition(viewer, access, 'Reading the SINA assessments of a person');
    return loaders.sinaByPerson.load({ taxCode, statuses: status?.length ? status : ['ACTIVE'] });
  },
};
