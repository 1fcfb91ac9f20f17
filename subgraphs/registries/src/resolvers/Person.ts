import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import { assertFullPosition } from '@siuss/service/person-access';
import type { Context } from '../context.ts';
import { DSU_PROTOCOL } from '../registry/isee.ts';

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
  iseeAttestation: ({ taxCode, access }: PersonRef, { dsuProtocol }: { dsuProtocol: string }, { loaders, viewer }: Context) => {
    assertFullPosition(viewer, access, 'Reading an ISEE attestation of a person');
    if (!DSU_PROTOCOL.test(dsuProtocol)) {
      throw domainError(ErrorCode.BAD_USER_INPUT, 'A DSU protocol looks like INPS-ISEE-2025-01480722D-00 (INPS-ISEE-YYYY-NNNNNNNNX-NN).', { argumentName: 'dsuProtocol' });
    }
    return loaders.iseeByProtocol.load({ protocol: dsuProtocol, taxCode });
  },
};
