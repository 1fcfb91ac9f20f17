import type { Context } from '../context.ts';
import { requireDeclarationReader } from '../domain/access.ts';
import { allFundAreas, catalogueForYear, MACRO_ACTIVITY_INFO, MACRO_ACTIVITIES, type MacroActivity } from '../domain/catalogue.ts';
import type { Fund } from '../domain/codes.ts';
import { LEP_RESIDENTS_PER_SOCIAL_WORKER, OBJECTIVE_RESIDENTS_PER_SOCIAL_WORKER } from '../domain/ratio.ts';
import { POPULATION_SOURCE, residentsOf, servicesByMacroActivity, socialWorkersOf } from '../domain/statistics.ts';
import { Ambito } from '../entities/Ambito.ts';
import { Declaration } from '../entities/Declaration.ts';

export const Query = {
  siossAmbito: (_: unknown, { code }: { code: string }, { loaders }: Context) => loaders.ambitoByCode.load(code),

  siossAmbiti: (_: unknown, { regionCode }: { regionCode?: string | null }, { em }: Context) =>
    em.find(Ambito, regionCode ? { regionCode } : {}, { orderBy: { code: 'asc' } }),

  siossAmbitoOfComune: async (_: unknown, { istatCode }: { istatCode: string }, { loaders }: Context) => {
    const code = await loaders.ambitoCodeByComune.load(istatCode);
    return code ? loaders.ambitoByCode.load(code) : null;
  },

  siossDeclaration: async (_: unknown, { ambitoCode, year }: { ambitoCode: string; year: number }, { loaders, viewer }: Context) => {
    const ambito = await loaders.ambitoByCode.load(ambitoCode);
    // An unknown Ambito has nothing to hide (the register is public); a known one's declarations do.
    if (!ambito) return null;
    requireDeclarationReader(viewer, ambito, `Reading the declaration of Ambito ${ambitoCode} for ${year}`);
    return (await loaders.declarationsByAmbito.load(ambitoCode)).find((declaration) => declaration.year === year) ?? null;
  },

  siossCatalogue: (_: unknown, { year, macroActivity }: { year: number; macroActivity?: MacroActivity | null }) =>
    catalogueForYear(year).filter((item) => !macroActivity || item.macroActivity === macroActivity),

  siossMacroActivities: () => MACRO_ACTIVITY_INFO,

  siossFundAreas: (_: unknown, { fund }: { fund: Fund }) => allFundAreas().filter((area) => area.fund === fund),

  siossComparison: async (
    _: unknown,
    { year, regionCode, includeDrafts }: { year: number; regionCode?: string | null; includeDrafts?: boolean | null },
    { em, loaders }: Context,
  ) => {
    const declarations = await em.find(
      Declaration,
      { year, ...(includeDrafts ? {} : { status: 'FINALISED' as const }), ...(regionCode ? { ambito: { regionCode } } : {}) },
      { orderBy: { ambito: 'asc' } },
    );
    const ambiti = await Promise.all(declarations.map(async (declaration) => {
      const code = declaration.ambito.code;
      const [ambito, members, professionals, services] = await Promise.all([
        loaders.ambitoByCode.load(code),
        loaders.membersByAmbito.load(code),
        loaders.professionalsByDeclaration.load(declaration.id),
        loaders.servicesByDeclaration.load(declaration.id),
      ]);
      return { ambito, declaration, socialWorkers: socialWorkersOf(professionals, residentsOf(members)), servicesByMacroActivity: servicesByMacroActivity(services, year) };
    }));
    return {
      year,
      lepResidentsPerSocialWorker: LEP_RESIDENTS_PER_SOCIAL_WORKER,
      objectiveResidentsPerSocialWorker: OBJECTIVE_RESIDENTS_PER_SOCIAL_WORKER,
      populationSource: POPULATION_SOURCE,
      ambiti,
      macroActivities: MACRO_ACTIVITIES.map((macroActivity) => ({
        macroActivity,
        ambitiWithServices: ambiti.filter((entry) => entry.servicesByMacroActivity.some((count) => count.macroActivity === macroActivity && count.servicesPresent > 0)).length,
        ambitiCompared: ambiti.length,
      })),
    };
  },
};
