import type { Context } from '../context.ts';
import { requireDeclarationReader } from '../domain/access.ts';
import type { MacroActivity } from '../domain/catalogue.ts';
import { deadlineOf } from '../domain/deadline.ts';
import { macroActivityOf, residentsOf, socialWorkersOf } from '../domain/statistics.ts';
import { missingSections } from '../domain/validation.ts';
import type { Declaration } from '../entities/Declaration.ts';

/**
 * The compilers' part of a declaration (staff, funds, what is missing, who finalised or reopened
 * it, every change) is for its referent, its Region and the Ministry, also when the declaration is
 * reached from a person's services nearby or from a comparison; the rest is what SIOSS publishes.
 */
async function requireReader(declaration: Declaration, { loaders, viewer }: Context, what: string): Promise<void> {
  const code = declaration.ambito.code;
  const ambito = await loaders.ambitoByCode.load(code);
  requireDeclarationReader(viewer, { code, regionCode: ambito?.regionCode ?? '' }, `Reading ${what} of the declaration of Ambito ${code} for ${declaration.year}`);
}

/** A field of the compilers' part: checked, then resolved. */
const readerOnly = <T>(what: string, resolve: (declaration: Declaration, context: Context) => T | Promise<T>) =>
  async (declaration: Declaration, _: unknown, context: Context): Promise<T> => {
    await requireReader(declaration, context, what);
    return resolve(declaration, context);
  };

export const SiossDeclaration = {
  ambito: (declaration: Declaration, _: unknown, { loaders }: Context) => loaders.ambitoByCode.load(declaration.ambito.code),
  deadline: (declaration: Declaration, _: unknown, { settings }: Context) => deadlineOf(declaration.year, settings.deadline),
  finalisedBy: readerOnly('who finalised', (declaration) => declaration.finalisedBy),
  reopenedBy: readerOnly('who reopened', (declaration) => declaration.reopenedBy),
  services: async (declaration: Declaration, { macroActivity }: { macroActivity?: MacroActivity | null }, { loaders }: Context) => {
    const services = await loaders.servicesByDeclaration.load(declaration.id);
    return macroActivity ? services.filter((service) => macroActivityOf(service.catalogueCode, declaration.year) === macroActivity) : services;
  },
  professionals: readerOnly('the professionals', (declaration, { loaders }) => loaders.professionalsByDeclaration.load(declaration.id)),
  fundModules: readerOnly('the fund modules', (declaration, { loaders }) => loaders.fundModulesByDeclaration.load(declaration.id)),
  socialWorkers: async (declaration: Declaration, _: unknown, { loaders }: Context) => {
    const [members, professionals] = await Promise.all([
      loaders.membersByAmbito.load(declaration.ambito.code),
      loaders.professionalsByDeclaration.load(declaration.id),
    ]);
    return socialWorkersOf(professionals, residentsOf(members));
  },
  missingSections: readerOnly('the missing sections', async (declaration, { loaders }) => {
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
  }),
  history: readerOnly('the history', (declaration, { loaders }) => loaders.historyByDeclaration.load(declaration.id)),
};
