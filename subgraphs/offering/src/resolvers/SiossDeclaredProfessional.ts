import type { Context } from '../context.ts';
import type { DeclaredProfessional } from '../entities/DeclaredProfessional.ts';

export const SiossDeclaredProfessional = {
  employerBody: (row: DeclaredProfessional, _: unknown, { loaders }: Context) => (row.employerBody ? loaders.bodyById.load(row.employerBody.id) : null),
};
