import type { Context } from '../context.ts';
import type { Agreement } from '../entities/Agreement.ts';

export const SiossAgreement = {
  parties: async (agreement: Agreement, _: unknown, { loaders }: Context) =>
    (await Promise.all(agreement.partyBodyIds.map((id) => loaders.bodyById.load(id)))).filter((body) => body !== null),
};
