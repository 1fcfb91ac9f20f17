import type { Context } from '../context.ts';
import { catalogueItemInYear } from '../domain/catalogue.ts';
import type { DeclaredService } from '../entities/DeclaredService.ts';

export const SiossDeclaredService = {
  declaration: (service: DeclaredService, _: unknown, { loaders }: Context) => loaders.declarationById.load(service.declaration.id),
  catalogueItem: async (service: DeclaredService, _: unknown, { loaders }: Context) => {
    const declaration = await loaders.declarationById.load(service.declaration.id);
    return declaration ? (catalogueItemInYear(service.catalogueCode, declaration.year) ?? null) : null;
  },
  managingBody: (service: DeclaredService, _: unknown, { loaders }: Context) => loaders.bodyById.load(service.managingBody.id),
};
