import { comuneByIstat } from '@siuss/reference/comuni';
import type { Context } from '../context.ts';
import { requireDeclarationReader } from '../domain/access.ts';
import { regionNameOf } from '../domain/ambito-service.ts';
import { POPULATION_SOURCE, residentsOf } from '../domain/statistics.ts';
import type { Ambito } from '../entities/Ambito.ts';

export const SiossAmbito = {
  __resolveReference: ({ code }: { code: string }, { loaders }: Context) => loaders.ambitoByCode.load(code),
  regionName: (ambito: Ambito) => regionNameOf(ambito.regionCode) ?? ambito.regionCode,
  comuni: async (ambito: Ambito, _: unknown, { loaders }: Context) =>
    (await loaders.membersByAmbito.load(ambito.code)).map((member) => {
      const comune = comuneByIstat(member.istatCode);
      return {
        istatCode: member.istatCode,
        belfioreCode: member.belfioreCode,
        name: comune?.name ?? member.belfioreCode,
        provinceAbbreviation: comune?.provinceAbbreviation ?? '',
        population: comune?.population2011 ?? 0,
      };
    }),
  population: async (ambito: Ambito, _: unknown, { loaders }: Context) => ({
    residents: residentsOf(await loaders.membersByAmbito.load(ambito.code)),
    source: POPULATION_SOURCE,
  }),
  leadBody: (ambito: Ambito, _: unknown, { loaders }: Context) => (ambito.leadBody ? loaders.bodyById.load(ambito.leadBody.id) : null),
  implementingBodies: (ambito: Ambito, _: unknown, { loaders }: Context) => loaders.bodiesByAmbito.load(ambito.code),
  agreements: (ambito: Ambito, _: unknown, { loaders }: Context) => loaders.agreementsByAmbito.load(ambito.code),
  declarations: (ambito: Ambito, _: unknown, { loaders, viewer }: Context) => {
    requireDeclarationReader(viewer, ambito, `Reading the declarations of Ambito ${ambito.code}`);
    return loaders.declarationsByAmbito.load(ambito.code);
  },
  declaration: async (ambito: Ambito, { year }: { year: number }, { loaders, viewer }: Context) => {
    requireDeclarationReader(viewer, ambito, `Reading the declaration of Ambito ${ambito.code} for ${year}`);
    return (await loaders.declarationsByAmbito.load(ambito.code)).find((declaration) => declaration.year === year) ?? null;
  },
  history: (ambito: Ambito, _: unknown, { loaders, viewer }: Context) => {
    requireDeclarationReader(viewer, ambito, `Reading the history of Ambito ${ambito.code}`);
    return loaders.historyByAmbito.load(ambito.code);
  },
};
