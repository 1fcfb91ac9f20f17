import { assertFullPosition } from '@siuss/service/person-access';
import type { Context } from '../context.ts';

/** A person as the gateway sends it: the key, and `access` as the benefits subgraph decided it (`@requires`). */
interface PersonRef {
  taxCode: string;
  access?: unknown;
}

export const Person = {
  __resolveReference: ({ taxCode, access }: PersonRef): PersonRef => ({ taxCode, access }),
  isee: ({ taxCode, access }: PersonRef, { asOf }: { asOf?: string | null }, { loaders, today, viewer }: Context) => {
    assertFullPosition(viewer, access, 'Reading the current ISEE of a person');
    return loaders.iseeValidOn.load({ taxCode, asOf: asOf ?? today() });
  },
  health: ({ taxCode, access }: PersonRef, _args: unknown, { loaders, viewer }: Context) => {
    assertFullPosition(viewer, access, 'Reading the health facts (NSIS) of a person');
    return loaders.health.load(taxCode);
  },
};
