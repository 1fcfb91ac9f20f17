import type { Context } from '../context.ts';

interface PersonRef {
  taxCode: string;
}

export const Person = {
  __resolveReference: ({ taxCode }: PersonRef): PersonRef => ({ taxCode }),
  isee: ({ taxCode }: PersonRef, { asOf }: { asOf?: string | null }, { loaders, today }: Context) =>
    loaders.iseeValidOn.load({ taxCode, asOf: asOf ?? today() }),
  health: ({ taxCode }: PersonRef, _args: unknown, { loaders }: Context) => loaders.health.load(taxCode),
};
