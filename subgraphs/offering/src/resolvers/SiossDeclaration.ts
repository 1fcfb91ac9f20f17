import type { Context } from '../context.ts';
import type { MacroActivity } from '../domain/catalogue.ts';
import { deadlineOf } from '../domain/deadline.ts';
import { macroActivityOf, residentsOf, socialWorkersOf } from '../domain/statistics.ts';
import { missingSections } from '../domain/validation.ts';
import type { Declaration } from '../entities/Declaration.ts';

export const SiossDeclaration = {
  ambito: (declaration: Declaration, _: unknown, { loaders }: Context) => loaders.ambitoByCode.load(declaration.ambito.code),
  deadline: (declaration: Declaration, _: unknown, { settings }: Context) => deadlineOf(declaration.year, settings.deadline),
  services: async (declaration: Declaration, { macroActivity }: { macroActivity?: MacroActivity | null }, { loaders }: Context) => {
    const services = await loaders.servicesByDeclaration.load(declaration.id);
    return macroActivity ? services.filter((service) => macroActivityOf(service.catalogueCode, declaration.year) === macroActivity) : services;
  },
  professionals: (declaration: Declaration, _: unknown, { loaders }: Context) => loaders.professionalsByDeclaration.load(declaration.id),
  fundModules: (declaration: Declaration, _: unknown, { loaders }: Context) => loaders.fundModulesByDeclaration.load(declaration.id),
  socialWorkers: async (declaration: Declaration, _: unknown, { loaders }: Context) => {
    const [members, professionals] = await Promise.all([
      loaders.membersByAmbito.load(declaration.ambito.code),
      loaders.professionalsByDeclaration.load(declaration.id),
    ]);
    return socialWorkersOf(professionals, residentsOf(members));
  },
  missingSections: async (declaration: Declaration, _: unknown, { loaders }: Context) => {
    const [ambito, services, professionals, modules] = await Promise.all([
      loaders.ambitoByCode.load(declaration.ambito.code),
      loaders.servicesByDeclaration.load(declaration.id),
      loaders.professionalsByDeclaration.load(declaration.id),
      loaders.fundModulesByDeclaration.load(declaration.id),
    ]);
    return missingSections({
      managementForm: ambito?.managementForm ?? null,
      hasLeadBody: Boolean(ambito?.leadBody),
      services: services.length,
      professionals: professionals.length,
      funds: modules.map((module) => module.fund),
    });
  },
  history: (declaration: Declaration, _: unknown, { loaders }: Context) => loaders.historyByDeclaration.load(declaration.id),
};
